//! `wasm_runtime_load` / `load_ex` / `unload` and module names: a loaded module is the
//! C API's `WASMModuleCommon`, so `wasm_runtime_set_wasi_args` takes either.
use crate::guard::guard;
use crate::module::{LoadArgs, WASMModuleCommon};
use std::ffi::{c_char, CStr};
use std::ptr;
use std::sync::Arc;

pub type wasm_module_t = *mut WASMModuleCommon;

/// Writes `message` into the caller's `error_buf` (NUL-terminated, cut to fit).
pub(crate) unsafe fn set_error(error_buf: *mut c_char, size: u32, message: &str) {
    if error_buf.is_null() || size == 0 {
        return;
    }
    let n = message.len().min(size as usize - 1);
    ptr::copy_nonoverlapping(message.as_ptr() as *const c_char, error_buf, n);
    *error_buf.add(n) = 0;
}

unsafe fn load(buf: *const u8, size: u32, name: &str, error_buf: *mut c_char, error_buf_size: u32) -> wasm_module_t {
    if buf.is_null() {
        set_error(error_buf, error_buf_size, "WASM module load failed: no binary given");
        return ptr::null_mut();
    }
    let Some(engine) = super::runtime::engine() else {
        set_error(error_buf, error_buf_size, "WASM module load failed: runtime not initialized");
        return ptr::null_mut();
    };
    let bytes = std::slice::from_raw_parts(buf, size as usize);
    guard(ptr::null_mut(), || match WASMModuleCommon::compile(&engine, bytes, name) {
        Ok(m) => {
            if let Err(reason) = m.check_wasi_abi(true) {
                set_error(error_buf, error_buf_size, &format!("WASM module load failed: {reason}"));
                return ptr::null_mut();
            }
            // natives and modules to import from are found now, as WAMR's loader does
            super::multi_module::resolve(&engine, &m, &mut Vec::new());
            Arc::into_raw(Arc::new(m)) as wasm_module_t
        }
        Err(e) => {
            let reason = e.to_string();
            let line = reason.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("invalid module");
            set_error(error_buf, error_buf_size, &format!("WASM module load failed: {line}"));
            ptr::null_mut()
        }
    })
}

/// Loads (validates and compiles) a wasm binary; the bytes are copied, so the caller
/// may free them at once. NULL, with the reason in `error_buf`, if it is invalid.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_load(
    buf: *mut u8,
    size: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> wasm_module_t {
    load(buf, size, "", error_buf, error_buf_size)
}

/// As `wasm_runtime_load`, naming the module after `args->name`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_load_ex(
    buf: *mut u8,
    size: u32,
    args: *const LoadArgs,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> wasm_module_t {
    let name = args
        .as_ref()
        .filter(|a| !a.name.is_null())
        .map(|a| CStr::from_ptr(a.name).to_string_lossy().into_owned())
        .unwrap_or_default();
    load(buf, size, &name, error_buf, error_buf_size)
}

/// Frees a module from `wasm_runtime_load`; instances made from it keep what they use.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_unload(module: wasm_module_t) {
    if !module.is_null() {
        guard((), || drop(Arc::from_raw(module as *const WASMModuleCommon)))
    }
}

/// Another strong reference to a loaded module.
pub(crate) unsafe fn module_arc(module: wasm_module_t) -> Option<Arc<WASMModuleCommon>> {
    if module.is_null() {
        return None;
    }
    Arc::increment_strong_count(module as *const WASMModuleCommon);
    Some(Arc::from_raw(module as *const WASMModuleCommon))
}

/// Whether the caller may free the bytes it loaded the module from: always, since
/// the runtime keeps its own copy.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_underlying_binary_freeable(module: wasm_module_t) -> bool {
    !module.is_null()
}
