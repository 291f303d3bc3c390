//! `wasm_memory_t`: linear memories created by the host or exported by instances,
//! with host-side `grow` (which WAMR refuses).
use crate::guard::guard;
use crate::object;
use crate::r#extern::{new_extern, wasm_extern_t, ExternWhich};
use crate::r#ref::wasm_ref_t;
use crate::store::wasm_store_t;
use crate::types::memorytype::{wasm_memorytype_t, CMemoryType};
use crate::vec::byte_t;
use std::ffi::c_void;
use std::ptr;

pub type wasm_memory_pages_t = u32;

pub(crate) const PAGE_SIZE: usize = 0x10000;

#[derive(Clone)]
pub struct wasm_memory_t {
    pub(crate) ext: wasm_extern_t,
}

impl wasm_memory_t {
    fn memory(&self) -> Option<wasmi::Memory> {
        match self.ext.obj.which {
            ExternWhich::Memory(m) => Some(m),
            _ => None,
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_new(store: *mut wasm_store_t, ty: *const wasm_memorytype_t) -> *mut wasm_memory_t {
    let (Some(store), Some(ty)) = (store.as_ref(), ty.as_ref()) else { return ptr::null_mut() };
    let s = &store.inner;
    crate::store::reclaim_if_idle(s);
    s.made_something();
    guard(ptr::null_mut(), || {
        let Some(mty) = ty.ty().to_wasmi() else { return ptr::null_mut() };
        match s.with(|ctx| wasmi::Memory::new(ctx, mty)) {
            Ok(m) => new_extern(s, ExternWhich::Memory(m)) as *mut wasm_memory_t,
            Err(_) => ptr::null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_type(m: *const wasm_memory_t) -> *mut wasm_memorytype_t {
    let Some(memory) = m.as_ref().and_then(|m| m.memory()) else { return ptr::null_mut() };
    let store = &(*m).ext.obj.store;
    guard(ptr::null_mut(), || {
        let ty = store.with(|ctx| memory.ty(&ctx));
        wasm_memorytype_t::new_raw(CMemoryType::from_wasmi(&ty))
    })
}

/// The base of the memory, or NULL when it has no bytes. Valid until it grows.
#[no_mangle]
pub unsafe extern "C" fn wasm_memory_data(m: *mut wasm_memory_t) -> *mut byte_t {
    let Some(memory) = m.as_ref().and_then(|m| m.memory()) else { return ptr::null_mut() };
    let store = &(*m).ext.obj.store;
    guard(ptr::null_mut(), || {
        store.with(|ctx| {
            if memory.data_size(&ctx) == 0 {
                ptr::null_mut()
            } else {
                memory.data_ptr(&ctx) as *mut byte_t
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_data_size(m: *const wasm_memory_t) -> usize {
    let Some(memory) = m.as_ref().and_then(|m| m.memory()) else { return 0 };
    let store = &(*m).ext.obj.store;
    guard(0, || store.with(|ctx| memory.data_size(&ctx)))
}

/// How far (in bytes) the memory can grow with `wasm_memory_data()` staying where it is:
/// its reservation (see README, Memory). 0 for NULL, or when growth may move the bytes
/// (the address space for a reservation could not be had).
#[no_mangle]
pub unsafe extern "C" fn wamr_memory_fixed_base_bytes(m: *const wasm_memory_t) -> usize {
    let Some(memory) = m.as_ref().and_then(|m| m.memory()) else { return 0 };
    let store = &(*m).ext.obj.store;
    guard(0, || store.with(|ctx| memory.fixed_base_bytes(&ctx)))
}

/// The size in 64 KiB pages.
#[no_mangle]
pub unsafe extern "C" fn wasm_memory_size(m: *const wasm_memory_t) -> wasm_memory_pages_t {
    let Some(memory) = m.as_ref().and_then(|m| m.memory()) else { return 0 };
    let store = &(*m).ext.obj.store;
    guard(0, || store.with(|ctx| memory.size(&ctx).min(u64::from(u32::MAX)) as u32))
}

/// Grows by `delta` pages; false past the maximum (or `max_memory_pages`).
#[no_mangle]
pub unsafe extern "C" fn wasm_memory_grow(m: *mut wasm_memory_t, delta: wasm_memory_pages_t) -> bool {
    let Some(memory) = m.as_ref().and_then(|m| m.memory()) else { return false };
    let store = &(*m).ext.obj.store;
    guard(false, || store.with(|ctx| memory.grow(ctx, u64::from(delta)).is_ok()))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_delete(p: *mut wasm_memory_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_copy(p: *const wasm_memory_t) -> *mut wasm_memory_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_same(a: *const wasm_memory_t, b: *const wasm_memory_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_get_host_info(p: *const wasm_memory_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_set_host_info(p: *mut wasm_memory_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_memory_set_host_info_with_finalizer(
    p: *mut wasm_memory_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_memory_as_ref(p: *mut wasm_memory_t) -> *mut wasm_ref_t {
    object::lend_as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_memory(r: *mut wasm_ref_t) -> *mut wasm_memory_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_memory_as_ref_const(p: *const wasm_memory_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_memory_const(r: *const wasm_ref_t) -> *const wasm_memory_t {
    object::ref_as(r)
}
