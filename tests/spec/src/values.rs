//! wast arguments into `wasm_val_t`s, and results checked against wast's expectations
//! (exact bits for floats, NaN patterns, references by identity).
use crate::capi::zero;
use iwasm::*;
use std::collections::HashMap;
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};

/// A value the runner passes or expects: numbers as bits, v128 as bytes.
#[derive(Clone, Copy)]
pub enum Value {
    Plain(wasm_val_t),
    V128([u8; 16]),
}

/// `ref.extern N` values: foreign objects of the file's store, one per N, passed as
/// externrefs; wasm hands back the very pointer passed in (WAMR's model).
pub struct ExternRefs {
    store: *mut wasm_store_t,
    made: HashMap<u32, *mut wasm_foreign_t>,
}

impl ExternRefs {
    pub fn new(store: *mut wasm_store_t) -> ExternRefs {
        ExternRefs { store, made: HashMap::new() }
    }

    pub fn get(&mut self, n: u32) -> *mut wasm_ref_t {
        let store = self.store;
        let f = *self.made.entry(n).or_insert_with(|| unsafe { wasm_foreign_new(store) });
        wasm_foreign_as_ref(f)
    }

    fn which(&self, r: *const wasm_ref_t) -> Option<u32> {
        self.made.iter().find(|(_, f)| wasm_foreign_as_ref(**f) as *const _ == r).map(|(n, _)| *n)
    }
}

impl Drop for ExternRefs {
    fn drop(&mut self) {
        for f in self.made.values() {
            unsafe { wasm_foreign_delete(*f) }
        }
    }
}

fn val(kind: wasm_valkind_t, set: impl FnOnce(&mut wasm_val_t)) -> Value {
    let mut v = zero(kind);
    set(&mut v);
    Value::Plain(v)
}

/// The value of an argument, or why it cannot be passed.
pub fn arg(a: &WastArg, refs: &mut ExternRefs) -> Result<Value, String> {
    let WastArg::Core(a) = a else { return Err("component value".into()) };
    Ok(match a {
        WastArgCore::I32(x) => val(WASM_I32, |v| v.of.i32 = *x),
        WastArgCore::I64(x) => val(WASM_I64, |v| v.of.i64 = *x),
        WastArgCore::F32(x) => val(WASM_F32, |v| v.of.f32 = f32::from_bits(x.bits)),
        WastArgCore::F64(x) => val(WASM_F64, |v| v.of.f64 = f64::from_bits(x.bits)),
        WastArgCore::V128(x) => Value::V128(x.to_le_bytes()),
        WastArgCore::RefNull(ty) => val(null_kind(ty)?, |v| v.of.r#ref = std::ptr::null_mut()),
        WastArgCore::RefExtern(n) => {
            let r = refs.get(*n);
            val(WASM_EXTERNREF, |v| v.of.r#ref = r)
        }
        WastArgCore::RefHost(_) => return Err("anyref host value (GC proposal)".into()),
    })
}

fn null_kind(ty: &HeapType) -> Result<wasm_valkind_t, String> {
    match ty {
        HeapType::Abstract { ty: AbstractHeapType::Func, .. } => Ok(WASM_FUNCREF),
        HeapType::Abstract { ty: AbstractHeapType::Extern, .. } => Ok(WASM_EXTERNREF),
        other => Err(format!("null of {other:?} (no wasm_valkind_t for it)")),
    }
}

/// Whether `got` matches the expectation; on mismatch, a description of both.
pub fn check(expected: &WastRet, got: &Value, refs: &ExternRefs) -> Result<(), String> {
    let WastRet::Core(e) = expected else { return Err("component value".into()) };
    if matches(e, got, refs) {
        Ok(())
    } else {
        Err(format!("expected {}, got {}", describe(e), show(got, refs)))
    }
}

fn matches(e: &WastRetCore, got: &Value, refs: &ExternRefs) -> bool {
    match (e, got) {
        (WastRetCore::Either(all), _) => all.iter().any(|e| matches(e, got, refs)),
        (WastRetCore::V128(p), Value::V128(bytes)) => v128_matches(p, bytes),
        (_, Value::V128(_)) => false,
        (e, Value::Plain(v)) => unsafe {
            match e {
                WastRetCore::I32(x) => v.kind == WASM_I32 && v.of.i32 == *x,
                WastRetCore::I64(x) => v.kind == WASM_I64 && v.of.i64 == *x,
                WastRetCore::F32(p) => v.kind == WASM_F32 && f32_matches(p, v.of.f32.to_bits()),
                WastRetCore::F64(p) => v.kind == WASM_F64 && f64_matches(p, v.of.f64.to_bits()),
                WastRetCore::RefNull(ty) => {
                    is_ref(v.kind)
                        && v.of.r#ref.is_null()
                        && match ty.as_ref().map(null_kind) {
                            Some(Ok(kind)) => kind == v.kind,
                            _ => true,
                        }
                }
                WastRetCore::RefExtern(None) => v.kind == WASM_EXTERNREF && !v.of.r#ref.is_null(),
                WastRetCore::RefExtern(Some(n)) => v.kind == WASM_EXTERNREF && refs.which(v.of.r#ref) == Some(*n),
                WastRetCore::RefFunc(_) => v.kind == WASM_FUNCREF && !v.of.r#ref.is_null(),
                _ => false,
            }
        },
    }
}

fn is_ref(kind: wasm_valkind_t) -> bool {
    kind == WASM_EXTERNREF || kind == WASM_FUNCREF
}

pub fn f32_matches(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match p {
        NanPattern::Value(x) => x.bits == bits,
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
    }
}

pub fn f64_matches(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match p {
        NanPattern::Value(x) => x.bits == bits,
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
    }
}

fn lanes<const N: usize, const W: usize>(b: &[u8; 16]) -> [[u8; W]; N] {
    std::array::from_fn(|i| std::array::from_fn(|j| b[i * W + j]))
}

fn v128_matches(p: &V128Pattern, b: &[u8; 16]) -> bool {
    match p {
        V128Pattern::I8x16(x) => x.iter().zip(b).all(|(x, b)| *x as u8 == *b),
        V128Pattern::I16x8(x) => x.iter().zip(lanes::<8, 2>(b)).all(|(x, l)| *x == i16::from_le_bytes(l)),
        V128Pattern::I32x4(x) => x.iter().zip(lanes::<4, 4>(b)).all(|(x, l)| *x == i32::from_le_bytes(l)),
        V128Pattern::I64x2(x) => x.iter().zip(lanes::<2, 8>(b)).all(|(x, l)| *x == i64::from_le_bytes(l)),
        V128Pattern::F32x4(x) => x.iter().zip(lanes::<4, 4>(b)).all(|(p, l)| f32_matches(p, u32::from_le_bytes(l))),
        V128Pattern::F64x2(x) => x.iter().zip(lanes::<2, 8>(b)).all(|(p, l)| f64_matches(p, u64::from_le_bytes(l))),
    }
}

fn describe(e: &WastRetCore) -> String {
    match e {
        WastRetCore::I32(x) => format!("(i32.const {x})"),
        WastRetCore::I64(x) => format!("(i64.const {x})"),
        WastRetCore::F32(NanPattern::Value(x)) => format!("(f32 bits 0x{:08x})", x.bits),
        WastRetCore::F64(NanPattern::Value(x)) => format!("(f64 bits 0x{:016x})", x.bits),
        other => format!("{other:?}"),
    }
}

pub fn show(v: &Value, refs: &ExternRefs) -> String {
    match v {
        Value::V128(b) => format!("(v128 {b:02x?})"),
        Value::Plain(v) => unsafe {
            match v.kind {
                WASM_I32 => format!("(i32.const {})", v.of.i32),
                WASM_I64 => format!("(i64.const {})", v.of.i64),
                WASM_F32 => format!("(f32 bits 0x{:08x})", v.of.f32.to_bits()),
                WASM_F64 => format!("(f64 bits 0x{:016x})", v.of.f64.to_bits()),
                WASM_EXTERNREF if v.of.r#ref.is_null() => "(ref.null extern)".into(),
                WASM_EXTERNREF => match refs.which(v.of.r#ref) {
                    Some(n) => format!("(ref.extern {n})"),
                    None => "(ref.extern ?)".into(),
                },
                WASM_FUNCREF if v.of.r#ref.is_null() => "(ref.null func)".into(),
                WASM_FUNCREF => "(ref.func)".into(),
                k => format!("(value of kind {k})"),
            }
        },
    }
}

/// Releases what a result owns (WAMR's model: a funcref read from wasm is the reader's).
pub fn release(v: &Value) {
    if let Value::Plain(v) = v {
        if v.kind == WASM_FUNCREF {
            unsafe {
                if !v.of.r#ref.is_null() {
                    wasm_ref_delete(v.of.r#ref);
                }
            }
        }
    }
}
