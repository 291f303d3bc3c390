//! `wasm_valtype_t` and `wasm_valkind_t`.
use crate::object::{copy, delete, into_raw};
use std::ptr;
use wasmi::ValType;

pub type wasm_valkind_t = u8;
pub const WASM_I32: wasm_valkind_t = 0;
pub const WASM_I64: wasm_valkind_t = 1;
pub const WASM_F32: wasm_valkind_t = 2;
pub const WASM_F64: wasm_valkind_t = 3;
pub const WASM_V128: wasm_valkind_t = 4;
pub const WASM_EXTERNREF: wasm_valkind_t = 128;
pub const WASM_FUNCREF: wasm_valkind_t = 129;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct wasm_valtype_t {
    pub(crate) kind: wasm_valkind_t,
}

pub(crate) fn valkind_to_wasmi(kind: wasm_valkind_t) -> Option<ValType> {
    Some(match kind {
        WASM_I32 => ValType::I32,
        WASM_I64 => ValType::I64,
        WASM_F32 => ValType::F32,
        WASM_F64 => ValType::F64,
        WASM_V128 => ValType::V128,
        WASM_EXTERNREF => ValType::ExternRef,
        WASM_FUNCREF => ValType::FuncRef,
        _ => return None,
    })
}

pub(crate) fn valkind_from_wasmi(ty: ValType) -> wasm_valkind_t {
    match ty {
        ValType::I32 => WASM_I32,
        ValType::I64 => WASM_I64,
        ValType::F32 => WASM_F32,
        ValType::F64 => WASM_F64,
        ValType::V128 => WASM_V128,
        ValType::ExternRef => WASM_EXTERNREF,
        ValType::FuncRef => WASM_FUNCREF,
    }
}

impl wasm_valtype_t {
    pub(crate) fn to_wasmi(self) -> ValType {
        valkind_to_wasmi(self.kind).unwrap_or(ValType::I32)
    }
    pub(crate) fn from_wasmi(ty: ValType) -> wasm_valtype_t {
        wasm_valtype_t { kind: valkind_from_wasmi(ty) }
    }
}

#[no_mangle]
pub extern "C" fn wasm_valtype_new(kind: wasm_valkind_t) -> *mut wasm_valtype_t {
    match valkind_to_wasmi(kind) {
        Some(_) => into_raw(wasm_valtype_t { kind }),
        None => ptr::null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_delete(t: *mut wasm_valtype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_copy(t: *const wasm_valtype_t) -> *mut wasm_valtype_t {
    copy(t)
}

/// The kind, or `WASM_I32` (0) for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_kind(t: *const wasm_valtype_t) -> wasm_valkind_t {
    t.as_ref().map(|t| t.kind).unwrap_or(WASM_I32)
}
