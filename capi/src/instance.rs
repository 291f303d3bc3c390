//! `wasm_instance_t`: instantiation with WAMR's positional import linking, exports,
//! and execution-time accounting.
use crate::config::InstantiationArgs;
use crate::guard::guard;
use crate::module::{module_arc, wasm_module_t, WASMModuleCommon};
use crate::object::{self, RefHeader, RefKind, RefObject};
use crate::profiling::{ExecStats, ExportOrigin};
use crate::r#extern::{wasm_extern_t, ExternObj, ExternWhich};
use crate::r#ref::wasm_ref_t;
use crate::store::{wasm_store_t, StoreRef};
use crate::trap::{self, wasm_trap_t, TrapBody};
use crate::types::externtype::*;
use crate::vec::{vec_fill, CVec};
use crate::wasm_extern_vec_t;
use std::ffi::{c_char, c_void, CStr};
use std::mem::offset_of;
use std::ptr;
use std::sync::Arc;

#[derive(Clone)]
pub(crate) struct InstanceBody {
    pub(crate) instance: wasmi::Instance,
    /// Keeps the module (and its WASI set-up) alive as long as the instance.
    #[allow(dead_code)]
    pub(crate) module: Arc<WASMModuleCommon>,
    /// Exports in module order, with their names.
    pub(crate) exports: Arc<[(Arc<str>, wasmi::Extern)]>,
    pub(crate) stats: Arc<ExecStats>,
}

#[repr(C)]
#[derive(Clone)]
pub(crate) struct InstanceObj {
    pub(crate) header: RefHeader,
    pub(crate) store: StoreRef,
    pub(crate) body: InstanceBody,
}

#[derive(Clone)]
pub struct wasm_instance_t {
    pub(crate) obj: InstanceObj,
}

const _: () = assert!(offset_of!(wasm_instance_t, obj) == 0 && offset_of!(InstanceObj, header) == 0);

impl RefObject for wasm_instance_t {
    fn header(&self) -> &RefHeader {
        &self.obj.header
    }
    fn accepts(kind: RefKind) -> bool {
        kind == RefKind::Instance
    }
    fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.obj.store, &other.obj.store)
            && format!("{:?}", self.obj.body.instance) == format!("{:?}", other.obj.body.instance)
    }
}

pub(crate) fn instance_with_header(store: &StoreRef, header: RefHeader, body: InstanceBody) -> *mut wasm_instance_t {
    object::into_raw(wasm_instance_t { obj: InstanceObj { header, store: store.clone(), body } })
}

/// The caller's externs, queued per kind: the i-th function extern goes to the i-th
/// function import, and so on (WAMR's positional linking).
struct ProvidedImports<'a> {
    by_kind: [Vec<&'a wasm_extern_t>; 4],
    next: [usize; 4],
}

impl<'a> ProvidedImports<'a> {
    unsafe fn new(imports: *const wasm_extern_vec_t) -> ProvidedImports<'a> {
        let mut by_kind: [Vec<&wasm_extern_t>; 4] = Default::default();
        if let Some(v) = imports.as_ref() {
            for e in v.as_slice().iter().filter_map(|e| e.as_ref()) {
                if let Some(slot) = by_kind.get_mut(usize::from(e.obj.which.kind())) {
                    slot.push(e);
                }
            }
        }
        ProvidedImports { by_kind, next: [0; 4] }
    }

    /// The next extern of `kind`, or `None` when the slot is empty or a placeholder.
    fn take(&mut self, kind: wasm_externkind_t) -> Option<&'a wasm_extern_t> {
        let k = usize::from(kind);
        let e = self.by_kind[k].get(self.next[k]).copied();
        self.next[k] += 1;
        e.filter(|e| !matches!(e.obj.which, ExternWhich::Empty(_)))
    }
}

pub(crate) fn extern_kind(ty: &wasmi::ExternType) -> wasm_externkind_t {
    match ty {
        wasmi::ExternType::Func(_) => WASM_EXTERN_FUNC,
        wasmi::ExternType::Global(_) => WASM_EXTERN_GLOBAL,
        wasmi::ExternType::Table(_) => WASM_EXTERN_TABLE,
        wasmi::ExternType::Memory(_) => WASM_EXTERN_MEMORY,
    }
}


/// Resolves every import and instantiates (running the start function).
pub(crate) unsafe fn instantiate(
    store: &StoreRef,
    module: Arc<WASMModuleCommon>,
    imports: *const wasm_extern_vec_t,
    args: &InstantiationArgs,
) -> Result<InstanceBody, TrapBody> {
    let mut provided = ProvidedImports::new(imports);
    let given = imports.as_ref().map(|v| v.as_slice()).unwrap_or(&[]);
    store
        .with(|ctx| crate::link::check_counts(ctx, &module.imports_in_order(), given))
        .map_err(|m| TrapBody::exception(&m))?;
    let mut builtins = crate::builtins::Builtins::new(store, &module);
    let mut externs = Vec::with_capacity(module.module.imports().len());
    for import in module.module.imports() {
        let kind = extern_kind(import.ty());
        let resolved = match provided.take(kind) {
            Some(e) if !Arc::ptr_eq(&e.obj.store, store) => {
                return Err(TrapBody::exception(&format!(
                    "import ({}, {}) comes from another store",
                    import.module(),
                    import.name()
                )))
            }
            Some(e) => match e.obj.which.to_wasmi() {
                Some(given) => Some(
                    store.with(|ctx| crate::link::check(ctx, &import, given)).map_err(|m| TrapBody::exception(&m))?,
                ),
                None => None,
            },
            None => builtins.resolve(import.module(), import.name(), import.ty())?,
        };
        let resolved = match (resolved, import.ty()) {
            (Some(e), _) => e,
            (None, wasmi::ExternType::Func(fty)) => {
                wasmi::Extern::Func(crate::func::unlinked_func(store, fty.clone(), import.module(), import.name()))
            }
            (None, _) => {
                return Err(TrapBody::exception(&format!(
                    "failed to link import {} ({}, {})",
                    crate::link::kind_text(kind),
                    import.module(),
                    import.name()
                )))
            }
        };
        externs.push(resolved);
    }
    store.with(|mut ctx| {
        if args.max_memory_pages > 0 {
            ctx.data_mut().cap_memory_pages(args.max_memory_pages);
        }
        if args.default_stack_size > 0 {
            // wasmi's stack limits are per store: the store's calls run with the stack of
            // its latest instantiation that asked for one
            let limits = crate::engine::stack_limits(args.default_stack_size);
            ctx.set_stack_limits(Some(limits));
        }
        let compiled = module.module_for(ctx.engine()).map_err(|e| trap::from_error(&e))?;
        let run = |ctx: &mut wasmi::StoreContextMut<'_, crate::store::StoreData>| -> Result<wasmi::Instance, TrapBody> {
            let instance = wasmi::Instance::new(&mut *ctx, &compiled, &externs).map_err(|e| trap::from_error(&e))?;
            crate::builtins::post_instantiate(ctx, &instance, &module.module).map_err(|e| trap::from_error(&e))?;
            Ok(instance)
        };
        // A metered store's start function runs on its fuel budget (its store holds none between calls).
        let instance = match store.metering() {
            Some(m) => m.unsliced(&mut ctx, run)?,
            None => run(&mut ctx)?,
        };
        let exports: Arc<[(Arc<str>, wasmi::Extern)]> = module
            .exports_in_order()
            .filter_map(|(name, _)| Some((Arc::<str>::from(name), instance.get_export(&ctx, name)?)))
            .collect();
        let stats = Arc::new(ExecStats::new(exports.iter().map(|(name, _)| name.clone())));
        Ok(InstanceBody { instance, module: module.clone(), exports, stats })
    })
}

unsafe fn instance_new(
    store: *mut wasm_store_t,
    module: *const wasm_module_t,
    imports: *const wasm_extern_vec_t,
    trap_out: *mut *mut wasm_trap_t,
    args: &InstantiationArgs,
) -> *mut wasm_instance_t {
    if let Some(t) = trap_out.as_mut() {
        *t = ptr::null_mut();
    }
    let fail = |body: TrapBody| {
        if let Some(t) = trap_out.as_mut() {
            *t = wasm_trap_t::into_raw(body);
        }
        ptr::null_mut()
    };
    let (Some(s), Some(m)) = (store.as_ref(), module_arc(module)) else {
        return fail(TrapBody::exception("invalid store or module"));
    };
    crate::store::reclaim_if_idle(&s.inner);
    s.inner.made_something();
    // Our own reference to the store: a host function run by the start function may
    // delete the caller's store handle (and every other one) before we are done.
    let store_ref = s.inner.clone();
    let outcome = guard(Err(TrapBody::exception("instantiation failed")), || instantiate(&store_ref, m, imports, args));
    match outcome {
        Ok(body) => instance_with_header(&store_ref, RefHeader::new(RefKind::Instance), body),
        Err(body) => fail(body),
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_new(
    store: *mut wasm_store_t,
    module: *const wasm_module_t,
    imports: *const wasm_extern_vec_t,
    trap: *mut *mut wasm_trap_t,
) -> *mut wasm_instance_t {
    instance_new(store, module, imports, trap, &InstantiationArgs::default())
}

/// `stack_size` (bytes; 0: the default, 8 MiB) sets how deep calls on the store may nest.
#[no_mangle]
pub unsafe extern "C" fn wasm_instance_new_with_args(
    store: *mut wasm_store_t,
    module: *const wasm_module_t,
    imports: *const wasm_extern_vec_t,
    trap: *mut *mut wasm_trap_t,
    stack_size: u32,
    heap_size: u32,
) -> *mut wasm_instance_t {
    let args = InstantiationArgs { default_stack_size: stack_size, host_managed_heap_size: heap_size, max_memory_pages: 0 };
    instance_new(store, module, imports, trap, &args)
}

/// Honours `max_memory_pages` (memories of the store may not grow past it).
#[no_mangle]
pub unsafe extern "C" fn wasm_instance_new_with_args_ex(
    store: *mut wasm_store_t,
    module: *const wasm_module_t,
    imports: *const wasm_extern_vec_t,
    trap: *mut *mut wasm_trap_t,
    inst_args: *const InstantiationArgs,
) -> *mut wasm_instance_t {
    let args = inst_args.as_ref().copied().unwrap_or_default();
    instance_new(store, module, imports, trap, &args)
}

/// The exports in module order, as new externs owned by the caller.
#[no_mangle]
pub unsafe extern "C" fn wasm_instance_exports(instance: *const wasm_instance_t, out: *mut wasm_extern_vec_t) {
    if out.is_null() {
        return;
    }
    let Some(inst) = instance.as_ref() else { return vec_fill(out, Vec::new()) };
    let items = guard(Vec::new(), || {
        let obj = &inst.obj;
        obj.body
            .exports
            .iter()
            .enumerate()
            .map(|(slot, (_, e))| {
                let which = ExternWhich::from_wasmi(*e);
                let origin = matches!(which, ExternWhich::Func(_))
                    .then(|| ExportOrigin { stats: obj.body.stats.clone(), slot });
                let header = RefHeader::new(which.ref_kind());
                object::into_raw(wasm_extern_t { obj: ExternObj::new(header, &obj.store, which, origin) })
            })
            .collect()
    });
    vec_fill(out, items)
}

/// Milliseconds spent in calls to this instance's exported functions; -1 when
/// profiling is off (the default, as in WAMR; see `profiling.rs`); 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_instance_sum_wasm_exec_time(instance: *const wasm_instance_t) -> f64 {
    match instance.as_ref() {
        Some(i) => i.obj.body.stats.total_ms(),
        None => 0.0,
    }
}

/// Milliseconds spent in calls to the export `name` (0 if there is none); -1 when
/// profiling is off.
#[no_mangle]
pub unsafe extern "C" fn wasm_instance_get_wasm_func_exec_time(instance: *const wasm_instance_t, name: *const c_char) -> f64 {
    let (Some(i), false) = (instance.as_ref(), name.is_null()) else { return 0.0 };
    i.obj.body.stats.func_ms(&CStr::from_ptr(name).to_string_lossy())
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_delete(p: *mut wasm_instance_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_copy(p: *const wasm_instance_t) -> *mut wasm_instance_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_same(a: *const wasm_instance_t, b: *const wasm_instance_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_get_host_info(p: *const wasm_instance_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_set_host_info(p: *mut wasm_instance_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_instance_set_host_info_with_finalizer(
    p: *mut wasm_instance_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_instance_as_ref(p: *mut wasm_instance_t) -> *mut wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_instance(r: *mut wasm_ref_t) -> *mut wasm_instance_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_instance_as_ref_const(p: *const wasm_instance_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_instance_const(r: *const wasm_ref_t) -> *const wasm_instance_t {
    object::ref_as(r)
}
