//! Running modes (`wasm_runtime_is_running_mode_supported`, `_set_default_running_mode`,
//! `_set_running_mode`, `_get_running_mode`): WAMR can run bytecode in its interpreter
//! or one of its JITs; here there is wasmi's interpreter only. So `Mode_Interp` (and
//! WAMR's `Mode_Default`, 0, which means it) is supported and every instance runs in
//! it; asking for a JIT fails.
use super::module_inst::wasm_module_inst_t;
use std::sync::atomic::{AtomicU32, Ordering};

/// `RunningMode`: `Mode_Interp` (1), `Mode_Fast_JIT`, `Mode_LLVM_JIT`, `Mode_Multi_Tier_JIT`.
pub type RunningMode = u32;

/// WAMR's `Mode_Default`: the best mode the build has.
const MODE_DEFAULT: RunningMode = 0;
const MODE_INTERP: RunningMode = 1;

/// What `wasm_runtime_set_default_running_mode` last set (nothing reads it: one mode).
static DEFAULT_MODE: AtomicU32 = AtomicU32::new(MODE_DEFAULT);

/// True for `Mode_Interp` and `Mode_Default` (0).
#[no_mangle]
pub extern "C" fn wasm_runtime_is_running_mode_supported(running_mode: RunningMode) -> bool {
    matches!(running_mode, MODE_DEFAULT | MODE_INTERP)
}

/// The mode new instances start in: true for a supported one.
#[no_mangle]
pub extern "C" fn wasm_runtime_set_default_running_mode(running_mode: RunningMode) -> bool {
    if !wasm_runtime_is_running_mode_supported(running_mode) {
        return false;
    }
    DEFAULT_MODE.store(running_mode, Ordering::Relaxed);
    true
}

/// True for a supported mode (the instance runs in the interpreter either way); false
/// for a JIT or a NULL instance.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_running_mode(module_inst: wasm_module_inst_t, running_mode: RunningMode) -> bool {
    !module_inst.is_null() && wasm_runtime_is_running_mode_supported(running_mode)
}

/// `Mode_Interp`; `Mode_Default` (0) for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_running_mode(module_inst: wasm_module_inst_t) -> RunningMode {
    if module_inst.is_null() {
        MODE_DEFAULT
    } else {
        MODE_INTERP
    }
}
