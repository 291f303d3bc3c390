//! Running an app as WAMR's `iwasm` does: `wasm_application_execute_main` (WASI
//! `_start`, or `main` / `__main_argc_argv` / `_main` with argv placed on the app heap)
//! and `wasm_application_execute_func` (arguments parsed from strings, results
//! printed as `0x2a:i32`), plus the WASI start function's lookup.
use super::call::wasm_runtime_call_wasm;
use super::module_inst::{
    wasm_function_inst_t, wasm_module_inst_t, wasm_runtime_get_exec_env_singleton, wasm_runtime_get_exception,
    wasm_runtime_lookup_function, FunctionInst,
};
use std::ffi::{c_char, CStr};
use std::ptr;
use wasmi::{Val, ValType};

unsafe fn lookup<'a>(inst: wasm_module_inst_t, name: &CStr) -> Option<&'a FunctionInst> {
    (wasm_runtime_lookup_function(inst, name.as_ptr()) as *const FunctionInst).as_ref()
}

/// `_start` when it is `[] -> []`; NULL otherwise.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_lookup_wasi_start_function(module_inst: wasm_module_inst_t) -> wasm_function_inst_t {
    match lookup(module_inst, c"_start") {
        Some(f) if f.ty.params().is_empty() && f.ty.results().is_empty() => f as *const FunctionInst as wasm_function_inst_t,
        Some(_) => {
            eprintln!("Lookup wasi _start function failed: invalid function type.");
            ptr::null_mut()
        }
        None => ptr::null_mut(),
    }
}

/// Whether the instance's module imports WASI.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_wasi_mode(module_inst: wasm_module_inst_t) -> bool {
    module_inst.as_ref().is_some_and(|i| crate::wasi::imports_wasi(&i.module.module))
}

fn wasi_exited(inst: wasm_module_inst_t) -> bool {
    let text = unsafe { wasm_runtime_get_exception(inst) };
    !text.is_null() && unsafe { CStr::from_ptr(text) }.to_bytes().ends_with(b"wasi proc exit")
}

/// Runs the app's entry point with `argv` (the WASI one gets its arguments from
/// `wasm_runtime_set_wasi_args`); a `proc_exit` counts as success.
#[no_mangle]
pub unsafe extern "C" fn wasm_application_execute_main(module_inst: wasm_module_inst_t, argc: i32, argv: *mut *mut c_char) -> bool {
    let Some(inst) = module_inst.as_ref() else { return false };
    let env = wasm_runtime_get_exec_env_singleton(module_inst);
    let start = wasm_runtime_lookup_wasi_start_function(module_inst);
    if !start.is_null() {
        let ok = wasm_runtime_call_wasm(env, start, 0, ptr::null_mut());
        if !ok && wasi_exited(module_inst) {
            inst.set_exception(None);
            return true;
        }
        return ok;
    }
    let Some(main) = lookup(module_inst, c"main").or_else(|| lookup(module_inst, c"__main_argc_argv")).or_else(|| lookup(module_inst, c"_main")) else {
        inst.set_exception(Some("lookup the entry point symbol (like _start, main, _main, __main_argc_argv) failed"));
        return false;
    };
    if inst.module.imported_func_exports.iter().any(|n| *n == main.name) {
        inst.set_exception(Some("lookup main function failed"));
        return false;
    }
    let (params, results) = (main.ty.params(), main.ty.results());
    let shape_ok = (params.is_empty() || params == [ValType::I32, ValType::I32])
        && (results.is_empty() || results == [ValType::I32]);
    if !shape_ok {
        inst.set_exception(Some("invalid function type of main function"));
        return false;
    }
    let mut cells = [0u32; 2];
    let mut buf_offset = 0;
    if !params.is_empty() {
        let args: Vec<&[u8]> =
            (0..argc.max(0) as usize).filter_map(|i| (*argv.add(i)).as_ref().map(|a| CStr::from_ptr(a).to_bytes_with_nul())).collect();
        let strings = args.iter().map(|a| a.len()).sum::<usize>().next_multiple_of(4);
        let total = strings + 4 * args.len();
        let mut native: *mut u8 = ptr::null_mut();
        buf_offset = super::app_heap::wasm_runtime_module_malloc(module_inst, total as u64, &mut native as *mut *mut u8 as _);
        if buf_offset == 0 || total >= u32::MAX as usize {
            inst.set_exception(Some("allocate memory failed"));
            return false;
        }
        let mut at = 0;
        for (i, a) in args.iter().enumerate() {
            ptr::copy_nonoverlapping(a.as_ptr(), native.add(at), a.len());
            let offset = (buf_offset + at as u64) as u32;
            ptr::write_unaligned(native.add(strings + 4 * i) as *mut u32, offset);
            at += a.len();
        }
        cells = [args.len() as u32, (buf_offset + strings as u64) as u32];
    }
    let f = main as *const FunctionInst as wasm_function_inst_t;
    let ok = wasm_runtime_call_wasm(env, f, if params.is_empty() { 0 } else { 2 }, cells.as_mut_ptr());
    if ok && !results.is_empty() && argc > 0 && !argv.is_null() {
        // as WAMR: the return value goes to the caller through argv
        *(argv as *mut i32) = cells[0] as i32;
    }
    if buf_offset != 0 {
        super::app_heap::wasm_runtime_module_free(module_inst, buf_offset);
    }
    ok
}

/// A NaN from C's strto* with WAMR's extras: a leading `-` sets the sign bit and a
/// `:<payload>` suffix the mantissa (`nan:0x200000`); `end` is moved past the payload.
unsafe fn nan_bits(arg: *const c_char, end: &mut *mut c_char, quiet: u64, mantissa_bits: u32, sign_bit: u32) -> u64 {
    let mut bits = quiet;
    if *arg == b'-' as c_char {
        bits |= 1 << sign_bit;
    }
    if **end == b':' as c_char {
        let payload = libc::strtoull(end.add(1), end, 0);
        let mask = (1u64 << mantissa_bits) - 1;
        bits = (bits & !mask) | (payload & mask);
    }
    bits
}

/// Parses one argument of type `t` the way WAMR's iwasm does (C's strto* with base 0;
/// `null` for a null reference).
unsafe fn parse(arg: *const c_char, t: ValType) -> Option<Val> {
    let mut end: *mut c_char = ptr::null_mut();
    let v = match t {
        ValType::I32 => Val::I32(libc::strtoul(arg, &mut end, 0) as u32 as i32),
        ValType::I64 => Val::I64(libc::strtoull(arg, &mut end, 0) as i64),
        ValType::F32 => {
            let f = libc::strtof(arg, &mut end);
            let bits = if f.is_nan() { nan_bits(arg, &mut end, 0x7fc0_0000, 23, 31) as u32 } else { f.to_bits() };
            Val::F32(wasmi::F32::from_bits(bits))
        }
        ValType::F64 => {
            let f = libc::strtod(arg, &mut end);
            let bits = if f.is_nan() { nan_bits(arg, &mut end, 0x7ff8_0000_0000_0000, 52, 63) } else { f.to_bits() };
            Val::F64(wasmi::F64::from_bits(bits))
        }
        ValType::FuncRef | ValType::ExternRef if libc::strncasecmp(arg, c"null".as_ptr(), 4) == 0 => {
            return Some(Val::default_for_ty(t));
        }
        _ => return None,
    };
    (end.is_null() || *end == 0 || *end == b'_' as c_char).then_some(v)
}

/// WAMR's text for a result.
fn result_text(v: &Val) -> String {
    match v {
        Val::I32(x) => format!("0x{:x}:i32", *x as u32),
        Val::I64(x) => format!("0x{:x}:i64", *x as u64),
        Val::F32(x) => format!("{}:f32", c_g7(f64::from(f32::from(*x)))),
        Val::F64(x) => format!("{}:f64", c_g7(f64::from(*x))),
        Val::FuncRef(f) if f.is_null() => "func:ref.null".into(),
        Val::ExternRef(e) if e.is_null() => "extern:ref.null".into(),
        // a live reference has no index to print here (WAMR prints its own)
        Val::FuncRef(_) => "ref.func".into(),
        Val::ExternRef(_) => "ref.extern".into(),
        Val::V128(_) => "v128".into(),
    }
}

/// Calls the exported function `name` with arguments given as strings and prints its
/// results on stdout, comma-separated (`0x15:i32`, `0x1:i64`, `1.5:f32`, ...).
#[no_mangle]
pub unsafe extern "C" fn wasm_application_execute_func(
    module_inst: wasm_module_inst_t,
    name: *const c_char,
    argc: i32,
    argv: *mut *mut c_char,
) -> bool {
    let (Some(inst), false) = (module_inst.as_ref(), name.is_null()) else { return false };
    let name_text = CStr::from_ptr(name).to_string_lossy();
    let Some(f) = inst.lookup(&name_text) else {
        inst.set_exception(Some(&format!("lookup function {name_text} failed")));
        return false;
    };
    let params = f.ty.params();
    if params.len() != argc.max(0) as usize {
        inst.set_exception(Some("invalid input argument count"));
        return false;
    }
    let mut args = Vec::with_capacity(params.len());
    for (i, t) in params.iter().enumerate() {
        let arg = *argv.add(i);
        if arg.is_null() || *arg == 0 {
            inst.set_exception(Some(&format!("invalid input argument {i}")));
            return false;
        }
        match parse(arg, *t) {
            Some(v) => args.push(v),
            None => {
                let text = CStr::from_ptr(arg).to_string_lossy();
                inst.set_exception(Some(&format!("invalid input argument {i}: {text}")));
                return false;
            }
        }
    }
    let env = wasm_runtime_get_exec_env_singleton(module_inst);
    let Some(env) = env.as_ref() else { return false };
    let mut results: Vec<Val> = f.ty.results().iter().map(|t| Val::default_for_ty(*t)).collect();
    if !super::call::run(inst, env, f, &args, &mut results).ok {
        return false;
    }
    let mut out = results.iter().map(result_text).collect::<Vec<_>>().join(",");
    out.push('\n');
    libc::printf(c"%.*s".as_ptr(), out.len() as i32, out.as_ptr());
    wasm_runtime_get_exception(module_inst).is_null()
}

/// C's `%.7g` of `v`.
fn c_g7(v: f64) -> String {
    let mut buf = [0u8; 64];
    let n = unsafe { libc::snprintf(buf.as_mut_ptr() as *mut c_char, buf.len(), c"%.7g".as_ptr(), v) };
    String::from_utf8_lossy(&buf[..(n.max(0) as usize).min(63)]).into_owned()
}
