//! Memory bounds checks (`wasm_runtime_set_bounds_checks`,
//! `wasm_runtime_is_bounds_checks_enabled`): WAMR can let an instance skip them (to
//! trust it for speed); wasmi checks every access, always. So they are enabled for
//! every instance and cannot be turned off: the request is ignored (WAMR ignores it
//! too when its hardware bounds checks are on).
use super::module_inst::wasm_module_inst_t;

/// Ignored: accesses are always checked.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_bounds_checks(_module_inst: wasm_module_inst_t, _enable: bool) {}

/// True for every instance; false for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_bounds_checks_enabled(module_inst: wasm_module_inst_t) -> bool {
    !module_inst.is_null()
}
