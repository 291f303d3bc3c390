//! `wasm_ref_t`: a view of any referenceable object (function, global, table,
//! memory, extern, instance, trap, foreign). `wasm_X_as_ref` is a cast; owned refs
//! returned by the library are boxed objects of the right kind, so deleting or
//! copying a ref dispatches on the header's kind.
use crate::foreign::wasm_foreign_t;
use crate::guard::guard;
use crate::instance::{wasm_instance_t, InstanceBody};
use crate::object::{self, RefHeader, RefKind, RefObject};
use crate::r#extern::{wasm_extern_t, ExternWhich};
use crate::store::StoreRef;
use crate::trap::wasm_trap_t;
use std::ffi::c_void;
use std::ptr;

pub struct wasm_ref_t {
    pub(crate) header: RefHeader,
}

/// A store-free copy of a C object, kept inside an `externref` so the same entity
/// can be handed back out of wasm.
pub(crate) enum Payload {
    Extern(RefHeader, ExternWhich),
    Instance(RefHeader, InstanceBody),
    Trap(wasm_trap_t),
    Foreign(wasm_foreign_t),
}

// Handles and host info are only touched by the thread using the store.
unsafe impl Send for Payload {}
unsafe impl Sync for Payload {}

impl Payload {
    pub(crate) unsafe fn capture(r: &wasm_ref_t) -> Payload {
        let p = r as *const wasm_ref_t;
        match r.header.kind {
            k if k.is_extern() => {
                let e = &*(p as *const wasm_extern_t);
                Payload::Extern(e.obj.header.clone(), e.obj.which.clone())
            }
            RefKind::Instance => {
                let i = &*(p as *const wasm_instance_t);
                Payload::Instance(i.obj.header.clone(), i.obj.body.clone())
            }
            RefKind::Trap => Payload::Trap((*(p as *const wasm_trap_t)).clone()),
            _ => Payload::Foreign((*(p as *const wasm_foreign_t)).clone()),
        }
    }

    /// A new owned object for the entity, attached to `store`.
    pub(crate) fn restore(&self, store: &StoreRef) -> *mut wasm_ref_t {
        match self {
            Payload::Extern(h, w) => {
                crate::r#extern::extern_with_header(store, h.clone(), w.clone()) as *mut wasm_ref_t
            }
            Payload::Instance(h, b) => {
                crate::instance::instance_with_header(store, h.clone(), b.clone()) as *mut wasm_ref_t
            }
            Payload::Trap(t) => object::into_raw(t.clone()) as *mut wasm_ref_t,
            Payload::Foreign(f) => object::into_raw(f.clone()) as *mut wasm_ref_t,
        }
    }
}

/// Runs `f` on the concrete object behind `r`.
macro_rules! dispatch {
    ($r:expr, $f:path $(, $arg:expr)*) => {{
        let r: *const wasm_ref_t = $r;
        match (*r).header.kind {
            k if k.is_extern() => $f(r as *const wasm_extern_t $(, $arg as *const wasm_extern_t)*) as _,
            RefKind::Instance => $f(r as *const wasm_instance_t $(, $arg as *const wasm_instance_t)*) as _,
            RefKind::Trap => $f(r as *const wasm_trap_t $(, $arg as *const wasm_trap_t)*) as _,
            _ => $f(r as *const wasm_foreign_t $(, $arg as *const wasm_foreign_t)*) as _,
        }
    }};
}

unsafe fn delete_as<T>(p: *const T) {
    object::delete(p as *mut T)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_delete(r: *mut wasm_ref_t) {
    if r.is_null() {
        return;
    }
    match (*r).header.kind {
        k if k.is_extern() => delete_as(r as *const wasm_extern_t),
        RefKind::Instance => delete_as(r as *const wasm_instance_t),
        RefKind::Trap => delete_as(r as *const wasm_trap_t),
        _ => delete_as(r as *const wasm_foreign_t),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_copy(r: *const wasm_ref_t) -> *mut wasm_ref_t {
    if r.is_null() {
        return ptr::null_mut();
    }
    dispatch!(r, object::copy)
}

unsafe fn same_as<T: RefObject>(a: *const T, b: *const T) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_same(a: *const wasm_ref_t, b: *const wasm_ref_t) -> bool {
    match (a.as_ref(), b.as_ref()) {
        (Some(x), Some(y)) if x.header.kind == y.header.kind => guard(false, || dispatch!(a, same_as, b)),
        (Some(x), Some(y)) => x.header.kind.is_extern() && y.header.kind.is_extern() && {
            guard(false, || same_as(a as *const wasm_extern_t, b as *const wasm_extern_t))
        },
        _ => false,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_get_host_info(r: *const wasm_ref_t) -> *mut c_void {
    r.as_ref().map(|r| r.header.host.get()).unwrap_or(ptr::null_mut())
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_set_host_info(r: *mut wasm_ref_t, info: *mut c_void) {
    if let Some(r) = r.as_ref() {
        r.header.host.set(info, None)
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_set_host_info_with_finalizer(
    r: *mut wasm_ref_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    if let Some(r) = r.as_ref() {
        r.header.host.set(info, finalizer)
    }
}
