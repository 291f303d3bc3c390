//! `wamr_store_interrupt`, `wamr_store_clear_interrupt`: stopping a store's running
//! wasm from another thread or a signal handler (wasmtime's epoch interruption, in
//! effect). Extensions; works on every store, metered or not.
use crate::store::wasm_store_t;

/// Stops the store's running call (or else its next one) with the trap
/// "Exception: interrupted", at its next taken branch or call: any store, metered or
/// not (our wasmi patch, third_party/wasmi/PATCHED.md #6). Safe to call from any thread
/// while the store runs elsewhere, and from a signal handler (it only stores to an
/// atomic). False for NULL.
#[no_mangle]
pub unsafe extern "C" fn wamr_store_interrupt(store: *const wasm_store_t) -> bool {
    match store.as_ref() {
        Some(s) => {
            s.inner.interrupt.interrupt();
            true
        }
        None => false,
    }
}

/// Withdraws an interrupt request no call took yet (a request made as a call was
/// ending would otherwise stop the store's next call). False for NULL.
#[no_mangle]
pub unsafe extern "C" fn wamr_store_clear_interrupt(store: *const wasm_store_t) -> bool {
    match store.as_ref() {
        Some(s) => {
            s.inner.interrupt.clear();
            true
        }
        None => false,
    }
}
