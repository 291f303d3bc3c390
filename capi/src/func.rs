//! `wasm_func_t`: calling wasm from C, and C host functions callable from wasm.
use crate::func_numeric;
use crate::guard::guard;
use crate::object;
use crate::r#extern::{new_extern, wasm_extern_t, ExternWhich};
use crate::r#ref::wasm_ref_t;
use crate::store::{wasm_store_t, StoreCell, StoreData, StoreRef, MAX_REENTRY_DEPTH};
use crate::trap::{self, wasm_trap_t, HostTrap, TrapBody};
use crate::types::functype::{wasm_functype_t, CFuncType};
use crate::val::{self, wasm_val_t};
use crate::vec::CVec;
use crate::wasm_val_vec_t;
use smallvec::SmallVec;
use std::ffi::c_void;
use std::sync::Arc;
use std::ptr;
use wasmi::{AsContextMut, Caller, Val, ValType};

#[derive(Clone)]
pub struct wasm_func_t {
    pub(crate) ext: wasm_extern_t,
}

pub type wasm_func_callback_t =
    Option<unsafe extern "C" fn(args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> *mut wasm_trap_t>;

pub type wasm_func_callback_with_env_t = Option<
    unsafe extern "C" fn(env: *mut c_void, args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> *mut wasm_trap_t,
>;

/// A C callback and its environment; the environment's finalizer runs once, when
/// the store that owns the function is gone, or reclaims the function after its last
/// handle was deleted (see `store::reclaim_if_idle`).
pub(crate) enum Callback {
    Plain(unsafe extern "C" fn(*const wasm_val_vec_t, *mut wasm_val_vec_t) -> *mut wasm_trap_t),
    WithEnv {
        cb: unsafe extern "C" fn(*mut c_void, *const wasm_val_vec_t, *mut wasm_val_vec_t) -> *mut wasm_trap_t,
        env: *mut c_void,
        finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
    },
}

unsafe impl Send for Callback {}
unsafe impl Sync for Callback {}

impl Callback {
    unsafe fn invoke(&self, args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> *mut wasm_trap_t {
        match self {
            Callback::Plain(cb) => cb(args, results),
            Callback::WithEnv { cb, env, .. } => cb(*env, args, results),
        }
    }
}

impl Drop for Callback {
    fn drop(&mut self) {
        if let Callback::WithEnv { env, finalizer: Some(f), .. } = self {
            unsafe { f(*env) }
        }
    }
}

pub(crate) fn host_error(reason: &str) -> wasmi::Error {
    wasmi::Error::host(HostTrap(TrapBody::exception(reason)))
}

/// Runs `f` on `n` scratch values, on the stack when there are few (the common
/// case: no allocation and no large moves on the `wasm_func_call` path).
#[inline]
fn with_vals<R>(n: usize, f: impl FnOnce(&mut [Val]) -> R) -> R {
    const SMALL: usize = 8;
    if n <= SMALL {
        let mut buf = [const { Val::I32(0) }; SMALL];
        f(&mut buf[..n])
    } else {
        f(&mut vec![Val::I32(0); n])
    }
}

/// Runs `f` on `n` zeroed C values, on the stack when there are few (most host
/// functions take and return fewer than four).
#[inline]
pub(crate) fn with_c_vals<R>(n: usize, f: impl FnOnce(&mut [wasm_val_t]) -> R) -> R {
    const SMALL: usize = 4;
    if n <= SMALL {
        f(&mut [wasm_val_t::ZERO; SMALL][..n])
    } else {
        f(&mut vec![wasm_val_t::ZERO; n])
    }
}

/// A vector view of a buffer, as the C callback receives it; an empty one still points at a zeroed slot (`spare`), since
/// callbacks written for WAMR read `data[0]` without checking `size`.
fn view(buf: &mut [wasm_val_t], spare: &mut wasm_val_t) -> wasm_val_vec_t {
    let data = if buf.is_empty() { spare as *mut wasm_val_t } else { buf.as_mut_ptr() };
    wasm_val_vec_t {
        size: buf.len(),
        data,
        num_elems: buf.len(),
        size_of_elem: std::mem::size_of::<wasm_val_t>(),
        lock: ptr::null_mut(),
    }
}

/// Runs a C callback on `args` (made by `val::from_wasmi`, released afterwards) with
/// the store routed through `caller`; `read` takes the `n_results` values the callback
/// wrote. As in WAMR, the values written are plain data: the references they hold
/// stay the callback's.
#[inline]
pub(crate) fn run_callback<R>(
    store: &StoreCell,
    callback: &Callback,
    caller: &mut Caller<'_, StoreData>,
    args: &mut [wasm_val_t],
    n_results: usize,
    read: impl FnOnce(&[wasm_val_t], &mut Caller<'_, StoreData>) -> Result<R, &'static str>,
) -> Result<R, wasmi::Error> {
    if store.depth.get() >= MAX_REENTRY_DEPTH {
        return Err(host_error("native stack overflow"));
    }
    with_c_vals(n_results, |outs| {
        let (mut spare_arg, mut spare_result) = (wasm_val_t::ZERO, wasm_val_t::ZERO);
        let args_vec = view(args, &mut spare_arg);
        let mut res_vec = view(outs, &mut spare_result);
        let given_results = res_vec.data;
        let trap = store.enter_callback(caller, || unsafe { callback.invoke(&args_vec, &mut res_vec) });
        let outcome = match unsafe { trap.as_mut() } {
            Some(t) => {
                let t = unsafe { Box::from_raw(t) };
                Err(wasmi::Error::host(HostTrap(t.obj.body.clone())))
            }
            None => {
                // The callback may have replaced the vector; read whatever it points at.
                let written: &[wasm_val_t] = if res_vec.data.is_null() { &[] } else { res_vec.as_slice() };
                read(&written[..written.len().min(n_results)], caller).map_err(host_error)
            }
        };
        unsafe {
            for a in args.iter_mut() {
                a.release_made();
            }
            if res_vec.data != given_results {
                res_vec.raw_mut().release();
            }
        }
        outcome
    })
}

/// Runs a C callback for wasmi's untyped host functions: converts parameters, reads
/// every result slot back.
fn call_host(
    store: &StoreRef,
    callback: &Callback,
    result_types: &[ValType],
    mut caller: Caller<'_, StoreData>,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), wasmi::Error> {
    let mut args: SmallVec<[wasm_val_t; 8]> = params.iter().map(|v| val::from_wasmi(v, &caller, store)).collect();
    run_callback(store, callback, &mut caller, &mut args, results.len(), |written, caller| {
        for (i, slot) in results.iter_mut().enumerate() {
            *slot = match written.get(i) {
                Some(v) => unsafe { val::to_wasmi_lenient(v, result_types[i], &mut *caller, store)? },
                None => return Err("the host function did not return all its results"),
            };
        }
        Ok(())
    })
}

/// Creates a wasmi host function in `store` that runs `callback` (numeric when the
/// signature allows, see `func_numeric`).
pub(crate) fn new_host_func(store: &StoreRef, ty: wasmi::FuncType, callback: Callback) -> wasmi::Func {
    let callback = match func_numeric::numeric_host_func(store, &ty, callback) {
        Ok(func) => return func,
        Err(callback) => callback,
    };
    let weak = Arc::downgrade(store);
    let result_types: Arc<[ValType]> = ty.results().into();
    store.with(|ctx| {
        wasmi::Func::new(ctx, ty, move |caller, params, results| {
            let Some(store) = weak.upgrade() else { return Err(host_error("the store is gone")) };
            call_host(&store, &callback, &result_types, caller, params, results)
        })
    })
}

/// A function that traps when called: what an import nobody provided becomes.
pub(crate) fn unlinked_func(store: &StoreRef, ty: wasmi::FuncType, module: &str, name: &str) -> wasmi::Func {
    let reason = format!("failed to call unlinked import function ({module}, {name})");
    store.with(|ctx| wasmi::Func::new(ctx, ty, move |_, _, _| Err(host_error(&reason))))
}

/// On failure the environment stays the caller's (as in WAMR): its finalizer does not run.
unsafe fn func_new(store: *mut wasm_store_t, ty: *const wasm_functype_t, callback: Callback) -> *mut wasm_func_t {
    let wty = ty.as_ref().and_then(|ty| guard(None, || ty.ty().to_wasmi()));
    let (Some(store), Some(ty)) = (store.as_ref(), wty) else {
        std::mem::forget(callback); // holds only pointers: nothing leaks
        return ptr::null_mut();
    };
    guard(ptr::null_mut(), || {
        let func = new_host_func(&store.inner, ty, callback);
        let ext = new_extern(&store.inner, ExternWhich::Func(func));
        (*ext).obj.host_mark = Some(store.inner.hold_host_func(func));
        ext as *mut wasm_func_t
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_new(
    store: *mut wasm_store_t,
    ty: *const wasm_functype_t,
    callback: wasm_func_callback_t,
) -> *mut wasm_func_t {
    match callback {
        Some(cb) => func_new(store, ty, Callback::Plain(cb)),
        None => ptr::null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_new_with_env(
    store: *mut wasm_store_t,
    ty: *const wasm_functype_t,
    callback: wasm_func_callback_with_env_t,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) -> *mut wasm_func_t {
    match callback {
        Some(cb) => func_new(store, ty, Callback::WithEnv { cb, env, finalizer }),
        None => ptr::null_mut(),
    }
}

impl wasm_func_t {
    fn func(&self) -> Option<wasmi::Func> {
        match self.ext.obj.which {
            ExternWhich::Func(f) => Some(f),
            _ => None,
        }
    }

    fn wasmi_ty(&self) -> Option<wasmi::FuncType> {
        let f = self.func()?;
        Some(self.ext.obj.func_ty.get_or_init(|| self.ext.obj.store.with(|ctx| f.ty(&ctx))).clone())
    }

    /// Calls the function; the values are the caller's C buffers.
    ///
    /// A host callback may delete this very handle (and every other handle of the
    /// store) while the call runs, so nothing here reads `self` once wasm runs: the
    /// store and the numeric call path are reached through their own allocations, which
    /// `ExternObj::drop` keeps until the outermost call returns.
    unsafe fn call(&self, args: *const wasm_val_vec_t, results: *mut wasm_val_vec_t) -> Result<(), TrapBody> {
        let func = self.func().ok_or_else(|| TrapBody::exception("invalid function"))?;
        let cell: &StoreCell = &self.ext.obj.store;
        // With profiling on (off by default), the origin is copied before the call.
        let timing = match self.ext.obj.origin.as_ref().and_then(|o| o.start().map(|t| (o, t))) {
            Some((origin, started)) => Some((origin.clone(), started)),
            None => None,
        };
        let given: &[wasm_val_t] = args.as_ref().map(|a| a.as_slice()).unwrap_or(&[]);
        let out = results.as_mut();
        let numeric: Option<&func_numeric::NumericCall> = match cell.metering() {
            None => cell
                .with(|mut ctx| {
                    self.ext.obj.numeric.get_or_init(|| {
                        let ty = self.ext.obj.func_ty.get_or_init(|| func.ty(&ctx));
                        func_numeric::numeric_call(ctx.as_context_mut(), func, ty)
                    })
                })
                .as_deref(),
            Some(_) => None,
        };
        let outcome = match numeric {
            Some(numeric) => {
                let (n_params, n_results) = numeric.arity();
                check_params(given.len(), n_params).and_then(|()| {
                    let room = result_room(out.as_deref());
                    if room < n_results {
                        // As WAMR: the function runs; only then is the missing room reported.
                        with_c_vals(n_results, |scratch| cell.with(|ctx| numeric.call(ctx, given, scratch.as_mut_ptr())))?;
                        return Err(no_room(room, n_results));
                    }
                    let data = out.as_ref().map_or(ptr::null_mut(), |o| o.data);
                    cell.with(|ctx| numeric.call(ctx, given, data))?;
                    if let Some(out) = out {
                        out.size = n_results;
                        out.num_elems = n_results;
                    }
                    Ok(())
                })
            }
            None => {
                let ty = cell.with(|ctx| self.ext.obj.func_ty.get_or_init(|| func.ty(&ctx)).clone());
                call_untyped(self.ext.obj.store.clone(), func, &ty, given, out)
            }
        };
        if let Some((origin, started)) = timing {
            origin.record(started);
        }
        outcome
    }
}

/// The untyped call path (any signature, metered stores); owns its store reference.
unsafe fn call_untyped(
    store: StoreRef,
    func: wasmi::Func,
    ty: &wasmi::FuncType,
    given: &[wasm_val_t],
    out: Option<&mut wasm_val_vec_t>,
) -> Result<(), TrapBody> {
    let (ptys, rtys) = (ty.params(), ty.results());
    check_params(given.len(), ptys.len())?;
    if rtys.contains(&ValType::V128) {
        // refused before running: a result could not be handed back
        return Err(TrapBody::exception("v128 values cannot cross the C API: the function returns v128"));
    }
    let room = result_room(out.as_deref());
    let store = &store;
    store.with(|mut ctx| {
        with_vals(ptys.len(), |inputs| {
            for ((slot, v), t) in inputs.iter_mut().zip(given).zip(ptys) {
                *slot = val::to_wasmi(v, *t, &mut ctx, store).map_err(TrapBody::exception)?;
            }
            with_vals(rtys.len(), |outputs| {
                for (slot, t) in outputs.iter_mut().zip(rtys) {
                    *slot = Val::default_for_ty(*t);
                }
                match store.metering() {
                    Some(m) => m.call(ctx.as_context_mut(), &func, inputs, outputs)?,
                    None => func.call(&mut ctx, inputs, outputs).map_err(|e| trap::from_error(&e))?,
                }
                if room < outputs.len() {
                    return Err(no_room(room, outputs.len()));
                }
                if let Some(out) = out {
                    for (i, v) in outputs.iter().enumerate() {
                        *out.data.add(i) = val::from_wasmi(v, &ctx, store);
                    }
                    out.size = outputs.len();
                    out.num_elems = outputs.len();
                }
                Ok(())
            })
        })
    })
}

/// Checks that a call passes enough arguments.
#[inline]
fn check_params(given: usize, params: usize) -> Result<(), TrapBody> {
    #[cold]
    fn too_few(given: usize, params: usize) -> TrapBody {
        TrapBody::exception(&format!("invalid argument count: expected {params}, got {given}"))
    }
    if given < params {
        return Err(too_few(given, params));
    }
    Ok(())
}

/// How many results the caller's vector has room for.
#[inline]
fn result_room(out: Option<&wasm_val_vec_t>) -> usize {
    out.map_or(0, |r| if r.data.is_null() { 0 } else { r.size.max(r.num_elems) })
}

/// The trap of a call that ran but had nowhere to put its results (WAMR runs the
/// function first, then fails to copy them out).
#[cold]
fn no_room(room: usize, results: usize) -> TrapBody {
    TrapBody::exception(&format!("invalid result vector: room for {room} values, the function returns {results}"))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_call(
    func: *const wasm_func_t,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    let Some(func) = func.as_ref() else {
        return wasm_trap_t::into_raw(TrapBody::exception("invalid function"));
    };
    // The store outlives this call even if a callback deletes every handle of it
    // (see `ExternObj::drop`); what such deletes leave is dropped last, below.
    let cell: &StoreCell = &func.ext.obj.store;
    cell.enter_call();
    // The fallback is built only after a panic: this is the hot path of every call.
    let outcome = guard(None, || Some(func.call(args, results)))
        .unwrap_or_else(|| Err(TrapBody::exception("internal error")));
    drop(cell.leave_call());
    match outcome {
        Ok(()) => ptr::null_mut(),
        Err(body) => wasm_trap_t::into_raw(body),
    }
}

/// A new function type (owned by the caller), or NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_func_type(func: *const wasm_func_t) -> *mut wasm_functype_t {
    match func.as_ref() {
        Some(f) => guard(ptr::null_mut(), || match f.wasmi_ty() {
            Some(ty) => wasm_functype_t::new_raw(CFuncType::from_wasmi(&ty)),
            None => ptr::null_mut(),
        }),
        None => ptr::null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_param_arity(func: *const wasm_func_t) -> usize {
    func.as_ref()
        .and_then(|f| guard(None, || f.wasmi_ty()))
        .map(|t| t.params().len())
        .unwrap_or(0)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_result_arity(func: *const wasm_func_t) -> usize {
    func.as_ref()
        .and_then(|f| guard(None, || f.wasmi_ty()))
        .map(|t| t.results().len())
        .unwrap_or(0)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_delete(p: *mut wasm_func_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_copy(p: *const wasm_func_t) -> *mut wasm_func_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_same(a: *const wasm_func_t, b: *const wasm_func_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_get_host_info(p: *const wasm_func_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_set_host_info(p: *mut wasm_func_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_set_host_info_with_finalizer(
    p: *mut wasm_func_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_func_as_ref(p: *mut wasm_func_t) -> *mut wasm_ref_t {
    object::lend_as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_func(r: *mut wasm_ref_t) -> *mut wasm_func_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_func_as_ref_const(p: *const wasm_func_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_func_const(r: *const wasm_ref_t) -> *const wasm_func_t {
    object::ref_as(r)
}
