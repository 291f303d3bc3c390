//! Imports the library provides itself when the caller leaves their slot empty
//! (WASI's `wasi_snapshot_preview1`, as WAMR does with libc-wasi), and the
//! functions WAMR runs right after instantiation.
use crate::module::WASMModuleCommon;
use crate::store::{StoreData, StoreRef};
use crate::trap::TrapBody;
use crate::types::externtype::CExternType;
use crate::wasi;
use wasmi::StoreContextMut;

pub(crate) use crate::wasi::WasiArgs;

thread_local! {
    /// The WASI set-up an instantiation brings itself (`wasm_runtime_instantiate_ex2`),
    /// for its `Builtins` to take in place of the module's.
    static INSTANTIATION_WASI: std::cell::RefCell<Option<WasiArgs>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (an instantiation) with `args` as its WASI set-up instead of its module's.
/// Only the instantiation that starts first in `f` takes them: not the instances of
/// the modules it imports from, nor instantiations run by its start function.
pub(crate) fn with_instantiation_wasi<R>(args: Option<WasiArgs>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<WasiArgs>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let saved = self.0.take();
            INSTANTIATION_WASI.with(|w| *w.borrow_mut() = saved);
        }
    }
    let _restore = Restore(INSTANTIATION_WASI.with(|w| w.replace(args)));
    f()
}

/// Whether the library links this import itself.
pub(crate) fn is_builtin(module: &str, name: &str, ty: &CExternType) -> bool {
    let CExternType::Func(f) = ty else { return false };
    let (Some(params), Some(results)) =
        (f.params.kinds().collect::<Option<Vec<_>>>(), f.results.kinds().collect::<Option<Vec<_>>>())
    else {
        return false;
    };
    wasi::provides(module, name, &params, &results)
}

/// Built-in externs for one instantiation. The instance's WASI context is made
/// when the first built-in WASI function is linked, so an instance whose WASI
/// slots the caller filled (or that has none) gets none.
pub(crate) struct Builtins<'a> {
    store: &'a StoreRef,
    module: &'a WASMModuleCommon,
    wasi_context: Option<usize>,
    /// This instantiation's own WASI set-up (`with_instantiation_wasi`), if it has one.
    wasi_args: Option<WasiArgs>,
    /// This instance's own instances of the modules it imports from (multi-module).
    subs: Vec<(Box<str>, wasmi::Instance)>,
}

impl<'a> Builtins<'a> {
    pub(crate) fn new(store: &'a StoreRef, module: &'a WASMModuleCommon) -> Builtins<'a> {
        let wasi_args = INSTANTIATION_WASI.with(|w| w.borrow_mut().take());
        Builtins { store, module, wasi_context: None, wasi_args, subs: Vec::new() }
    }

    /// This instance's instance of the module `name` it imports from, made on first
    /// need in the same store (with its own imports resolved the same way).
    fn sub_instance(&mut self, name: &str) -> Result<Option<wasmi::Instance>, TrapBody> {
        if let Some((_, i)) = self.subs.iter().find(|(n, _)| &**n == name) {
            return Ok(Some(*i));
        }
        let dep = self.module.deps.lock().ok().and_then(|d| d.iter().find(|(n, _)| &**n == name).map(|(_, m)| m.clone()));
        let Some(dep) = dep else { return Ok(None) };
        let args = crate::config::InstantiationArgs::default();
        let body = unsafe { crate::instance::instantiate(self.store, dep, std::ptr::null(), &args)? };
        self.subs.push((name.into(), body.instance));
        Ok(Some(body.instance))
    }

    /// The native `wasm_runtime_load` resolved for this import, if any (natives
    /// registered by the embedder come before the built-ins, as in WAMR).
    fn native(&self, module: &str, name: &str, ty: &wasmi::FuncType) -> Option<crate::export::natives::ResolvedNative> {
        let natives = self.module.natives.lock().ok()?;
        // a module may import the same name twice with different types: each import
        // takes the native only if its signature fits that import's type
        let fits = |r: &crate::export::natives::ResolvedNative| {
            r.signature.as_deref().is_none_or(|sig| crate::export::natives::signature_fits(ty, sig))
        };
        natives.iter().find(|(m, n, r)| &**m == module && &**n == name && fits(r)).map(|(_, _, r)| r.clone())
    }

    /// The built-in extern for an import, if the library provides one; an error
    /// if the instance's WASI context cannot be set up (e.g. a missing preopen).
    pub(crate) fn resolve(
        &mut self,
        import_module: &str,
        import_name: &str,
        ty: &wasmi::ExternType,
    ) -> Result<Option<wasmi::Extern>, TrapBody> {
        if let Some(instance) = self.sub_instance(import_module)? {
            let found = self.store.with(|ctx| instance.get_export(&ctx, import_name));
            let kind = crate::instance::extern_kind(ty);
            let fits = |e: &wasmi::Extern| crate::instance::extern_kind(&self.store.with(|ctx| e.ty(&ctx))) == kind;
            return Ok(found.filter(fits));
        }
        let wasmi::ExternType::Func(fty) = ty else { return Ok(None) };
        if let Some(native) = self.native(import_module, import_name, fty) {
            return Ok(Some(wasmi::Extern::Func(crate::export::native_call::native_func(self.store, fty.clone(), native))));
        }
        if !wasi::provides(import_module, import_name, fty.params(), fty.results()) {
            return Ok(None);
        }
        let index = match self.wasi_context {
            Some(i) => i,
            None => {
                let args = match &self.wasi_args {
                    Some(own) => own.clone(),
                    None => self.module.wasi.lock().map(|a| a.clone()).unwrap_or_default(),
                };
                let ctx = wasi::new_context(&args).map_err(|e| TrapBody::exception(&e))?;
                let i = self.store.with(|ctx_mut| wasi::add_context(ctx_mut, ctx));
                self.wasi_context = Some(i);
                i
            }
        };
        Ok(self.store.with(|ctx| wasi::function(ctx, import_name, index)).map(wasmi::Extern::Func))
    }
}

/// What WAMR runs after the start function (`execute_post_instantiate_functions`):
/// a WASI module's `_initialize` (reactors), then `__post_instantiate`, then, for
/// modules that do not import WASI, `__wasm_call_ctors`; each only if exported
/// with type `[] -> []`.
pub(crate) fn post_instantiate(
    ctx: &mut StoreContextMut<'_, StoreData>,
    instance: &wasmi::Instance,
    module: &wasmi::Module,
) -> Result<(), wasmi::Error> {
    let names: [&str; 2] = if wasi::imports_wasi(module) {
        ["_initialize", "__post_instantiate"]
    } else {
        ["__post_instantiate", "__wasm_call_ctors"]
    };
    for name in names {
        let Some(f) = instance.get_func(&*ctx, name) else { continue };
        let ty = f.ty(&*ctx);
        if ty.params().is_empty() && ty.results().is_empty() {
            f.call(&mut *ctx, &[], &mut [])?;
        }
    }
    Ok(())
}
