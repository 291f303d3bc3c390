//! `wasm_config_t`: WAMR's public 48-byte configuration struct.
use crate::guard::guard;
use crate::object::{delete, into_raw};
use std::ffi::c_void;
use std::ptr;

/// `mem_alloc_type_t` (a C enum, 4 bytes).
pub type mem_alloc_type_t = u32;
pub const Alloc_With_Pool: mem_alloc_type_t = 0;
pub const Alloc_With_Allocator: mem_alloc_type_t = 1;
pub const Alloc_With_System_Allocator: mem_alloc_type_t = 2;

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MemAllocOptionPool {
    pub heap_buf: *mut c_void,
    pub heap_size: u32,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct MemAllocOptionAllocator {
    pub malloc_func: *mut c_void,
    pub realloc_func: *mut c_void,
    pub free_func: *mut c_void,
    pub user_data: *mut c_void,
}

/// `MemAllocOption` (32 bytes). wasmi allocates with the system allocator; the
/// option is recorded for callers that read it back.
#[repr(C)]
#[derive(Clone, Copy)]
pub union MemAllocOption {
    pub pool: MemAllocOptionPool,
    pub allocator: MemAllocOptionAllocator,
}

#[repr(C)]
#[derive(Clone, Copy)]
pub struct wasm_config_t {
    pub mem_alloc_type: mem_alloc_type_t,
    pub mem_alloc_option: MemAllocOption,
    pub segue_flags: u32,
    pub enable_linux_perf: bool,
}

/// `InstantiationArgs` (12 bytes).
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct InstantiationArgs {
    pub default_stack_size: u32,
    pub host_managed_heap_size: u32,
    pub max_memory_pages: u32,
}

#[no_mangle]
pub extern "C" fn wasm_config_new() -> *mut wasm_config_t {
    guard(ptr::null_mut(), || {
        let mut config: wasm_config_t = unsafe { std::mem::zeroed() };
        config.mem_alloc_type = Alloc_With_System_Allocator;
        into_raw(config)
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_config_delete(config: *mut wasm_config_t) {
    delete(config)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_config_set_mem_alloc_opt(
    config: *mut wasm_config_t,
    mem_alloc_type: mem_alloc_type_t,
    opts: *mut MemAllocOption,
) -> *mut wasm_config_t {
    if let Some(c) = config.as_mut() {
        c.mem_alloc_type = mem_alloc_type;
        if let Some(opts) = opts.as_ref() {
            c.mem_alloc_option = *opts;
        }
    }
    config
}

#[no_mangle]
pub unsafe extern "C" fn wasm_config_set_linux_perf_opt(
    config: *mut wasm_config_t,
    enable: bool,
) -> *mut wasm_config_t {
    if let Some(c) = config.as_mut() {
        c.enable_linux_perf = enable;
    }
    config
}

#[no_mangle]
pub unsafe extern "C" fn wasm_config_set_segue_flags(
    config: *mut wasm_config_t,
    segue_flags: u32,
) -> *mut wasm_config_t {
    if let Some(c) = config.as_mut() {
        c.segue_flags = segue_flags;
    }
    config
}
