//! `wasm_extern_t`: a function, global, table or memory of a store (or an empty
//! placeholder for `wasm_instance_new`). `wasm_func_t` and its siblings are
//! single-field wrappers of it, so `as_extern` and `extern_as_X` are casts.
use crate::func::wasm_func_t;
use crate::global::wasm_global_t;
use crate::memory::wasm_memory_t;
use crate::object::{self, RefHeader, RefKind, RefObject};
use crate::profiling::ExportOrigin;
use crate::r#ref::wasm_ref_t;
use crate::store::{wasm_store_t, StoreRef};
use crate::table::wasm_table_t;
use crate::types::externtype::*;
use crate::types::functype::CFuncType;
use crate::types::globaltype::CGlobalType;
use crate::types::memorytype::CMemoryType;
use crate::types::tabletype::CTableType;
use std::ffi::c_void;
use std::mem::{offset_of, size_of};
use std::ptr;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub(crate) enum ExternWhich {
    Func(wasmi::Func),
    Global(wasmi::Global),
    Table(wasmi::Table),
    Memory(wasmi::Memory),
    /// `wasm_extern_new_empty(store, kind)`: "keep the built-in".
    Empty(wasm_externkind_t),
}

impl ExternWhich {
    pub(crate) fn kind(&self) -> wasm_externkind_t {
        match self {
            ExternWhich::Func(_) => WASM_EXTERN_FUNC,
            ExternWhich::Global(_) => WASM_EXTERN_GLOBAL,
            ExternWhich::Table(_) => WASM_EXTERN_TABLE,
            ExternWhich::Memory(_) => WASM_EXTERN_MEMORY,
            ExternWhich::Empty(k) => *k,
        }
    }

    pub(crate) fn ref_kind(&self) -> RefKind {
        match self {
            ExternWhich::Func(_) => RefKind::Func,
            ExternWhich::Global(_) => RefKind::Global,
            ExternWhich::Table(_) => RefKind::Table,
            ExternWhich::Memory(_) => RefKind::Memory,
            ExternWhich::Empty(_) => RefKind::EmptyExtern,
        }
    }

    pub(crate) fn to_wasmi(&self) -> Option<wasmi::Extern> {
        Some(match self {
            ExternWhich::Func(f) => wasmi::Extern::Func(*f),
            ExternWhich::Global(g) => wasmi::Extern::Global(*g),
            ExternWhich::Table(t) => wasmi::Extern::Table(*t),
            ExternWhich::Memory(m) => wasmi::Extern::Memory(*m),
            ExternWhich::Empty(_) => return None,
        })
    }

    pub(crate) fn from_wasmi(e: wasmi::Extern) -> ExternWhich {
        match e {
            wasmi::Extern::Func(f) => ExternWhich::Func(f),
            wasmi::Extern::Global(g) => ExternWhich::Global(g),
            wasmi::Extern::Table(t) => ExternWhich::Table(t),
            wasmi::Extern::Memory(m) => ExternWhich::Memory(m),
        }
    }
}

#[repr(C)]
#[derive(Clone)]
pub(crate) struct ExternObj {
    pub(crate) header: RefHeader,
    pub(crate) store: StoreRef,
    pub(crate) which: ExternWhich,
    pub(crate) origin: Option<ExportOrigin>,
    /// A function's type, looked up once: wasmi resolves types under a lock.
    pub(crate) func_ty: std::sync::OnceLock<wasmi::FuncType>,
    /// A function's numeric call path (see `func_numeric`), chosen on its first call.
    pub(crate) numeric: std::sync::OnceLock<Option<std::sync::Arc<crate::func_numeric::NumericCall>>>,
    /// For a function made by `wasm_func_new*` (and its copies): what tells the store the
    /// function is still held when it reclaims dead instances (see `store::reclaim_if_idle`).
    pub(crate) host_mark: Option<Arc<()>>,
}

impl ExternObj {
    pub(crate) fn new(header: RefHeader, store: &StoreRef, which: ExternWhich, origin: Option<ExportOrigin>) -> ExternObj {
        ExternObj {
            header,
            store: store.clone(),
            which,
            origin,
            func_ty: std::sync::OnceLock::new(),
            numeric: std::sync::OnceLock::new(),
            host_mark: None,
        }
    }
}

/// A handle deleted during a call on its store (from a host callback) may be the very
/// function running, or hold the last reference to the store: what the running call
/// still uses is kept until the outermost call returns.
impl Drop for ExternObj {
    fn drop(&mut self) {
        if self.store.in_call() {
            let numeric = self.numeric.take().flatten();
            self.store.bury((self.store.clone(), numeric));
        }
    }
}

#[derive(Clone)]
pub struct wasm_extern_t {
    pub(crate) obj: ExternObj,
}

const _: () = {
    assert!(offset_of!(wasm_extern_t, obj) == 0);
    assert!(offset_of!(ExternObj, header) == 0);
    assert!(offset_of!(wasm_func_t, ext) == 0);
    assert!(offset_of!(wasm_global_t, ext) == 0);
    assert!(offset_of!(wasm_table_t, ext) == 0);
    assert!(offset_of!(wasm_memory_t, ext) == 0);
    assert!(size_of::<wasm_func_t>() == size_of::<wasm_extern_t>());
    assert!(size_of::<wasm_global_t>() == size_of::<wasm_extern_t>());
    assert!(size_of::<wasm_table_t>() == size_of::<wasm_extern_t>());
    assert!(size_of::<wasm_memory_t>() == size_of::<wasm_extern_t>());
};

/// Identity of wasmi handles: wasmi keeps handle equality private, but a handle's
/// debug form is exactly its store index and slot.
fn same_entity(a: &ExternWhich, b: &ExternWhich) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

impl RefObject for wasm_extern_t {
    fn header(&self) -> &RefHeader {
        &self.obj.header
    }
    fn accepts(kind: RefKind) -> bool {
        kind.is_extern()
    }
    fn same(&self, other: &Self) -> bool {
        match (&self.obj.which, &other.obj.which) {
            (ExternWhich::Empty(_), _) | (_, ExternWhich::Empty(_)) => {
                Arc::ptr_eq(&self.obj.header.host, &other.obj.header.host)
            }
            (a, b) => Arc::ptr_eq(&self.obj.store, &other.obj.store) && same_entity(a, b),
        }
    }
}

macro_rules! extern_wrapper {
    ($t:ident, $kind:ident) => {
        impl RefObject for $t {
            fn header(&self) -> &RefHeader {
                &self.ext.obj.header
            }
            fn accepts(kind: RefKind) -> bool {
                kind == RefKind::$kind
            }
            fn same(&self, other: &Self) -> bool {
                self.ext.same(&other.ext)
            }
        }
    };
}
extern_wrapper!(wasm_func_t, Func);
extern_wrapper!(wasm_global_t, Global);
extern_wrapper!(wasm_table_t, Table);
extern_wrapper!(wasm_memory_t, Memory);

/// A new extern object for `which`, handed to C.
pub(crate) fn new_extern(store: &StoreRef, which: ExternWhich) -> *mut wasm_extern_t {
    extern_with_header(store, RefHeader::new(which.ref_kind()), which)
}

pub(crate) fn extern_with_header(store: &StoreRef, header: RefHeader, which: ExternWhich) -> *mut wasm_extern_t {
    object::into_raw(wasm_extern_t { obj: ExternObj::new(header, store, which, None) })
}

impl wasm_extern_t {
    /// The extern's type, read from the store.
    pub(crate) fn ty(&self) -> Option<CExternType> {
        let which = &self.obj.which;
        self.obj.store.with(|ctx| {
            Some(match which {
                ExternWhich::Func(f) => CExternType::Func(CFuncType::from_wasmi(&f.ty(&ctx))),
                ExternWhich::Global(g) => CExternType::Global(CGlobalType::from_wasmi(&g.ty(&ctx))),
                ExternWhich::Table(t) => CExternType::Table(CTableType::from_wasmi(&t.ty(&ctx))),
                ExternWhich::Memory(m) => CExternType::Memory(CMemoryType::from_wasmi(&m.ty(&ctx))),
                ExternWhich::Empty(_) => return None,
            })
        })
    }
}

/// The kind, or `WASM_EXTERN_FUNC` (0) for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_extern_kind(e: *const wasm_extern_t) -> wasm_externkind_t {
    e.as_ref().map(|e| e.obj.which.kind()).unwrap_or(WASM_EXTERN_FUNC)
}

/// A new type (owned by the caller), or NULL for NULL or an empty placeholder.
#[no_mangle]
pub unsafe extern "C" fn wasm_extern_type(e: *const wasm_extern_t) -> *mut wasm_externtype_t {
    match e.as_ref() {
        Some(e) => crate::guard::guard(ptr::null_mut(), || match e.ty() {
            Some(ty) => object::into_raw(wasm_externtype_t::new(ty)),
            None => ptr::null_mut(),
        }),
        None => ptr::null_mut(),
    }
}

/// A placeholder that makes `wasm_instance_new` keep the built-in import.
#[no_mangle]
pub unsafe extern "C" fn wasm_extern_new_empty(store: *mut wasm_store_t, kind: wasm_externkind_t) -> *mut wasm_extern_t {
    match store.as_ref() {
        Some(s) if kind <= WASM_EXTERN_MEMORY => new_extern(&s.inner, ExternWhich::Empty(kind)),
        _ => ptr::null_mut(),
    }
}

unsafe fn narrow<T>(e: *const wasm_extern_t, kind: wasm_externkind_t) -> *mut T {
    match e.as_ref() {
        Some(x) if matches!(x.obj.which, ExternWhich::Empty(_)) => ptr::null_mut(),
        Some(x) if x.obj.which.kind() == kind => e as *mut T,
        _ => ptr::null_mut(),
    }
}

#[no_mangle]
pub extern "C" fn wasm_func_as_extern(f: *mut wasm_func_t) -> *mut wasm_extern_t {
    f as *mut wasm_extern_t
}

#[no_mangle]
pub extern "C" fn wasm_global_as_extern(g: *mut wasm_global_t) -> *mut wasm_extern_t {
    g as *mut wasm_extern_t
}

#[no_mangle]
pub extern "C" fn wasm_table_as_extern(t: *mut wasm_table_t) -> *mut wasm_extern_t {
    t as *mut wasm_extern_t
}

#[no_mangle]
pub extern "C" fn wasm_memory_as_extern(m: *mut wasm_memory_t) -> *mut wasm_extern_t {
    m as *mut wasm_extern_t
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_func(e: *mut wasm_extern_t) -> *mut wasm_func_t {
    narrow(e, WASM_EXTERN_FUNC)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_global(e: *mut wasm_extern_t) -> *mut wasm_global_t {
    narrow(e, WASM_EXTERN_GLOBAL)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_table(e: *mut wasm_extern_t) -> *mut wasm_table_t {
    narrow(e, WASM_EXTERN_TABLE)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_memory(e: *mut wasm_extern_t) -> *mut wasm_memory_t {
    narrow(e, WASM_EXTERN_MEMORY)
}

#[no_mangle]
pub extern "C" fn wasm_func_as_extern_const(f: *const wasm_func_t) -> *const wasm_extern_t {
    f as *const wasm_extern_t
}

#[no_mangle]
pub extern "C" fn wasm_global_as_extern_const(g: *const wasm_global_t) -> *const wasm_extern_t {
    g as *const wasm_extern_t
}

#[no_mangle]
pub extern "C" fn wasm_table_as_extern_const(t: *const wasm_table_t) -> *const wasm_extern_t {
    t as *const wasm_extern_t
}

#[no_mangle]
pub extern "C" fn wasm_memory_as_extern_const(m: *const wasm_memory_t) -> *const wasm_extern_t {
    m as *const wasm_extern_t
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_func_const(e: *const wasm_extern_t) -> *const wasm_func_t {
    narrow(e, WASM_EXTERN_FUNC)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_global_const(e: *const wasm_extern_t) -> *const wasm_global_t {
    narrow(e, WASM_EXTERN_GLOBAL)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_table_const(e: *const wasm_extern_t) -> *const wasm_table_t {
    narrow(e, WASM_EXTERN_TABLE)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_as_memory_const(e: *const wasm_extern_t) -> *const wasm_memory_t {
    narrow(e, WASM_EXTERN_MEMORY)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_delete(p: *mut wasm_extern_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_copy(p: *const wasm_extern_t) -> *mut wasm_extern_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_same(a: *const wasm_extern_t, b: *const wasm_extern_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_get_host_info(p: *const wasm_extern_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_set_host_info(p: *mut wasm_extern_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_set_host_info_with_finalizer(
    p: *mut wasm_extern_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_extern_as_ref(p: *mut wasm_extern_t) -> *mut wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_extern(r: *mut wasm_ref_t) -> *mut wasm_extern_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_extern_as_ref_const(p: *const wasm_extern_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_extern_const(r: *const wasm_ref_t) -> *const wasm_extern_t {
    object::ref_as(r)
}
