//! Target (c): a sequence of C API calls decoded from the input — create, delete, copy,
//! convert, call, in any order and with NULL for any handle.
//!
//! The harness owns what the calls return and keeps it in lists; a delete removes the
//! object from its list first, so the fuzzer never frees anything twice on purpose and
//! every borrowed pointer is used only while its owner lives. An index past the end of
//! a list (or into an empty one) means NULL. Whatever is left is deleted at the end, in
//! an order chosen by the input, and every host function's finalizer must then have
//! run exactly once.
use crate::*;
use arbitrary::{Arbitrary, Unstructured};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};

/// Modules the sequence can load (the C tests' modules; none loops forever).
const MODULES: &[&[u8]] = &[
    include_bytes!("../seeds/module_bytes/m1_add.wasm"),
    include_bytes!("../seeds/module_bytes/m1_imports.wasm"),
    include_bytes!("../seeds/module_bytes/m1_refs.wasm"),
    include_bytes!("../seeds/module_bytes/m2_call.wasm"),
    include_bytes!("../seeds/module_bytes/m2_exports.wasm"),
    include_bytes!("../seeds/module_bytes/m2_host.wasm"),
    include_bytes!("../seeds/module_bytes/m2_link.wasm"),
    include_bytes!("../seeds/module_bytes/m2_need_global.wasm"),
    include_bytes!("../seeds/module_bytes/m2_need_memory.wasm"),
    include_bytes!("../seeds/module_bytes/m2_need_table.wasm"),
    include_bytes!("../seeds/module_bytes/m2_objects.wasm"),
    include_bytes!("../seeds/module_bytes/m2_shared.wasm"),
    include_bytes!("../seeds/module_bytes/m2_start_trap.wasm"),
    include_bytes!("../seeds/module_bytes/m2_trap.wasm"),
];

/// Function types host functions can have.
const SIGS: &[(&[wasm_valkind_t], &[wasm_valkind_t])] = &[
    (&[], &[]),
    (&[WASM_I32], &[WASM_I32]),
    (&[WASM_I32, WASM_I64], &[WASM_F32]),
    (&[], &[WASM_I32]),
    (&[WASM_I32, WASM_F64, WASM_I64], &[WASM_I32, WASM_F32]),
    (&[WASM_EXTERNREF], &[WASM_EXTERNREF]),
    (&[WASM_FUNCREF], &[WASM_FUNCREF]),
    (&[WASM_I64, WASM_F32, WASM_F64], &[WASM_F64, WASM_I64, WASM_I32, WASM_F32]),
    (&[WASM_V128], &[WASM_V128]),
];

const KINDS: &[wasm_valkind_t] = &[WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_V128, WASM_EXTERNREF, WASM_FUNCREF, 7, 200];

#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct ValSpec {
    kind: u8,
    bits: u64,
    /// For references: an index into the owned refs (or NULL).
    r: u8,
}

#[derive(Arbitrary, Debug)]
pub enum Op {
    EngineNew,
    EngineDelete(u8),
    StoreNew(u8),
    StoreDelete(u8),
    ModuleNew { store: u8, which: u8 },
    ModuleNewBytes { store: u8, bytes: Vec<u8> },
    ModuleValidate { store: u8, which: u8 },
    ModuleDelete(u8),
    ModuleIntrospect(u8),
    ModuleSetName { module: u8, name: Vec<u8> },
    ModuleShare(u8),
    ModuleObtain { store: u8, shared: u8 },
    SharedDelete(u8),
    ModuleSerialize { module: u8, store: u8, flip: Option<(u16, u8)> },
    InstanceNew { store: u8, module: u8, imports: Option<Vec<(u8, u8)>>, args: Option<(u32, u32, u32)>, no_trap: bool },
    InstanceDelete(u8),
    InstanceCopy(u8),
    InstanceExports { instance: u8, keep: bool },
    ExternDelete(u8),
    ExternCopy(u8),
    ExternKindAndType(u8),
    ExternAs(u8),
    AsExtern { kind: u8, idx: u8 },
    ExternNewEmpty { store: u8, kind: u8 },
    FuncNew { store: u8, sig: u8, mode: u8, with_env: bool },
    FuncCall { func: u8, args: Vec<ValSpec>, room: u8, null_args: bool },
    FuncDelete(u8),
    FuncCopy(u8),
    FuncTypeOf(u8),
    GlobalNew { store: u8, mutable: bool, val: ValSpec, type_kind: u8 },
    GlobalGet(u8),
    GlobalSet { global: u8, val: ValSpec },
    GlobalDelete(u8),
    TableNew { store: u8, kind: u8, min: u32, max: u32, init: u8 },
    TableGet { table: u8, index: u32 },
    TableSet { table: u8, index: u32, r: u8 },
    TableGrow { table: u8, delta: u32, r: u8 },
    TableDelete(u8),
    MemoryNew { store: u8, min: u32, max: u32 },
    MemoryGrow { memory: u8, delta: u32 },
    MemoryTouch(u8),
    MemoryDelete(u8),
    ForeignNew(u8),
    ForeignDelete(u8),
    RefOf { kind: u8, idx: u8 },
    RefCopy(u8),
    RefDelete(u8),
    RefAs { r: u8, kind: u8 },
    Same { kind: u8, a: u8, b: u8 },
    HostInfo { kind: u8, idx: u8, finalizer: bool },
    TrapNew { store: u8, msg: Option<Vec<u8>> },
    TrapInspect(u8),
    TrapCopy(u8),
    TrapDelete(u8),
    ValVec { vals: Vec<ValSpec> },
    SetFuel { store: u8, fuel: u32 },
    Interrupt(u8),
    Types { kind: u8, a: u8, b: u32, c: u32 },
}

/// A host function's behaviour, and how often its finalizer ran.
struct CallbackEnv {
    mode: u8,
    results: Vec<wasm_valkind_t>,
    home: *mut wasm_store_t,
    finalized: AtomicU32,
}

/// A host-info cookie: its finalizer must run at most once.
struct InfoEnv {
    finalized: AtomicU32,
}

unsafe extern "C" fn finalize_callback(env: *mut c_void) {
    let env = &*(env as *const CallbackEnv);
    assert_eq!(env.finalized.fetch_add(1, Ordering::SeqCst), 0, "a host function's finalizer ran twice");
}

unsafe extern "C" fn finalize_info(env: *mut c_void) {
    let env = &*(env as *const InfoEnv);
    assert_eq!(env.finalized.fetch_add(1, Ordering::SeqCst), 0, "a host info finalizer ran twice");
}

unsafe extern "C" fn plain_callback(args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> *mut wasm_trap_t {
    assert!(!args.is_null() && !results.is_null());
    ptr::null_mut()
}

unsafe extern "C" fn env_callback(env: *mut c_void, args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> *mut wasm_trap_t {
    let env = &*(env as *const CallbackEnv);
    let args = args.as_ref().expect("NULL args");
    let results = results.as_mut().expect("NULL results");
    assert_eq!(results.size, env.results.len());
    match env.mode % 6 {
        0 => {
            let msg = byte_vec(b"callback trap");
            let mut m = msg;
            let t = wasm_trap_new(env.home, &m);
            wasm_byte_vec_delete(&mut m);
            assert!(!t.is_null());
            t
        }
        1 => {
            // Wrong kinds.
            for v in items_mut(results.data, results.size) {
                v.kind = if v.kind == WASM_F64 { WASM_EXTERNREF } else { WASM_F64 };
                v.of.r#ref = ptr::null_mut();
            }
            ptr::null_mut()
        }
        2 => ptr::null_mut(), // leave the zeroed slots
        3 => {
            // Replace the vector by one of our own (the library frees it).
            let vals: Vec<wasm_val_t> = env.results.iter().map(|&k| val_of(k, 3)).collect();
            wasm_val_vec_new(results, vals.len(), vals.as_ptr());
            ptr::null_mut()
        }
        _ => {
            let argv = vec_items(args.data, args.size);
            let out = items_mut(results.data, results.size);
            for (i, (v, &k)) in out.iter_mut().zip(&env.results).enumerate() {
                *v = val_of(k, i as u64 + 1);
                if k == WASM_EXTERNREF || k == WASM_FUNCREF {
                    // The argument itself: result refs stay the callback's (WAMR's model).
                    let same = argv.iter().find(|a| a.kind == k && !a.of.r#ref.is_null());
                    v.of.r#ref = same.map(|a| a.of.r#ref).unwrap_or(ptr::null_mut());
                }
            }
            ptr::null_mut()
        }
    }
}

unsafe fn items_mut<'a>(data: *mut wasm_val_t, n: usize) -> &'a mut [wasm_val_t] {
    if data.is_null() {
        &mut []
    } else {
        std::slice::from_raw_parts_mut(data, n)
    }
}

fn val_of(kind: wasm_valkind_t, bits: u64) -> wasm_val_t {
    let mut v = wasm_val_t { kind, _paddings: [0; 7], of: wasm_val_union { i64: 0 } };
    match kind {
        WASM_I32 => v.of.i32 = bits as i32,
        WASM_I64 => v.of.i64 = bits as i64,
        WASM_F32 => v.of.f32 = f32::from_bits(bits as u32),
        WASM_F64 => v.of.f64 = f64::from_bits(bits),
        _ => {}
    }
    v
}

unsafe fn new_functype(params: &[wasm_valkind_t], results: &[wasm_valkind_t]) -> *mut wasm_functype_t {
    let mut p: Vec<*mut wasm_valtype_t> = params.iter().map(|&k| wasm_valtype_new(k)).collect();
    let mut r: Vec<*mut wasm_valtype_t> = results.iter().map(|&k| wasm_valtype_new(k)).collect();
    let mut pv = empty_vec!(wasm_valtype_vec_t);
    let mut rv = empty_vec!(wasm_valtype_vec_t);
    wasm_valtype_vec_new(&mut pv, p.len(), p.as_mut_ptr());
    wasm_valtype_vec_new(&mut rv, r.len(), r.as_mut_ptr());
    wasm_functype_new(&mut pv, &mut rv)
}

/// Every object the harness owns in one run.
struct World {
    metered: bool,
    home: *mut wasm_store_t,
    engines: Vec<*mut wasm_engine_t>,
    stores: Vec<*mut wasm_store_t>,
    modules: Vec<*mut wasm_module_t>,
    shared: Vec<*mut wasm_shared_module_t>,
    instances: Vec<*mut wasm_instance_t>,
    externs: Vec<*mut wasm_extern_t>,
    funcs: Vec<*mut wasm_func_t>,
    globals: Vec<*mut wasm_global_t>,
    tables: Vec<*mut wasm_table_t>,
    memories: Vec<*mut wasm_memory_t>,
    foreigns: Vec<*mut wasm_foreign_t>,
    refs: Vec<*mut wasm_ref_t>,
    traps: Vec<*mut wasm_trap_t>,
    callback_envs: Vec<Box<CallbackEnv>>,
    info_envs: Vec<Box<InfoEnv>>,
    calls: Cell<u32>,
}

fn pick<T>(list: &[*mut T], i: u8) -> *mut T {
    list.get(i as usize).copied().unwrap_or(ptr::null_mut())
}

fn take<T>(list: &mut Vec<*mut T>, i: u8) -> *mut T {
    if (i as usize) < list.len() {
        list.swap_remove(i as usize)
    } else {
        ptr::null_mut()
    }
}

fn push<T>(list: &mut Vec<*mut T>, p: *mut T) {
    if !p.is_null() {
        list.push(p);
    }
}

impl World {
    /// A borrowed reference view of object `idx` of kind `kind` (NULL if none).
    unsafe fn as_ref(&self, kind: u8, idx: u8) -> *mut wasm_ref_t {
        match kind % 8 {
            0 => wasm_func_as_ref(pick(&self.funcs, idx)),
            1 => wasm_global_as_ref(pick(&self.globals, idx)),
            2 => wasm_table_as_ref(pick(&self.tables, idx)),
            3 => wasm_memory_as_ref(pick(&self.memories, idx)),
            4 => wasm_extern_as_ref(pick(&self.externs, idx)),
            5 => wasm_instance_as_ref(pick(&self.instances, idx)),
            6 => wasm_trap_as_ref(pick(&self.traps, idx)),
            _ => wasm_foreign_as_ref(pick(&self.foreigns, idx)),
        }
    }

    unsafe fn val(&self, spec: &ValSpec) -> wasm_val_t {
        let kind = KINDS[spec.kind as usize % KINDS.len()];
        let mut bits = spec.bits;
        if !self.metered {
            // Without a fuel budget keep numbers small, so loops driven by an
            // argument end soon.
            bits = (bits as i64 % 64) as u64;
        }
        let mut v = val_of(kind, bits);
        if kind == WASM_EXTERNREF || kind == WASM_FUNCREF {
            v.of.r#ref = pick(&self.refs, spec.r);
        }
        v
    }

    unsafe fn step(&mut self, op: Op) {
        match op {
            Op::EngineNew => push(&mut self.engines, wasm_engine_new()),
            Op::EngineDelete(i) => wasm_engine_delete(take(&mut self.engines, i)),
            Op::StoreNew(e) => {
                let engine = pick(&self.engines, e);
                let s = if self.metered { wamr_store_new_metered(engine) } else { wasm_store_new(engine) };
                assert_eq!(s.is_null(), engine.is_null());
                if self.metered && !s.is_null() {
                    assert!(wamr_store_set_fuel(s, 2_000_000));
                }
                push(&mut self.stores, s);
            }
            Op::StoreDelete(i) => wasm_store_delete(take(&mut self.stores, i)),
            Op::ModuleNew { store, which } => {
                let mut bin = byte_vec(MODULES[which as usize % MODULES.len()]);
                let s = pick(&self.stores, store);
                let m = wasm_module_new(s, &bin);
                assert_eq!(m.is_null(), s.is_null(), "a test module did not load");
                wasm_byte_vec_delete(&mut bin);
                push(&mut self.modules, m);
            }
            Op::ModuleNewBytes { store, bytes } => {
                let mut bin = byte_vec(&bytes);
                let s = pick(&self.stores, store);
                let mut args = LoadArgs { name: c"fuzzed".as_ptr() as *mut _, clone_wasm_binary: true, wasm_binary_freeable: false, no_resolve: false };
                let m = wasm_module_new_ex(s, &mut bin, &mut args);
                wasm_byte_vec_delete(&mut bin);
                push(&mut self.modules, m);
            }
            Op::ModuleValidate { store, which } => {
                let mut bin = byte_vec(MODULES[which as usize % MODULES.len()]);
                let s = pick(&self.stores, store);
                assert_eq!(wasm_module_validate(s, &bin), !s.is_null());
                wasm_byte_vec_delete(&mut bin);
            }
            Op::ModuleDelete(i) => wasm_module_delete(take(&mut self.modules, i)),
            Op::ModuleIntrospect(i) => {
                let m = pick(&self.modules, i);
                if m.is_null() {
                    let mut v = empty_vec!(wasm_importtype_vec_t);
                    wasm_module_imports(m, &mut v);
                    assert_eq!(v.size, 0);
                    wasm_module_imports(m, ptr::null_mut());
                } else {
                    introspect_module(m);
                }
            }
            Op::ModuleSetName { module, name } => {
                let m = pick(&self.modules, module);
                let mut name: Vec<u8> = name.into_iter().filter(|&b| b != 0).collect();
                name.push(0);
                let ok = wasm_module_set_name(m, name.as_ptr() as *const _);
                assert_eq!(ok, !m.is_null());
                let got = wasm_module_get_name(m);
                if !m.is_null() {
                    assert!(!got.is_null());
                    assert_eq!(std::ffi::CStr::from_ptr(got).to_bytes_with_nul(), &name[..]);
                }
            }
            Op::ModuleShare(i) => push(&mut self.shared, wasm_module_share(pick(&self.modules, i))),
            Op::ModuleObtain { store, shared } => {
                let (s, sh) = (pick(&self.stores, store), pick(&self.shared, shared));
                let m = wasm_module_obtain(s, sh);
                assert_eq!(m.is_null(), s.is_null() || sh.is_null());
                push(&mut self.modules, m);
            }
            Op::SharedDelete(i) => wasm_shared_module_delete(take(&mut self.shared, i)),
            Op::ModuleSerialize { module, store, flip } => {
                let m = pick(&self.modules, module);
                let mut out = empty_byte_vec();
                wasm_module_serialize(m, &mut out);
                assert_eq!(out.size == 0, m.is_null());
                if let Some((at, x)) = flip {
                    if out.size > 0 {
                        *out.data.add(at as usize % out.size) ^= x as wasm_byte_t;
                    }
                }
                let s = pick(&self.stores, store);
                let back = wasm_module_deserialize(s, &out);
                if flip.is_none() && !m.is_null() && !s.is_null() {
                    assert!(!back.is_null(), "a serialized module did not deserialize");
                }
                push(&mut self.modules, back);
                wasm_byte_vec_delete(&mut out);
            }
            Op::InstanceNew { store, module, imports, args, no_trap } => {
                let mut externs: Vec<*mut wasm_extern_t> = Vec::new();
                if let Some(list) = &imports {
                    for &(kind, idx) in list {
                        externs.push(match kind % 5 {
                            0 => wasm_func_as_extern(pick(&self.funcs, idx)),
                            1 => wasm_global_as_extern(pick(&self.globals, idx)),
                            2 => wasm_table_as_extern(pick(&self.tables, idx)),
                            3 => wasm_memory_as_extern(pick(&self.memories, idx)),
                            _ => pick(&self.externs, idx),
                        });
                    }
                }
                let vec = wasm_extern_vec_t {
                    size: externs.len(),
                    data: externs.as_mut_ptr(),
                    num_elems: externs.len(),
                    size_of_elem: 8,
                    lock: ptr::null_mut(),
                };
                let vec_ptr: *const wasm_extern_vec_t = if imports.is_some() { &vec } else { ptr::null() };
                let (s, m) = (pick(&self.stores, store), pick(&self.modules, module));
                let mut trap = ptr::null_mut();
                let trap_ptr: *mut *mut wasm_trap_t = if no_trap { ptr::null_mut() } else { &mut trap };
                let inst = match args {
                    None => wasm_instance_new(s, m, vec_ptr, trap_ptr),
                    Some((stack, heap, pages)) => {
                        let a = InstantiationArgs { default_stack_size: stack, host_managed_heap_size: heap, max_memory_pages: pages % 512 };
                        wasm_instance_new_with_args_ex(s, m, vec_ptr, trap_ptr, &a)
                    }
                };
                if inst.is_null() && !no_trap {
                    assert!(!trap.is_null(), "instantiation failed without a trap");
                }
                if !inst.is_null() {
                    assert!(trap.is_null(), "an instance and a trap");
                }
                push(&mut self.traps, trap);
                push(&mut self.instances, inst);
            }
            Op::InstanceDelete(i) => wasm_instance_delete(take(&mut self.instances, i)),
            Op::InstanceCopy(i) => {
                let a = pick(&self.instances, i);
                let c = wasm_instance_copy(a);
                assert_eq!(c.is_null(), a.is_null());
                if !a.is_null() {
                    assert!(wasm_instance_same(a, c));
                }
                push(&mut self.instances, c);
            }
            Op::InstanceExports { instance, keep } => {
                let inst = pick(&self.instances, instance);
                let mut v = empty_vec!(wasm_extern_vec_t);
                wasm_instance_exports(inst, &mut v);
                if keep {
                    // Take the elements out of the vec, then delete what is left.
                    for i in 0..v.size {
                        let slot = v.data.add(i);
                        push(&mut self.externs, *slot);
                        *slot = ptr::null_mut();
                    }
                } else {
                    let mut c = empty_vec!(wasm_extern_vec_t);
                    wasm_extern_vec_copy(&mut c, &v);
                    assert_eq!(c.size, v.size);
                    wasm_extern_vec_delete(&mut c);
                }
                wasm_extern_vec_delete(&mut v);
            }
            Op::ExternDelete(i) => wasm_extern_delete(take(&mut self.externs, i)),
            Op::ExternCopy(i) => {
                let e = pick(&self.externs, i);
                let c = wasm_extern_copy(e);
                assert_eq!(c.is_null(), e.is_null());
                if !e.is_null() {
                    assert!(wasm_extern_same(e, c));
                    assert_eq!(wasm_extern_kind(e), wasm_extern_kind(c));
                }
                push(&mut self.externs, c);
            }
            Op::ExternKindAndType(i) => {
                let e = pick(&self.externs, i);
                let _ = wasm_extern_kind(e);
                let t = wasm_extern_type(e);
                if !t.is_null() {
                    check_externtype(t);
                    assert_eq!(wasm_externtype_kind(t), wasm_extern_kind(e));
                }
                wasm_externtype_delete(t);
            }
            Op::ExternAs(i) => {
                let e = pick(&self.externs, i);
                push(&mut self.funcs, wasm_func_copy(wasm_extern_as_func(e)));
                push(&mut self.globals, wasm_global_copy(wasm_extern_as_global(e)));
                push(&mut self.tables, wasm_table_copy(wasm_extern_as_table(e)));
                push(&mut self.memories, wasm_memory_copy(wasm_extern_as_memory(e)));
                let _ = wasm_extern_as_func_const(e);
            }
            Op::AsExtern { kind, idx } => {
                let e = match kind % 4 {
                    0 => wasm_func_as_extern(pick(&self.funcs, idx)),
                    1 => wasm_global_as_extern(pick(&self.globals, idx)),
                    2 => wasm_table_as_extern(pick(&self.tables, idx)),
                    _ => wasm_memory_as_extern(pick(&self.memories, idx)),
                };
                push(&mut self.externs, wasm_extern_copy(e));
            }
            Op::ExternNewEmpty { store, kind } => push(&mut self.externs, wasm_extern_new_empty(pick(&self.stores, store), kind % 6)),
            Op::FuncNew { store, sig, mode, with_env } => {
                let (params, results) = SIGS[sig as usize % SIGS.len()];
                let ty = new_functype(params, results);
                let s = pick(&self.stores, store);
                let f = if with_env {
                    let env = Box::new(CallbackEnv { mode, results: results.to_vec(), home: self.home, finalized: AtomicU32::new(0) });
                    let p = &*env as *const CallbackEnv as *mut c_void;
                    let f = wasm_func_new_with_env(s, ty, Some(env_callback), p, Some(finalize_callback));
                    if !f.is_null() {
                        self.callback_envs.push(env);
                    }
                    f
                } else {
                    wasm_func_new(s, ty, Some(plain_callback))
                };
                wasm_functype_delete(ty);
                assert_eq!(f.is_null(), s.is_null());
                if !f.is_null() {
                    assert_eq!(wasm_func_param_arity(f), params.len());
                    assert_eq!(wasm_func_result_arity(f), results.len());
                }
                push(&mut self.funcs, f);
            }
            Op::FuncCall { func, args, room, null_args } => {
                let f = pick(&self.funcs, func);
                let mut vals: Vec<wasm_val_t> = args.iter().map(|a| self.val(a)).collect();
                let argv = wasm_val_vec_t { size: vals.len(), data: vals.as_mut_ptr(), num_elems: vals.len(), size_of_elem: 16, lock: ptr::null_mut() };
                let room = room as usize % 8;
                let mut outs = vec![val_of(WASM_I32, 0); room];
                let mut outv = wasm_val_vec_t { size: room, data: outs.as_mut_ptr(), num_elems: room, size_of_elem: 16, lock: ptr::null_mut() };
                let argp: *const wasm_val_vec_t = if null_args { ptr::null() } else { &argv };
                self.calls.set(self.calls.get() + 1);
                let t = wasm_func_call(f, argp, &mut outv);
                if t.is_null() {
                    assert!(!f.is_null());
                    let n = wasm_func_result_arity(f);
                    assert_eq!(outv.size, n);
                    for v in &outs[..n] {
                        release_read_val(v);
                    }
                } else {
                    let msg = consume_trap(t);
                    assert!(msg.starts_with("Exception: "), "trap message {msg:?}");
                }
            }
            Op::FuncDelete(i) => wasm_func_delete(take(&mut self.funcs, i)),
            Op::FuncCopy(i) => {
                let f = pick(&self.funcs, i);
                let c = wasm_func_copy(f);
                if !f.is_null() {
                    assert!(wasm_func_same(f, c));
                }
                push(&mut self.funcs, c);
            }
            Op::FuncTypeOf(i) => {
                let f = pick(&self.funcs, i);
                let t = wasm_func_type(f);
                assert_eq!(t.is_null(), f.is_null());
                if !t.is_null() {
                    assert_eq!(kinds_of(wasm_functype_params(t)).len(), wasm_func_param_arity(f));
                    check_externtype(wasm_functype_as_externtype_const(t));
                }
                wasm_functype_delete(t);
            }
            Op::GlobalNew { store, mutable, val, type_kind } => {
                let kind = KINDS[type_kind as usize % KINDS.len()];
                let vt = wasm_valtype_new(kind);
                let gt = wasm_globaltype_new(vt, if mutable { WASM_VAR } else { WASM_CONST });
                if gt.is_null() {
                    wasm_valtype_delete(vt);
                }
                let v = self.val(&val);
                let g = wasm_global_new(pick(&self.stores, store), gt, &v);
                wasm_globaltype_delete(gt);
                push(&mut self.globals, g);
            }
            Op::GlobalGet(i) => {
                let g = pick(&self.globals, i);
                let mut v = val_of(WASM_I32, 0);
                wasm_global_get(g, &mut v);
                release_read_val(&v);
                wasm_val_delete(&mut v); // releases nothing: plain data
            }
            Op::GlobalSet { global, val } => {
                let v = self.val(&val);
                wasm_global_set(pick(&self.globals, global), &v);
            }
            Op::GlobalDelete(i) => wasm_global_delete(take(&mut self.globals, i)),
            Op::TableNew { store, kind, min, max, init } => {
                let kind = KINDS[kind as usize % KINDS.len()];
                let limits = wasm_limits_t { min: min % 2048, max: if max % 3 == 0 { u32::MAX } else { max % 4096 } };
                let vt = wasm_valtype_new(kind);
                let tt = wasm_tabletype_new(vt, &limits);
                if tt.is_null() {
                    wasm_valtype_delete(vt);
                }
                let t = wasm_table_new(pick(&self.stores, store), tt, pick(&self.refs, init));
                wasm_tabletype_delete(tt);
                push(&mut self.tables, t);
            }
            Op::TableGet { table, index } => {
                let t = pick(&self.tables, table);
                let r = wasm_table_get(t, index);
                if index >= wasm_table_size(t) {
                    assert!(r.is_null());
                }
                // An externref read is borrowed: keep an owned copy of it.
                let owned = if table_elem_kind(t) == WASM_FUNCREF { r } else { wasm_ref_copy(r) };
                push(&mut self.refs, owned);
            }
            Op::TableSet { table, index, r } => {
                let t = pick(&self.tables, table);
                let ok = wasm_table_set(t, index, pick(&self.refs, r));
                if index >= wasm_table_size(t) {
                    assert!(!ok);
                }
            }
            Op::TableGrow { table, delta, r } => {
                let t = pick(&self.tables, table);
                let before = wasm_table_size(t);
                let delta = if delta & 0x8000_0000 != 0 { delta } else { delta % 64 };
                if wasm_table_grow(t, delta, pick(&self.refs, r)) {
                    assert_eq!(wasm_table_size(t) as u64, before as u64 + delta as u64);
                } else {
                    assert_eq!(wasm_table_size(t), before);
                }
            }
            Op::TableDelete(i) => wasm_table_delete(take(&mut self.tables, i)),
            Op::MemoryNew { store, min, max } => {
                let limits = wasm_limits_t { min: min % 64, max: if max % 3 == 0 { u32::MAX } else { max % 128 } };
                let mt = wasm_memorytype_new(&limits);
                let m = wasm_memory_new(pick(&self.stores, store), mt);
                if !m.is_null() {
                    assert_eq!(wasm_memory_size(m), limits.min);
                }
                wasm_memorytype_delete(mt);
                push(&mut self.memories, m);
            }
            Op::MemoryGrow { memory, delta } => {
                let m = pick(&self.memories, memory);
                let before = wasm_memory_size(m);
                let delta = if delta & 0x8000_0000 != 0 { delta } else { delta % 16 };
                if wasm_memory_grow(m, delta) {
                    assert_eq!(wasm_memory_size(m) as u64, before as u64 + delta as u64);
                } else {
                    assert_eq!(wasm_memory_size(m), before);
                }
            }
            Op::MemoryTouch(i) => {
                let m = pick(&self.memories, i);
                let (data, n) = (wasm_memory_data(m), wasm_memory_data_size(m));
                assert_eq!(n as u64, wasm_memory_size(m) as u64 * 65536);
                if n > 0 {
                    assert!(!data.is_null());
                    *data.add(n - 1) = *data;
                }
            }
            Op::MemoryDelete(i) => wasm_memory_delete(take(&mut self.memories, i)),
            Op::ForeignNew(s) => push(&mut self.foreigns, wasm_foreign_new(pick(&self.stores, s))),
            Op::ForeignDelete(i) => wasm_foreign_delete(take(&mut self.foreigns, i)),
            Op::RefOf { kind, idx } => {
                let r = self.as_ref(kind, idx);
                let c = wasm_ref_copy(r);
                assert_eq!(c.is_null(), r.is_null());
                if !r.is_null() {
                    assert!(wasm_ref_same(r, c));
                }
                push(&mut self.refs, c);
            }
            Op::RefCopy(i) => {
                let c = wasm_ref_copy(pick(&self.refs, i));
                push(&mut self.refs, c)
            }
            Op::RefDelete(i) => wasm_ref_delete(take(&mut self.refs, i)),
            Op::RefAs { r, kind } => {
                let r = pick(&self.refs, r);
                match kind % 8 {
                    0 => push(&mut self.funcs, wasm_func_copy(wasm_ref_as_func(r))),
                    1 => push(&mut self.globals, wasm_global_copy(wasm_ref_as_global(r))),
                    2 => push(&mut self.tables, wasm_table_copy(wasm_ref_as_table(r))),
                    3 => push(&mut self.memories, wasm_memory_copy(wasm_ref_as_memory(r))),
                    4 => push(&mut self.externs, wasm_extern_copy(wasm_ref_as_extern(r))),
                    5 => push(&mut self.instances, wasm_instance_copy(wasm_ref_as_instance(r))),
                    6 => push(&mut self.traps, wasm_trap_copy(wasm_ref_as_trap(r))),
                    _ => push(&mut self.foreigns, wasm_foreign_copy(wasm_ref_as_foreign(r))),
                }
                let _ = wasm_ref_as_func_const(r);
            }
            Op::Same { kind, a, b } => {
                let (x, y) = (self.as_ref(kind, a), self.as_ref(kind, b));
                let same = wasm_ref_same(x, y);
                if !x.is_null() && x == y {
                    assert!(same);
                }
                if x.is_null() || y.is_null() {
                    assert!(!same);
                }
            }
            Op::HostInfo { kind, idx, finalizer } => {
                let r = self.as_ref(kind, idx);
                let env = Box::new(InfoEnv { finalized: AtomicU32::new(0) });
                let p = &*env as *const InfoEnv as *mut c_void;
                if finalizer {
                    wasm_ref_set_host_info_with_finalizer(r, p, Some(finalize_info));
                } else {
                    wasm_ref_set_host_info(r, p);
                }
                if !r.is_null() {
                    assert_eq!(wasm_ref_get_host_info(r), p);
                }
                self.info_envs.push(env);
            }
            Op::TrapNew { store, msg } => {
                let s = pick(&self.stores, store);
                let t = match &msg {
                    Some(m) => {
                        let mut v = byte_vec(m);
                        let t = wasm_trap_new(s, &v);
                        wasm_byte_vec_delete(&mut v);
                        t
                    }
                    None => wasm_trap_new(s, ptr::null()),
                };
                assert_eq!(t.is_null(), s.is_null());
                push(&mut self.traps, t);
            }
            Op::TrapInspect(i) => {
                let t = pick(&self.traps, i);
                let mut m = empty_byte_vec();
                wasm_trap_message(t, &mut m);
                wasm_byte_vec_delete(&mut m);
                wasm_frame_delete(wasm_trap_origin(t));
                let mut tr = empty_vec!(wasm_frame_vec_t);
                wasm_trap_trace(t, &mut tr);
                let mut c = empty_vec!(wasm_frame_vec_t);
                wasm_frame_vec_copy(&mut c, &tr);
                wasm_frame_vec_delete(&mut c);
                wasm_frame_vec_delete(&mut tr);
            }
            Op::TrapCopy(i) => {
                let c = wasm_trap_copy(pick(&self.traps, i));
                push(&mut self.traps, c)
            }
            Op::TrapDelete(i) => wasm_trap_delete(take(&mut self.traps, i)),
            Op::ValVec { vals } => {
                // A vec of values: plain data, the references in it stay ours.
                let vals: Vec<wasm_val_t> = vals.iter().map(|s| self.val(s)).collect();
                let mut a = empty_vec!(wasm_val_vec_t);
                wasm_val_vec_new(&mut a, vals.len(), vals.as_ptr());
                let mut b = empty_vec!(wasm_val_vec_t);
                wasm_val_vec_copy(&mut b, &a);
                assert_eq!(a.size, b.size);
                for v in vec_items(a.data, a.size) {
                    let mut c = val_of(WASM_I32, 0);
                    wasm_val_copy(&mut c, v);
                    assert_eq!(c.kind, v.kind);
                    wasm_val_delete(&mut c);
                }
                wasm_val_vec_delete(&mut a);
                wasm_val_vec_delete(&mut b);
            }
            Op::SetFuel { store, fuel } => {
                let s = pick(&self.stores, store);
                assert_eq!(wamr_store_set_fuel(s, u64::from(fuel % 4_000_000)), self.metered && !s.is_null());
                let mut left = 0u64;
                if wamr_store_get_fuel(s, &mut left) {
                    assert_eq!(left, u64::from(fuel % 4_000_000));
                }
            }
            Op::Interrupt(s) => {
                let s = pick(&self.stores, s);
                // any store can be interrupted (its next branching call then traps)
                assert_eq!(wamr_store_interrupt(s), !s.is_null());
            }
            Op::Types { kind, a, b, c } => types_roundtrip(kind, a, b, c),
        }
    }

    /// Deletes everything left, in an order chosen by `order`.
    unsafe fn teardown(&mut self, order: &[u8]) {
        let mut groups: Vec<u8> = (0..15).collect();
        for (i, &o) in order.iter().enumerate().take(groups.len()) {
            let j = o as usize % groups.len();
            groups.swap(i, j);
        }
        for g in groups {
            match g {
                0 => self.engines.drain(..).for_each(|p| wasm_engine_delete(p)),
                1 => self.stores.drain(..).for_each(|p| wasm_store_delete(p)),
                2 => self.modules.drain(..).for_each(|p| wasm_module_delete(p)),
                3 => self.shared.drain(..).for_each(|p| wasm_shared_module_delete(p)),
                4 => self.instances.drain(..).for_each(|p| wasm_instance_delete(p)),
                5 => self.externs.drain(..).for_each(|p| wasm_extern_delete(p)),
                6 => self.funcs.drain(..).for_each(|p| wasm_func_delete(p)),
                7 => self.globals.drain(..).for_each(|p| wasm_global_delete(p)),
                8 => self.tables.drain(..).for_each(|p| wasm_table_delete(p)),
                9 => self.memories.drain(..).for_each(|p| wasm_memory_delete(p)),
                10 => self.foreigns.drain(..).for_each(|p| wasm_foreign_delete(p)),
                11 => self.refs.drain(..).for_each(|p| wasm_ref_delete(p)),
                12 => self.traps.drain(..).for_each(|p| wasm_trap_delete(p)),
                _ => {}
            }
        }
        wasm_store_delete(self.home);
        self.home = ptr::null_mut();
        for env in &self.callback_envs {
            assert_eq!(env.finalized.load(Ordering::SeqCst), 1, "a host function's finalizer did not run once everything was deleted");
        }
    }
}

/// Type constructors and accessors, copies and deletes, including bad arguments.
unsafe fn types_roundtrip(kind: u8, a: u8, b: u32, c: u32) {
    let vk = KINDS[a as usize % KINDS.len()];
    match kind % 5 {
        0 => {
            let vt = wasm_valtype_new(vk);
            let c2 = wasm_valtype_copy(vt);
            if !vt.is_null() {
                assert_eq!(wasm_valtype_kind(c2), vk);
            }
            wasm_valtype_delete(c2);
            wasm_valtype_delete(vt);
        }
        1 => {
            let vt = wasm_valtype_new(vk);
            let gt = wasm_globaltype_new(vt, (b % 3) as u8);
            if gt.is_null() {
                wasm_valtype_delete(vt); // a refused valtype stays the caller's (WAMR's)
            }
            let c2 = wasm_globaltype_copy(gt);
            if !gt.is_null() {
                assert_eq!(wasm_valtype_kind(wasm_globaltype_content(c2)), vk);
                check_externtype(wasm_globaltype_as_externtype_const(gt));
            }
            wasm_globaltype_delete(c2);
            wasm_globaltype_delete(gt);
        }
        2 => {
            let limits = wasm_limits_t { min: b, max: c };
            let vt = wasm_valtype_new(vk);
            let tt = wasm_tabletype_new(vt, &limits);
            if !tt.is_null() {
                assert_eq!(*wasm_tabletype_limits(tt), limits);
            } else {
                wasm_valtype_delete(vt); // a refused valtype stays the caller's (WAMR's)
            }
            wasm_tabletype_delete(wasm_tabletype_copy(tt));
            wasm_tabletype_delete(tt);
        }
        3 => {
            let limits = wasm_limits_t { min: b, max: c };
            let mt = wasm_memorytype_new(&limits);
            assert!(!mt.is_null());
            assert_eq!(*wasm_memorytype_limits(mt), limits);
            let et = wasm_memorytype_as_externtype(mt);
            assert_eq!(wasm_externtype_kind(et), WASM_EXTERN_MEMORY);
            wasm_memorytype_delete(wasm_memorytype_copy(mt));
            wasm_memorytype_delete(mt);
        }
        _ => {
            let (params, results) = SIGS[a as usize % SIGS.len()];
            let ft = new_functype(params, results);
            let mut module = byte_vec(b"env");
            let mut name = byte_vec(&b.to_le_bytes());
            let it = wasm_importtype_new(&mut module, &mut name, wasm_functype_as_externtype(wasm_functype_copy(ft)));
            assert!(!it.is_null());
            assert_eq!(bytes_of(&*wasm_importtype_module(it)), b"env");
            let mut ename = byte_vec(b"e");
            let et = wasm_exporttype_new(&mut ename, wasm_functype_as_externtype(ft));
            assert!(!et.is_null());
            let mut v = empty_vec!(wasm_importtype_vec_t);
            wasm_importtype_vec_new(&mut v, 1, &it);
            let mut v2 = empty_vec!(wasm_importtype_vec_t);
            wasm_importtype_vec_copy(&mut v2, &v);
            wasm_importtype_vec_delete(&mut v2);
            wasm_importtype_vec_delete(&mut v); // deletes `it`
            wasm_exporttype_delete(wasm_exporttype_copy(et));
            wasm_exporttype_delete(et);
        }
    }
}

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let metered: bool = u.arbitrary().unwrap_or(false);
    let engine = EngineRef::new();
    let home = unsafe { wasm_store_new(engine.0) };
    assert!(!home.is_null());
    let mut w = World {
        metered,
        home,
        engines: vec![wasm_engine_new()],
        stores: Vec::new(),
        modules: Vec::new(),
        shared: Vec::new(),
        instances: Vec::new(),
        externs: Vec::new(),
        funcs: Vec::new(),
        globals: Vec::new(),
        tables: Vec::new(),
        memories: Vec::new(),
        foreigns: Vec::new(),
        refs: Vec::new(),
        traps: Vec::new(),
        callback_envs: Vec::new(),
        info_envs: Vec::new(),
        calls: Cell::new(0),
    };
    let order: Vec<u8> = u.bytes(15).map(|b| b.to_vec()).unwrap_or_default();
    let mut steps = 0;
    while !u.is_empty() && steps < 200 {
        let Ok(op) = Op::arbitrary(&mut u) else { break };
        unsafe { w.step(op) };
        steps += 1;
    }
    unsafe { w.teardown(&order) };
    let _ = (&w.info_envs, w.calls.get());
}
