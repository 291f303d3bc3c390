//! Differential: a wasm-smith module run through our C API and through wasmi directly,
//! with the same arguments; every validation verdict, instantiation outcome, result
//! (bit for bit), trap, and the exported globals and memories after each call must agree.
//!
//! Both sides run the same wasmi build, so any difference is our C layer's: value
//! conversion, the typed call paths, result vectors, trap translation, linking.
use crate::*;
use arbitrary::Unstructured;
use wasmi::{Engine, Extern, Instance, Linker, Module, Store, Val};

/// Fuel for each call on both sides; running out on either side ends the comparison
/// (fuel is metered in slices on our side, so the exact point may differ).
const FUEL: u64 = 2_000_000;

/// What a call came to, in words both sides can be put in.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Result bits, with the kind of each value.
    Values(Vec<(u8, u64)>),
    Trap(String),
    OutOfFuel,
}

/// WAMR's wording of wasmi's trap codes (written here independently of the library's table).
fn trap_text(code: wasmi::TrapCode) -> String {
    use wasmi::TrapCode::*;
    let reason = match code {
        UnreachableCodeReached => "unreachable",
        MemoryOutOfBounds => "out of bounds memory access",
        TableOutOfBounds => "undefined element",
        IndirectCallToNull => "uninitialized element",
        IntegerDivisionByZero => "integer divide by zero",
        IntegerOverflow => "integer overflow",
        BadConversionToInteger => "invalid conversion to integer",
        StackOverflow => "wasm operand stack overflow",
        BadSignature => "indirect call type mismatch",
        OutOfFuel => return "out of fuel".into(),
        GrowthOperationLimited => "growth operation limited",
        OutOfSystemMemory => "allocate memory failed",
        Interrupted => "interrupted",
    };
    format!("Exception: {reason}")
}

fn direct_outcome(r: Result<Vec<Val>, wasmi::Error>) -> Outcome {
    match r {
        Ok(vals) => Outcome::Values(vals.iter().map(val_bits).collect()),
        Err(e) => match e.as_trap_code() {
            Some(wasmi::TrapCode::OutOfFuel) => Outcome::OutOfFuel,
            Some(code) => Outcome::Trap(trap_text(code)),
            None => Outcome::Trap(format!("Exception: {e}")),
        },
    }
}

fn zero_val() -> wasm_val_t {
    wasm_val_t { kind: WASM_I32, _paddings: [0; 7], of: wasm_val_union { i64: 0 } }
}

fn val_bits(v: &Val) -> (u8, u64) {
    match v {
        Val::I32(x) => (WASM_I32, *x as u32 as u64),
        Val::I64(x) => (WASM_I64, *x as u64),
        Val::F32(x) => (WASM_F32, x.to_bits() as u64),
        Val::F64(x) => (WASM_F64, x.to_bits()),
        Val::FuncRef(f) => (WASM_FUNCREF, f.is_null() as u64),
        Val::ExternRef(r) => (WASM_EXTERNREF, r.is_null() as u64),
        _ => (WASM_V128, 0),
    }
}

fn ours_bits(v: &wasm_val_t) -> (u8, u64) {
    unsafe {
        match v.kind {
            WASM_I32 => (WASM_I32, v.of.i32 as u32 as u64),
            WASM_I64 => (WASM_I64, v.of.i64 as u64),
            WASM_F32 => (WASM_F32, v.of.f32.to_bits() as u64),
            WASM_F64 => (WASM_F64, v.of.f64.to_bits()),
            // a v128 global reads as its kind only (no room for the value)
            WASM_V128 => (WASM_V128, 0),
            k => (k, v.of.r#ref.is_null() as u64),
        }
    }
}

/// The arguments of one call: the same numbers on both sides, null references.
fn args_for(ty: &wasmi::FuncType, u: &mut Unstructured) -> Option<(Vec<Val>, Vec<wasm_val_t>)> {
    let mut direct = Vec::new();
    let mut ours = Vec::new();
    for p in ty.params() {
        let mut v = zero_val();
        let d = match p {
            wasmi::ValType::I32 => {
                let x: i32 = u.arbitrary().unwrap_or(0);
                v.of.i32 = x;
                Val::I32(x)
            }
            wasmi::ValType::I64 => {
                let x: i64 = u.arbitrary().unwrap_or(0);
                v.kind = WASM_I64;
                v.of.i64 = x;
                Val::I64(x)
            }
            wasmi::ValType::F32 => {
                let x: u32 = u.arbitrary().unwrap_or(0);
                v.kind = WASM_F32;
                v.of.f32 = f32::from_bits(x);
                Val::F32(wasmi::F32::from_bits(x))
            }
            wasmi::ValType::F64 => {
                let x: u64 = u.arbitrary().unwrap_or(0);
                v.kind = WASM_F64;
                v.of.f64 = f64::from_bits(x);
                Val::F64(wasmi::F64::from_bits(x))
            }
            wasmi::ValType::FuncRef => {
                v.kind = WASM_FUNCREF;
                v.of.r#ref = std::ptr::null_mut();
                Val::FuncRef(wasmi::Nullable::Null)
            }
            wasmi::ValType::ExternRef => {
                v.kind = WASM_EXTERNREF;
                v.of.r#ref = std::ptr::null_mut();
                Val::ExternRef(wasmi::Nullable::Null)
            }
            // v128 cannot cross the C API (`wasm_val_t` has no room for it)
            _ => return None,
        };
        direct.push(d);
        ours.push(v);
    }
    Some((direct, ours))
}

/// The state wasm can change that the host can see: exported globals and memories.
fn direct_state(store: &Store<()>, inst: &Instance, names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| match inst.get_export(store, n) {
            Some(Extern::Global(g)) => format!("{n}={:?}", val_bits(&g.get(store))),
            Some(Extern::Memory(m)) => format!("{n}={}:{:x}", m.size(store), hash(m.data(store))),
            _ => String::new(),
        })
        .collect()
}

unsafe fn ours_state(exports: &wasm_extern_vec_t, names: &[String], kinds: &[u8]) -> Vec<String> {
    let items = vec_items(exports.data, exports.size);
    names
        .iter()
        .zip(kinds)
        .zip(items)
        .map(|((n, k), e)| match *k {
            WASM_EXTERN_GLOBAL => {
                let mut v = zero_val();
                wamr_global_value(wasm_extern_as_global(*e), &mut v);
                let bits = ours_bits(&v);
                release_read_val(&v);
                format!("{n}={bits:?}")
            }
            WASM_EXTERN_MEMORY => {
                let m = wasm_extern_as_memory(*e);
                let (data, len) = (wasm_memory_data(m), wasm_memory_data_size(m));
                let bytes = if data.is_null() { &[][..] } else { std::slice::from_raw_parts(data as *const u8, len) };
                format!("{n}={}:{:x}", wasm_memory_size(m), hash(bytes))
            }
            _ => String::new(),
        })
        .collect()
}

/// A trap's message without the NUL WAMR counts in it (deletes the trap).
unsafe fn message(t: *mut wasm_trap_t) -> String {
    consume_trap(t).trim_end_matches('\0').to_string()
}

fn hash(bytes: &[u8]) -> u64 {
    // FNV-1a: cheap, and any change of a byte shows
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(mut config) = crate::smith::config(&mut u) else { return };
    config.max_imports = 0;
    config.min_imports = 0;
    let Ok(module) = wasm_smith::Module::new(config, &mut u) else { return };
    let wasm = module.to_bytes();
    let engine = EngineRef::new();
    unsafe { compare(engine.0, &wasm, &mut u) }
}

unsafe fn compare(engine: *mut wasm_engine_t, wasm: &[u8], u: &mut Unstructured) {
    // wasmi directly, configured as the library's metered stores are
    let mut config = wasmi::Config::default();
    config.compilation_mode(wasmi::CompilationMode::LazyTranslation);
    config.consume_fuel(true);
    let direct_engine = Engine::new(&config);
    let direct_module = Module::new(&direct_engine, wasm);

    let store = wamr_store_new_metered(engine);
    assert!(!store.is_null());
    let mut bin = byte_vec(wasm);
    let ours_module = wasm_module_new(store, &bin);
    wasm_byte_vec_delete(&mut bin);
    assert_eq!(ours_module.is_null(), direct_module.is_err(), "validation verdicts differ: {:?}", direct_module.err());
    let Ok(direct_module) = direct_module else {
        wasm_store_delete(store);
        return;
    };

    let mut direct_store = Store::new(&direct_engine, ());
    direct_store.set_fuel(FUEL).unwrap();
    let direct_inst = Linker::<()>::new(&direct_engine).instantiate_and_start(&mut direct_store, &direct_module);
    assert!(wamr_store_set_fuel(store, FUEL));
    let mut trap = std::ptr::null_mut();
    let empty = empty_vec!(wasm_extern_vec_t);
    let ours_inst = wasm_instance_new(store, ours_module, &empty, &mut trap);
    let ours_start = if trap.is_null() { None } else { Some(message(trap)) };
    let direct_code = direct_inst.as_ref().err().and_then(|e| e.as_trap_code());
    let fuel_out = direct_code == Some(wasmi::TrapCode::OutOfFuel) || ours_start.as_deref() == Some("Exception: all fuel consumed");
    if !fuel_out {
        assert_eq!(direct_inst.is_ok(), !ours_inst.is_null(), "instantiation differs: wasmi {:?}, ours {:?}", direct_inst.as_ref().err(), ours_start);
        if let (Some(code), Some(msg)) = (direct_code, &ours_start) {
            assert_eq!(&trap_text(code), msg, "start function traps differ");
        }
    }
    if let (Ok(direct_inst), false) = (direct_inst, ours_inst.is_null()) {
        let mut exports = empty_vec!(wasm_extern_vec_t);
        wasm_instance_exports(ours_inst, &mut exports);
        // In our export order (the module's; wasmi's own listing groups them by kind)
        let mut types = empty_vec!(wasm_exporttype_vec_t);
        wasm_module_exports(ours_module, &mut types);
        let names: Vec<String> = vec_items(types.data, types.size)
            .iter()
            .map(|t| {
                // WAMR's names count one trailing NUL; the name itself may end in NULs too
                let b = bytes_of(&*wasm_exporttype_name(*t));
                String::from_utf8_lossy(b.strip_suffix(&[0]).unwrap_or(b)).into_owned()
            })
            .collect();
        wasm_exporttype_vec_delete(&mut types);
        let kinds: Vec<u8> = vec_items(exports.data, exports.size).iter().map(|e| wasm_extern_kind(*e)).collect();
        assert_eq!(names.len(), exports.size, "export counts differ");
        let funcs: Vec<usize> = (0..names.len()).filter(|&i| kinds[i] == WASM_EXTERN_FUNC).collect();
        let calls = if funcs.is_empty() { 0 } else { u.int_in_range(0..=8).unwrap_or(0) };
        for _ in 0..calls {
            let i = funcs[u.choose_index(funcs.len()).unwrap_or(0)];
            let Some(Extern::Func(df)) = direct_inst.get_export(&direct_store, &names[i]) else { panic!("export {} is not a function in wasmi", names[i]) };
            let ty = df.ty(&direct_store);
            let Some((dargs, oargs)) = args_for(&ty, u) else { continue };
            if ty.results().contains(&wasmi::ValType::V128) {
                // refused by the C API before running: nothing to compare but that
                let mut oargs = oargs;
                let argv = wasm_val_vec_t { size: oargs.len(), data: oargs.as_mut_ptr(), num_elems: oargs.len(), size_of_elem: 16, lock: std::ptr::null_mut() };
                let mut out = empty_vec!(wasm_val_vec_t);
                let t = wasm_func_call(wasm_extern_as_func(*exports.data.add(i)), &argv, &mut out);
                assert!(!t.is_null() && message(t).contains("v128"), "a v128 result crossed the C API");
                continue;
            }
            direct_store.set_fuel(FUEL).unwrap();
            let mut dres = vec![Val::I32(0); ty.results().len()];
            let d = direct_outcome(df.call(&mut direct_store, &dargs, &mut dres).map(|()| dres));
            assert!(wamr_store_set_fuel(store, FUEL));
            let mut oargs = oargs;
            let argv = wasm_val_vec_t { size: oargs.len(), data: oargs.as_mut_ptr(), num_elems: oargs.len(), size_of_elem: 16, lock: std::ptr::null_mut() };
            let mut outs = vec![zero_val(); ty.results().len()];
            let mut outv = wasm_val_vec_t { size: outs.len(), data: outs.as_mut_ptr(), num_elems: outs.len(), size_of_elem: 16, lock: std::ptr::null_mut() };
            let t = wasm_func_call(wasm_extern_as_func(*exports.data.add(i)), &argv, &mut outv);
            let o = if t.is_null() {
                let bits = outs.iter().map(ours_bits).collect();
                outs.iter().for_each(|v| release_read_val(v));
                Outcome::Values(bits)
            } else {
                match message(t) {
                    m if m == "Exception: all fuel consumed" => Outcome::OutOfFuel,
                    m => Outcome::Trap(m),
                }
            };
            if d == Outcome::OutOfFuel || o == Outcome::OutOfFuel {
                break; // where fuel ran out may differ: the states may differ from here on
            }
            assert_eq!(o, d, "call of export {:?} with {:?}", names[i], dargs);
            assert_eq!(ours_state(&exports, &names, &kinds), direct_state(&direct_store, &direct_inst, &names), "state after calling {:?}", names[i]);
        }
        wasm_extern_vec_delete(&mut exports);
        wasm_instance_delete(ours_inst);
    }
    wasm_module_delete(ours_module);
    wasm_store_delete(store);
}
