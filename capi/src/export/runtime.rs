//! `wasm_runtime_init` / `full_init` / `destroy` (reference-counted, as the C API's
//! engine, which they share), the runtime allocator and the version.
use crate::engine::{wasm_engine_delete, wasm_engine_new, wasm_engine_t};
use crate::guard::guard;
use std::ffi::{c_uint, c_void};
use std::sync::Mutex;

/// How a runtime allocates, as given to `wasm_runtime_full_init`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct RuntimeInitArgs {
    pub mem_alloc_type: crate::config::mem_alloc_type_t,
    pub mem_alloc_option: crate::config::MemAllocOption,
    pub native_module_name: *const std::ffi::c_char,
    pub native_symbols: *mut super::lib_export::NativeSymbol,
    pub n_native_symbols: u32,
    pub max_thread_num: u32,
    pub ip_addr: [std::ffi::c_char; 128],
    pub unused: i32,
    pub instance_port: i32,
    pub fast_jit_code_cache_size: u32,
    pub gc_heap_size: u32,
    pub running_mode: u32,
    pub llvm_jit_opt_level: u32,
    pub llvm_jit_size_level: u32,
    pub segue_flags: u32,
    pub enable_linux_perf: bool,
}

/// The engine the runtime's module instances run on, held from the first `init` to
/// the last `destroy`.
struct Runtime {
    engine: *mut wasm_engine_t,
    inits: usize,
}

unsafe impl Send for Runtime {}

static RUNTIME: Mutex<Runtime> = Mutex::new(Runtime { engine: std::ptr::null_mut(), inits: 0 });

fn runtime() -> std::sync::MutexGuard<'static, Runtime> {
    RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The runtime's wasmi engine; `None` before `wasm_runtime_init`.
pub(crate) fn engine() -> Option<wasmi::Engine> {
    let r = runtime();
    unsafe { r.engine.as_ref() }.map(|e| e.plain())
}

/// Starts the runtime (or counts one more start). Always true.
#[no_mangle]
pub extern "C" fn wasm_runtime_init() -> bool {
    guard(false, || {
        let mut r = runtime();
        if r.inits == 0 {
            r.engine = wasm_engine_new();
            super::libc_builtin::register();
        }
        r.inits += 1;
        !r.engine.is_null()
    })
}

/// As `wasm_runtime_init`, also registering `init_args`' natives. The allocator
/// options are accepted and not needed: the library allocates with the system's.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_full_init(init_args: *mut RuntimeInitArgs) -> bool {
    let Some(args) = init_args.as_ref() else { return false };
    if !wasm_runtime_init() {
        return false;
    }
    if args.n_native_symbols > 0 && !register_init_natives(args) {
        wasm_runtime_destroy();
        return false;
    }
    true
}

/// Natives given to `full_init`, registered under `native_module_name`.
unsafe fn register_init_natives(args: &RuntimeInitArgs) -> bool {
    super::natives::wasm_runtime_register_natives(args.native_module_name, args.native_symbols, args.n_native_symbols)
}

/// Ends one `init`; the last one frees the engine.
#[no_mangle]
pub extern "C" fn wasm_runtime_destroy() {
    guard((), || {
        let mut r = runtime();
        if r.inits == 0 {
            return;
        }
        r.inits -= 1;
        if r.inits == 0 {
            unsafe { wasm_engine_delete(r.engine) };
            r.engine = std::ptr::null_mut();
            super::natives::clear();
            super::multi_module::clear();
        }
    })
}

/// WAMR's allocator entry points, on the system allocator (as a runtime initialised
/// with `Alloc_With_System_Allocator`). `malloc(0)` gives NULL, as WAMR's.
#[no_mangle]
pub extern "C" fn wasm_runtime_malloc(size: c_uint) -> *mut c_void {
    if size == 0 {
        return std::ptr::null_mut();
    }
    unsafe { libc::malloc(size as usize) }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_realloc(ptr: *mut c_void, size: c_uint) -> *mut c_void {
    libc::realloc(ptr, size as usize)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_free(ptr: *mut c_void) {
    libc::free(ptr)
}

/// WAMR's version: 2.4.3.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_version(major: *mut u32, minor: *mut u32, patch: *mut u32) {
    for (out, v) in [(major, 2), (minor, 4), (patch, 3)] {
        if let Some(out) = out.as_mut() {
            *out = v;
        }
    }
}
