//! The C types that only the functions of `unsupported.rs` take (declared in the
//! header's text, `capi/cbindgen_export.toml`): a shared heap's handle and arguments,
//! the pool allocator's statistics, a call stack frame.
use std::ffi::c_void;

/// `struct WASMSharedHeap`: never made.
pub enum WASMSharedHeap {}
pub type wasm_shared_heap_t = *mut WASMSharedHeap;

#[repr(C)]
pub struct SharedHeapInitArgs {
    pub size: u32,
    pub pre_allocated_addr: *mut c_void,
}

#[repr(C)]
pub struct mem_alloc_info_t {
    pub total_size: u32,
    pub total_free_size: u32,
    pub highmark_size: u32,
}

/// `WASMCApiFrame` (`struct wasm_frame_t` of wasm_export.h).
#[repr(C)]
pub struct WASMCApiFrame {
    pub instance: *mut c_void,
    pub module_offset: u32,
    pub func_index: u32,
    pub func_offset: u32,
    pub func_name_wp: *const std::ffi::c_char,
    pub sp: *mut u32,
    pub frame_ref: *mut u8,
    pub lp: *mut u32,
}
