//! Target (b): valid modules from `wasm-smith`, instantiated with C host functions
//! (`wasm_func_new_with_env`) for every function import and host globals, tables and
//! memories for the others, in a metered store; every export is then exercised:
//! functions called with arbitrary arguments under a fuel budget, globals read and
//! written, tables and memories read and grown.
//!
//! Host functions answer as the input says: correct results, a trap, results of the
//! wrong kind, re-entering wasm through an export, or interrupting the store.
use crate::*;
use arbitrary::{Arbitrary, Result, Unstructured};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};

/// Fuel for each outermost call.
const CALL_FUEL: u64 = 300_000;
/// Memories may not grow past this many pages (4 MiB) in the fuzzed store.
const MAX_PAGES: u32 = 64;

/// The wasm-smith configuration: arbitrary, but only features wasmi implements, and
/// sizes a fuzzer can afford.
pub fn config(u: &mut Unstructured) -> Result<wasm_smith::Config> {
    let mut c = wasm_smith::Config::arbitrary(u)?;
    c.exceptions_enabled = false;
    c.threads_enabled = false;
    c.gc_enabled = false;
    c.compact_imports_enabled = false;
    c.custom_page_sizes_enabled = false;
    c.wide_arithmetic_enabled = false;
    c.shared_everything_threads_enabled = false;
    c.custom_descriptors_enabled = false;
    c.acquire_release_atomics_enabled = false;
    c.multibyte_array_access_enabled = false;
    c.max_memory32_bytes = c.max_memory32_bytes.min(u64::from(MAX_PAGES) * 65536);
    c.max_memory64_bytes = c.max_memory64_bytes.min(u128::from(MAX_PAGES) * 65536);
    c.max_table_elements = c.max_table_elements.min(10_000);
    c.max_memories = c.max_memories.min(4);
    c.max_tables = c.max_tables.min(8);
    c.max_imports = c.max_imports.min(32);
    c.max_exports = c.max_exports.min(64);
    c.max_funcs = c.max_funcs.min(64);
    c.max_instructions = c.max_instructions.min(2000);
    c.max_data_segments = c.max_data_segments.min(32);
    c.max_element_segments = c.max_element_segments.min(32);
    c.max_elements = c.max_elements.min(1000);
    Ok(c)
}

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(config) = config(&mut u) else { return };
    let Ok(module) = wasm_smith::Module::new(config, &mut u) else { return };
    let wasm = module.to_bytes();
    let engine = EngineRef::new();
    unsafe { exercise(engine.0, &wasm, &mut u) }
}

/// The module `run` builds from `data` (for triage).
pub fn module_bytes(data: &[u8]) -> Option<Vec<u8>> {
    let mut u = Unstructured::new(data);
    let config = config(&mut u).ok()?;
    Some(wasm_smith::Module::new(config, &mut u).ok()?.to_bytes())
}

/// What a host function does when called, for each call in turn.
struct HostEnv {
    store: *mut wasm_store_t,
    results: Vec<wasm_valkind_t>,
    script: Vec<u8>,
    pos: Cell<usize>,
    /// An export to re-enter through (set once the instance exists; borrowed from
    /// `Session::exports`, which outlives every call).
    reenter: Cell<*const wasm_func_t>,
    depth: Cell<u32>,
    finalized: AtomicU32,
    calls: Cell<u32>,
}

unsafe extern "C" fn host_finalize(env: *mut c_void) {
    let env = &*(env as *const HostEnv);
    env.finalized.fetch_add(1, Ordering::SeqCst);
}

fn zero(kind: wasm_valkind_t) -> wasm_val_t {
    wasm_val_t { kind, _paddings: [0; 7], of: wasm_val_union { i64: 0 } }
}

unsafe extern "C" fn host_call(
    env: *mut c_void,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    let env = &*(env as *const HostEnv);
    env.calls.set(env.calls.get() + 1);
    let args = args.as_ref().expect("host function got NULL args");
    let results = results.as_mut().expect("host function got NULL results");
    assert_eq!(results.size, env.results.len(), "results vec size");
    assert_eq!(results.num_elems, env.results.len(), "results vec num_elems");
    assert_eq!(args.size, args.num_elems);
    let args = vec_items(args.data, args.size);
    let out = if results.data.is_null() {
        assert!(env.results.is_empty());
        &mut [][..]
    } else {
        std::slice::from_raw_parts_mut(results.data, results.size)
    };
    let b = if env.script.is_empty() { 0xff } else { env.script[env.pos.get() % env.script.len()] };
    env.pos.set(env.pos.get() + 1);
    match b % 16 {
        0 => {
            let msg = byte_vec(b"host says no\0");
            let t = wasm_trap_new(env.store, &msg);
            let mut msg = msg;
            wasm_byte_vec_delete(&mut msg);
            return t;
        }
        1 | 2 => {
            // Re-enter wasm (wasm -> host -> wasm), a few levels deep at most.
            let f = env.reenter.get();
            if !f.is_null() && env.depth.get() < 3 {
                env.depth.set(env.depth.get() + 1);
                let t = call_func(f as *mut _, &mut Unstructured::new(&env.script), false);
                env.depth.set(env.depth.get() - 1);
                if let Some(t) = t {
                    return t;
                }
            }
        }
        3 => {
            assert!(wamr_store_interrupt(env.store));
        }
        4 => {
            // Wrong kinds: the library must refuse them (or read numbers leniently).
            for v in out.iter_mut() {
                *v = zero(if v.kind == WASM_EXTERNREF { WASM_I64 } else { WASM_EXTERNREF });
            }
            return ptr::null_mut();
        }
        _ => {}
    }
    for (i, (v, &k)) in out.iter_mut().zip(&env.results).enumerate() {
        let seed = env.script.get(i % env.script.len().max(1)).copied().unwrap_or(7) as i64 * 0x0101_0101 + i as i64;
        *v = zero(k);
        match k {
            WASM_I32 => v.of.i32 = seed as i32,
            WASM_I64 => v.of.i64 = seed,
            WASM_F32 => v.of.f32 = seed as f32,
            WASM_F64 => v.of.f64 = seed as f64 / 3.0,
            WASM_EXTERNREF | WASM_FUNCREF => {
                // Hand back an argument of the same kind, or null: the library keeps
                // result refs the callback's (WAMR's model), so the argument itself.
                let same = args.iter().find(|a| a.kind == k && !a.of.r#ref.is_null());
                v.of.r#ref = same.map(|a| a.of.r#ref).unwrap_or(ptr::null_mut());
            }
            _ => {}
        }
    }
    ptr::null_mut()
}

/// Calls `f` with arguments drawn from `u` (usually of the right kinds). Returns the
/// trap, if any; checks the results on success.
unsafe fn call_func(f: *mut wasm_func_t, u: &mut Unstructured, wrong_kinds_ok: bool) -> Option<*mut wasm_trap_t> {
    let ty = wasm_func_type(f);
    assert!(!ty.is_null());
    let params = kinds_of(wasm_functype_params(ty));
    let results = kinds_of(wasm_functype_results(ty));
    wasm_functype_delete(ty);
    let mut refs: Vec<*mut wasm_ref_t> = Vec::new();
    let mut args: Vec<wasm_val_t> = Vec::with_capacity(params.len());
    for &k in &params {
        let mut v = zero(k);
        if wrong_kinds_ok && u.ratio(1, 32).unwrap_or(false) {
            v.kind = *u.choose(&[WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF]).unwrap_or(&WASM_I32);
        }
        match v.kind {
            WASM_I32 => v.of.i32 = u.arbitrary().unwrap_or(0),
            WASM_I64 => v.of.i64 = u.arbitrary().unwrap_or(0),
            WASM_F32 => v.of.f32 = f32::from_bits(u.arbitrary().unwrap_or(0)),
            WASM_F64 => v.of.f64 = f64::from_bits(u.arbitrary().unwrap_or(0)),
            WASM_FUNCREF => {
                if u.arbitrary().unwrap_or(false) {
                    // The function itself, as a reference (an owned copy).
                    let r = wasm_ref_copy(wasm_func_as_ref(f));
                    refs.push(r);
                    v.of.r#ref = r;
                }
            }
            WASM_EXTERNREF => {
                if u.arbitrary().unwrap_or(false) {
                    let r = wasm_ref_copy(wasm_func_as_ref(f));
                    refs.push(r);
                    v.of.r#ref = r;
                }
            }
            _ => {}
        }
        args.push(v);
    }
    let mut outs: Vec<wasm_val_t> = vec![zero(WASM_I32); results.len()];
    let argv = wasm_val_vec_t {
        size: args.len(),
        data: args.as_mut_ptr(),
        num_elems: args.len(),
        size_of_elem: 16,
        lock: ptr::null_mut(),
    };
    let mut outv = wasm_val_vec_t {
        size: outs.len(),
        data: outs.as_mut_ptr(),
        num_elems: outs.len(),
        size_of_elem: 16,
        lock: ptr::null_mut(),
    };
    let trap = wasm_func_call(f, &argv, &mut outv);
    for r in refs {
        wasm_ref_delete(r);
    }
    if trap.is_null() {
        assert_eq!(outv.size, results.len());
        for (v, &k) in outs.iter_mut().zip(&results) {
            assert_eq!(v.kind, k, "result kind");
            release_read_val(v);
        }
        None
    } else {
        Some(trap)
    }
}

/// Builds a value of `kind` for a host global.
fn global_value(kind: wasm_valkind_t, u: &mut Unstructured) -> wasm_val_t {
    let mut v = zero(kind);
    match kind {
        WASM_I32 => v.of.i32 = u.arbitrary().unwrap_or(0),
        WASM_I64 => v.of.i64 = u.arbitrary().unwrap_or(0),
        WASM_F32 => v.of.f32 = f32::from_bits(u.arbitrary().unwrap_or(0)),
        WASM_F64 => v.of.f64 = f64::from_bits(u.arbitrary().unwrap_or(0)),
        _ => {}
    }
    v
}

unsafe fn same_bits(a: &wasm_val_t, b: &wasm_val_t) -> bool {
    a.kind == b.kind
        && match a.kind {
            WASM_I32 | WASM_F32 => a.of.i32 == b.of.i32,
            WASM_I64 | WASM_F64 => a.of.i64 == b.of.i64,
            _ => true,
        }
}

/// Everything one input creates; deleted in `Drop`-free, explicit order at the end.
struct Session {
    store: *mut wasm_store_t,
    module: *mut wasm_module_t,
    envs: Vec<Box<HostEnv>>,
    host_funcs: Vec<*mut wasm_func_t>,
    host_globals: Vec<*mut wasm_global_t>,
    host_tables: Vec<*mut wasm_table_t>,
    host_memories: Vec<*mut wasm_memory_t>,
    instance: *mut wasm_instance_t,
    exports: wasm_extern_vec_t,
}

unsafe fn exercise(engine: *mut wasm_engine_t, wasm: &[u8], u: &mut Unstructured) {
    let store = wamr_store_new_metered(engine);
    assert!(!store.is_null());
    let mut bin = byte_vec(wasm);
    let module = wasm_module_new(store, &bin);
    assert!(wasm_module_validate(store, &bin) == !module.is_null());
    wasm_byte_vec_delete(&mut bin);
    if module.is_null() {
        // wasm-smith is told to use only what wasmi implements: a refusal is a bug.
        wasm_store_delete(store);
        if std::env::var_os("IWASM_FUZZ_LAX").is_none() {
            panic!("a valid wasm-smith module was refused ({} bytes)", wasm.len());
        }
        return;
    }
    introspect_module(module);
    let mut s = Session {
        store,
        module,
        envs: Vec::new(),
        host_funcs: Vec::new(),
        host_globals: Vec::new(),
        host_tables: Vec::new(),
        host_memories: Vec::new(),
        instance: ptr::null_mut(),
        exports: empty_vec!(wasm_extern_vec_t),
    };

    // One extern per import, in order (imports link by position).
    let mut imports = empty_vec!(wasm_importtype_vec_t);
    wasm_module_imports(module, &mut imports);
    let mut externs: Vec<*mut wasm_extern_t> = Vec::new();
    let mut placeholders: Vec<*mut wasm_extern_t> = Vec::new();
    for &it in vec_items(imports.data, imports.size) {
        let et = wasm_importtype_type(it);
        let ext = match wasm_externtype_kind(et) {
            WASM_EXTERN_FUNC => {
                let ft = wasm_externtype_as_functype_const(et);
                let n = u.int_in_range(0..=8).unwrap_or(0);
                let env = Box::new(HostEnv {
                    store,
                    results: kinds_of(wasm_functype_results(ft)),
                    script: u.bytes(n).unwrap_or(&[]).to_vec(),
                    pos: Cell::new(0),
                    reenter: Cell::new(ptr::null()),
                    depth: Cell::new(0),
                    finalized: AtomicU32::new(0),
                    calls: Cell::new(0),
                });
                let envp = &*env as *const HostEnv as *mut c_void;
                s.envs.push(env);
                let f = wasm_func_new_with_env(store, ft, Some(host_call), envp, Some(host_finalize));
                assert!(!f.is_null(), "wasm_func_new_with_env failed for an import's own type");
                s.host_funcs.push(f);
                wasm_func_as_extern(f)
            }
            WASM_EXTERN_GLOBAL => {
                let gt = wasm_externtype_as_globaltype_const(et);
                let kind = wasm_valtype_kind(wasm_globaltype_content(gt));
                let v = global_value(kind, u);
                let g = wasm_global_new(store, gt, &v);
                if g.is_null() && kind == WASM_V128 {
                    // A v128 value cannot be given through wasm_val_t: nothing to link.
                    let p = wasm_extern_new_empty(store, WASM_EXTERN_GLOBAL);
                    placeholders.push(p);
                    p
                } else {
                assert!(!g.is_null(), "wasm_global_new failed for an import's own type (kind {kind}, mutability {})", wasm_globaltype_mutability(gt));
                s.host_globals.push(g);
                wasm_global_as_extern(g)
                }
            }
            WASM_EXTERN_TABLE => {
                let tt = wasm_externtype_as_tabletype_const(et);
                let t = wasm_table_new(store, tt, ptr::null_mut());
                assert!(!t.is_null(), "wasm_table_new failed for an import's own type");
                s.host_tables.push(t);
                wasm_table_as_extern(t)
            }
            WASM_EXTERN_MEMORY => {
                let mt = wasm_externtype_as_memorytype_const(et);
                let m = wasm_memory_new(store, mt);
                assert!(!m.is_null(), "wasm_memory_new failed for an import's own type");
                s.host_memories.push(m);
                wasm_memory_as_extern(m)
            }
            k => panic!("import kind {k}"),
        };
        assert!(!ext.is_null());
        externs.push(ext);
    }
    wasm_importtype_vec_delete(&mut imports);

    // Sometimes leave holes: a NULL slot, a placeholder, or a short vector.
    if !externs.is_empty() && u.ratio(1, 8).unwrap_or(false) {
        let i = u.choose_index(externs.len()).unwrap_or(0);
        match u.int_in_range(0..=2).unwrap_or(0) {
            0 => externs[i] = ptr::null_mut(),
            1 => {
                let kind = wasm_extern_kind(externs[i]);
                let p = wasm_extern_new_empty(store, kind);
                placeholders.push(p);
                externs[i] = p;
            }
            _ => externs.truncate(i),
        }
    }
    let imports_vec = wasm_extern_vec_t {
        size: externs.len(),
        data: externs.as_mut_ptr(),
        num_elems: externs.len(),
        size_of_elem: 8,
        lock: ptr::null_mut(),
    };
    let args = InstantiationArgs {
        default_stack_size: u.arbitrary().unwrap_or(0),
        host_managed_heap_size: 0,
        max_memory_pages: u.int_in_range(1..=MAX_PAGES).unwrap_or(MAX_PAGES),
    };
    assert!(wamr_store_set_fuel(store, CALL_FUEL));
    let mut trap = ptr::null_mut();
    s.instance = wasm_instance_new_with_args_ex(store, module, &imports_vec, &mut trap, &args);
    if !trap.is_null() {
        assert!(s.instance.is_null(), "an instance and a trap");
        consume_trap(trap);
    }
    if !s.instance.is_null() {
        wasm_instance_exports(s.instance, &mut s.exports);
        let exports: Vec<*mut wasm_extern_t> = vec_items(s.exports.data, s.exports.size).to_vec();
        // Host functions may re-enter through the first exported function.
        if let Some(f) = exports.iter().map(|&e| wasm_extern_as_func(e)).find(|f| !f.is_null()) {
            for env in &s.envs {
                env.reenter.set(f);
            }
        }
        let rounds = if exports.is_empty() { 0 } else { u.int_in_range(1..=3).unwrap_or(1) };
        for _ in 0..rounds {
            for &e in &exports {
                poke_export(store, e, u, args.max_memory_pages);
            }
        }
        for env in &s.envs {
            env.reenter.set(ptr::null());
        }
    }
    for p in placeholders {
        wasm_extern_delete(p);
    }
    finish(s);
}

unsafe fn poke_export(store: *mut wasm_store_t, e: *mut wasm_extern_t, u: &mut Unstructured, cap: u32) {
    assert!(!e.is_null());
    let et = wasm_extern_type(e);
    check_externtype(et);
    wasm_externtype_delete(et);
    match wasm_extern_kind(e) {
        WASM_EXTERN_FUNC => {
            let f = wasm_extern_as_func(e);
            assert!(wamr_store_set_fuel(store, CALL_FUEL));
            if let Some(t) = call_func(f, u, true) {
                let msg = consume_trap(t);
                assert!(msg.starts_with("Exception: "), "trap message {msg:?}");
            }
        }
        WASM_EXTERN_GLOBAL => {
            let g = wasm_extern_as_global(e);
            let gt = wasm_global_type(g);
            let kind = wasm_valtype_kind(wasm_globaltype_content(gt));
            let mutable = wasm_globaltype_mutability(gt) == WASM_VAR;
            wasm_globaltype_delete(gt);
            let mut before = zero(WASM_I32);
            wasm_global_get(g, &mut before);
            assert_eq!(before.kind, kind, "global value kind");
            let v = global_value(kind, u);
            wasm_global_set(g, &v);
            let mut after = zero(WASM_I32);
            wasm_global_get(g, &mut after);
            if mutable && kind <= WASM_F64 {
                assert!(same_bits(&after, &v), "a mutable global did not take its new value");
            } else if !mutable && kind <= WASM_F64 {
                assert!(same_bits(&after, &before), "a constant global changed");
            }
            release_read_val(&before);
            release_read_val(&after);
        }
        WASM_EXTERN_TABLE => {
            let t = wasm_extern_as_table(e);
            let size = wasm_table_size(t);
            let kind = table_elem_kind(t);
            for _ in 0..u.int_in_range(0..=3).unwrap_or(0) {
                let i: u32 = if u.arbitrary().unwrap_or(false) { u.arbitrary().unwrap_or(0) } else { u.int_in_range(0..=size).unwrap_or(0) };
                let r = wasm_table_get(t, i);
                if i >= size {
                    assert!(r.is_null(), "table_get out of bounds gave a ref");
                }
                let ok = wasm_table_set(t, i, r);
                if i >= size {
                    assert!(!ok, "table_set out of bounds succeeded");
                }
                release_read(kind, r);
            }
            let delta: u32 = if u.ratio(1, 4).unwrap_or(false) { u.arbitrary().unwrap_or(0) } else { u.int_in_range(0..=16).unwrap_or(0) };
            if wasm_table_grow(t, delta, ptr::null_mut()) {
                assert_eq!(wasm_table_size(t) as u64, size as u64 + delta as u64, "table size after grow");
            } else {
                assert_eq!(wasm_table_size(t), size, "a failed grow changed the table");
            }
        }
        WASM_EXTERN_MEMORY => {
            let m = wasm_extern_as_memory(e);
            let pages = wasm_memory_size(m);
            let bytes = wasm_memory_data_size(m);
            assert_eq!(bytes as u64, pages as u64 * 65536, "memory data size");
            let data = wasm_memory_data(m);
            if bytes > 0 {
                assert!(!data.is_null());
                // The whole memory is ours to read and write.
                let first = *data;
                *data.add(bytes - 1) = first;
            }
            let delta: u32 = if u.ratio(1, 4).unwrap_or(false) { u.arbitrary().unwrap_or(0) } else { u.int_in_range(0..=4).unwrap_or(0) };
            if wasm_memory_grow(m, delta) {
                assert_eq!(wasm_memory_size(m) as u64, pages as u64 + delta as u64, "memory size after grow");
                // (a host memory may start above the cap: only growth is capped)
                assert!(delta == 0 || pages as u64 + delta as u64 <= cap as u64, "memory grew past max_memory_pages");
            } else {
                assert_eq!(wasm_memory_size(m), pages, "a failed grow changed the memory");
            }
        }
        k => panic!("export kind {k}"),
    }
}

/// Deletes everything; then every host function's finalizer must have run once.
unsafe fn finish(mut s: Session) {
    wasm_extern_vec_delete(&mut s.exports);
    wasm_instance_delete(s.instance);
    for f in s.host_funcs.drain(..) {
        wasm_func_delete(f);
    }
    for g in s.host_globals.drain(..) {
        wasm_global_delete(g);
    }
    for t in s.host_tables.drain(..) {
        wasm_table_delete(t);
    }
    for m in s.host_memories.drain(..) {
        wasm_memory_delete(m);
    }
    wasm_module_delete(s.module);
    wasm_store_delete(s.store);
    for env in &s.envs {
        assert_eq!(env.finalized.load(Ordering::SeqCst), 1, "a host function's finalizer ran {} times", env.finalized.load(Ordering::SeqCst));
    }
}
