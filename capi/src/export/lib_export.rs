//! `lib_export.h`: `NativeSymbol`, how an embedder describes a native function that
//! wasm imports (its name, address, WAMR signature string and attachment).
use std::ffi::{c_char, c_void};

#[repr(C)]
#[derive(Clone, Copy)]
pub struct NativeSymbol {
    pub symbol: *const c_char,
    pub func_ptr: *mut c_void,
    pub signature: *const c_char,
    /// Handed back by `wasm_runtime_get_function_attachment` while the native runs.
    pub attachment: *mut c_void,
}
