//! v128 through the C API: `wasm_val_t` has no room for 128 bits, so a call whose
//! parameters or results include v128 goes through a small wrapper module that imports
//! the function and passes each v128 as two i64 lanes (`i64x2.replace_lane` /
//! `extract_lane`). The wrapper is compiled from text by our own WAT support and called
//! with `wasm_func_call` like everything else.
use crate::capi::{self, Instance, Module, Store};
use crate::values::Value;
use iwasm::*;
use std::collections::HashMap;
use std::fmt::Write;

fn type_name(kind: wasm_valkind_t) -> &'static str {
    match kind {
        WASM_I32 => "i32",
        WASM_I64 => "i64",
        WASM_F32 => "f32",
        WASM_F64 => "f64",
        WASM_V128 => "v128",
        WASM_EXTERNREF => "externref",
        _ => "funcref",
    }
}

/// Each kind as the wrapper passes it: v128 as two i64.
fn flat(kinds: &[wasm_valkind_t]) -> Vec<&'static str> {
    kinds.iter().flat_map(|&k| if k == WASM_V128 { vec!["i64", "i64"] } else { vec![type_name(k)] }).collect()
}

fn list(kw: &str, types: &[&str]) -> String {
    if types.is_empty() {
        String::new()
    } else {
        format!("({kw} {})", types.join(" "))
    }
}

/// The wrapper of a function of type `params -> results`: exports "w".
fn func_wrapper(params: &[wasm_valkind_t], results: &[wasm_valkind_t]) -> String {
    let named: Vec<&str> = params.iter().map(|&k| type_name(k)).collect();
    let rnamed: Vec<&str> = results.iter().map(|&k| type_name(k)).collect();
    let mut body = String::new();
    let mut p = 0;
    for &k in params {
        if k == WASM_V128 {
            let _ = write!(body, " v128.const i64x2 0 0 local.get {p} i64x2.replace_lane 0 local.get {} i64x2.replace_lane 1", p + 1);
            p += 2;
        } else {
            let _ = write!(body, " local.get {p}");
            p += 1;
        }
    }
    body.push_str(" call $f");
    // The results, kept in locals numbered after the wrapper's parameters.
    let first = p;
    for i in (0..results.len()).rev() {
        let _ = write!(body, " local.set {}", first + i);
    }
    for (i, &k) in results.iter().enumerate() {
        let l = first + i;
        if k == WASM_V128 {
            let _ = write!(body, " local.get {l} i64x2.extract_lane 0 local.get {l} i64x2.extract_lane 1");
        } else {
            let _ = write!(body, " local.get {l}");
        }
    }
    format!(
        "(module (import \"t\" \"f\" (func $f {} {})) (func (export \"w\") {} {} {} {body}))",
        list("param", &named),
        list("result", &rnamed),
        list("param", &flat(params)),
        list("result", &flat(results)),
        list("local", &rnamed),
    )
}

fn global_wrapper() -> String {
    "(module (import \"t\" \"g\" (global $g v128)) \
     (func (export \"w\") (result i64 i64) global.get $g i64x2.extract_lane 0 global.get $g i64x2.extract_lane 1))"
        .to_string()
}

/// Compiled wrappers by signature, for one store.
#[derive(Default)]
pub struct Wrappers {
    modules: HashMap<String, Module>,
}

impl Wrappers {
    fn module(&mut self, store: &Store, text: String) -> Result<&Module, String> {
        if !self.modules.contains_key(&text) {
            let binary = capi::wat_to_wasm(text.as_bytes()).map_err(|e| format!("v128 wrapper: {e}"))?;
            let m = store.compile(&binary).map_err(|e| format!("v128 wrapper did not compile: {e}"))?;
            self.modules.insert(text.clone(), m);
        }
        Ok(&self.modules[&text])
    }

    /// Calls `f` (whose signature has a v128) with `args` through a wrapper.
    pub fn call(
        &mut self,
        store: &Store,
        f: *mut wasm_extern_t,
        params: &[wasm_valkind_t],
        results: &[wasm_valkind_t],
        args: &[Value],
    ) -> Result<Vec<Value>, String> {
        let module = self.module(store, func_wrapper(params, results))?;
        let inst = Instance::new(store, module, &[f]).map_err(|e| format!("v128 wrapper: {e}"))?;
        let mut flat_args = Vec::new();
        for a in args {
            match a {
                Value::Plain(v) => flat_args.push(*v),
                Value::V128(b) => {
                    for half in [&b[..8], &b[8..]] {
                        let mut v = capi::zero(WASM_I64);
                        v.of.i64 = i64::from_le_bytes(half.try_into().unwrap());
                        flat_args.push(v);
                    }
                }
            }
        }
        let n_flat = results.iter().map(|&k| if k == WASM_V128 { 2 } else { 1 }).sum();
        let w = unsafe { wasm_extern_as_func(inst.export("w").ok_or("v128 wrapper has no export")?) };
        let out = unsafe { capi::call(w, &flat_args, n_flat)? };
        Ok(unflatten(results, &out))
    }

    /// Reads a v128 global through a wrapper.
    pub fn get(&mut self, store: &Store, g: *mut wasm_extern_t) -> Result<Value, String> {
        let module = self.module(store, global_wrapper())?;
        let inst = Instance::new(store, module, &[g]).map_err(|e| format!("v128 wrapper: {e}"))?;
        let w = unsafe { wasm_extern_as_func(inst.export("w").ok_or("v128 wrapper has no export")?) };
        let out = unsafe { capi::call(w, &[], 2)? };
        Ok(unflatten(&[WASM_V128], &out).remove(0))
    }
}

fn unflatten(kinds: &[wasm_valkind_t], flat: &[wasm_val_t]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut it = flat.iter();
    for &k in kinds {
        if k == WASM_V128 {
            let mut b = [0u8; 16];
            for half in 0..2 {
                let v = it.next().map(|v| unsafe { v.of.i64 }).unwrap_or(0);
                b[half * 8..half * 8 + 8].copy_from_slice(&v.to_le_bytes());
            }
            out.push(Value::V128(b));
        } else if let Some(v) = it.next() {
            out.push(Value::Plain(*v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapper_text() {
        let w = func_wrapper(&[WASM_V128, WASM_I32], &[WASM_V128]);
        assert_eq!(
            w,
            "(module (import \"t\" \"f\" (func $f (param v128 i32) (result v128))) (func (export \"w\") \
             (param i64 i64 i32) (result i64 i64) (local v128)  v128.const i64x2 0 0 local.get 0 i64x2.replace_lane 0 \
             local.get 1 i64x2.replace_lane 1 local.get 2 call $f local.set 3 local.get 3 i64x2.extract_lane 0 \
             local.get 3 i64x2.extract_lane 1))"
        );
    }
}
