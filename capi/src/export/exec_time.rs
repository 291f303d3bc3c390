//! Execution-time profiling of instances: `wasm_runtime_sum_wasm_exec_time`,
//! `wasm_runtime_get_wasm_func_exec_time`, `wasm_runtime_dump_perf_profiling`.
//!
//! The C API's accounting (`profiling.rs`): off by default, as in a WAMR built without
//! `WAMR_BUILD_PERF_PROFILING` (which has none of these functions); on with
//! `WAMR_PERF_PROFILING=1` in the environment or `wamr_set_perf_profiling(true)`. Then
//! the calls wasm_export.h makes into an instance's exported functions are timed
//! ([`timed`]), wasm-to-wasm calls inside them counting for the export called; WAMR
//! times every function (an export's children are subtracted from it), so its per-
//! function times are finer, and it counts calls. Off, the times are -1.
use super::module_inst::{wasm_module_inst_t, FunctionInst, WASMModuleInstanceCommon};
use crate::profiling::ExportOrigin;
use std::ffi::{c_char, CStr};

/// Runs `call` (a call of `f` on `inst`), timing it for the instance's export when
/// profiling is on. For the calling path (`call.rs`'s `run`).
#[allow(dead_code)]
pub(crate) fn timed<R>(inst: &WASMModuleInstanceCommon, f: &FunctionInst, call: impl FnOnce() -> R) -> R {
    let origin = ExportOrigin {
        stats: inst.body.stats.clone(),
        // a function called through table 0 has no export slot: it counts in the total only
        slot: inst.body.exports.iter().position(|(name, _)| !f.name.is_empty() && **name == *f.name).unwrap_or(usize::MAX),
    };
    match origin.start() {
        Some(started) => {
            let r = call();
            origin.record(started);
            r
        }
        None => call(),
    }
}

/// Milliseconds spent in the instance's calls; -1 when profiling is off, 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_sum_wasm_exec_time(module_inst: wasm_module_inst_t) -> f64 {
    module_inst.as_ref().map_or(0.0, |i| i.body.stats.total_ms())
}

/// Milliseconds spent in calls of the export `func_name`; -1 when profiling is off or
/// the instance exports no function of that name (as WAMR's interpreter; its header
/// says 0), 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_wasm_func_exec_time(inst: wasm_module_inst_t, func_name: *const c_char) -> f64 {
    let (Some(i), false) = (inst.as_ref(), func_name.is_null()) else { return 0.0 };
    let name = CStr::from_ptr(func_name).to_string_lossy();
    if i.lookup(&name).is_none() {
        return -1.0;
    }
    i.body.stats.func_ms(&name)
}

/// Prints WAMR's "Performance profiler data:" table (stdout): one line per exported
/// function that took time. Counts and children's times are not kept, so those columns
/// are left out.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_dump_perf_profiling(module_inst: wasm_module_inst_t) {
    let Some(inst) = module_inst.as_ref() else { return };
    let mut text = String::from("Performance profiler data:\n");
    for f in inst.funcs.iter() {
        let ms = inst.body.stats.func_ms(&f.name);
        if ms > 0.0 {
            text.push_str(&format!("  func {}, execution time: {ms:.3} ms\n", f.name));
        }
    }
    // through C's stdout, so the lines fall in order with the embedder's printf
    libc::printf(c"%.*s".as_ptr(), text.len() as i32, text.as_ptr());
}
