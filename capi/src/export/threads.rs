//! Spawned exec envs and threads (`wasm_runtime_spawn_exec_env`, `_spawn_thread`,
//! `_join_thread`, `_set_max_thread_num`), as WAMR's thread manager makes them for a
//! module whose memory is not shared, which is every module here (wasmi has no
//! threads proposal, hence no shared memory).
//!
//! A spawned exec env runs in a new instance of its parent's module (its own memory,
//! globals and tables, its own store: no state is shared between threads), with the
//! parent's custom data and contexts and the parent exec env's stack size; it is for
//! use on another thread. An instance and the instances spawned from it (or from
//! those) form a family, which holds at most 1 + `max_thread_num` (4 by default)
//! members. `_spawn_thread` runs `callback(spawned exec env, arg)` on a new POSIX
//! thread and destroys the spawned exec env when it returns; `_join_thread` is
//! `pthread_join` on such a thread.
//!
//! As in WAMR, the new instance gets no app heap of the runtime's (the module's own
//! `malloc`/`free` exports still serve). Unlike WAMR's: it runs WAMR's
//! post-instantiation functions (`_initialize`, `__wasm_call_ctors`) besides the start
//! function (its memory is its own, so it needs them), gets its parent's custom data
//! only after those ran, and its own WASI context, made from its module's set-up
//! (WAMR's shares the parent's); `_join_thread` refuses (ESRCH) a thread it did not
//! start, rather than handing it to `pthread_join`.
use super::exec_env::{wasm_exec_env_t, wasm_runtime_create_exec_env, wasm_runtime_destroy_exec_env};
use super::module_inst::{
    wasm_module_inst_t, wasm_runtime_deinstantiate, wasm_runtime_get_custom_data, wasm_runtime_instantiate,
    wasm_runtime_set_custom_data, WASMModuleInstanceCommon,
};
use crate::guard::guard;
use std::ffi::{c_char, c_void};
use std::ptr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// `wasm_thread_callback_t`.
pub type wasm_thread_callback_t = Option<unsafe extern "C" fn(wasm_exec_env_t, *mut c_void) -> *mut c_void>;
/// `wasm_thread_t`: the thread's `pthread_t`.
pub type wasm_thread_t = usize;

/// WAMR's `CLUSTER_MAX_THREAD_NUM`.
static MAX_THREADS: AtomicU32 = AtomicU32::new(4);

struct Spawned {
    env: usize,
    inst: usize,
    /// The family's first instance (`None` once it was deinstantiated).
    root: Option<usize>,
}

struct Registry {
    spawned: Vec<Spawned>,
    /// Threads started by `_spawn_thread` and not joined yet.
    threads: Vec<libc::pthread_t>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry { spawned: Vec::new(), threads: Vec::new() });

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The first instance of `inst`'s family.
fn root_of(r: &Registry, inst: usize) -> usize {
    r.spawned.iter().find(|s| s.inst == inst).and_then(|s| s.root).unwrap_or(inst)
}

/// `inst`'s family: its first instance and every instance spawned from the family.
pub(crate) fn family(inst: wasm_module_inst_t) -> Vec<wasm_module_inst_t> {
    let r = registry();
    let root = root_of(&r, inst as usize);
    let spawned = r.spawned.iter().filter(|s| s.root == Some(root)).map(|s| s.inst as wasm_module_inst_t);
    std::iter::once(root as wasm_module_inst_t).chain(spawned).collect()
}

/// At an instance's deinstantiation: whether it was a spawned one (forgotten now);
/// instances spawned from it lose their family.
pub(crate) fn instance_gone(inst: wasm_module_inst_t) -> bool {
    let mut r = registry();
    let at = r.spawned.iter().position(|s| s.inst == inst as usize);
    if let Some(i) = at {
        r.spawned.remove(i);
    }
    for s in r.spawned.iter_mut().filter(|s| s.root == Some(inst as usize)) {
        s.root = None;
    }
    at.is_some()
}

/// Sets how many spawned exec envs a family may have (0 leaves it unchanged).
#[no_mangle]
pub extern "C" fn wasm_runtime_set_max_thread_num(num: u32) {
    if num > 0 {
        MAX_THREADS.store(num, Ordering::Relaxed);
    }
}

/// A new exec env, in a new instance of `exec_env`'s module, for another thread to
/// run in; NULL when the family is full or the instantiation fails.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_spawn_exec_env(exec_env: wasm_exec_env_t) -> wasm_exec_env_t {
    guard(ptr::null_mut(), || spawn_exec_env(exec_env))
}

unsafe fn spawn_exec_env(exec_env: wasm_exec_env_t) -> wasm_exec_env_t {
    let Some(env) = exec_env.as_ref() else { return ptr::null_mut() };
    let parent = env.module_inst();
    let Some(parent_ref) = parent.as_ref() else { return ptr::null_mut() };
    let root = {
        let r = registry();
        let root = root_of(&r, parent as usize);
        let members = r.spawned.iter().filter(|s| s.root == Some(root)).count();
        if members >= MAX_THREADS.load(Ordering::Relaxed) as usize {
            eprintln!("thread manager error: failed to allocate aux stack space for new thread");
            return ptr::null_mut();
        }
        root
    };
    let module = Arc::as_ptr(&parent_ref.module) as super::loader::wasm_module_t;
    let mut error = [0 as c_char; 128];
    let inst = wasm_runtime_instantiate(module, env.stack_size, 0, error.as_mut_ptr(), error.len() as u32);
    if inst.is_null() {
        eprintln!("{}", std::ffi::CStr::from_ptr(error.as_ptr()).to_string_lossy());
        return ptr::null_mut();
    }
    wasm_runtime_set_custom_data(inst, wasm_runtime_get_custom_data(parent));
    super::context_keys::inherit(inst, parent);
    let spawned = wasm_runtime_create_exec_env(inst, env.stack_size);
    if spawned.is_null() {
        wasm_runtime_deinstantiate(inst);
        return ptr::null_mut();
    }
    registry().spawned.push(Spawned { env: spawned as usize, inst: inst as usize, root: Some(root) });
    spawned
}

/// Destroys an exec env from `wasm_runtime_spawn_exec_env` and its instance; any
/// other exec env is left alone.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_destroy_spawned_exec_env(exec_env: wasm_exec_env_t) {
    if exec_env.is_null() {
        return;
    }
    let inst = registry().spawned.iter().find(|s| s.env == exec_env as usize).map(|s| s.inst);
    if let Some(inst) = inst {
        wasm_runtime_destroy_exec_env(exec_env);
        // the instance's teardown forgets its registration (`instance_gone`)
        wasm_runtime_deinstantiate(inst as *mut WASMModuleInstanceCommon);
    }
}

struct ThreadStart {
    callback: unsafe extern "C" fn(wasm_exec_env_t, *mut c_void) -> *mut c_void,
    env: wasm_exec_env_t,
    arg: *mut c_void,
}

extern "C" fn thread_routine(start: *mut c_void) -> *mut c_void {
    // Safety: the Box `wasm_runtime_spawn_thread` made for this thread alone.
    let start = unsafe { Box::from_raw(start as *mut ThreadStart) };
    let ret = unsafe { (start.callback)(start.env, start.arg) };
    guard((), || unsafe { wasm_runtime_destroy_spawned_exec_env(start.env) });
    ret
}

/// Runs `callback(spawned exec env, arg)` on a new thread, whose id goes to `*tid`.
/// 0 on success, -1 otherwise.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_spawn_thread(
    exec_env: wasm_exec_env_t,
    tid: *mut wasm_thread_t,
    callback: wasm_thread_callback_t,
    arg: *mut c_void,
) -> i32 {
    let (Some(out), Some(callback)) = (tid.as_mut(), callback) else { return -1 };
    let env = wasm_runtime_spawn_exec_env(exec_env);
    if env.is_null() {
        return -1;
    }
    let start = Box::into_raw(Box::new(ThreadStart { callback, env, arg }));
    let mut thread: libc::pthread_t = std::mem::zeroed();
    // the registry lock keeps `_join_thread` from seeing the thread before it is listed
    let mut r = registry();
    if libc::pthread_create(&mut thread, ptr::null(), thread_routine, start as *mut c_void) != 0 {
        drop(r);
        drop(Box::from_raw(start));
        wasm_runtime_destroy_spawned_exec_env(env);
        return -1;
    }
    r.threads.push(thread);
    *out = thread as wasm_thread_t;
    0
}

/// Waits for a thread from `wasm_runtime_spawn_thread`; its callback's result goes to
/// `*retval` (if not NULL). 0, or an error number: ESRCH for a thread not started
/// there (or joined already).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_join_thread(tid: wasm_thread_t, retval: *mut *mut c_void) -> i32 {
    let thread = tid as libc::pthread_t;
    {
        let mut r = registry();
        let Some(i) = r.threads.iter().position(|t| *t == thread) else { return libc::ESRCH };
        r.threads.remove(i);
    }
    libc::pthread_join(thread, retval)
}
