//! The fast path for functions whose signature is numbers only (any arity): calls
//! through wasmi's `NumericFunc` and host functions made with `Func::new_numeric`
//! (our wasmi patch #8), which take values as raw bits.
//!
//! wasmi's untyped `Func::call` re-verifies the signature and prepares `Val` buffers
//! on every call, and its `Func::new` trampoline allocates a `Val` buffer per call;
//! the numeric forms check the signature once and move bits. Signatures with
//! references or v128 take the untyped path, and so do metered stores.
use crate::func::{run_callback, with_c_vals, Callback};
use crate::store::{StoreCell, StoreData, StoreRef};
use crate::trap::{self, TrapBody};
use crate::types::valtype::*;
use crate::val::wasm_val_t;
use std::sync::Arc;
use wasmi::{Caller, NumericFunc, StoreContextMut, ValType};

/// What a mismatched argument kind traps with (as the untyped path's conversion).
const KIND_MISMATCH: &str = "value kind does not match the expected type";

/// How many values a call keeps on the native stack.
const INLINE: usize = 16;

/// A C value's bits by its kind (floats travel as bits: a NaN's payload survives).
#[inline]
unsafe fn bits_of(v: &wasm_val_t) -> u64 {
    match v.kind {
        WASM_I32 | WASM_F32 => u64::from(v.of.i32 as u32),
        _ => v.of.i64 as u64,
    }
}

/// The C value of `bits` of type `kind`.
#[inline]
fn val_of(bits: u64, kind: wasm_valkind_t) -> wasm_val_t {
    let mut out = wasm_val_t::ZERO;
    out.kind = kind;
    match kind {
        WASM_I32 | WASM_F32 => out.of.i32 = bits as u32 as i32,
        _ => out.of.i64 = bits as i64,
    }
    out
}

/// A written result read by the type it must have (callbacks often leave `kind` unset).
#[inline]
unsafe fn result_bits(v: &wasm_val_t, kind: wasm_valkind_t) -> Result<u64, &'static str> {
    if v.is_ref() {
        return Err(KIND_MISMATCH);
    }
    Ok(match kind {
        WASM_I32 | WASM_F32 => u64::from(v.of.i32 as u32),
        _ => v.of.i64 as u64,
    })
}

/// A wasm function of a numbers-only signature, called with C values.
pub(crate) struct NumericCall {
    func: NumericFunc,
    params: Box<[wasm_valkind_t]>,
    results: Box<[wasm_valkind_t]>,
}

impl NumericCall {
    /// How many parameters and results the function has.
    pub(crate) fn arity(&self) -> (usize, usize) {
        (self.params.len(), self.results.len())
    }

    /// Calls with `args` (at least as many as the function takes); writes the results
    /// to `out`, which has room for them.
    #[inline]
    pub(crate) unsafe fn call(
        &self,
        ctx: StoreContextMut<'_, StoreData>,
        args: &[wasm_val_t],
        out: *mut wasm_val_t,
    ) -> Result<(), TrapBody> {
        let (np, nr) = self.arity();
        let mut inline = [0u64; INLINE];
        let mut heap;
        let bits: &mut [u64] = if np + nr <= INLINE {
            &mut inline[..np + nr]
        } else {
            heap = vec![0u64; np + nr];
            &mut heap
        };
        let (params, results) = bits.split_at_mut(np);
        for ((slot, v), &kind) in params.iter_mut().zip(args).zip(&self.params[..]) {
            if v.kind != kind {
                return Err(TrapBody::exception(KIND_MISMATCH));
            }
            *slot = bits_of(v);
        }
        self.func.call(ctx, params, results).map_err(|e| trap::from_error(&e))?;
        for (i, (&b, &kind)) in results.iter().zip(&self.results[..]).enumerate() {
            *out.add(i) = val_of(b, kind);
        }
        Ok(())
    }
}

/// The numeric way to call `func` (of type `ty`), if its signature has one.
pub(crate) fn numeric_call(
    ctx: StoreContextMut<'_, StoreData>,
    func: wasmi::Func,
    ty: &wasmi::FuncType,
) -> Option<Arc<NumericCall>> {
    let func = func.numeric(ctx).ok()?;
    Some(Arc::new(NumericCall {
        func,
        params: ty.params().iter().map(|t| valkind_from_wasmi(*t)).collect(),
        results: ty.results().iter().map(|t| valkind_from_wasmi(*t)).collect(),
    }))
}

/// A numeric host function running `callback`, if the signature is numbers only;
/// otherwise the callback is handed back.
pub(crate) fn numeric_host_func(store: &StoreRef, ty: &wasmi::FuncType, callback: Callback) -> Result<wasmi::Func, Callback> {
    let all_numbers = ty.params().iter().chain(ty.results()).all(ValType::is_num);
    if !all_numbers {
        return Err(callback);
    }
    let weak = Arc::downgrade(store);
    let params: Box<[wasm_valkind_t]> = ty.params().iter().map(|t| valkind_from_wasmi(*t)).collect();
    let results: Box<[wasm_valkind_t]> = ty.results().iter().map(|t| valkind_from_wasmi(*t)).collect();
    let body = move |mut caller: Caller<'_, StoreData>, values: &mut [u64]| -> Result<(), wasmi::Error> {
        // The store is running this call, so it is alive: no need to upgrade (two atomic
        // operations per call); the count is checked all the same.
        if weak.strong_count() == 0 {
            return Err(crate::func::host_error("the store is gone"));
        }
        let store: &StoreCell = unsafe { &*weak.as_ptr() };
        with_c_vals(params.len(), |args| {
            for ((arg, &bits), &kind) in args.iter_mut().zip(&values[..]).zip(&params[..]) {
                *arg = val_of(bits, kind);
            }
            run_callback(store, &callback, &mut caller, args, results.len(), |written, _| {
                if written.len() < results.len() {
                    return Err("the host function did not return all its results");
                }
                for ((slot, v), &kind) in values.iter_mut().zip(written).zip(&results[..]) {
                    *slot = unsafe { result_bits(v, kind)? };
                }
                Ok(())
            })
        })
    };
    // refused only for a non-number, ruled out above
    Ok(store.with(|ctx| wasmi::Func::new_numeric(ctx, ty.clone(), body)).expect("a numbers-only signature"))
}
