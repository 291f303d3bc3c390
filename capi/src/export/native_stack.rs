//! Native stack checks for natives (`wasm_runtime_detect_native_stack_overflow`,
//! `_size`) and the boundary they check against (`wasm_runtime_set_native_stack_boundary`).
//!
//! wasmi keeps wasm's stacks on the heap, so only natives (and what they call) use the
//! thread's native stack; one about to use much of it asks first. As in WAMR's default
//! Linux build: the boundary is the calling thread's stack limit plus a guard of 3 KiB
//! (`WASM_STACK_GUARD_SIZE`), or the one the embedder set for the exec env (taken as
//! given), plus 3 guard pages; the stack pointer below it (below it less the guard plus
//! `required_size`, for `_size`) is an overflow: the instance's exception becomes
//! "Exception: native stack overflow" (a native returning to wasm then traps with it)
//! and the check says false. Unlike WAMR, which learns the boundary when a call starts
//! on the exec env, the check works outside calls too.
use super::exec_env::{wasm_exec_env_t, WASMExecEnv};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// WAMR's `WASM_STACK_GUARD_SIZE` on Linux.
const GUARD_SIZE: usize = 3 * 1024;
/// WAMR's `STACK_OVERFLOW_CHECK_GUARD_PAGE_COUNT` pages of 4 KiB.
const GUARD_PAGES: usize = 3 * 4096;

/// Boundaries set by `wasm_runtime_set_native_stack_boundary`, by exec env address.
static BOUNDARIES: Mutex<BTreeMap<usize, usize>> = Mutex::new(BTreeMap::new());
/// Whether any is set (spares exec envs the lock when they go).
static ANY: AtomicBool = AtomicBool::new(false);

fn boundaries() -> std::sync::MutexGuard<'static, BTreeMap<usize, usize>> {
    BOUNDARIES.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

thread_local! {
    /// The lowest address of this thread's stack (0 if unknown).
    static STACK_LOW: usize = stack_low();
}

fn stack_low() -> usize {
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return 0;
        }
        let (mut addr, mut size) = (std::ptr::null_mut(), 0usize);
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        if ok {
            addr as usize
        } else {
            0
        }
    }
}

/// The boundary checks of `env` start from (0: unknown, every check passes).
fn boundary(env: &WASMExecEnv) -> usize {
    if ANY.load(Ordering::Relaxed) {
        if let Some(b) = boundaries().get(&(env as *const WASMExecEnv as usize)) {
            return *b;
        }
    }
    match STACK_LOW.with(|low| *low) {
        0 => 0,
        low => low + GUARD_SIZE,
    }
}

#[inline(never)]
fn check(env: &WASMExecEnv, limit: impl FnOnce(usize) -> usize) -> bool {
    let base = boundary(env);
    if base == 0 {
        return true;
    }
    let here = 0u8;
    let sp = std::hint::black_box(&here) as *const u8 as usize;
    if sp >= limit(base + GUARD_PAGES) {
        return true;
    }
    if let Some(inst) = unsafe { env.module_inst().as_ref() } {
        inst.set_exception(Some("native stack overflow"));
    }
    false
}

/// True if the thread has the guard's worth of native stack left; else false, with the
/// instance's exception set. False for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_detect_native_stack_overflow(exec_env: wasm_exec_env_t) -> bool {
    match exec_env.as_ref() {
        Some(env) => check(env, |b| b),
        None => false,
    }
}

/// As `wasm_runtime_detect_native_stack_overflow`, with `required_size` bytes in place
/// of the guard.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_detect_native_stack_overflow_size(exec_env: wasm_exec_env_t, required_size: u32) -> bool {
    match exec_env.as_ref() {
        Some(env) => check(env, |b| (b + required_size as usize).saturating_sub(GUARD_SIZE)),
        None => false,
    }
}

/// Sets the lowest address the exec env's natives may take the stack to (no guard is
/// added; NULL: the thread's own limit again).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_native_stack_boundary(exec_env: wasm_exec_env_t, native_stack_boundary: *mut u8) {
    if exec_env.is_null() {
        return;
    }
    let mut b = boundaries();
    if native_stack_boundary.is_null() {
        b.remove(&(exec_env as usize));
    } else {
        b.insert(exec_env as usize, native_stack_boundary as usize);
        ANY.store(true, Ordering::Relaxed);
    }
}

/// When an exec env goes: its boundary is forgotten.
pub(crate) fn exec_env_gone(env: *const WASMExecEnv) {
    if ANY.load(Ordering::Relaxed) {
        boundaries().remove(&(env as usize));
    }
}
