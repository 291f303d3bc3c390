//! `wasm_global_t`: globals created by the host or exported by instances.
use crate::guard::guard;
use crate::object;
use crate::r#extern::{new_extern, wasm_extern_t, ExternWhich};
use crate::r#ref::wasm_ref_t;
use crate::store::wasm_store_t;
use crate::types::globaltype::{wasm_globaltype_t, CGlobalType};
use crate::val::{self, wasm_val_t};
use std::ffi::c_void;
use std::ptr;

#[derive(Clone)]
pub struct wasm_global_t {
    pub(crate) ext: wasm_extern_t,
}

impl wasm_global_t {
    fn global(&self) -> Option<wasmi::Global> {
        match self.ext.obj.which {
            ExternWhich::Global(g) => Some(g),
            _ => None,
        }
    }
}

/// As in WAMR, a number is read as the type's content whatever its `kind` says (an
/// i32 value for an i64 global gives the i64 of its bits); a reference value for a
/// number type, or a number for a reference type, gives NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_global_new(
    store: *mut wasm_store_t,
    ty: *const wasm_globaltype_t,
    value: *const wasm_val_t,
) -> *mut wasm_global_t {
    let (Some(store), Some(ty), Some(value)) = (store.as_ref(), ty.as_ref(), value.as_ref()) else {
        return ptr::null_mut();
    };
    let s = &store.inner;
    crate::store::reclaim_if_idle(s);
    s.made_something();
    guard(ptr::null_mut(), || {
        let gty = ty.ty().to_wasmi();
        let made = s.with(|mut ctx| {
            let v = val::to_wasmi_lenient(value, gty.content(), &mut ctx, s).ok()?;
            let g = wasmi::Global::new(&mut ctx, v, gty.mutability());
            ctx.data_mut().unlinked_globals.push(format!("{g:?}"));
            Some(g)
        });
        match made {
            Some(g) => new_extern(s, ExternWhich::Global(g)) as *mut wasm_global_t,
            None => ptr::null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_type(g: *const wasm_global_t) -> *mut wasm_globaltype_t {
    let Some(global) = g.as_ref().and_then(|g| g.global()) else { return ptr::null_mut() };
    let store = &(*g).ext.obj.store;
    guard(ptr::null_mut(), || {
        let ty = store.with(|ctx| global.ty(&ctx));
        wasm_globaltype_t::new_raw(CGlobalType::from_wasmi(&ty))
    })
}

/// Writes the current value to `out` (an externref is the one stored, borrowed). As
/// in WAMR, a global made by `wasm_global_new` that no instance imported yet leaves
/// `out` untouched (`wamr_global_value` reads it).
#[no_mangle]
pub unsafe extern "C" fn wasm_global_get(g: *const wasm_global_t, out: *mut wasm_val_t) {
    read(g, out, false)
}

/// Writes the current value of any global to `out`, imported or not.
#[no_mangle]
pub unsafe extern "C" fn wamr_global_value(g: *const wasm_global_t, out: *mut wasm_val_t) {
    read(g, out, true)
}

unsafe fn read(g: *const wasm_global_t, out: *mut wasm_val_t, unlinked_too: bool) {
    if out.is_null() {
        return;
    }
    let Some(global) = g.as_ref().and_then(|g| g.global()) else { return };
    let store = &(*g).ext.obj.store;
    let v = guard(None, || {
        store.with(|ctx| {
            if !unlinked_too && ctx.data().is_unlinked(&global) {
                return None;
            }
            Some(val::from_wasmi(&global.get(&ctx), &ctx, store))
        })
    });
    if let Some(v) = v {
        ptr::write(out, v);
    }
}

/// Sets a mutable global; a const global or a mismatched kind leaves it unchanged.
#[no_mangle]
pub unsafe extern "C" fn wasm_global_set(g: *mut wasm_global_t, value: *const wasm_val_t) {
    let (Some(global), Some(value)) = (g.as_ref().and_then(|g| g.global()), value.as_ref()) else { return };
    let store = &(*g).ext.obj.store;
    guard((), || {
        store.with(|mut ctx| {
            let ty = global.ty(&ctx);
            if let Ok(v) = val::to_wasmi(value, ty.content(), &mut ctx, store) {
                let _ = global.set(&mut ctx, v);
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_delete(p: *mut wasm_global_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_copy(p: *const wasm_global_t) -> *mut wasm_global_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_same(a: *const wasm_global_t, b: *const wasm_global_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_get_host_info(p: *const wasm_global_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_set_host_info(p: *mut wasm_global_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_global_set_host_info_with_finalizer(
    p: *mut wasm_global_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_global_as_ref(p: *mut wasm_global_t) -> *mut wasm_ref_t {
    object::lend_as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_global(r: *mut wasm_ref_t) -> *mut wasm_global_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_global_as_ref_const(p: *const wasm_global_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_global_const(r: *const wasm_ref_t) -> *const wasm_global_t {
    object::ref_as(r)
}
