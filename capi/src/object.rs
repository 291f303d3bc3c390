//! What every object handed to C shares: a header (its kind and host info), and the
//! box discipline (`own` pointers are `Box::into_raw`, `delete` is `Box::from_raw`).
//!
//! Referenceable objects (`wasm_func_t`, `wasm_foreign_t`, ...) start with
//! [`RefHeader`], so `wasm_X_as_ref` is a pointer cast and `wasm_ref_as_X` checks
//! the kind before casting back.
use crate::guard::guard;
use crate::vec::VecElem;
use std::ffi::c_void;
use std::ptr;
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// A host-info finalizer, called once with the info when the object dies.
pub type Finalizer = unsafe extern "C" fn(*mut c_void);

/// What kind of object a `wasm_ref_t*` points at.
#[repr(u8)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RefKind {
    Func,
    Global,
    Table,
    Memory,
    EmptyExtern,
    Instance,
    Trap,
    Foreign,
}

impl RefKind {
    pub(crate) fn is_extern(self) -> bool {
        matches!(
            self,
            RefKind::Func | RefKind::Global | RefKind::Table | RefKind::Memory | RefKind::EmptyExtern
        )
    }
}

struct HostSlot {
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
}

/// Host info shared by an object and all its copies; the finalizer runs when the
/// last of them is gone.
pub(crate) struct HostInfo(Mutex<HostSlot>);

// The C API hands objects between threads one at a time; the pointer is opaque to us.
unsafe impl Send for HostInfo {}
unsafe impl Sync for HostInfo {}

impl HostInfo {
    pub(crate) fn new() -> Arc<HostInfo> {
        Arc::new(HostInfo(Mutex::new(HostSlot { info: ptr::null_mut(), finalizer: None })))
    }

    pub(crate) fn get(&self) -> *mut c_void {
        self.0.lock().map(|s| s.info).unwrap_or(ptr::null_mut())
    }

    pub(crate) fn set(&self, info: *mut c_void, finalizer: Option<unsafe extern "C" fn(*mut c_void)>) {
        if let Ok(mut slot) = self.0.lock() {
            slot.info = info;
            slot.finalizer = finalizer;
        }
    }
}

impl Drop for HostInfo {
    fn drop(&mut self) {
        let slot = match self.0.get_mut() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(finalizer) = slot.finalizer.take() {
            unsafe { finalizer(slot.info) }
        }
    }
}

/// The first field of every referenceable object.
#[repr(C)]
pub(crate) struct RefHeader {
    pub(crate) kind: RefKind,
    pub(crate) host: Arc<HostInfo>,
    /// Made on demand: tells an `externref` holding this very object whether it
    /// still lives. Not shared with copies (a copy is another object).
    alive: OnceLock<Arc<()>>,
}

impl Clone for RefHeader {
    fn clone(&self) -> RefHeader {
        RefHeader { kind: self.kind, host: self.host.clone(), alive: OnceLock::new() }
    }
}

impl RefHeader {
    pub(crate) fn new(kind: RefKind) -> RefHeader {
        RefHeader { kind, host: HostInfo::new(), alive: OnceLock::new() }
    }

    /// A token that dies with this object.
    pub(crate) fn liveness(&self) -> Weak<()> {
        Arc::downgrade(self.alive.get_or_init(|| Arc::new(())))
    }
}

/// A referenceable object: starts with a [`RefHeader`] (`#[repr(C)]`).
pub(crate) trait RefObject: Clone + 'static {
    fn header(&self) -> &RefHeader;
    /// Whether a `wasm_ref_t` of this kind may be viewed as `Self`.
    fn accepts(kind: RefKind) -> bool;
    /// Whether both denote the same underlying entity.
    fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.header().host, &other.header().host)
    }
}

/// Hands a new object to C.
pub(crate) fn into_raw<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// `wasm_X_delete` for any boxed object (kept while wasm still holds it, see
/// [`crate::handles`]).
pub(crate) unsafe fn delete<T>(p: *mut T) {
    if p.is_null() {
        return;
    }
    match crate::handles::owner_delete(p as usize) {
        crate::handles::Fate::Free => guard((), || drop(Box::from_raw(p))),
        crate::handles::Fate::Keep => {}
        crate::handles::Fate::Hollow => hollow(p),
    }
}

/// Drops what `p` holds but keeps its allocation (an `as_ref` loan is still out, see
/// `handles`); the last `wasm_ref_delete` of a loan frees it.
pub(crate) unsafe fn hollow<T>(p: *mut T) {
    unsafe fn free_box<T>(addr: usize) {
        let layout = std::alloc::Layout::new::<T>();
        if layout.size() != 0 {
            std::alloc::dealloc(addr as *mut u8, layout);
        }
    }
    guard((), || ptr::drop_in_place(p));
    crate::handles::hollowed(p as usize, free_box::<T>);
}

/// `wasm_X_copy` for any boxed, clonable object.
pub(crate) unsafe fn copy<T: Clone>(p: *const T) -> *mut T {
    match p.as_ref() {
        Some(v) => guard(ptr::null_mut(), || into_raw(v.clone())),
        None => ptr::null_mut(),
    }
}

/// Owning vectors of boxed objects delete and deep-copy their elements.
impl<T: Clone> VecElem for *mut T {
    unsafe fn release(&mut self) {
        delete(*self);
        *self = ptr::null_mut();
    }
    unsafe fn duplicate(&self) -> Self {
        copy(*self)
    }
}

// The generic halves of the `WASM_DECLARE_REF` functions; each type's file has the shims.

pub(crate) unsafe fn same<T: RefObject>(a: *const T, b: *const T) -> bool {
    match (a.as_ref(), b.as_ref()) {
        (Some(a), Some(b)) => guard(false, || ptr::eq(a, b) || a.same(b)),
        _ => false,
    }
}

pub(crate) unsafe fn get_host_info<T: RefObject>(p: *const T) -> *mut c_void {
    match p.as_ref() {
        Some(v) => v.header().host.get(),
        None => ptr::null_mut(),
    }
}

pub(crate) unsafe fn set_host_info<T: RefObject>(
    p: *mut T,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    if let Some(v) = p.as_ref() {
        v.header().host.set(info, finalizer)
    }
}

/// `wasm_X_as_ref` as a cast (the object itself).
pub(crate) fn as_ref<T: RefObject>(p: *const T) -> *mut crate::wasm_ref_t {
    p as *mut crate::wasm_ref_t
}

/// `wasm_X_as_ref` of an extern: the cast, plus a handle that a WAMR program's
/// `wasm_ref_delete` gives back (WAMR makes a new object there, see `handles`).
pub(crate) fn lend_as_ref<T: RefObject>(p: *mut T) -> *mut crate::wasm_ref_t {
    if !p.is_null() {
        crate::handles::lend(p as usize);
    }
    p as *mut crate::wasm_ref_t
}

pub(crate) unsafe fn ref_as<T: RefObject>(r: *const crate::wasm_ref_t) -> *mut T {
    match r.as_ref() {
        Some(r) if T::accepts(r.header.kind) => r as *const _ as *mut T,
        _ => ptr::null_mut(),
    }
}
