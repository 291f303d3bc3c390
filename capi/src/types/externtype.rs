//! `wasm_externtype_t`: the sum of function, global, table and memory types.
//!
//! `wasm_functype_t` and its siblings are single-field wrappers of
//! `wasm_externtype_t`, so the `as_externtype` conversions are pointer casts.
use super::functype::CFuncType;
use super::globaltype::CGlobalType;
use super::memorytype::CMemoryType;
use super::tabletype::CTableType;
use crate::object::{copy, delete};
use crate::{wasm_functype_t, wasm_globaltype_t, wasm_memorytype_t, wasm_tabletype_t};
use std::mem::{offset_of, size_of};
use std::ptr;

pub type wasm_externkind_t = u8;
pub const WASM_EXTERN_FUNC: wasm_externkind_t = 0;
pub const WASM_EXTERN_GLOBAL: wasm_externkind_t = 1;
pub const WASM_EXTERN_TABLE: wasm_externkind_t = 2;
pub const WASM_EXTERN_MEMORY: wasm_externkind_t = 3;

#[derive(Clone)]
pub(crate) enum CExternType {
    Func(CFuncType),
    Global(CGlobalType),
    Table(CTableType),
    Memory(CMemoryType),
}

#[derive(Clone)]
pub struct wasm_externtype_t {
    pub(crate) which: CExternType,
}

// The wrappers must be layout-identical to `wasm_externtype_t` for the casts.
const _: () = {
    assert!(offset_of!(wasm_functype_t, ext) == 0);
    assert!(offset_of!(wasm_globaltype_t, ext) == 0);
    assert!(offset_of!(wasm_tabletype_t, ext) == 0);
    assert!(offset_of!(wasm_memorytype_t, ext) == 0);
    assert!(size_of::<wasm_functype_t>() == size_of::<wasm_externtype_t>());
    assert!(size_of::<wasm_globaltype_t>() == size_of::<wasm_externtype_t>());
    assert!(size_of::<wasm_tabletype_t>() == size_of::<wasm_externtype_t>());
    assert!(size_of::<wasm_memorytype_t>() == size_of::<wasm_externtype_t>());
};

impl CExternType {
    pub(crate) fn kind(&self) -> wasm_externkind_t {
        match self {
            CExternType::Func(_) => WASM_EXTERN_FUNC,
            CExternType::Global(_) => WASM_EXTERN_GLOBAL,
            CExternType::Table(_) => WASM_EXTERN_TABLE,
            CExternType::Memory(_) => WASM_EXTERN_MEMORY,
        }
    }

    pub(crate) fn from_wasmi(ty: &wasmi::ExternType) -> CExternType {
        match ty {
            wasmi::ExternType::Func(f) => CExternType::Func(CFuncType::from_wasmi(f)),
            wasmi::ExternType::Global(g) => CExternType::Global(CGlobalType::from_wasmi(g)),
            wasmi::ExternType::Table(t) => CExternType::Table(CTableType::from_wasmi(t)),
            wasmi::ExternType::Memory(m) => CExternType::Memory(CMemoryType::from_wasmi(m)),
        }
    }
}

impl wasm_externtype_t {
    pub(crate) fn new(which: CExternType) -> wasm_externtype_t {
        wasm_externtype_t { which }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_delete(t: *mut wasm_externtype_t) {
    delete(t)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_copy(t: *const wasm_externtype_t) -> *mut wasm_externtype_t {
    copy(t)
}

/// The kind, or `WASM_EXTERN_FUNC` (0) for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_kind(t: *const wasm_externtype_t) -> wasm_externkind_t {
    t.as_ref().map(|t| t.which.kind()).unwrap_or(WASM_EXTERN_FUNC)
}


fn cast_if<T, U>(p: *const T, ok: bool) -> *mut U {
    if ok { p as *mut U } else { ptr::null_mut() }
}

unsafe fn kind_is(t: *const wasm_externtype_t, kind: wasm_externkind_t) -> bool {
    t.as_ref().is_some_and(|t| t.which.kind() == kind)
}

#[no_mangle]
pub extern "C" fn wasm_functype_as_externtype(t: *mut wasm_functype_t) -> *mut wasm_externtype_t {
    t as *mut wasm_externtype_t
}

#[no_mangle]
pub extern "C" fn wasm_globaltype_as_externtype(t: *mut wasm_globaltype_t) -> *mut wasm_externtype_t {
    t as *mut wasm_externtype_t
}

#[no_mangle]
pub extern "C" fn wasm_tabletype_as_externtype(t: *mut wasm_tabletype_t) -> *mut wasm_externtype_t {
    t as *mut wasm_externtype_t
}

#[no_mangle]
pub extern "C" fn wasm_memorytype_as_externtype(t: *mut wasm_memorytype_t) -> *mut wasm_externtype_t {
    t as *mut wasm_externtype_t
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_functype(t: *mut wasm_externtype_t) -> *mut wasm_functype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_FUNC))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_globaltype(t: *mut wasm_externtype_t) -> *mut wasm_globaltype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_GLOBAL))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_tabletype(t: *mut wasm_externtype_t) -> *mut wasm_tabletype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_TABLE))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_memorytype(t: *mut wasm_externtype_t) -> *mut wasm_memorytype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_MEMORY))
}

#[no_mangle]
pub extern "C" fn wasm_functype_as_externtype_const(t: *const wasm_functype_t) -> *const wasm_externtype_t {
    t as *const wasm_externtype_t
}

#[no_mangle]
pub extern "C" fn wasm_globaltype_as_externtype_const(t: *const wasm_globaltype_t) -> *const wasm_externtype_t {
    t as *const wasm_externtype_t
}

#[no_mangle]
pub extern "C" fn wasm_tabletype_as_externtype_const(t: *const wasm_tabletype_t) -> *const wasm_externtype_t {
    t as *const wasm_externtype_t
}

#[no_mangle]
pub extern "C" fn wasm_memorytype_as_externtype_const(t: *const wasm_memorytype_t) -> *const wasm_externtype_t {
    t as *const wasm_externtype_t
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_functype_const(t: *const wasm_externtype_t) -> *const wasm_functype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_FUNC))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_globaltype_const(t: *const wasm_externtype_t) -> *const wasm_globaltype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_GLOBAL))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_tabletype_const(t: *const wasm_externtype_t) -> *const wasm_tabletype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_TABLE))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_as_memorytype_const(t: *const wasm_externtype_t) -> *const wasm_memorytype_t {
    cast_if(t, kind_is(t, WASM_EXTERN_MEMORY))
}
