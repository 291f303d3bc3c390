//! `wasm_functype_t`: parameter and result value types.
use super::externtype::{wasm_externtype_t, CExternType};
use super::valtype::{valkind_to_wasmi, wasm_valtype_t};
use crate::guard::guard;
use crate::object::{copy, delete, into_raw};
use crate::vec::OwnedVec;
use crate::wasm_valtype_vec_t;
use std::ptr;

/// An owned `wasm_valtype_vec_t`.
pub(crate) type ValTypes = OwnedVec<wasm_valtype_vec_t>;

impl ValTypes {
    pub(crate) fn new(kinds: impl IntoIterator<Item = wasmi::ValType>) -> ValTypes {
        OwnedVec::from_vec(kinds.into_iter().map(|k| into_raw(wasm_valtype_t::from_wasmi(k))).collect())
    }

    /// Each element's wasmi type; `None` for a NULL element or an unknown kind.
    pub(crate) fn kinds(&self) -> impl Iterator<Item = Option<wasmi::ValType>> + '_ {
        self.as_slice().iter().map(|t| unsafe { t.as_ref() }.and_then(|t| valkind_to_wasmi(t.kind)))
    }
}

#[derive(Clone)]
pub(crate) struct CFuncType {
    pub(crate) params: ValTypes,
    pub(crate) results: ValTypes,
}

impl CFuncType {
    pub(crate) fn from_wasmi(ty: &wasmi::FuncType) -> CFuncType {
        CFuncType {
            params: ValTypes::new(ty.params().iter().copied()),
            results: ValTypes::new(ty.results().iter().copied()),
        }
    }

    /// The wasmi type, or `None` if an element is NULL or of an unknown kind.
    pub(crate) fn to_wasmi(&self) -> Option<wasmi::FuncType> {
        let params: Option<Vec<_>> = self.params.kinds().collect();
        let results: Option<Vec<_>> = self.results.kinds().collect();
        let (params, results) = (params?, results?);
        crate::guard::guard(None, || Some(wasmi::FuncType::new(params, results)))
    }
}

#[derive(Clone)]
pub struct wasm_functype_t {
    pub(crate) ext: wasm_externtype_t,
}

impl wasm_functype_t {
    pub(crate) fn ty(&self) -> &CFuncType {
        match &self.ext.which {
            CExternType::Func(f) => f,
            _ => unreachable!("a wasm_functype_t always holds a function type"),
        }
    }

    pub(crate) fn new_raw(ty: CFuncType) -> *mut wasm_functype_t {
        into_raw(wasm_externtype_t::new(CExternType::Func(ty))) as *mut wasm_functype_t
    }
}

/// Takes ownership of both vectors' elements.
#[no_mangle]
pub unsafe extern "C" fn wasm_functype_new(
    params: *mut wasm_valtype_vec_t,
    results: *mut wasm_valtype_vec_t,
) -> *mut wasm_functype_t {
    let (params, results) = (ValTypes::take(params), ValTypes::take(results));
    guard(ptr::null_mut(), || wasm_functype_t::new_raw(CFuncType { params, results }))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_delete(t: *mut wasm_functype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_copy(t: *const wasm_functype_t) -> *mut wasm_functype_t {
    copy(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_params(t: *const wasm_functype_t) -> *const wasm_valtype_vec_t {
    t.as_ref().map(|t| &t.ty().params.0 as *const _).unwrap_or(ptr::null())
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_results(t: *const wasm_functype_t) -> *const wasm_valtype_vec_t {
    t.as_ref().map(|t| &t.ty().results.0 as *const _).unwrap_or(ptr::null())
}
