//! `wasm_globaltype_t`: content type and mutability.
use super::externtype::{wasm_externtype_t, CExternType};
use super::limits::{wasm_mutability_t, WASM_CONST, WASM_VAR};
use super::valtype::{valkind_to_wasmi, wasm_valtype_t};
use crate::object::{copy, delete, into_raw};
use std::ptr;

#[derive(Clone)]
pub(crate) struct CGlobalType {
    /// Boxed: `wasm_globaltype_content` returns the very valtype given to `_new` (as WAMR).
    pub(crate) content: Box<wasm_valtype_t>,
    pub(crate) mutability: wasm_mutability_t,
}

impl CGlobalType {
    pub(crate) fn from_wasmi(ty: &wasmi::GlobalType) -> CGlobalType {
        CGlobalType {
            content: Box::new(wasm_valtype_t::from_wasmi(ty.content())),
            mutability: if ty.mutability().is_mut() { WASM_VAR } else { WASM_CONST },
        }
    }

    pub(crate) fn to_wasmi(&self) -> wasmi::GlobalType {
        let m = if self.mutability == WASM_VAR { wasmi::Mutability::Var } else { wasmi::Mutability::Const };
        wasmi::GlobalType::new(self.content.to_wasmi(), m)
    }
}

#[derive(Clone)]
pub struct wasm_globaltype_t {
    pub(crate) ext: wasm_externtype_t,
}

impl wasm_globaltype_t {
    pub(crate) fn ty(&self) -> &CGlobalType {
        match &self.ext.which {
            CExternType::Global(g) => g,
            _ => unreachable!("a wasm_globaltype_t always holds a global type"),
        }
    }

    pub(crate) fn new_raw(ty: CGlobalType) -> *mut wasm_globaltype_t {
        into_raw(wasm_externtype_t::new(CExternType::Global(ty))) as *mut wasm_globaltype_t
    }
}

/// Takes ownership of `content`; NULL content or a bad mutability gives NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_new(
    content: *mut wasm_valtype_t,
    mutability: wasm_mutability_t,
) -> *mut wasm_globaltype_t {
    if content.is_null() {
        return ptr::null_mut();
    }
    // As WAMR, a refused valtype stays the caller's.
    if mutability > WASM_VAR || valkind_to_wasmi((*content).kind).is_none() {
        return ptr::null_mut();
    }
    let content = Box::from_raw(content);
    wasm_globaltype_t::new_raw(CGlobalType { content, mutability })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_delete(t: *mut wasm_globaltype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_copy(t: *const wasm_globaltype_t) -> *mut wasm_globaltype_t {
    copy(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_content(t: *const wasm_globaltype_t) -> *const wasm_valtype_t {
    t.as_ref().map(|t| &*t.ty().content as *const _).unwrap_or(ptr::null())
}

/// The mutability, or `WASM_CONST` for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_mutability(t: *const wasm_globaltype_t) -> wasm_mutability_t {
    t.as_ref().map(|t| t.ty().mutability).unwrap_or(WASM_CONST)
}
