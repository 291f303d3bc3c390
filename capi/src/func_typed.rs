//! Typed fast paths for functions whose signature is numbers only, with at most two
//! parameters and one result (most calls in practice).
//!
//! wasmi's untyped `Func::call` re-verifies the signature and prepares its value
//! buffers on every call, and its `Func::new` host trampoline allocates a value buffer
//! per call. A `TypedFunc` and a `Func::wrap` closure do neither, so for these
//! signatures `wasm_func_call` and host callbacks go through them instead. The types
//! are chosen once per signature from a fixed menu (4 numeric types, 0-2 parameters,
//! 0-1 result: 105 monomorphic variants); anything else takes the untyped path.
use crate::func::{run_callback, Callback};
use crate::store::{StoreData, StoreRef};
use crate::trap::{self, TrapBody};
use crate::types::valtype::*;
use crate::val::wasm_val_t;
use std::sync::{Arc, Weak};
use wasmi::{Caller, StoreContextMut, TypedFunc, ValType, WasmParams, WasmResults, WasmRet, WasmTy, WasmTyList, F32, F64};

/// What a mismatched argument kind traps with (as the untyped path's conversion).
const KIND_MISMATCH: &str = "value kind does not match the expected type";

/// A wasm number type, and how it sits in a `wasm_val_t`.
trait Num: WasmTy + Copy + 'static {
    const KIND: wasm_valkind_t;
    /// Reads the value by its type, whatever `kind` says.
    unsafe fn read(v: &wasm_val_t) -> Self;
    fn write(self) -> wasm_val_t;
}

macro_rules! num {
    ($ty:ty, $kind:expr, |$v:ident| $read:expr, |$x:ident, $out:ident| $write:expr) => {
        impl Num for $ty {
            const KIND: wasm_valkind_t = $kind;
            #[inline]
            unsafe fn read($v: &wasm_val_t) -> Self {
                $read
            }
            #[inline]
            fn write(self) -> wasm_val_t {
                let mut $out = wasm_val_t::ZERO;
                $out.kind = $kind;
                let $x = self;
                $write;
                $out
            }
        }
    };
}

// Floats travel as bits: a NaN's payload must survive the trip.
num!(i32, WASM_I32, |v| v.of.i32, |x, out| out.of.i32 = x);
num!(i64, WASM_I64, |v| v.of.i64, |x, out| out.of.i64 = x);
num!(F32, WASM_F32, |v| F32::from_bits(v.of.i32 as u32), |x, out| out.of.i32 = x.to_bits() as i32);
num!(F64, WASM_F64, |v| F64::from_bits(v.of.i64 as u64), |x, out| out.of.i64 = x.to_bits() as i64);

/// The body of a typed host function: runs the callback on the C arguments.
trait HostBody<R>: Fn(Caller<'_, StoreData>, &mut [wasm_val_t]) -> Result<R, wasmi::Error> + Send + Sync + 'static {}
impl<R, F> HostBody<R> for F where F: Fn(Caller<'_, StoreData>, &mut [wasm_val_t]) -> Result<R, wasmi::Error> + Send + Sync + 'static {}

/// A parameter list: read from a caller's values (kinds checked), or handed to a
/// host function as C values.
trait Params: WasmParams + 'static {
    unsafe fn read(args: &[wasm_val_t]) -> Option<Self>;
    /// A host function of these parameters running `body`.
    fn wrap<R: Results, F: HostBody<R>>(ctx: StoreContextMut<'_, StoreData>, body: F) -> wasmi::Func
    where
        Result<R, wasmi::Error>: WasmRet;
}

impl Params for () {
    unsafe fn read(_: &[wasm_val_t]) -> Option<Self> {
        Some(())
    }
    fn wrap<R: Results, F: HostBody<R>>(ctx: StoreContextMut<'_, StoreData>, body: F) -> wasmi::Func
    where
        Result<R, wasmi::Error>: WasmRet,
    {
        wasmi::Func::wrap(ctx, move |caller: Caller<'_, StoreData>| body(caller, &mut []))
    }
}

impl<A: Num> Params for (A,) {
    #[inline]
    unsafe fn read(args: &[wasm_val_t]) -> Option<Self> {
        let a = args.first().filter(|v| v.kind == A::KIND)?;
        Some((A::read(a),))
    }
    fn wrap<R: Results, F: HostBody<R>>(ctx: StoreContextMut<'_, StoreData>, body: F) -> wasmi::Func
    where
        Result<R, wasmi::Error>: WasmRet,
    {
        wasmi::Func::wrap(ctx, move |caller: Caller<'_, StoreData>, a: A| body(caller, &mut [a.write()]))
    }
}

impl<A: Num, B: Num> Params for (A, B) {
    #[inline]
    unsafe fn read(args: &[wasm_val_t]) -> Option<Self> {
        match args {
            [a, b, ..] if a.kind == A::KIND && b.kind == B::KIND => Some((A::read(a), B::read(b))),
            _ => None,
        }
    }
    fn wrap<R: Results, F: HostBody<R>>(ctx: StoreContextMut<'_, StoreData>, body: F) -> wasmi::Func
    where
        Result<R, wasmi::Error>: WasmRet,
    {
        wasmi::Func::wrap(ctx, move |caller: Caller<'_, StoreData>, a: A, b: B| {
            body(caller, &mut [a.write(), b.write()])
        })
    }
}

/// A result list: written for the caller, or read from a host callback's values.
trait Results: WasmResults + 'static {
    unsafe fn write(self, out: *mut wasm_val_t);
    /// Reads a callback's results by type (callbacks often leave `kind` unset).
    unsafe fn read(written: &[wasm_val_t]) -> Result<Self, &'static str>;
}

impl Results for () {
    unsafe fn write(self, _: *mut wasm_val_t) {}
    unsafe fn read(_: &[wasm_val_t]) -> Result<Self, &'static str> {
        Ok(())
    }
}

impl<A: Num> Results for A {
    #[inline]
    unsafe fn write(self, out: *mut wasm_val_t) {
        *out = self.write();
    }
    #[inline]
    unsafe fn read(written: &[wasm_val_t]) -> Result<Self, &'static str> {
        match written.first() {
            Some(v) if v.is_ref() => Err(KIND_MISMATCH),
            Some(v) => Ok(A::read(v)),
            None => Err("the host function did not return all its results"),
        }
    }
}

/// A wasm function called with C values, without per-call type checks.
pub(crate) trait TypedCall: Send + Sync {
    /// How many parameters and results the function has.
    fn arity(&self) -> (usize, usize);
    /// Calls with `args` (at least as many as the function takes); writes the results
    /// to `out`, which has room for them.
    unsafe fn call(&self, ctx: StoreContextMut<'_, StoreData>, args: &[wasm_val_t], out: *mut wasm_val_t)
        -> Result<(), TrapBody>;
}

struct Typed<P, R>(TypedFunc<P, R>);

impl<P: Params, R: Results> TypedCall for Typed<P, R> {
    fn arity(&self) -> (usize, usize) {
        (<P as WasmTyList>::LEN, <R as WasmTyList>::LEN)
    }
    #[inline]
    unsafe fn call(&self, ctx: StoreContextMut<'_, StoreData>, args: &[wasm_val_t], out: *mut wasm_val_t)
        -> Result<(), TrapBody> {
        let params = P::read(args).ok_or_else(|| TrapBody::exception(KIND_MISMATCH))?;
        let results = self.0.call(ctx, params).map_err(|e| trap::from_error(&e))?;
        results.write(out);
        Ok(())
    }
}

/// Picks a monomorphic variant for a signature: `pick!(params, results, make)` calls
/// `make::<P, R>()` for the Rust types of the signature, or gives `None`.
macro_rules! pick {
    ($params:expr, $results:expr, $make:ident ( $($arg:expr),* )) => {{
        macro_rules! res {
            ($p:ty) => {
                match $results {
                    [] => Some($make::<$p, ()>($($arg),*)),
                    [ValType::I32] => Some($make::<$p, i32>($($arg),*)),
                    [ValType::I64] => Some($make::<$p, i64>($($arg),*)),
                    [ValType::F32] => Some($make::<$p, F32>($($arg),*)),
                    [ValType::F64] => Some($make::<$p, F64>($($arg),*)),
                    _ => None,
                }
            };
        }
        macro_rules! second {
            ($a:ty, $b:expr) => {
                match $b {
                    ValType::I32 => res!(($a, i32)),
                    ValType::I64 => res!(($a, i64)),
                    ValType::F32 => res!(($a, F32)),
                    ValType::F64 => res!(($a, F64)),
                    _ => None,
                }
            };
        }
        match $params {
            [] => res!(()),
            [ValType::I32] => res!((i32,)),
            [ValType::I64] => res!((i64,)),
            [ValType::F32] => res!((F32,)),
            [ValType::F64] => res!((F64,)),
            [ValType::I32, b] => second!(i32, b),
            [ValType::I64, b] => second!(i64, b),
            [ValType::F32, b] => second!(F32, b),
            [ValType::F64, b] => second!(F64, b),
            _ => None,
        }
    }};
}

fn typed<P: Params, R: Results>(ctx: StoreContextMut<'_, StoreData>, func: wasmi::Func) -> Option<Arc<dyn TypedCall>> {
    let f = func.typed::<P, R>(ctx).ok()?;
    Some(Arc::new(Typed(f)))
}

/// The typed way to call `func` (of type `ty`), if its signature has one.
pub(crate) fn typed_call(
    ctx: StoreContextMut<'_, StoreData>,
    func: wasmi::Func,
    ty: &wasmi::FuncType,
) -> Option<Arc<dyn TypedCall>> {
    pick!(ty.params(), ty.results(), typed(ctx, func)).flatten()
}

fn host<P: Params, R: Results>(
    ctx: StoreContextMut<'_, StoreData>,
    store: &Weak<crate::store::StoreCell>,
    callback: &mut Option<Callback>,
) -> Option<wasmi::Func>
where
    Result<R, wasmi::Error>: WasmRet,
{
    let callback = callback.take()?;
    let store = store.clone();
    Some(P::wrap(ctx, move |mut caller: Caller<'_, StoreData>, args: &mut [wasm_val_t]| {
        let Some(store) = store.upgrade() else { return Err(crate::func::host_error("the store is gone")) };
        run_callback(&store, &callback, &mut caller, args, <R as WasmTyList>::LEN, |written, _| unsafe { R::read(written) })
    }))
}

/// A typed host function running `callback`, if the signature has one; otherwise
/// the callback is handed back.
pub(crate) fn typed_host_func(store: &StoreRef, ty: &wasmi::FuncType, callback: Callback) -> Result<wasmi::Func, Callback> {
    let weak = Arc::downgrade(store);
    let mut slot = Some(callback);
    let made = store.with(|ctx| pick!(ty.params(), ty.results(), host(ctx, &weak, &mut slot)).flatten());
    match (made, slot) {
        (Some(func), _) => Ok(func),
        (None, Some(callback)) => Err(callback),
        (None, None) => unreachable!("a host function is made whenever the callback is taken"),
    }
}
