//! `struct InstantiationArgs2` (opaque in C): what `wasm_runtime_instantiate_ex2` takes,
//! made by `wasm_runtime_instantiation_args_create` and filled by its setters: the
//! `InstantiationArgs` of `wasm_runtime_instantiate_ex` (stack, app heap, memory cap),
//! custom data for the new instance, and a WASI set-up of that instance's own.
//!
//! As in WAMR, an instantiation takes its WASI set-up from its args when a WASI setter
//! was called on them, else from its module (`wasm_runtime_set_wasi_args`); given both,
//! it fails. Unlike WAMR, which keeps the caller's arrays until the instantiation reads
//! them, the setters copy the strings at once, so the arrays need not outlive the call.
//! The socket pools are accepted and ignored (see `wasi_pools.rs`), but count as a WASI
//! set-up, as in WAMR. The custom data is the instance's once it is made (WAMR sets it
//! before the start function runs, so a native called from there sees it; here not).
use super::loader::{set_error, wasm_module_t};
use super::module_inst::{wasm_module_inst_t, wasm_runtime_instantiate_ex, wasm_runtime_set_custom_data};
use crate::config::InstantiationArgs;
use crate::guard::guard;
use crate::wasi::{parse_args, strings, WasiArgs};
use std::ffi::{c_char, c_int, c_void};
use std::ptr;

/// The args of one instantiation (freed by `wasm_runtime_instantiation_args_destroy`).
pub struct InstantiationArgs2 {
    v1: InstantiationArgs,
    custom_data: *mut c_void,
    /// The instance's own WASI set-up, once a WASI setter was called.
    wasi: Option<WasiArgs>,
}

impl InstantiationArgs2 {
    /// The WASI set-up, made (and marked as given) on first use.
    fn wasi(&mut self) -> &mut WasiArgs {
        self.wasi.get_or_insert_with(|| WasiArgs { set_by_user: true, ..Default::default() })
    }
}

/// A new `InstantiationArgs2` with WAMR's defaults (all zero: the default stack, no app
/// heap, no memory cap, no custom data, no WASI set-up) in `*p`. False for NULL `p`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_create(p: *mut *mut InstantiationArgs2) -> bool {
    let Some(out) = p.as_mut() else { return false };
    let made = guard(ptr::null_mut(), || {
        Box::into_raw(Box::new(InstantiationArgs2 { v1: InstantiationArgs::default(), custom_data: ptr::null_mut(), wasi: None }))
    });
    *out = made;
    !made.is_null()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_destroy(p: *mut InstantiationArgs2) {
    if !p.is_null() {
        guard((), || drop(Box::from_raw(p)))
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_default_stack_size(p: *mut InstantiationArgs2, v: u32) {
    if let Some(a) = p.as_mut() {
        a.v1.default_stack_size = v;
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_host_managed_heap_size(p: *mut InstantiationArgs2, v: u32) {
    if let Some(a) = p.as_mut() {
        a.v1.host_managed_heap_size = v;
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_max_memory_pages(p: *mut InstantiationArgs2, v: u32) {
    if let Some(a) = p.as_mut() {
        a.v1.max_memory_pages = v;
    }
}

/// What `wasm_runtime_get_custom_data` of the new instance returns.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_custom_data(p: *mut InstantiationArgs2, custom_data: *mut c_void) {
    if let Some(a) = p.as_mut() {
        a.custom_data = custom_data;
    }
}

/// The instance's WASI argv (copied).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_wasi_arg(p: *mut InstantiationArgs2, argv: *mut *mut c_char, argc: c_int) {
    let Some(a) = p.as_mut() else { return };
    guard((), || a.wasi().argv = strings(argv as *const *const c_char, argc.max(0) as usize))
}

/// The instance's WASI environment, `"KEY=VALUE"` entries (copied).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_wasi_env(p: *mut InstantiationArgs2, env: *mut *const c_char, env_count: u32) {
    let Some(a) = p.as_mut() else { return };
    guard((), || {
        let parsed = parse_args(Vec::new(), Vec::new(), strings(env, env_count as usize), Vec::new(), [-1; 3]);
        a.wasi().env = parsed.env;
    })
}

/// The instance's preopened directories: `dir_list` under their own path,
/// `map_dir_list` as `"guest::host"` (copied).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_wasi_dir(
    p: *mut InstantiationArgs2,
    dir_list: *mut *const c_char,
    dir_count: u32,
    map_dir_list: *mut *const c_char,
    map_dir_count: u32,
) {
    let Some(a) = p.as_mut() else { return };
    guard((), || {
        let dirs = strings(dir_list, dir_count as usize);
        let parsed = parse_args(dirs, strings(map_dir_list, map_dir_count as usize), Vec::new(), Vec::new(), [-1; 3]);
        let wasi = a.wasi();
        wasi.dirs = parsed.dirs;
        wasi.map_dirs = parsed.map_dirs;
    })
}

/// The host descriptors behind the instance's stdin, stdout and stderr (negative:
/// the process's own).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_wasi_stdio(
    p: *mut InstantiationArgs2,
    stdinfd: i64,
    stdoutfd: i64,
    stderrfd: i64,
) {
    if let Some(a) = p.as_mut() {
        a.wasi().stdio = [stdinfd, stdoutfd, stderrfd];
    }
}

/// Accepted and ignored, as `wasm_runtime_set_wasi_addr_pool` (`wasi_pools.rs`); it
/// still makes the args carry a WASI set-up, as in WAMR.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_wasi_addr_pool(
    p: *mut InstantiationArgs2,
    _addr_pool: *mut *const c_char,
    _addr_pool_size: u32,
) {
    if let Some(a) = p.as_mut() {
        a.wasi();
    }
}

/// Accepted and ignored, as `wasm_runtime_set_wasi_ns_lookup_pool` (`wasi_pools.rs`).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiation_args_set_wasi_ns_lookup_pool(
    p: *mut InstantiationArgs2,
    _ns_lookup_pool: *mut *const c_char,
    _ns_lookup_pool_size: u32,
) {
    if let Some(a) = p.as_mut() {
        a.wasi();
    }
}

/// `wasm_runtime_instantiate_ex` with `args`' stack, heap and memory cap, then custom
/// data and WASI set-up. NULL `args` counts as the defaults (as `_ex` takes NULL).
/// An instance given a WASI set-up both by its args and by its module is refused.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiate_ex2(
    module: wasm_module_t,
    args: *const InstantiationArgs2,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> wasm_module_inst_t {
    let (v1, custom_data, wasi) = match args.as_ref() {
        Some(a) => (a.v1, a.custom_data, a.wasi.clone()),
        None => (InstantiationArgs::default(), ptr::null_mut(), None),
    };
    if let (Some(m), Some(_)) = (module.as_ref(), &wasi) {
        if m.wasi.lock().map(|w| w.set_by_user).unwrap_or(false) {
            set_error(
                error_buf,
                error_buf_size,
                "WASM module instantiate failed: WASI configuration was given via both of module and InstantiationArgs2",
            );
            return ptr::null_mut();
        }
    }
    guard(ptr::null_mut(), || {
        let inst = crate::builtins::with_instantiation_wasi(wasi, || wasm_runtime_instantiate_ex(module, &v1, error_buf, error_buf_size));
        if !inst.is_null() && !custom_data.is_null() {
            wasm_runtime_set_custom_data(inst, custom_data);
        }
        inst
    })
}
