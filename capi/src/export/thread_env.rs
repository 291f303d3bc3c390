//! Thread environments (`wasm_runtime_init_thread_env`, `_destroy_thread_env`,
//! `_thread_env_inited`): WAMR sets up each thread that runs wasm (its signal handling
//! for hardware bounds checks, its stack boundary). wasmi needs nothing per thread, so
//! every thread can run wasm at once; these only keep WAMR's answers: a thread's
//! environment counts as set up unless it destroyed it (and did not set it up again).
use std::cell::Cell;

thread_local! {
    /// Whether this thread called `wasm_runtime_destroy_thread_env` last.
    static DESTROYED: Cell<bool> = const { Cell::new(false) };
}

/// Always succeeds.
#[no_mangle]
pub extern "C" fn wasm_runtime_init_thread_env() -> bool {
    DESTROYED.with(|d| d.set(false));
    true
}

#[no_mangle]
pub extern "C" fn wasm_runtime_destroy_thread_env() {
    DESTROYED.with(|d| d.set(true));
}

/// True, unless this thread destroyed its environment since it last set one up.
#[no_mangle]
pub extern "C" fn wasm_runtime_thread_env_inited() -> bool {
    !DESTROYED.with(|d| d.get())
}
