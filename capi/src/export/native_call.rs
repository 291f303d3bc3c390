//! Calling a registered native from wasm, with WAMR's conventions: the exec env
//! first, then the parameters as the signature string says (`i I f F` numbers, `*` an
//! app pointer turned native after its bounds (`~`, the length that follows, or one
//! byte) are checked, `$` a NUL-terminated string, `r` an externref), the result by
//! its character. The signature is known only at run time, so the call goes through
//! libffi. Raw natives get `(exec_env, uint64_t *args)` and return in `args[0]`.
//! A native that sets its instance's exception makes the call trap with it.
use super::exec_env::WASMExecEnv;
use super::natives::ResolvedNative;
use crate::func::host_error;
use crate::store::{StoreCell, StoreData, StoreRef};
use libffi::middle::{Arg, Cif, CodePtr, Type};
use std::ffi::c_void;
use std::sync::Arc;
use wasmi::{Caller, Val, ValType};

/// A libffi call description, immutable once made.
struct FfiCall(Cif);
unsafe impl Send for FfiCall {}
unsafe impl Sync for FfiCall {}

/// An argument as the native takes it.
enum NativeArg {
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
    Ptr(*mut c_void),
}

impl NativeArg {
    fn as_arg(&self) -> Arg<'_> {
        match self {
            NativeArg::I32(v) => Arg::new(v),
            NativeArg::I64(v) => Arg::new(v),
            NativeArg::F32(v) => Arg::new(v),
            NativeArg::F64(v) => Arg::new(v),
            NativeArg::Ptr(v) => Arg::new(v),
        }
    }
}

/// The signature character of a plain value of type `t`.
fn char_of(t: ValType) -> u8 {
    match t {
        ValType::I64 => b'I',
        ValType::F32 => b'f',
        ValType::F64 => b'F',
        ValType::ExternRef => b'r',
        _ => b'i',
    }
}

fn ffi_type(c: u8) -> Type {
    match c {
        b'I' => Type::i64(),
        b'f' => Type::f32(),
        b'F' => Type::f64(),
        b'*' | b'$' | b'r' => Type::pointer(),
        _ => Type::i32(),
    }
}

/// One character per parameter (a `~` standing for its own i32) and the result's.
fn shape(ty: &wasmi::FuncType, signature: Option<&[u8]>) -> (Vec<u8>, Option<u8>) {
    match signature {
        Some(sig) => {
            let close = sig.iter().position(|&c| c == b')').unwrap_or(sig.len());
            (sig[1..close].to_vec(), sig.get(close + 1).copied())
        }
        None => (ty.params().iter().map(|t| char_of(*t)).collect(), ty.results().first().map(|t| char_of(*t))),
    }
}

/// The linear memory natives' pointers point into: memory 0 as exported.
fn app_memory(caller: &Caller<'_, StoreData>) -> Option<(*mut u8, usize)> {
    let memory = caller.get_export("memory")?.into_memory()?;
    Some((memory.data_ptr(caller), memory.data_size(caller)))
}

fn out_of_bounds() -> wasmi::Error {
    host_error("out of bounds memory access")
}

/// The native arguments for `params` as `chars` say.
fn convert(chars: &[u8], params: &[Val], memory: Option<(*mut u8, usize)>) -> Result<Vec<NativeArg>, wasmi::Error> {
    let mut out = Vec::with_capacity(params.len());
    for (i, (&c, v)) in chars.iter().zip(params).enumerate() {
        out.push(match (c, v) {
            (b'*' | b'$', Val::I32(offset)) => {
                let (base, size) = memory.ok_or_else(out_of_bounds)?;
                let offset = *offset as u32 as usize;
                let len = match (c, chars.get(i + 1), params.get(i + 1)) {
                    (b'*', Some(b'~'), Some(Val::I32(n))) => *n as u32 as usize,
                    (b'*', ..) => 1,
                    // a string: up to and with its NUL
                    _ => {
                        let tail = unsafe { std::slice::from_raw_parts(base.add(offset.min(size)), size - offset.min(size)) };
                        tail.iter().position(|&b| b == 0).ok_or_else(out_of_bounds)? + 1
                    }
                };
                if offset.checked_add(len).is_none_or(|end| end > size) {
                    return Err(out_of_bounds());
                }
                NativeArg::Ptr(unsafe { base.add(offset) } as *mut c_void)
            }
            (b'i' | b'~', Val::I32(x)) => NativeArg::I32(*x),
            (b'I', Val::I64(x)) => NativeArg::I64(*x),
            (b'f', Val::F32(x)) => NativeArg::F32(f32::from(*x)),
            (b'F', Val::F64(x)) => NativeArg::F64(f64::from(*x)),
            _ => return Err(host_error("the arguments conversion is failed")),
        });
    }
    Ok(out)
}

/// The exception the native left on its exec env's instance, if any.
unsafe fn exception_of(env: *mut WASMExecEnv) -> Option<String> {
    let inst = env.as_ref()?.module_inst().as_ref()?;
    let text = super::module_inst::wasm_runtime_get_exception(inst as *const _ as *mut _);
    (!text.is_null()).then(|| std::ffi::CStr::from_ptr(text).to_string_lossy().into_owned())
}

/// A wasmi host function of type `ty` calling `native`.
pub(crate) fn native_func(store: &StoreRef, ty: wasmi::FuncType, native: ResolvedNative) -> wasmi::Func {
    let (chars, result) = shape(&ty, native.signature.as_deref());
    let ffi = (!native.raw).then(|| {
        let args: Vec<Type> = std::iter::once(Type::pointer()).chain(chars.iter().map(|&c| ffi_type(c))).collect();
        let ret = result.map_or(Type::void(), ffi_type);
        Arc::new(FfiCall(Cif::new(args, ret)))
    });
    let weak = Arc::downgrade(store);
    let result_ty = ty.results().first().copied();
    store.with(|ctx| {
        wasmi::Func::new(ctx, ty, move |mut caller, params, results| {
            let native = &native; // captured whole: it is Send, its pointer fields alone are not
            if weak.strong_count() == 0 {
                return Err(host_error("the store is gone"));
            }
            // the store is running this call, so it is alive
            let store: &StoreCell = unsafe { &*weak.as_ptr() };
            if store.depth.get() >= crate::store::MAX_REENTRY_DEPTH {
                return Err(host_error("wasm operand stack overflow"));
            }
            let env = caller.data().exec_env as *mut WASMExecEnv;
            let mut ret = [0u64; 2];
            let outcome = match &ffi {
                Some(call) => {
                    let memory = app_memory(&caller);
                    let args = convert(&chars, params, memory)?;
                    let env_arg = env as *mut c_void;
                    let mut ffi_args: Vec<Arg> = Vec::with_capacity(args.len() + 1);
                    ffi_args.push(Arg::new(&env_arg));
                    ffi_args.extend(args.iter().map(NativeArg::as_arg));
                    let fun = CodePtr::from_ptr(native.func_ptr);
                    with_attachment(env, native.attachment, || {
                        store.enter_callback(&mut caller, || unsafe {
                            call.0.call_return_into(fun, &ffi_args, libffi::middle::Ret::new(&mut ret))
                        })
                    });
                    Ok(())
                }
                None => {
                    let mut slots: Vec<u64> = params.iter().map(raw_slot).collect();
                    slots.resize(slots.len().max(1), 0);
                    let f: unsafe extern "C" fn(*mut WASMExecEnv, *mut u64) = unsafe { std::mem::transmute(native.func_ptr) };
                    with_attachment(env, native.attachment, || {
                        store.enter_callback(&mut caller, || unsafe { f(env, slots.as_mut_ptr()) })
                    });
                    ret[0] = slots[0];
                    Ok::<(), wasmi::Error>(())
                }
            };
            outcome?;
            if let Some(text) = unsafe { exception_of(env) } {
                return Err(host_error(&text));
            }
            if let (Some(t), Some(slot)) = (result_ty, results.first_mut()) {
                *slot = from_bits(t, ret[0]);
            }
            Ok(())
        })
    })
}

/// Runs `f` with the native's attachment visible through its exec env.
fn with_attachment<R>(env: *mut WASMExecEnv, attachment: *mut c_void, f: impl FnOnce() -> R) -> R {
    match unsafe { env.as_ref() } {
        Some(e) => {
            let saved = e.attachment.replace(attachment);
            let r = f();
            e.attachment.set(saved);
            r
        }
        None => f(),
    }
}

/// A parameter in a raw native's 64-bit slot.
fn raw_slot(v: &Val) -> u64 {
    match v {
        Val::I32(x) => *x as u32 as u64,
        Val::I64(x) => *x as u64,
        Val::F32(x) => x.to_bits() as u64,
        Val::F64(x) => x.to_bits(),
        _ => 0,
    }
}

/// A result from the bits the native returned (libffi widens small integers).
fn from_bits(t: ValType, bits: u64) -> Val {
    match t {
        ValType::I64 => Val::I64(bits as i64),
        ValType::F32 => Val::F32(wasmi::F32::from_bits(bits as u32)),
        ValType::F64 => Val::F64(wasmi::F64::from_bits(bits)),
        _ => Val::I32(bits as i32),
    }
}
