//! Target (a): arbitrary bytes through `wasm_module_validate` and `wasm_module_new`.
//!
//! The two must agree; a module that loads is introspected (imports, exports, types,
//! names), serialized and deserialized, shared and obtained, then instantiated with no
//! imports in a metered store and each exported function called with zero arguments
//! under a fuel budget. The raw bytes are also fed to `wasm_module_deserialize`.
use crate::*;

/// Fuel for each call (a few milliseconds of wasm at most).
const CALL_FUEL: u64 = 50_000;
/// At most this many exported functions are called per input.
const MAX_CALLS: usize = 8;

pub fn run(data: &[u8]) {
    unsafe { run_unsafe(data) }
}

unsafe fn run_unsafe(data: &[u8]) {
    let engine = EngineRef::new();
    let store = wasm_store_new(engine.0);
    assert!(!store.is_null());
    let mut bin = byte_vec(data);
    let valid = wasm_module_validate(store, &bin);
    let module = wasm_module_new(store, &bin);
    assert_eq!(valid, !module.is_null(), "wasm_module_validate and wasm_module_new disagree");

    // Foreign or corrupt bytes must be refused (or, if they happen to be a serialized
    // module, give a working one).
    let d = wasm_module_deserialize(store, &bin);
    if !d.is_null() {
        introspect_module(d);
        wasm_module_delete(d);
    }
    wasm_byte_vec_delete(&mut bin);

    if !module.is_null() {
        let counts = introspect_module(module);
        assert!(!wasm_module_get_name(module).is_null());

        let mut ser = empty_byte_vec();
        wasm_module_serialize(module, &mut ser);
        assert!(ser.size > 0, "serializing a valid module gave nothing");
        let back = wasm_module_deserialize(store, &ser);
        assert!(!back.is_null(), "deserializing a serialized module failed");
        assert_eq!(introspect_module(back), counts, "deserialized module differs");
        wasm_module_delete(back);
        wasm_byte_vec_delete(&mut ser);

        let shared = wasm_module_share(module);
        assert!(!shared.is_null());
        let other = wasm_store_new(engine.0);
        let obtained = wasm_module_obtain(other, shared);
        assert!(!obtained.is_null());
        assert_eq!(introspect_module(obtained), counts);
        wasm_module_delete(obtained);
        wasm_store_delete(other);
        wasm_shared_module_delete(shared);

        instantiate_and_poke(engine.0, module);
        wasm_module_delete(module);
    }
    wasm_store_delete(store);
}

/// Instantiates with no imports (missing functions trap when called, missing globals,
/// tables and memories fail instantiation cleanly) and calls each export once.
unsafe fn instantiate_and_poke(engine: *mut wasm_engine_t, module: *mut wasm_module_t) {
    let store = wamr_store_new_metered(engine);
    assert!(!store.is_null());
    assert!(wamr_store_set_fuel(store, CALL_FUEL));
    let mut trap = ptr::null_mut();
    let args = InstantiationArgs { default_stack_size: 0, host_managed_heap_size: 0, max_memory_pages: 256 };
    let inst = wasm_instance_new_with_args_ex(store, module, ptr::null(), &mut trap, &args);
    if !trap.is_null() {
        assert!(inst.is_null(), "an instance and a trap");
        consume_trap(trap);
    }
    if !inst.is_null() {
        let mut exports = empty_vec!(wasm_extern_vec_t);
        wasm_instance_exports(inst, &mut exports);
        let mut called = 0;
        for &e in vec_items(exports.data, exports.size) {
            assert!(!e.is_null());
            let f = wasm_extern_as_func(e);
            if f.is_null() {
                continue;
            }
            called += 1;
            if called > MAX_CALLS {
                break;
            }
            call_with_defaults(store, f);
        }
        wasm_extern_vec_delete(&mut exports);
        wasm_instance_delete(inst);
    }
    wasm_store_delete(store);
}

/// Calls `f` with zero values of its parameter types; checks the result count.
pub(crate) unsafe fn call_with_defaults(store: *mut wasm_store_t, f: *mut wasm_func_t) {
    let ty = wasm_func_type(f);
    assert!(!ty.is_null());
    let params = kinds_of(wasm_functype_params(ty));
    let results = kinds_of(wasm_functype_results(ty));
    wasm_functype_delete(ty);
    assert_eq!(params.len(), wasm_func_param_arity(f));
    assert_eq!(results.len(), wasm_func_result_arity(f));
    let args: Vec<wasm_val_t> = params
        .iter()
        .map(|&k| wasm_val_t { kind: k, _paddings: [0; 7], of: wasm_val_union { i64: 0 } })
        .collect();
    let mut outs: Vec<wasm_val_t> = vec![wasm_val_t { kind: WASM_I32, _paddings: [0; 7], of: wasm_val_union { i64: 0 } }; results.len()];
    let argv = wasm_val_vec_t {
        size: args.len(),
        data: args.as_ptr() as *mut wasm_val_t,
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
    assert!(wamr_store_set_fuel(store, CALL_FUEL));
    let trap = wasm_func_call(f, &argv, &mut outv);
    if trap.is_null() {
        assert_eq!(outv.size, results.len());
        for (v, &k) in outs.iter_mut().zip(&results) {
            assert_eq!(v.kind, k, "result kind");
            release_read_val(v);
        }
    } else {
        let msg = consume_trap(trap);
        assert!(msg.starts_with("Exception: "), "trap message {msg:?}");
    }
}
