//! `wasm_runtime_aligned_alloc`: runtime memory aligned like C's `aligned_alloc`, freed
//! with `wasm_runtime_free`.
//!
//! WAMR serves it from its pool allocator only (other allocator modes get NULL); here
//! the runtime allocates with the system allocator in every mode (`runtime.rs`), which
//! serves it in every mode. WAMR's rules hold: the runtime must be initialized; the
//! alignment must be a power of two, is raised to 8 if below, and may not pass a page;
//! the size must be a multiple of it (0 asks for one alignment's worth). Like WAMR's,
//! the block must not be given to `wasm_runtime_realloc` (its alignment would be lost).
use std::ffi::{c_uint, c_void};
use std::ptr;

const MIN_ALIGNMENT: usize = 8;

#[no_mangle]
pub extern "C" fn wasm_runtime_aligned_alloc(size: c_uint, alignment: c_uint) -> *mut c_void {
    if alignment == 0 || super::runtime::engine().is_none() {
        return ptr::null_mut();
    }
    let size = if size == 0 { alignment } else { size } as usize;
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as usize;
    if !alignment.is_power_of_two() {
        return ptr::null_mut();
    }
    let alignment = (alignment as usize).max(MIN_ALIGNMENT);
    if alignment > page || size % alignment != 0 {
        return ptr::null_mut();
    }
    let mut block = ptr::null_mut();
    match unsafe { libc::posix_memalign(&mut block, alignment, size) } {
        0 => block,
        _ => ptr::null_mut(),
    }
}
