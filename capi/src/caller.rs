//! `wamr_caller_export`: the exports of the instance whose wasm code called the running
//! host function (wasmtime's `Caller`), so a host function can reach the memory of
//! whichever instance called it. An extension: WAMR's C API has no caller.
use crate::guard::guard;
use crate::r#extern::{new_extern, wasm_extern_t, ExternWhich};
use crate::store::wasm_store_t;
use std::ffi::{c_char, CStr};
use std::ptr;

/// A new extern (owned by the caller: `wasm_extern_delete`) for the export `name` of the
/// instance whose wasm called the host function now running on `store` (the innermost
/// one, when callbacks nest). NULL when no host function called from wasm is running on
/// the store, when the calling instance has no such export, or for NULL arguments.
/// The extern stays valid after the host function returns, as any export does.
#[no_mangle]
pub unsafe extern "C" fn wamr_caller_export(store: *mut wasm_store_t, name: *const c_char) -> *mut wasm_extern_t {
    let (Some(store), false) = (store.as_ref(), name.is_null()) else { return ptr::null_mut() };
    let Ok(name) = CStr::from_ptr(name).to_str() else { return ptr::null_mut() };
    guard(ptr::null_mut(), || match store.inner.caller_export(name) {
        Some(export) => new_extern(&store.inner, ExternWhich::from_wasmi(export)),
        None => ptr::null_mut(),
    })
}
