//! `wasm_exporttype_t`: export name and extern type.
use super::externtype::wasm_externtype_t;
use crate::object::{copy, delete};
use crate::vec::OwnedVec;
use crate::{wasm_byte_vec_t, wasm_name_t};
use std::ptr;

#[derive(Clone)]
pub struct wasm_exporttype_t {
    pub(crate) name: OwnedVec<wasm_byte_vec_t>,
    pub(crate) ty: Box<wasm_externtype_t>,
}

/// Takes ownership of both; the name is kept exactly as given.
#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_new(
    name: *mut wasm_name_t,
    ty: *mut wasm_externtype_t,
) -> *mut wasm_exporttype_t {
    let n = OwnedVec::take(name);
    if name.is_null() || ty.is_null() {
        delete(ty);
        return ptr::null_mut();
    }
    Box::into_raw(Box::new(wasm_exporttype_t { name: n, ty: Box::from_raw(ty) }))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_delete(t: *mut wasm_exporttype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_copy(t: *const wasm_exporttype_t) -> *mut wasm_exporttype_t {
    copy(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_name(t: *const wasm_exporttype_t) -> *const wasm_name_t {
    t.as_ref().map(|t| &t.name.0 as *const _).unwrap_or(ptr::null())
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_type(t: *const wasm_exporttype_t) -> *const wasm_externtype_t {
    t.as_ref().map(|t| &*t.ty as *const _).unwrap_or(ptr::null())
}
