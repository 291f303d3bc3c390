//! WAMR's externref map (`wasm_externref_obj2ref`, `_ref2obj`, `_objdel`,
//! `_set_cleanup`, `_retain`): host objects, each with the instance it belongs to,
//! numbered with 32-bit indexes for wasm_export.h's interfaces that carry an externref
//! as a number.
//!
//! WAMR's contract, kept here: indexes count up from 1 and are never reused (the map
//! is full once they would reach `0xFFFFFFFF`, the null index); one `(instance, object)`
//! pair has one index, asked for again it gets the same; `(void *)-1` stands for null
//! and maps to the null index, which maps back to NULL; deleting an entry (by
//! `_objdel`, or when its instance is deinstantiated) runs its cleanup callback on the
//! object. `_retain` marks an entry to survive a reclaim of unused entries, which WAMR
//! 2.4.3 never runs: so it only answers whether the index is mapped.
use super::module_inst::wasm_module_inst_t;
use crate::guard::guard;
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::sync::Mutex;

/// The index of a null externref.
pub(crate) const NULL_REF: u32 = u32::MAX;

struct Entry {
    object: usize,
    instance: usize,
    /// What a reclaim of unused entries would spare (none runs, as in WAMR 2.4.3).
    #[allow(dead_code)]
    retained: bool,
    cleanup: Option<unsafe extern "C" fn(*mut c_void)>,
}

struct Map {
    entries: BTreeMap<u32, Entry>,
    next: u32,
}

static MAP: Mutex<Map> = Mutex::new(Map { entries: BTreeMap::new(), next: 1 });

fn map() -> std::sync::MutexGuard<'static, Map> {
    MAP.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn find(m: &Map, inst: wasm_module_inst_t, obj: *mut c_void) -> Option<u32> {
    m.entries.iter().find(|(_, e)| e.object == obj as usize && e.instance == inst as usize).map(|(i, _)| *i)
}

/// The index of `extern_obj` for `module_inst`, made if it has none, in
/// `*p_externref_idx`. False when the indexes are used up (or for NULL arguments).
#[no_mangle]
pub unsafe extern "C" fn wasm_externref_obj2ref(module_inst: wasm_module_inst_t, extern_obj: *mut c_void, p_externref_idx: *mut u32) -> bool {
    let (false, Some(out)) = (module_inst.is_null(), p_externref_idx.as_mut()) else { return false };
    if extern_obj as usize == usize::MAX {
        *out = NULL_REF;
        return true;
    }
    let index = guard(None, || {
        let mut m = map();
        if let Some(i) = find(&m, module_inst, extern_obj) {
            return Some(i);
        }
        let i = m.next;
        if i == NULL_REF || i == 0 {
            return None;
        }
        m.entries.insert(i, Entry { object: extern_obj as usize, instance: module_inst as usize, retained: false, cleanup: None });
        m.next += 1;
        Some(i)
    });
    match index {
        Some(i) => {
            *out = i;
            true
        }
        None => false,
    }
}

/// Deletes the entry of `extern_obj` for `module_inst`, running its cleanup callback.
/// False if there is none.
#[no_mangle]
pub unsafe extern "C" fn wasm_externref_objdel(module_inst: wasm_module_inst_t, extern_obj: *mut c_void) -> bool {
    if module_inst.is_null() {
        return false;
    }
    let removed = guard(None, || {
        let mut m = map();
        let i = find(&m, module_inst, extern_obj)?;
        m.entries.remove(&i)
    });
    match removed {
        Some(e) => {
            run_cleanup(&e);
            true
        }
        None => false,
    }
}

/// Sets the callback that releases `extern_obj` when its entry is deleted. False if it
/// has no entry for `module_inst`.
#[no_mangle]
pub unsafe extern "C" fn wasm_externref_set_cleanup(
    module_inst: wasm_module_inst_t,
    extern_obj: *mut c_void,
    extern_obj_cleanup: Option<unsafe extern "C" fn(arg1: *mut c_void)>,
) -> bool {
    if module_inst.is_null() {
        return false;
    }
    guard(false, || {
        let mut m = map();
        let Some(i) = find(&m, module_inst, extern_obj) else { return false };
        if let Some(e) = m.entries.get_mut(&i) {
            e.cleanup = extern_obj_cleanup;
        }
        true
    })
}

/// The object mapped to `externref_idx` in `*p_extern_obj` (NULL for the null
/// index). False if the index is not mapped.
#[no_mangle]
pub unsafe extern "C" fn wasm_externref_ref2obj(externref_idx: u32, p_extern_obj: *mut *mut c_void) -> bool {
    let Some(out) = p_extern_obj.as_mut() else { return false };
    if externref_idx == NULL_REF {
        *out = std::ptr::null_mut();
        return true;
    }
    match guard(None, || map().entries.get(&externref_idx).map(|e| e.object)) {
        Some(obj) => {
            *out = obj as *mut c_void;
            true
        }
        None => false,
    }
}

/// Marks a mapped index as retained. False for the null index or one not mapped.
#[no_mangle]
pub extern "C" fn wasm_externref_retain(externref_idx: u32) -> bool {
    if externref_idx == NULL_REF {
        return false;
    }
    guard(false, || match map().entries.get_mut(&externref_idx) {
        Some(e) => {
            e.retained = true;
            true
        }
        None => false,
    })
}

unsafe fn run_cleanup(e: &Entry) {
    if let Some(cleanup) = e.cleanup {
        cleanup(e.object as *mut c_void);
    }
}

/// At an instance's deinstantiation: its entries are deleted (their cleanups run).
pub(crate) unsafe fn instance_gone(inst: wasm_module_inst_t) {
    let gone: Vec<Entry> = {
        let mut m = map();
        let indexes: Vec<u32> = m.entries.iter().filter(|(_, e)| e.instance == inst as usize).map(|(i, _)| *i).collect();
        indexes.iter().filter_map(|i| m.entries.remove(i)).collect()
    };
    // outside the lock: a cleanup may use the map
    for e in &gone {
        run_cleanup(e);
    }
}
