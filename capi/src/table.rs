//! `wasm_table_t`: tables created by the host or exported by instances, with
//! host-side `grow` (which WAMR refuses).
use crate::guard::guard;
use crate::object;
use crate::r#extern::{new_extern, wasm_extern_t, ExternWhich};
use crate::r#ref::wasm_ref_t;
use crate::store::{wasm_store_t, StoreData, StoreRef};
use crate::types::tabletype::{wasm_tabletype_t, CTableType};
use crate::val::{self, wasm_val_t};
use crate::types::valtype::{WASM_EXTERNREF, WASM_FUNCREF};
use std::ffi::c_void;
use std::ptr;
use wasmi::{AsContextMut, Ref, RefType, Val, ValType};

pub type wasm_table_size_t = u32;

#[derive(Clone)]
pub struct wasm_table_t {
    pub(crate) ext: wasm_extern_t,
}

impl wasm_table_t {
    fn table(&self) -> Option<wasmi::Table> {
        match self.ext.obj.which {
            ExternWhich::Table(t) => Some(t),
            _ => None,
        }
    }
}

/// A C reference as a table element of type `ty`.
unsafe fn to_ref(r: *mut wasm_ref_t, ty: RefType, ctx: impl AsContextMut<Data = StoreData>, store: &StoreRef) -> Option<Ref> {
    let (kind, vty) = match ty {
        RefType::Func => (WASM_FUNCREF, ValType::FuncRef),
        RefType::Extern => (WASM_EXTERNREF, ValType::ExternRef),
    };
    let mut v = wasm_val_t::ZERO;
    v.kind = kind;
    v.of.r#ref = r;
    match val::to_wasmi(&v, vty, ctx, store).ok()? {
        Val::FuncRef(f) => Some(Ref::Func(f)),
        Val::ExternRef(e) => Some(Ref::Extern(e)),
        _ => None,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_new(
    store: *mut wasm_store_t,
    ty: *const wasm_tabletype_t,
    init: *mut wasm_ref_t,
) -> *mut wasm_table_t {
    let (Some(store), Some(ty)) = (store.as_ref(), ty.as_ref()) else { return ptr::null_mut() };
    let s = &store.inner;
    crate::store::reclaim_if_idle(s);
    s.made_something();
    let limits = ty.ty().limits;
    if limits.max_opt().is_some_and(|max| max < limits.min) {
        return ptr::null_mut(); // wasmi's TableType::new would panic
    }
    guard(ptr::null_mut(), || {
        let tty = ty.ty().to_wasmi();
        let made = s.with(|mut ctx| {
            let init = to_ref(init, tty.element(), &mut ctx, s)?;
            wasmi::Table::new(&mut ctx, tty, init).ok()
        });
        match made {
            Some(t) => new_extern(s, ExternWhich::Table(t)) as *mut wasm_table_t,
            None => ptr::null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_type(t: *const wasm_table_t) -> *mut wasm_tabletype_t {
    let Some(table) = t.as_ref().and_then(|t| t.table()) else { return ptr::null_mut() };
    let store = &(*t).ext.obj.store;
    guard(ptr::null_mut(), || {
        let ty = store.with(|ctx| table.ty(&ctx));
        wasm_tabletype_t::new_raw(CTableType::from_wasmi(&ty))
    })
}

/// The element at `index` as a new owned ref; NULL for a null element or out of range.
#[no_mangle]
pub unsafe extern "C" fn wasm_table_get(t: *const wasm_table_t, index: wasm_table_size_t) -> *mut wasm_ref_t {
    let Some(table) = t.as_ref().and_then(|t| t.table()) else { return ptr::null_mut() };
    let store = &(*t).ext.obj.store;
    guard(ptr::null_mut(), || {
        store.with(|ctx| {
            let v = match table.get(&ctx, u64::from(index)) {
                Some(Ref::Func(f)) => Val::FuncRef(f),
                Some(Ref::Extern(e)) => Val::ExternRef(e),
                None => return ptr::null_mut(),
            };
            val::from_wasmi(&v, &ctx, store).ref_ptr()
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_set(t: *mut wasm_table_t, index: wasm_table_size_t, r: *mut wasm_ref_t) -> bool {
    let Some(table) = t.as_ref().and_then(|t| t.table()) else { return false };
    let store = &(*t).ext.obj.store;
    guard(false, || {
        store.with(|mut ctx| {
            let ty = table.ty(&ctx);
            match to_ref(r, ty.element(), &mut ctx, store) {
                Some(v) => table.set(&mut ctx, u64::from(index), v).is_ok(),
                None => false,
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_size(t: *const wasm_table_t) -> wasm_table_size_t {
    let Some(table) = t.as_ref().and_then(|t| t.table()) else { return 0 };
    let store = &(*t).ext.obj.store;
    guard(0, || store.with(|ctx| table.size(&ctx).min(u64::from(u32::MAX)) as u32))
}

/// Grows by `delta` elements set to `init`; false past the maximum.
#[no_mangle]
pub unsafe extern "C" fn wasm_table_grow(t: *mut wasm_table_t, delta: wasm_table_size_t, init: *mut wasm_ref_t) -> bool {
    let Some(table) = t.as_ref().and_then(|t| t.table()) else { return false };
    let store = &(*t).ext.obj.store;
    guard(false, || {
        store.with(|mut ctx| {
            let ty = table.ty(&ctx);
            match to_ref(init, ty.element(), &mut ctx, store) {
                Some(v) => table.grow(&mut ctx, u64::from(delta), v).is_ok(),
                None => false,
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_delete(p: *mut wasm_table_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_copy(p: *const wasm_table_t) -> *mut wasm_table_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_same(a: *const wasm_table_t, b: *const wasm_table_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_get_host_info(p: *const wasm_table_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_set_host_info(p: *mut wasm_table_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_table_set_host_info_with_finalizer(
    p: *mut wasm_table_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_table_as_ref(p: *mut wasm_table_t) -> *mut wasm_ref_t {
    object::lend_as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_table(r: *mut wasm_ref_t) -> *mut wasm_table_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_table_as_ref_const(p: *const wasm_table_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_table_const(r: *const wasm_ref_t) -> *const wasm_table_t {
    object::ref_as(r)
}
