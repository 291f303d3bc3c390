//! `wasm_val_t` and its conversion to and from wasmi values.
//!
//! As in WAMR, a `wasm_val_t` is plain data: copying or deleting one never copies or
//! deletes the reference it holds. Reference values cross wasm as follows: a `funcref`
//! is the wasmi function itself (read back as a new object, owned by the reader); an
//! `externref` carries a [`Payload`], the very C object passed in, which comes back
//! out as the same pointer, borrowed (WAMR's `val.of.ref == host` holds).
use crate::r#ref::{wasm_ref_delete, wasm_ref_t, Payload};
use crate::r#extern::{ExternWhich, wasm_extern_t};
use crate::object::RefKind;
use crate::store::{StoreData, StoreRef};
use crate::types::valtype::*;
use std::ptr;
use wasmi::{AsContext, AsContextMut, ExternRef, Nullable, Val, ValType};

#[repr(C)]
#[derive(Clone, Copy)]
pub union wasm_val_union {
    pub i32: i32,
    pub i64: i64,
    pub f32: f32,
    pub f64: f64,
    pub r#ref: *mut wasm_ref_t,
}

/// `wasm_val_t`: 16 bytes, `kind` then 7 padding bytes then the value.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct wasm_val_t {
    pub kind: wasm_valkind_t,
    pub _paddings: [u8; 7],
    pub of: wasm_val_union,
}

const _: () = assert!(std::mem::size_of::<wasm_val_t>() == 16);

impl wasm_val_t {
    pub(crate) const ZERO: wasm_val_t = wasm_val_t { kind: WASM_I32, _paddings: [0; 7], of: wasm_val_union { i64: 0 } };

    pub(crate) fn is_ref(&self) -> bool {
        self.kind == WASM_EXTERNREF || self.kind == WASM_FUNCREF
    }

    /// The reference held, if this is a reference value.
    pub(crate) fn ref_ptr(&self) -> *mut wasm_ref_t {
        if self.is_ref() { unsafe { self.of.r#ref } } else { ptr::null_mut() }
    }

    /// Deletes what [`from_wasmi`] made for this value: a `funcref`'s new object
    /// (an `externref` is borrowed from wasm).
    pub(crate) unsafe fn release_made(&mut self) {
        if self.kind == WASM_FUNCREF {
            wasm_ref_delete(self.of.r#ref);
            self.of.r#ref = ptr::null_mut();
        }
    }
}

/// Plain data, as WAMR's `WASM_DEFINE_VEC_PLAIN(val)`.
impl crate::vec::VecElem for wasm_val_t {
    unsafe fn release(&mut self) {}
    unsafe fn duplicate(&self) -> Self {
        *self
    }
}

/// Converts a C value to the wasm type `ty`. Numbers must have the matching kind;
/// a reference is taken by the type it goes into (so `WASM_REF_VAL` works for both).
pub(crate) unsafe fn to_wasmi(
    v: &wasm_val_t,
    ty: ValType,
    mut ctx: impl AsContextMut<Data = StoreData>,
    store: &StoreRef,
) -> Result<Val, &'static str> {
    let numeric_kind_ok = |k: wasm_valkind_t| v.kind == k;
    Ok(match ty {
        ValType::I32 if numeric_kind_ok(WASM_I32) => Val::I32(v.of.i32),
        ValType::I64 if numeric_kind_ok(WASM_I64) => Val::I64(v.of.i64),
        ValType::F32 if numeric_kind_ok(WASM_F32) => Val::F32(v.of.f32.into()),
        ValType::F64 if numeric_kind_ok(WASM_F64) => Val::F64(v.of.f64.into()),
        ValType::FuncRef if v.is_ref() => Val::FuncRef(match func_of_ref(v.of.r#ref, store)? {
            Some(f) => Nullable::Val(f),
            None => Nullable::Null,
        }),
        ValType::ExternRef if v.is_ref() => Val::ExternRef(match v.of.r#ref.as_ref() {
            Some(_) => Nullable::Val(ExternRef::new(ctx.as_context_mut(), Payload::capture(v.of.r#ref))),
            None => Nullable::Null,
        }),
        ValType::V128 => return Err("v128 values cannot cross the C API"),
        _ => return Err("value kind does not match the expected type"),
    })
}

/// The wasmi function behind a `funcref` value (`None` for NULL).
pub(crate) unsafe fn func_of_ref(r: *const wasm_ref_t, store: &StoreRef) -> Result<Option<wasmi::Func>, &'static str> {
    let Some(r) = r.as_ref() else { return Ok(None) };
    if r.header.kind != RefKind::Func {
        return Err("a funcref must hold a function");
    }
    let ext = &*(r as *const wasm_ref_t as *const wasm_extern_t);
    if !std::sync::Arc::ptr_eq(&ext.obj.store, store) {
        return Err("the function belongs to another store");
    }
    match ext.obj.which {
        ExternWhich::Func(f) => Ok(Some(f)),
        _ => Err("a funcref must hold a function"),
    }
}

/// Converts a wasmi value to a C value: a `funcref` comes out as a new object, owned
/// by the caller; an `externref` as the object passed in, borrowed (see [`Payload`]).
pub(crate) fn from_wasmi(v: &Val, ctx: impl AsContext<Data = StoreData>, store: &StoreRef) -> wasm_val_t {
    let mut out = wasm_val_t::ZERO;
    match v {
        Val::I32(x) => out.of.i32 = *x,
        Val::I64(x) => {
            out.kind = WASM_I64;
            out.of.i64 = *x
        }
        Val::F32(x) => {
            out.kind = WASM_F32;
            out.of.f32 = (*x).into()
        }
        Val::F64(x) => {
            out.kind = WASM_F64;
            out.of.f64 = (*x).into()
        }
        Val::V128(_) => out.kind = WASM_V128,
        Val::FuncRef(f) => {
            out.kind = WASM_FUNCREF;
            out.of.r#ref = match f.val() {
                Some(f) => crate::r#extern::new_extern(store, ExternWhich::Func(*f)) as *mut wasm_ref_t,
                None => ptr::null_mut(),
            };
        }
        Val::ExternRef(e) => {
            out.kind = WASM_EXTERNREF;
            out.of.r#ref = match e.val() {
                Some(e) => match e.data(ctx.as_context()).downcast_ref::<Payload>() {
                    Some(p) => p.get(store),
                    None => ptr::null_mut(),
                },
                None => ptr::null_mut(),
            };
        }
    }
    out
}

/// Plain data: the reference a value holds is not deleted (WAMR frees the
/// `wasm_val_t` itself here, which is only valid for one it allocated; we never do).
#[no_mangle]
pub unsafe extern "C" fn wasm_val_delete(_v: *mut wasm_val_t) {}

/// A plain copy: both values hold the same reference (as WAMR's `memcpy`).
#[no_mangle]
pub unsafe extern "C" fn wasm_val_copy(out: *mut wasm_val_t, v: *const wasm_val_t) {
    if out.is_null() {
        return;
    }
    match v.as_ref() {
        Some(v) => ptr::write(out, *v),
        None => ptr::write(out, wasm_val_t::ZERO),
    }
}

/// As [`to_wasmi`], but a number is read by the expected type whatever its `kind`
/// says (host callbacks often leave `kind` as the zeroed slot had it).
pub(crate) unsafe fn to_wasmi_lenient(
    v: &wasm_val_t,
    ty: ValType,
    ctx: impl AsContextMut<Data = StoreData>,
    store: &StoreRef,
) -> Result<Val, &'static str> {
    let mut v = *v;
    if !v.is_ref() && !matches!(ty, ValType::FuncRef | ValType::ExternRef) {
        v.kind = valkind_from_wasmi(ty);
    }
    to_wasmi(&v, ty, ctx, store)
}
