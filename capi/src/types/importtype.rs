//! `wasm_importtype_t`: module name, field name, extern type, and whether the
//! library links it itself (WASI).
use super::externtype::wasm_externtype_t;
use crate::object::{copy, delete};
use crate::vec::{name_str, OwnedVec};
use crate::{wasm_byte_vec_t, wasm_name_t};
use std::ptr;

#[derive(Clone)]
pub struct wasm_importtype_t {
    pub(crate) module: OwnedVec<wasm_byte_vec_t>,
    pub(crate) name: OwnedVec<wasm_byte_vec_t>,
    pub(crate) ty: Box<wasm_externtype_t>,
}

impl wasm_importtype_t {
    pub(crate) fn module_str(&self) -> String {
        name_str(&self.module.0)
    }
    pub(crate) fn name_str(&self) -> String {
        name_str(&self.name.0)
    }
}

/// Takes ownership of all three; names are kept exactly as given.
#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_new(
    module: *mut wasm_name_t,
    name: *mut wasm_name_t,
    ty: *mut wasm_externtype_t,
) -> *mut wasm_importtype_t {
    let (m, n) = (OwnedVec::take(module), OwnedVec::take(name));
    if module.is_null() || name.is_null() || ty.is_null() {
        delete(ty);
        return ptr::null_mut();
    }
    Box::into_raw(Box::new(wasm_importtype_t { module: m, name: n, ty: Box::from_raw(ty) }))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_delete(t: *mut wasm_importtype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_copy(t: *const wasm_importtype_t) -> *mut wasm_importtype_t {
    copy(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_module(t: *const wasm_importtype_t) -> *const wasm_name_t {
    t.as_ref().map(|t| &t.module.0 as *const _).unwrap_or(ptr::null())
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_name(t: *const wasm_importtype_t) -> *const wasm_name_t {
    t.as_ref().map(|t| &t.name.0 as *const _).unwrap_or(ptr::null())
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_type(t: *const wasm_importtype_t) -> *const wasm_externtype_t {
    t.as_ref().map(|t| &*t.ty as *const _).unwrap_or(ptr::null())
}

/// True for imports the library provides itself (WASI), as in WAMR with libc-wasi.
#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_is_linked(t: *const wasm_importtype_t) -> bool {
    match t.as_ref() {
        Some(t) => crate::builtins::is_builtin(&t.module_str(), &t.name_str(), &t.ty.which),
        None => false,
    }
}
