//! `wasm_foreign_t`: an opaque host object, passed to wasm as an `externref`.
use crate::object::{self, RefHeader, RefKind, RefObject};
use crate::r#ref::wasm_ref_t;
use crate::store::wasm_store_t;
use std::ffi::c_void;
use std::ptr;

/// Its identity is its header's host-info cell, shared by all its copies.
#[derive(Clone)]
pub struct wasm_foreign_t {
    pub(crate) header: RefHeader,
}

impl RefObject for wasm_foreign_t {
    fn header(&self) -> &RefHeader {
        &self.header
    }
    fn accepts(kind: RefKind) -> bool {
        kind == RefKind::Foreign
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_foreign_new(store: *mut wasm_store_t) -> *mut wasm_foreign_t {
    if store.is_null() {
        return ptr::null_mut();
    }
    object::into_raw(wasm_foreign_t { header: RefHeader::new(RefKind::Foreign) })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_foreign_delete(p: *mut wasm_foreign_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_foreign_copy(p: *const wasm_foreign_t) -> *mut wasm_foreign_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_foreign_same(a: *const wasm_foreign_t, b: *const wasm_foreign_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_foreign_get_host_info(p: *const wasm_foreign_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_foreign_set_host_info(p: *mut wasm_foreign_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_foreign_set_host_info_with_finalizer(
    p: *mut wasm_foreign_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_foreign_as_ref(p: *mut wasm_foreign_t) -> *mut wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_foreign(r: *mut wasm_ref_t) -> *mut wasm_foreign_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_foreign_as_ref_const(p: *const wasm_foreign_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_foreign_const(r: *const wasm_ref_t) -> *const wasm_foreign_t {
    object::ref_as(r)
}
