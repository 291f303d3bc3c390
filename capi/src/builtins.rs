//! Imports the library provides itself when the caller leaves their slot empty
//! (WASI's `wasi_snapshot_preview1`, as WAMR does with libc-wasi).
use crate::types::externtype::CExternType;

/// WASI set-up recorded on a module by `wasm_runtime_set_wasi_args(_ex)`.
#[derive(Default, Clone)]
pub(crate) struct WasiArgs {}

/// Whether the library links this import itself.
pub(crate) fn is_builtin(_module: &str, _name: &str, _ty: &CExternType) -> bool {
    false
}

/// The built-in extern for an import, if the library provides one.
pub(crate) fn resolve(
    _store: &crate::store::StoreRef,
    _module: &crate::module::WASMModuleCommon,
    _import_module: &str,
    _import_name: &str,
    _ty: &wasmi::ExternType,
) -> Option<wasmi::Extern> {
    None
}
