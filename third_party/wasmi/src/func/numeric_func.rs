//! PATCHED (numeric calls): calling, and defining host functions of, signatures made of
//! numbers only (`i32`, `i64`, `f32`, `f64`) with values as raw 64-bit patterns.
//!
//! [`TypedFunc`](super::TypedFunc) skips [`Func::call`]'s per-call signature check and
//! value buffers, but needs the signature at compile time; an embedder bridging a
//! dynamic API (a C API, an interpreter) would need one monomorphic instance per
//! signature. [`NumericFunc`] checks the signature once, when it is made, and then
//! calls with any number of values, as cheaply as a [`TypedFunc`]. [`Func::new_numeric`]
//! is the host side: its closure reads and writes the values in place, on the value
//! stack, where [`Func::new`]'s trampoline allocates `Val` buffers on every call.
//!
//! A value's bits: an `i32` or `f32` as its 32-bit pattern zero-extended, an `i64` or
//! `f64` as its 64-bit pattern. Any bit pattern is a valid number, so no input is unsafe.
use super::{Caller, Func, FuncError, FuncType, HostFuncEntity, TrampolineEntity};
use crate::{
    AsContext,
    AsContextMut,
    Error,
    ValType,
    engine::{Cell, CellError, CellsReader, CellsWriter, InOutParams, LiftFromCells, LowerToCells},
    store::AsStoreId,
};
use alloc::boxed::Box;

/// The cell of a value of type `ty` with the given bits (32-bit types keep their low bits).
#[inline]
fn to_cell(bits: u64, ty: ValType) -> Cell {
    match ty {
        ValType::I32 | ValType::F32 => Cell::from(bits as u32),
        _ => Cell::from(bits),
    }
}

/// Checks that `ty` has numbers only.
fn check_numeric(ty: &FuncType) -> Result<(), Error> {
    if !ty.params().iter().all(ValType::is_num) {
        return Err(FuncError::MismatchingParameterType.into());
    }
    if !ty.results().iter().all(ValType::is_num) {
        return Err(FuncError::MismatchingResultType.into());
    }
    Ok(())
}

/// Values written to cells by their types.
struct LowerNumbers<'a> {
    bits: &'a [u64],
    tys: &'a [ValType],
}

impl LowerToCells for LowerNumbers<'_> {
    #[inline]
    fn lower_to_cells(self, _store: impl AsStoreId, cells: &mut impl CellsWriter) -> Result<(), CellError> {
        for (&bits, &ty) in self.bits.iter().zip(self.tys) {
            cells.next(to_cell(bits, ty))?;
        }
        Ok(())
    }
}

/// Values read from cells by their types.
struct LiftNumbers<'a> {
    bits: &'a mut [u64],
    tys: &'a [ValType],
}

impl LiftFromCells for LiftNumbers<'_> {
    type Value = ();

    #[inline]
    fn lift_from_cells(self, _store: impl AsStoreId, cells: &mut impl CellsReader) -> Result<(), CellError> {
        for (out, &ty) in self.bits.iter_mut().zip(self.tys) {
            *out = u64::from(to_cell(u64::from(cells.next()?), ty));
        }
        Ok(())
    }
}

/// A [`Func`] whose signature has numbers only, called with raw values.
#[derive(Debug, Clone)]
pub struct NumericFunc {
    func: Func,
    ty: FuncType,
    // the types at hand, without `FuncType`'s indirection on every call
    params: Box<[ValType]>,
    results: Box<[ValType]>,
}

impl NumericFunc {
    /// The numeric view of `func`; an error if its signature has a non-number.
    pub(crate) fn new(ctx: impl AsContext, func: Func) -> Result<Self, Error> {
        let ty = func.ty(&ctx);
        check_numeric(&ty)?;
        let (params, results) = (ty.params().into(), ty.results().into());
        Ok(Self { func, ty, params, results })
    }

    /// The function called.
    pub fn func(&self) -> &Func {
        &self.func
    }

    /// Its signature.
    pub fn ty(&self) -> &FuncType {
        &self.ty
    }

    /// Calls the function with `params` (one value per parameter) and writes its results
    /// to `results` (room for exactly one value per result).
    ///
    /// # Errors
    ///
    /// - If `params` or `results` do not have the function's number of values.
    /// - If the execution traps or a host function fails.
    #[inline]
    pub fn call(&self, mut ctx: impl AsContextMut, params: &[u64], results: &mut [u64]) -> Result<(), Error> {
        if params.len() != self.params.len() {
            return Err(FuncError::MismatchingParameterLen.into());
        }
        if results.len() != self.results.len() {
            return Err(FuncError::MismatchingResultLen.into());
        }
        crate::engine::execute_func_on_store(
            ctx.as_context_mut(),
            &self.func,
            LowerNumbers { bits: params, tys: &self.params },
            LiftNumbers { bits: results, tys: &self.results },
        )
    }
}

impl Func {
    /// The [`NumericFunc`] of this function.
    ///
    /// # Errors
    ///
    /// If the signature has a parameter or a result that is not a number.
    pub fn numeric(&self, ctx: impl AsContext) -> Result<NumericFunc, Error> {
        NumericFunc::new(ctx, *self)
    }

    /// Creates a host function of a numbers-only signature `ty` from `func`, which gets
    /// `max(params, results)` values: the parameters first, and writes its results from
    /// the front. The values are the value stack's own cells: nothing is copied or
    /// allocated per call.
    ///
    /// # Errors
    ///
    /// If `ty` has a parameter or a result that is not a number.
    pub fn new_numeric<T>(
        mut ctx: impl AsContextMut<Data = T>,
        ty: FuncType,
        func: impl Fn(Caller<'_, T>, &mut [u64]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Result<Self, Error> {
        check_numeric(&ty)?;
        let results: Box<[ValType]> = ty.results().into();
        let trampoline = <TrampolineEntity<T>>::new(move |caller: Caller<'_, T>, mut inout: InOutParams| {
            // SAFETY: the cells stay valid during the host call (see `InOutParams`) and
            //         the slice is dropped before `inout` is consumed.
            let values = unsafe { inout.raw_cells_mut() };
            func(caller, values)?;
            // a 32-bit result keeps only its own bits, as the interpreter expects
            for (value, &ty) in values.iter_mut().zip(&results[..]) {
                *value = u64::from(to_cell(*value, ty));
            }
            Ok(inout.results_written())
        });
        let trampoline = ctx.as_context_mut().store.alloc_trampoline(trampoline);
        let host_func = HostFuncEntity::new(ctx.as_context().engine(), &ty, trampoline);
        Ok(ctx.as_context_mut().store.inner.alloc_func(host_func.into()))
    }
}
