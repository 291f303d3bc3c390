//! `wasm_ref_t`: a view of any referenceable object (function, global, table,
//! memory, extern, instance, trap, foreign). `wasm_X_as_ref` is a cast; owned refs
//! returned by the library are boxed objects of the right kind, so deleting or
//! copying a ref dispatches on the header's kind.
use crate::foreign::wasm_foreign_t;
use crate::guard::guard;
use crate::handles;
use crate::instance::{wasm_instance_t, InstanceBody};
use crate::object::{self, RefHeader, RefKind, RefObject};
use crate::r#extern::{wasm_extern_t, ExternWhich};
use crate::store::StoreRef;
use crate::trap::wasm_trap_t;
use std::ffi::c_void;
use std::ptr;
use std::sync::Weak;

pub struct wasm_ref_t {
    pub(crate) header: RefHeader,
}

/// What an `externref` holds: the very C object the host passed in, so that values
/// read back out of wasm are that pointer again, borrowed, as in WAMR.
pub(crate) enum Payload {
    /// Objects that hold no store (foreign objects, traps) are pinned (see
    /// [`crate::handles`]): they stay alive while wasm holds them, even if their
    /// owner deletes them meanwhile.
    Pinned(*mut wasm_ref_t),
    /// Externs and instances hold their store, which holds this payload: pinning them
    /// would keep the store alive forever. So the object is watched instead, and once
    /// its owner deleted it, a read gives a new object for the same entity (owned by
    /// the reader), made from a store-free copy.
    Watched { object: *mut wasm_ref_t, alive: Weak<()>, copy: Copy },
}

pub(crate) enum Copy {
    Extern(RefHeader, ExternWhich),
    Instance(RefHeader, InstanceBody),
}

// The objects are only touched by the thread using the store.
unsafe impl Send for Payload {}
unsafe impl Sync for Payload {}

impl Payload {
    pub(crate) unsafe fn capture(r: *mut wasm_ref_t) -> Payload {
        let header = &(*r).header;
        let watched = |copy| Payload::Watched { object: r, alive: header.liveness(), copy };
        match header.kind {
            k if k.is_extern() => {
                let e = &*(r as *const wasm_extern_t);
                watched(Copy::Extern(e.obj.header.clone(), e.obj.which.clone()))
            }
            RefKind::Instance => {
                let i = &*(r as *const wasm_instance_t);
                watched(Copy::Instance(i.obj.header.clone(), i.obj.body.clone()))
            }
            _ => {
                handles::pin(r as usize);
                Payload::Pinned(r)
            }
        }
    }

    /// The object, borrowed; or, if its owner deleted a watched one, a new object
    /// for the same entity, owned by the caller.
    pub(crate) fn get(&self, store: &StoreRef) -> *mut wasm_ref_t {
        match self {
            Payload::Pinned(r) => *r,
            Payload::Watched { object, alive, .. } if alive.strong_count() > 0 => *object,
            Payload::Watched { copy: Copy::Extern(h, w), .. } => {
                crate::r#extern::extern_with_header(store, h.clone(), w.clone()) as *mut wasm_ref_t
            }
            Payload::Watched { copy: Copy::Instance(h, b), .. } => {
                crate::instance::instance_with_header(store, h.clone(), b.clone()) as *mut wasm_ref_t
            }
        }
    }
}

impl Drop for Payload {
    fn drop(&mut self) {
        if let Payload::Pinned(r) = *self {
            if handles::unpin(r as usize) {
                unsafe { free(r) }
            }
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

unsafe fn drop_as<T>(p: *mut wasm_ref_t) {
    guard((), || drop(Box::from_raw(p as *mut T)))
}

/// Frees the object behind `r`, whatever its kind (no questions asked of the handles).
pub(crate) unsafe fn free(r: *mut wasm_ref_t) {
    match (*r).header.kind {
        k if k.is_extern() => drop_as::<wasm_extern_t>(r),
        RefKind::Instance => drop_as::<wasm_instance_t>(r),
        RefKind::Trap => drop_as::<wasm_trap_t>(r),
        _ => drop_as::<wasm_foreign_t>(r),
    }
}

/// Deletes a ref: gives back a `wasm_X_as_ref` handle if one is out, otherwise
/// deletes the object (unless wasm still holds it).
#[no_mangle]
pub unsafe extern "C" fn wasm_ref_delete(r: *mut wasm_ref_t) {
    if r.is_null() || handles::repay(r as usize) {
        return;
    }
    match handles::owner_delete(r as usize) {
        handles::Fate::Free => free(r),
        handles::Fate::Keep => {}
        // only externs are lent (`wasm_X_as_ref`), and they all share one layout
        handles::Fate::Hollow => object::hollow(r as *mut wasm_extern_t),
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
