//! `wasm_runtime_call_wasm_v`: `wasm_runtime_call_wasm_a` with C varargs. It is C
//! (`call_wasm_v.c`, built by `capi/build.rs`), since stable Rust cannot define a
//! C-variadic function; declared in the header's trailer (`capi/cbindgen_export.toml`).
use std::ffi::c_void;

/// Declared in the header's trailer, not from here.
///
/// cbindgen:ignore
#[allow(unused_doc_comments)]
extern "C" {
    fn wasm_runtime_call_wasm_v(
        exec_env: *mut c_void,
        function: *mut c_void,
        num_results: u32,
        results: *mut c_void,
        num_args: u32,
        ...
    ) -> bool;
}

type CallWasmV = unsafe extern "C" fn(*mut c_void, *mut c_void, u32, *mut c_void, u32, ...) -> bool;

/// Makes the linker take the C object into the library (a static library's objects
/// are taken only when something refers to them).
#[used]
static KEEP_CALL_WASM_V: CallWasmV = wasm_runtime_call_wasm_v;
