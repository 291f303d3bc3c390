//! `wasm_X_vec_t`: WAMR's 40-byte vectors (`size, data, num_elems, size_of_elem, lock`).
//!
//! Every vector type has the same layout, so the logic lives once in [`RawVec`] and
//! each exported function is a one-line shim. Data is allocated with `calloc` and
//! released with `free`, so a failed allocation yields an empty vector instead of
//! aborting, and vectors built by C code with `malloc` can be handed to us.
use crate::guard::guard;
use crate::{
    wasm_exporttype_t, wasm_extern_t, wasm_externtype_t, wasm_frame_t, wasm_functype_t,
    wasm_globaltype_t, wasm_importtype_t, wasm_memorytype_t, wasm_tabletype_t, wasm_val_t,
    wasm_valtype_t,
};
use std::ffi::{c_char, c_void};
use std::{mem, ptr, slice};

/// `byte_t` of the reference header (`char`).
pub type byte_t = c_char;
/// One byte of a `wasm_byte_vec_t`.
pub type wasm_byte_t = byte_t;

/// The shared layout of every `wasm_X_vec_t`.
#[repr(C)]
pub(crate) struct RawVec<T> {
    pub size: usize,
    pub data: *mut T,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

/// What a vector does with its elements when it is copied or deleted.
pub(crate) trait VecElem: Sized {
    /// Releases what the element owns (nothing for plain data).
    unsafe fn release(&mut self) {}
    /// A deep copy, as `wasm_X_copy` makes it.
    unsafe fn duplicate(&self) -> Self;
}

impl VecElem for wasm_byte_t {
    unsafe fn duplicate(&self) -> Self {
        *self
    }
}

impl<T> RawVec<T> {
    pub(crate) const EMPTY: RawVec<T> = RawVec {
        size: 0,
        data: ptr::null_mut(),
        num_elems: 0,
        size_of_elem: mem::size_of::<T>(),
        lock: ptr::null_mut(),
    };

    /// A zero-filled vector of `n` elements, or an empty one if memory is short.
    pub(crate) fn zeroed(n: usize) -> RawVec<T> {
        let elem = mem::size_of::<T>().max(1);
        // As in WAMR (`alloc_vector_data`), a vector holds at most 4 GiB - 1 bytes:
        // larger requests give an empty vector without asking the allocator.
        if n == 0 || n.checked_mul(elem).is_none_or(|bytes| bytes > u32::MAX as usize) {
            return Self::EMPTY;
        }
        let data = unsafe { libc::calloc(n, elem) } as *mut T;
        if data.is_null() {
            return Self::EMPTY;
        }
        RawVec { size: n, data, num_elems: n, ..Self::EMPTY }
    }

    /// Moves `items` into a freshly allocated vector.
    pub(crate) fn from_vec(items: Vec<T>) -> RawVec<T> {
        let mut v = Self::zeroed(items.len());
        if v.size != items.len() {
            return v; // allocation failed: `items` drop here
        }
        let mut items = mem::ManuallyDrop::new(items);
        unsafe {
            ptr::copy_nonoverlapping(items.as_ptr(), v.data, v.size);
            items.set_len(0);
            mem::ManuallyDrop::drop(&mut items);
        }
        v.num_elems = v.size;
        v
    }

    /// The elements, as the caller sized them (`size`).
    pub(crate) fn as_slice(&self) -> &[T] {
        if self.data.is_null() || self.size == 0 {
            &[]
        } else {
            unsafe { slice::from_raw_parts(self.data, self.size) }
        }
    }
}

impl<T: VecElem> RawVec<T> {
    /// Deletes the elements and frees the data; tolerates `data == NULL`.
    pub(crate) unsafe fn release(&mut self) {
        if !self.data.is_null() {
            for i in 0..self.size {
                (*self.data.add(i)).release();
            }
            libc::free(self.data as *mut c_void);
        }
        *self = Self::EMPTY;
    }

    pub(crate) unsafe fn duplicate(&self) -> RawVec<T> {
        RawVec::from_vec(self.as_slice().iter().map(|e| e.duplicate()).collect())
    }
}

/// Casts a C vector to its shared layout.
pub(crate) trait CVec {
    type Elem: VecElem;
    fn raw(&self) -> &RawVec<Self::Elem> {
        unsafe { &*(self as *const Self as *const RawVec<Self::Elem>) }
    }
    fn raw_mut(&mut self) -> &mut RawVec<Self::Elem> {
        unsafe { &mut *(self as *mut Self as *mut RawVec<Self::Elem>) }
    }
    fn as_slice(&self) -> &[Self::Elem] {
        self.raw().as_slice()
    }
}

/// Writes `v` into `out` without reading what `out` held (it may be uninitialised).
pub(crate) unsafe fn write_out<V: CVec>(out: *mut V, v: RawVec<V::Elem>) {
    ptr::write(out as *mut RawVec<V::Elem>, v)
}

/// Fills `out` with `items`; the Rust-side way to hand a vector to C.
pub(crate) unsafe fn vec_fill<V: CVec>(out: *mut V, items: Vec<V::Elem>) {
    write_out(out, RawVec::from_vec(items))
}

pub(crate) unsafe fn vec_new_empty<V: CVec>(out: *mut V) {
    if !out.is_null() {
        write_out(out, RawVec::EMPTY)
    }
}

pub(crate) unsafe fn vec_new_uninitialized<V: CVec>(out: *mut V, n: usize) {
    if !out.is_null() {
        guard((), || write_out(out, RawVec::zeroed(n)))
    }
}

/// Takes ownership of the `n` elements at `data` (a NULL `data` gives `n` zeroed ones).
pub(crate) unsafe fn vec_new<V: CVec>(out: *mut V, n: usize, data: *const V::Elem) {
    if out.is_null() {
        return;
    }
    guard((), || {
        let v = RawVec::<V::Elem>::zeroed(n);
        if !data.is_null() && v.size == n && n > 0 {
            ptr::copy_nonoverlapping(data, v.data, n);
        }
        write_out(out, v)
    })
}

pub(crate) unsafe fn vec_copy<V: CVec>(out: *mut V, src: *const V) {
    if out.is_null() {
        return;
    }
    guard((), || match src.as_ref() {
        Some(src) => write_out(out, src.raw().duplicate()),
        None => write_out(out, RawVec::EMPTY),
    })
}

pub(crate) unsafe fn vec_delete<V: CVec>(v: *mut V) {
    if let Some(v) = v.as_mut() {
        guard((), || v.raw_mut().release())
    }
}

/// A vector of `wasm_byte_t`.
#[repr(C)]
pub struct wasm_byte_vec_t {
    pub size: usize,
    pub data: *mut wasm_byte_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_byte_vec_t {
    type Elem = wasm_byte_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_byte_vec_new_empty(out: *mut wasm_byte_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_byte_vec_new_uninitialized(out: *mut wasm_byte_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_byte_vec_new(out: *mut wasm_byte_vec_t, size: usize, data: *const wasm_byte_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_byte_vec_copy(out: *mut wasm_byte_vec_t, src: *const wasm_byte_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_byte_vec_delete(v: *mut wasm_byte_vec_t) {
    vec_delete(v)
}

/// `wasm_name_t` is a byte vector.
pub type wasm_name_t = wasm_byte_vec_t;
/// `wasm_message_t` (a trap message) is a name.
pub type wasm_message_t = wasm_name_t;

/// A vector of `*mut wasm_valtype_t`.
#[repr(C)]
pub struct wasm_valtype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_valtype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_valtype_vec_t {
    type Elem = *mut wasm_valtype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_vec_new_empty(out: *mut wasm_valtype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_vec_new_uninitialized(out: *mut wasm_valtype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_vec_new(out: *mut wasm_valtype_vec_t, size: usize, data: *const *mut wasm_valtype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_vec_copy(out: *mut wasm_valtype_vec_t, src: *const wasm_valtype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_valtype_vec_delete(v: *mut wasm_valtype_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_functype_t`.
#[repr(C)]
pub struct wasm_functype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_functype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_functype_vec_t {
    type Elem = *mut wasm_functype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_vec_new_empty(out: *mut wasm_functype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_vec_new_uninitialized(out: *mut wasm_functype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_vec_new(out: *mut wasm_functype_vec_t, size: usize, data: *const *mut wasm_functype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_vec_copy(out: *mut wasm_functype_vec_t, src: *const wasm_functype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_functype_vec_delete(v: *mut wasm_functype_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_globaltype_t`.
#[repr(C)]
pub struct wasm_globaltype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_globaltype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_globaltype_vec_t {
    type Elem = *mut wasm_globaltype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_vec_new_empty(out: *mut wasm_globaltype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_vec_new_uninitialized(out: *mut wasm_globaltype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_vec_new(out: *mut wasm_globaltype_vec_t, size: usize, data: *const *mut wasm_globaltype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_vec_copy(out: *mut wasm_globaltype_vec_t, src: *const wasm_globaltype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_globaltype_vec_delete(v: *mut wasm_globaltype_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_tabletype_t`.
#[repr(C)]
pub struct wasm_tabletype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_tabletype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_tabletype_vec_t {
    type Elem = *mut wasm_tabletype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_vec_new_empty(out: *mut wasm_tabletype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_vec_new_uninitialized(out: *mut wasm_tabletype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_vec_new(out: *mut wasm_tabletype_vec_t, size: usize, data: *const *mut wasm_tabletype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_vec_copy(out: *mut wasm_tabletype_vec_t, src: *const wasm_tabletype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_tabletype_vec_delete(v: *mut wasm_tabletype_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_memorytype_t`.
#[repr(C)]
pub struct wasm_memorytype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_memorytype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_memorytype_vec_t {
    type Elem = *mut wasm_memorytype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_vec_new_empty(out: *mut wasm_memorytype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_vec_new_uninitialized(out: *mut wasm_memorytype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_vec_new(out: *mut wasm_memorytype_vec_t, size: usize, data: *const *mut wasm_memorytype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_vec_copy(out: *mut wasm_memorytype_vec_t, src: *const wasm_memorytype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memorytype_vec_delete(v: *mut wasm_memorytype_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_externtype_t`.
#[repr(C)]
pub struct wasm_externtype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_externtype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_externtype_vec_t {
    type Elem = *mut wasm_externtype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_vec_new_empty(out: *mut wasm_externtype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_vec_new_uninitialized(out: *mut wasm_externtype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_vec_new(out: *mut wasm_externtype_vec_t, size: usize, data: *const *mut wasm_externtype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_vec_copy(out: *mut wasm_externtype_vec_t, src: *const wasm_externtype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_externtype_vec_delete(v: *mut wasm_externtype_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_importtype_t`.
#[repr(C)]
pub struct wasm_importtype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_importtype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_importtype_vec_t {
    type Elem = *mut wasm_importtype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_vec_new_empty(out: *mut wasm_importtype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_vec_new_uninitialized(out: *mut wasm_importtype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_vec_new(out: *mut wasm_importtype_vec_t, size: usize, data: *const *mut wasm_importtype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_vec_copy(out: *mut wasm_importtype_vec_t, src: *const wasm_importtype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_importtype_vec_delete(v: *mut wasm_importtype_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_exporttype_t`.
#[repr(C)]
pub struct wasm_exporttype_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_exporttype_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_exporttype_vec_t {
    type Elem = *mut wasm_exporttype_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_vec_new_empty(out: *mut wasm_exporttype_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_vec_new_uninitialized(out: *mut wasm_exporttype_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_vec_new(out: *mut wasm_exporttype_vec_t, size: usize, data: *const *mut wasm_exporttype_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_vec_copy(out: *mut wasm_exporttype_vec_t, src: *const wasm_exporttype_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_exporttype_vec_delete(v: *mut wasm_exporttype_vec_t) {
    vec_delete(v)
}

/// A vector of `wasm_val_t`.
#[repr(C)]
pub struct wasm_val_vec_t {
    pub size: usize,
    pub data: *mut wasm_val_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_val_vec_t {
    type Elem = wasm_val_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_val_vec_new_empty(out: *mut wasm_val_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_val_vec_new_uninitialized(out: *mut wasm_val_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_val_vec_new(out: *mut wasm_val_vec_t, size: usize, data: *const wasm_val_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_val_vec_copy(out: *mut wasm_val_vec_t, src: *const wasm_val_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_val_vec_delete(v: *mut wasm_val_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_frame_t`.
#[repr(C)]
pub struct wasm_frame_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_frame_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_frame_vec_t {
    type Elem = *mut wasm_frame_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_vec_new_empty(out: *mut wasm_frame_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_vec_new_uninitialized(out: *mut wasm_frame_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_vec_new(out: *mut wasm_frame_vec_t, size: usize, data: *const *mut wasm_frame_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_vec_copy(out: *mut wasm_frame_vec_t, src: *const wasm_frame_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_frame_vec_delete(v: *mut wasm_frame_vec_t) {
    vec_delete(v)
}

/// A vector of `*mut wasm_extern_t`.
#[repr(C)]
pub struct wasm_extern_vec_t {
    pub size: usize,
    pub data: *mut *mut wasm_extern_t,
    pub num_elems: usize,
    pub size_of_elem: usize,
    pub lock: *mut c_void,
}

impl CVec for wasm_extern_vec_t {
    type Elem = *mut wasm_extern_t;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_vec_new_empty(out: *mut wasm_extern_vec_t) {
    vec_new_empty(out)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_vec_new_uninitialized(out: *mut wasm_extern_vec_t, size: usize) {
    vec_new_uninitialized(out, size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_vec_new(out: *mut wasm_extern_vec_t, size: usize, data: *const *mut wasm_extern_t) {
    vec_new(out, size, data)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_vec_copy(out: *mut wasm_extern_vec_t, src: *const wasm_extern_vec_t) {
    vec_copy(out, src)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_extern_vec_delete(v: *mut wasm_extern_vec_t) {
    vec_delete(v)
}

/// An owned C vector inside a Rust object: deep-copied on clone, released on drop.
pub(crate) struct OwnedVec<V: CVec>(pub(crate) V);

impl<V: CVec> OwnedVec<V> {
    pub(crate) fn from_vec(items: Vec<V::Elem>) -> OwnedVec<V> {
        let mut v: OwnedVec<V> = OwnedVec(unsafe { mem::zeroed() });
        *v.0.raw_mut() = RawVec::from_vec(items);
        v
    }

    /// Takes over the elements of a caller's vector passed as `own`; the caller's
    /// struct is left as it was (it is moved-from and must not be deleted).
    pub(crate) unsafe fn take(src: *mut V) -> OwnedVec<V> {
        let mut v: OwnedVec<V> = OwnedVec(mem::zeroed());
        *v.0.raw_mut() = match src.as_ref() {
            Some(src) => RawVec {
                size: src.raw().size,
                data: src.raw().data,
                num_elems: src.raw().size,
                ..RawVec::EMPTY
            },
            None => RawVec::EMPTY,
        };
        v
    }

    pub(crate) fn as_slice(&self) -> &[V::Elem] {
        self.0.as_slice()
    }
}

impl<V: CVec> Clone for OwnedVec<V> {
    fn clone(&self) -> Self {
        let mut v: OwnedVec<V> = OwnedVec(unsafe { mem::zeroed() });
        *v.0.raw_mut() = unsafe { self.0.raw().duplicate() };
        v
    }
}

impl<V: CVec> Drop for OwnedVec<V> {
    fn drop(&mut self) {
        unsafe { self.0.raw_mut().release() }
    }
}

/// A name as WAMR hands names out: the bytes plus a trailing NUL, counted in `size`.
pub(crate) fn name_nt(s: &str) -> OwnedVec<wasm_byte_vec_t> {
    let mut bytes: Vec<wasm_byte_t> = s.bytes().map(|b| b as wasm_byte_t).collect();
    bytes.push(0);
    OwnedVec::from_vec(bytes)
}

/// The bytes of a name without a trailing NUL, as a Rust string (lossy).
pub(crate) fn name_str(v: &wasm_byte_vec_t) -> String {
    let bytes: Vec<u8> = v.as_slice().iter().map(|&b| b as u8).collect();
    let trimmed = match bytes.iter().position(|&b| b == 0) {
        Some(end) => &bytes[..end],
        None => &bytes[..],
    };
    String::from_utf8_lossy(trimmed).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_vec_mirrors_size_and_frees() {
        let mut v = RawVec::<wasm_byte_t>::from_vec(vec![1, 2, 3]);
        assert_eq!((v.size, v.num_elems, v.size_of_elem), (3, 3, 1));
        assert_eq!(v.as_slice(), &[1, 2, 3]);
        unsafe { v.release() };
        assert!(v.data.is_null() && v.size == 0);
    }

    #[test]
    fn impossible_allocation_gives_an_empty_vector() {
        let v = RawVec::<*mut u8>::zeroed(usize::MAX / 4);
        assert!(v.data.is_null());
        assert_eq!(v.size, 0);
    }

    #[test]
    fn names_count_their_nul() {
        let n = name_nt("add");
        assert_eq!(n.0.size, 4);
        assert_eq!(name_str(&n.0), "add");
    }
}
