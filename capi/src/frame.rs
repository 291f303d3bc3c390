//! `wasm_frame_t`: one frame of a trap's stack trace.
use crate::instance::wasm_instance_t;
use crate::object::{copy, delete};
use std::ptr;

#[derive(Clone)]
pub struct wasm_frame_t {
    /// Borrowed: the instance the frame ran in (may be NULL).
    pub(crate) instance: *mut wasm_instance_t,
    pub(crate) func_index: u32,
    pub(crate) func_offset: usize,
    pub(crate) module_offset: usize,
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_delete(f: *mut wasm_frame_t) {
    delete(f)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_copy(f: *const wasm_frame_t) -> *mut wasm_frame_t {
    copy(f)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_instance(f: *const wasm_frame_t) -> *mut wasm_instance_t {
    f.as_ref().map(|f| f.instance).unwrap_or(ptr::null_mut())
}

/// The module-level function index (imports counted), or 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_frame_func_index(f: *const wasm_frame_t) -> u32 {
    f.as_ref().map(|f| f.func_index).unwrap_or(0)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_func_offset(f: *const wasm_frame_t) -> usize {
    f.as_ref().map(|f| f.func_offset).unwrap_or(0)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_module_offset(f: *const wasm_frame_t) -> usize {
    f.as_ref().map(|f| f.module_offset).unwrap_or(0)
}

// The instance pointer is only a label handed back to C.
unsafe impl Send for wasm_frame_t {}
unsafe impl Sync for wasm_frame_t {}
