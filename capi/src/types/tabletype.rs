//! `wasm_tabletype_t`: element type and limits.
use super::externtype::{wasm_externtype_t, CExternType};
use super::limits::wasm_limits_t;
use super::valtype::{wasm_valtype_t, WASM_EXTERNREF, WASM_FUNCREF};
use crate::object::{copy, delete, into_raw};
use std::ptr;

#[derive(Clone)]
pub(crate) struct CTableType {
    /// Boxed: `wasm_tabletype_element` returns the very valtype given to `_new` (as WAMR).
    pub(crate) element: Box<wasm_valtype_t>,
    pub(crate) limits: wasm_limits_t,
}

impl CTableType {
    pub(crate) fn from_wasmi(ty: &wasmi::TableType) -> CTableType {
        CTableType {
            element: Box::new(wasm_valtype_t::from_wasmi(ty.element().into())),
            limits: wasm_limits_t::from_wasmi(ty.minimum(), ty.maximum()),
        }
    }

    pub(crate) fn to_wasmi(&self) -> wasmi::TableType {
        let element = if self.element.kind == WASM_EXTERNREF {
            wasmi::RefType::Extern
        } else {
            wasmi::RefType::Func
        };
        wasmi::TableType::new(element, self.limits.min, self.limits.max_opt())
    }
}

#[derive(Clone)]
pub struct wasm_tabletype_t {
    pub(crate) ext: wasm_externtype_t,
}

impl wasm_tabletype_t {
    pub(crate) fn ty(&self) -> &CTableType {
        match &self.ext.which {
            CExternType::Table(t) => t,
            _ => unreachable!("a wasm_tabletype_t always holds a table type"),
        }
    }

    pub(crate) fn new_raw(ty: CTableType) -> *mut wasm_tabletype_t {
        into_raw(wasm_externtype_t::new(CExternType::Table(ty))) as *mut wasm_tabletype_t
    }
}

/// Takes ownership of `element` (which must be a reference type); on failure it
/// stays the caller's, as in WAMR.
#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_new(
    element: *mut wasm_valtype_t,
    limits: *const wasm_limits_t,
) -> *mut wasm_tabletype_t {
    if element.is_null() {
        return ptr::null_mut();
    }
    let Some(limits) = limits.as_ref() else { return ptr::null_mut() };
    if (*element).kind != WASM_FUNCREF && (*element).kind != WASM_EXTERNREF {
        return ptr::null_mut();
    }
    let element = Box::from_raw(element);
    wasm_tabletype_t::new_raw(CTableType { element, limits: *limits })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_delete(t: *mut wasm_tabletype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_copy(t: *const wasm_tabletype_t) -> *mut wasm_tabletype_t {
    copy(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_element(t: *const wasm_tabletype_t) -> *const wasm_valtype_t {
    t.as_ref().map(|t| &*t.ty().element as *const _).unwrap_or(ptr::null())
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_limits(t: *const wasm_tabletype_t) -> *const wasm_limits_t {
    t.as_ref().map(|t| &t.ty().limits as *const _).unwrap_or(ptr::null())
}
