//! Sharing one compiled module across stores and threads.
use crate::guard::guard;
use crate::module::{delete_handle, module_arc, new_handle, wasm_module_t};
use crate::store::wasm_store_t;
use std::ptr;

pub type wasm_shared_module_t = wasm_module_t;

/// A shareable handle (owned by the caller) on the same compiled module.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_share(module: *mut wasm_module_t) -> *mut wasm_shared_module_t {
    match module_arc(module) {
        Some(m) => guard(ptr::null_mut(), || new_handle(m)),
        None => ptr::null_mut(),
    }
}

/// A module handle for `store` on a shared module.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_obtain(
    store: *mut wasm_store_t,
    shared: *mut wasm_shared_module_t,
) -> *mut wasm_module_t {
    if store.is_null() {
        return ptr::null_mut();
    }
    match module_arc(shared) {
        Some(m) => guard(ptr::null_mut(), || new_handle(m)),
        None => ptr::null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_shared_module_delete(shared: *mut wasm_shared_module_t) {
    guard((), || delete_handle(shared))
}
