//! Module instance contexts (`wasm_runtime_create_context_key`, `_set_context`,
//! `_set_context_spread`, `_get_context`): per-instance pointers under process-wide
//! keys, as pthread keys are per thread, for embedders whose natives keep state per
//! instance.
//!
//! As in WAMR: there are 8 slots, one of them WASI's (WAMR's libc-wasi holds one), so
//! 7 keys can be live at once; a key is a small number cast to a pointer; a key's
//! destructor (a no-op if NULL was given) runs for every instance at its
//! deinstantiation, with the instance and its context (NULL if none was set), but not
//! for the instances `wasm_runtime_spawn_exec_env` made, which start with their
//! parent's contexts. `_set_context_spread` sets the context of the instance, its
//! parent and all their spawned instances.
//!
//! Unlike WAMR, which asserts, a key that is not live (never made, or destroyed) is
//! ignored by the setters and gives NULL; destroying a key also forgets what
//! instances stored under it.
use super::module_inst::wasm_module_inst_t;
use crate::guard::guard;
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::sync::Mutex;

const SLOTS: usize = 8;
/// The slot WAMR's libc-wasi takes for itself.
const WASI_SLOT: usize = 0;

type ContextDtor = Option<unsafe extern "C" fn(wasm_module_inst_t, *mut c_void)>;

struct Contexts {
    /// Per slot: `Some` while the key is live (with its destructor, if any).
    keys: [Option<ContextDtor>; SLOTS],
    /// The contexts of each instance (by address) that has one set.
    by_instance: BTreeMap<usize, [usize; SLOTS]>,
}

static CONTEXTS: Mutex<Contexts> = Mutex::new(Contexts { keys: [None; SLOTS], by_instance: BTreeMap::new() });

fn contexts() -> std::sync::MutexGuard<'static, Contexts> {
    CONTEXTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The slot of a live key.
fn slot(c: &Contexts, key: *mut c_void) -> Option<usize> {
    let n = key as usize;
    (1..=SLOTS).contains(&n).then(|| n - 1).filter(|&i| i != WASI_SLOT && c.keys[i].is_some())
}

/// A new key, whose contexts `dtor` gets at each (main) instance's deinstantiation;
/// NULL when all 7 are taken.
#[no_mangle]
pub extern "C" fn wasm_runtime_create_context_key(
    dtor: Option<unsafe extern "C" fn(inst: wasm_module_inst_t, ctx: *mut c_void)>,
) -> *mut c_void {
    guard(std::ptr::null_mut(), || {
        let mut c = contexts();
        match (0..SLOTS).find(|&i| i != WASI_SLOT && c.keys[i].is_none()) {
            Some(i) => {
                c.keys[i] = Some(dtor);
                (i + 1) as *mut c_void
            }
            None => {
                eprintln!("failed to allocate instance context key");
                std::ptr::null_mut()
            }
        }
    })
}

/// Frees a key (no destructor runs); the contexts stored under it are forgotten.
#[no_mangle]
pub extern "C" fn wasm_runtime_destroy_context_key(key: *mut c_void) {
    guard((), || {
        let mut c = contexts();
        if let Some(i) = slot(&c, key) {
            c.keys[i] = None;
            for ctxs in c.by_instance.values_mut() {
                ctxs[i] = 0;
            }
            c.by_instance.retain(|_, ctxs| ctxs.iter().any(|&p| p != 0));
        }
    })
}

fn set(c: &mut Contexts, inst: usize, i: usize, ctx: *mut c_void) {
    let entry = c.by_instance.entry(inst).or_insert([0; SLOTS]);
    entry[i] = ctx as usize;
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_context(inst: wasm_module_inst_t, key: *mut c_void, ctx: *mut c_void) {
    if inst.is_null() {
        return;
    }
    guard((), || {
        let mut c = contexts();
        if let Some(i) = slot(&c, key) {
            set(&mut c, inst as usize, i, ctx);
        }
    })
}

/// As `wasm_runtime_set_context`, for the instance's whole family: its parent (if it
/// was spawned) and every instance spawned from that one.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_context_spread(inst: wasm_module_inst_t, key: *mut c_void, ctx: *mut c_void) {
    if inst.is_null() {
        return;
    }
    guard((), || {
        let family = super::threads::family(inst);
        let mut c = contexts();
        if let Some(i) = slot(&c, key) {
            for member in family {
                set(&mut c, member as usize, i, ctx);
            }
        }
    })
}

/// The instance's context under `key`, NULL if none was set.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_context(inst: wasm_module_inst_t, key: *mut c_void) -> *mut c_void {
    if inst.is_null() {
        return std::ptr::null_mut();
    }
    guard(std::ptr::null_mut(), || {
        let c = contexts();
        let Some(i) = slot(&c, key) else { return std::ptr::null_mut() };
        c.by_instance.get(&(inst as usize)).map_or(std::ptr::null_mut(), |ctxs| ctxs[i] as *mut c_void)
    })
}

/// A spawned instance starts with its parent's contexts.
pub(crate) fn inherit(child: wasm_module_inst_t, parent: wasm_module_inst_t) {
    let mut c = contexts();
    if let Some(ctxs) = c.by_instance.get(&(parent as usize)).copied() {
        c.by_instance.insert(child as usize, ctxs);
    }
}

/// At an instance's deinstantiation: each live key's destructor gets its context (a
/// spawned instance's are dropped without), and the instance's contexts are forgotten.
pub(crate) unsafe fn instance_gone(inst: wasm_module_inst_t, spawned: bool) {
    let (ctxs, keys) = {
        let mut c = contexts();
        (c.by_instance.remove(&(inst as usize)).unwrap_or([0; SLOTS]), c.keys)
    };
    if spawned {
        return;
    }
    // outside the lock: a destructor may use the context API
    for (i, key) in keys.iter().enumerate() {
        if let Some(Some(dtor)) = key {
            dtor(inst, ctxs[i] as *mut c_void);
        }
    }
}
