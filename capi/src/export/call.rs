//! Calling wasm: `wasm_runtime_call_wasm` (32-bit cells; an i64 or f64 takes two, low
//! half first; results written back from `argv[0]`) and `wasm_runtime_call_wasm_a`
//! (`wasm_val_t` arrays). A trap becomes the instance's exception and the call
//! returns false, as in WAMR.
use super::exec_env::{wasm_exec_env_t, WASMExecEnv};
use super::module_inst::{wasm_function_inst_t, FunctionInst, WASMModuleInstanceCommon};
use crate::guard::guard;
use crate::trap::{self, TrapBody};
use crate::types::valtype::*;
use crate::val::wasm_val_t;
use wasmi::{Val, ValType};

/// Cells a value of type `t` takes in `argv`; `None` for types `call_wasm` cannot pass.
fn cells(t: ValType) -> Option<usize> {
    match t {
        ValType::I32 | ValType::F32 => Some(1),
        ValType::I64 | ValType::F64 => Some(2),
        _ => None,
    }
}

unsafe fn read_cells(argv: *const u32, at: usize, t: ValType) -> Val {
    let lo = *argv.add(at);
    let wide = || u64::from(lo) | (u64::from(*argv.add(at + 1)) << 32);
    match t {
        ValType::I32 => Val::I32(lo as i32),
        ValType::F32 => Val::F32(wasmi::F32::from_bits(lo)),
        ValType::I64 => Val::I64(wide() as i64),
        _ => Val::F64(wasmi::F64::from_bits(wide())),
    }
}

unsafe fn write_cells(argv: *mut u32, at: usize, v: &Val) {
    let wide = |bits: u64| {
        *argv.add(at) = bits as u32;
        *argv.add(at + 1) = (bits >> 32) as u32;
    };
    match v {
        Val::I32(x) => *argv.add(at) = *x as u32,
        Val::F32(x) => *argv.add(at) = x.to_bits(),
        Val::I64(x) => wide(*x as u64),
        Val::F64(x) => wide(x.to_bits()),
        _ => {}
    }
}

/// Runs `f` on the instance's store with the exec env's stack (and the exec env where
/// natives find it); a trap is recorded as the instance's exception. As in WAMR, an
/// exception left from an earlier call is not cleared: the call runs and reports false
/// until the embedder clears it.
pub(crate) fn run(
    inst: &WASMModuleInstanceCommon,
    env: &WASMExecEnv,
    f: &FunctionInst,
    params: &[Val],
    results: &mut [Val],
) -> Ran {
    // a pending wasm_runtime_terminate stops it, and profiling times it
    let call = || {
        guard(Err(TrapBody::exception("internal error")), || {
            inst.store.with(|mut ctx| {
                if env.stack_size > 0 {
                    ctx.set_stack_limits(Some(crate::engine::stack_limits(env.stack_size)));
                }
                let outer = std::mem::replace(&mut ctx.data_mut().exec_env, env as *const WASMExecEnv as usize);
                let outcome = f.func.call(&mut ctx, params, results).map_err(|e| trap::from_error(&e));
                ctx.data_mut().exec_env = outer;
                outcome
            })
        })
    };
    let outcome: Result<(), TrapBody> = super::terminate::run_call(inst, || super::exec_time::timed(inst, f, call));
    let ran = match outcome {
        Ok(()) => true,
        Err(trap) => {
            inst.record_trap(&trap);
            false
        }
    };
    Ran { ran, ok: ran && !inst.has_exception() }
}

/// What `run` did: whether the function ran to its end (its results are written), and
/// what the call reports (false also while an earlier exception stands, as in WAMR).
pub(crate) struct Ran {
    pub(crate) ran: bool,
    pub(crate) ok: bool,
}

unsafe fn target<'a>(
    exec_env: wasm_exec_env_t,
    function: wasm_function_inst_t,
) -> Option<(&'a WASMModuleInstanceCommon, &'a WASMExecEnv, &'a FunctionInst)> {
    let env = exec_env.as_ref()?;
    let inst = env.module_inst().as_ref()?;
    let f = inst.function(function);
    if f.is_none() {
        inst.set_exception(Some("invalid function"));
    }
    Some((inst, env, f?))
}

/// Calls `function` with `argc` cells of arguments in `argv`; its results replace them.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_call_wasm(
    exec_env: wasm_exec_env_t,
    function: wasm_function_inst_t,
    argc: u32,
    argv: *mut u32,
) -> bool {
    let Some((inst, env, f)) = target(exec_env, function) else { return false };
    call_cells(inst, env, f, argc, argv)
}

/// Calls element `element_index` of table 0 (exported or not) with cells, as
/// `wasm_runtime_call_wasm` does.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_call_indirect(exec_env: wasm_exec_env_t, element_index: u32, argc: u32, argv: *mut u32) -> bool {
    let Some(env) = exec_env.as_ref() else { return false };
    let Some(inst) = env.module_inst().as_ref() else { return false };
    let found = inst.store.with(|ctx| {
        let table = inst.body.instance.table_at(&ctx, 0).ok_or("unknown table")?;
        let element = table.get(&ctx, u64::from(element_index)).ok_or("undefined element")?;
        let func = element.as_func().and_then(|f| f.val().map(|f| **f)).ok_or("uninitialized element")?;
        let ty = func.ty(&ctx);
        Ok::<_, &str>(FunctionInst { func, ty, name: "".into() })
    });
    match found {
        Ok(f) => call_cells(inst, env, &f, argc, argv),
        Err(reason) => {
            inst.set_exception(Some(reason));
            false
        }
    }
}

unsafe fn call_cells(inst: &WASMModuleInstanceCommon, env: &WASMExecEnv, f: &FunctionInst, argc: u32, argv: *mut u32) -> bool {
    let (ptys, rtys) = (f.ty.params(), f.ty.results());
    let (Some(need), Some(give)) = (
        ptys.iter().map(|t| cells(*t)).sum::<Option<usize>>(),
        rtys.iter().map(|t| cells(*t)).sum::<Option<usize>>(),
    ) else {
        inst.set_exception(Some("the arguments conversion is failed"));
        return false;
    };
    if (argc as usize) < need {
        inst.set_exception(Some(&format!("invalid argument count {argc}, must be no smaller than {need}")));
        return false;
    }
    if argv.is_null() && need + give > 0 {
        inst.set_exception(Some("invalid argument buffer"));
        return false;
    }
    let mut at = 0;
    let params: Vec<Val> = ptys
        .iter()
        .map(|t| {
            let v = read_cells(argv, at, *t);
            at += cells(*t).unwrap_or(1);
            v
        })
        .collect();
    let mut results: Vec<Val> = rtys.iter().map(|t| Val::default_for_ty(*t)).collect();
    let ran = run(inst, env, f, &params, &mut results);
    if ran.ran {
        let mut at = 0;
        for v in &results {
            write_cells(argv, at, v);
            at += cells(v.ty()).unwrap_or(1);
        }
    }
    ran.ok
}

fn to_val(v: &wasm_val_t, t: ValType) -> Option<Val> {
    unsafe {
        match (v.kind, t) {
            (WASM_I32, ValType::I32) => Some(Val::I32(v.of.i32)),
            (WASM_I64, ValType::I64) => Some(Val::I64(v.of.i64)),
            (WASM_F32, ValType::F32) => Some(Val::F32(wasmi::F32::from_bits(v.of.i32 as u32))),
            (WASM_F64, ValType::F64) => Some(Val::F64(wasmi::F64::from_bits(v.of.i64 as u64))),
            _ => None,
        }
    }
}

fn from_val(v: &Val) -> wasm_val_t {
    let mut out = wasm_val_t::ZERO;
    match v {
        Val::I32(x) => (out.kind, out.of.i32) = (WASM_I32, *x),
        Val::I64(x) => (out.kind, out.of.i64) = (WASM_I64, *x),
        Val::F32(x) => (out.kind, out.of.i32) = (WASM_F32, x.to_bits() as i32),
        Val::F64(x) => (out.kind, out.of.i64) = (WASM_F64, x.to_bits() as i64),
        _ => {}
    }
    out
}

/// Calls `function` with `num_args` values; writes its `num_results` results. Both
/// counts must be the function's (WAMR logs the mismatch and returns false).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_call_wasm_a(
    exec_env: wasm_exec_env_t,
    function: wasm_function_inst_t,
    num_results: u32,
    results: *mut wasm_val_t,
    num_args: u32,
    args: *mut wasm_val_t,
) -> bool {
    let Some((inst, env, f)) = target(exec_env, function) else { return false };
    let (ptys, rtys) = (f.ty.params(), f.ty.results());
    if num_results as usize != rtys.len() || (num_results > 0 && results.is_null()) {
        eprintln!("The result value number does not match the function type.");
        return false;
    }
    if num_args as usize != ptys.len() || (num_args > 0 && args.is_null()) {
        eprintln!("The argument value number does not match the function type.");
        return false;
    }
    let given = if num_args > 0 { std::slice::from_raw_parts(args, num_args as usize) } else { &[] };
    let Some(params) = given.iter().zip(ptys).map(|(v, t)| to_val(v, *t)).collect::<Option<Vec<Val>>>() else {
        inst.set_exception(Some("the arguments conversion is failed"));
        return false;
    };
    let mut out: Vec<Val> = rtys.iter().map(|t| Val::default_for_ty(*t)).collect();
    let ran = run(inst, env, f, &params, &mut out);
    if ran.ran {
        for (i, v) in out.iter().enumerate() {
            *results.add(i) = from_val(v);
        }
    }
    ran.ok
}
