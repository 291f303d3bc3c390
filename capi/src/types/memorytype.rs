//! `wasm_memorytype_t`: limits in 64 KiB pages.
use super::externtype::{wasm_externtype_t, CExternType};
use super::limits::wasm_limits_t;
use crate::object::{copy, delete, into_raw};
use std::ptr;

#[derive(Clone)]
pub(crate) struct CMemoryType {
    pub(crate) limits: wasm_limits_t,
}

impl CMemoryType {
    pub(crate) fn from_wasmi(ty: &wasmi::MemoryType) -> CMemoryType {
        CMemoryType { limits: wasm_limits_t::from_wasmi(ty.minimum(), ty.maximum()) }
    }

    pub(crate) fn to_wasmi(&self) -> Option<wasmi::MemoryType> {
        let mut b = wasmi::MemoryType::builder();
        b.min(u64::from(self.limits.min)).max(self.limits.max_opt().map(u64::from));
        b.build().ok()
    }
}

#[derive(Clone)]
pub struct wasm_memorytype_t {
    pub(crate) ext: wasm_externtype_t,
}

impl wasm_memorytype_t {
    pub(crate) fn ty(&self) -> &CMemoryType {
        match &self.ext.which {
            CExternType::Memory(m) => m,
            _ => unreachable!("a wasm_memorytype_t always holds a memory type"),
        }
    }

    pub(crate) fn new_raw(ty: CMemoryType) -> *mut wasm_memorytype_t {
        into_raw(wasm_externtype_t::new(CExternType::Memory(ty))) as *mut wasm_memorytype_t
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_new(limits: *const wasm_limits_t) -> *mut wasm_memorytype_t {
    match limits.as_ref() {
        Some(limits) => wasm_memorytype_t::new_raw(CMemoryType { limits: *limits }),
        None => ptr::null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_delete(t: *mut wasm_memorytype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_copy(t: *const wasm_memorytype_t) -> *mut wasm_memorytype_t {
    copy(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_limits(t: *const wasm_memorytype_t) -> *const wasm_limits_t {
    t.as_ref().map(|t| &t.ty().limits as *const _).unwrap_or(ptr::null())
}
