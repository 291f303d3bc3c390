//! `wasm_runtime_resolve_symbols`: links a loaded module's function imports that are
//! still unlinked, against the natives registered now and the modules registered (or
//! read by the module reader) now: for an embedder that registers its natives after
//! loading. As in WAMR, imports linked already keep their link; the answer is whether
//! every function import is linked (a native, a built-in WASI function, or a function
//! of the module it imports from). Instances made before keep what they had.
use super::loader::wasm_module_t;
use crate::guard::guard;
use crate::module::WASMModuleCommon;

/// Whether the function import `(module, name)` of type `ty` finds something.
fn linked(m: &WASMModuleCommon, module: &str, name: &str, ty: &wasmi::FuncType) -> bool {
    let native = m.natives.lock().is_ok_and(|natives| {
        natives.iter().any(|(mm, n, r)| {
            &**mm == module && &**n == name && r.signature.as_deref().is_none_or(|sig| super::natives::signature_fits(ty, sig))
        })
    });
    let from_dep = || {
        m.deps.lock().is_ok_and(|deps| {
            deps.iter().any(|(d, dep)| {
                &**d == module && matches!(dep.module.get_export(name), Some(wasmi::ExternType::Func(t)) if t == *ty)
            })
        })
    };
    native || crate::wasi::provides(module, name, ty.params(), ty.results()) || from_dep()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_resolve_symbols(module: wasm_module_t) -> bool {
    let Some(m) = module.as_ref() else { return false };
    let Some(engine) = super::runtime::engine() else { return false };
    guard(false, || {
        let old_natives = m.natives.lock().map(|n| n.clone()).unwrap_or_default();
        let old_deps = m.deps.lock().map(|d| d.clone()).unwrap_or_default();
        super::multi_module::resolve(&engine, m, &mut Vec::new());
        // what was linked stays first, so imports keep their link
        if let Ok(mut natives) = m.natives.lock() {
            let found = std::mem::replace(&mut *natives, old_natives);
            for (module, name, r) in found {
                let known = natives.iter().any(|(mm, n, o)| {
                    *mm == module && *n == name && o.func_ptr == r.func_ptr && o.signature == r.signature
                });
                if !known {
                    natives.push((module, name, r));
                }
            }
        }
        if let Ok(mut deps) = m.deps.lock() {
            let found = std::mem::replace(&mut *deps, old_deps);
            for (name, dep) in found {
                if !deps.iter().any(|(n, _)| *n == name) {
                    deps.push((name, dep));
                }
            }
        }
        m.module.imports().all(|import| match import.ty() {
            wasmi::ExternType::Func(ty) => linked(m, import.module(), import.name(), ty),
            _ => true,
        })
    })
}
