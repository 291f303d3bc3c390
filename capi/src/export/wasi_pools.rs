//! WAMR's WASI socket pools: `wasm_runtime_set_wasi_addr_pool` (the addresses and
//! ranges a module may bind and connect to) and `wasm_runtime_set_wasi_ns_lookup_pool`
//! (the host names it may resolve). Accepted and ignored.
//!
//! A pool only ever narrows what WAMR's socket extension of WASI (`sock_open`,
//! `sock_bind`, `sock_connect`, `sock_addr_resolve`, ... in `wasi_snapshot_preview1`)
//! lets a module do. Our WASI is wasi-common's preview 1, which has none of those: a
//! module can open no socket and resolve no name (those imports stay unlinked and trap
//! when called), so every address is already refused, which no pool widens. Refusing
//! the call instead would gain nothing (it returns nothing) and the pool's entries
//! cannot be wrong in a way that matters. As in WAMR, setting a pool counts as giving
//! the module a WASI set-up (`wasm_runtime_instantiate_ex2` then refuses its own).
use super::loader::wasm_module_t;
use std::ffi::c_char;

unsafe fn mark_set(module: wasm_module_t) {
    if let Some(m) = module.as_ref() {
        if let Ok(mut w) = m.wasi.lock() {
            w.set_by_user = true;
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_addr_pool(module: wasm_module_t, _addr_pool: *mut *const c_char, _addr_pool_size: u32) {
    mark_set(module)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_wasi_ns_lookup_pool(
    module: wasm_module_t,
    _ns_lookup_pool: *mut *const c_char,
    _ns_lookup_pool_size: u32,
) {
    mark_set(module)
}
