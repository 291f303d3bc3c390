//! Exec envs (`wasm_exec_env_t`): what a call runs in: the module instance, the
//! stack size and the user data natives read back.
use super::module_inst::wasm_module_inst_t;
use std::cell::Cell;
use std::ffi::c_void;
use std::ptr;

pub struct WASMExecEnv {
    module_inst: Cell<wasm_module_inst_t>,
    pub(crate) stack_size: u32,
    user_data: Cell<*mut c_void>,
    /// The attachment of the native being called (`wasm_runtime_get_function_attachment`).
    pub(crate) attachment: Cell<*mut c_void>,
}

pub type wasm_exec_env_t = *mut WASMExecEnv;

impl WASMExecEnv {
    pub(crate) fn new(module_inst: wasm_module_inst_t, stack_size: u32) -> WASMExecEnv {
        WASMExecEnv {
            module_inst: Cell::new(module_inst),
            stack_size,
            user_data: Cell::new(ptr::null_mut()),
            attachment: Cell::new(ptr::null_mut()),
        }
    }

    pub(crate) fn module_inst(&self) -> wasm_module_inst_t {
        self.module_inst.get()
    }
}

/// A new exec env for calls into `module_inst` with a wasm stack of `stack_size` bytes.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_create_exec_env(module_inst: wasm_module_inst_t, stack_size: u32) -> wasm_exec_env_t {
    if module_inst.is_null() {
        return ptr::null_mut();
    }
    Box::into_raw(Box::new(WASMExecEnv::new(module_inst, stack_size)))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_destroy_exec_env(exec_env: wasm_exec_env_t) {
    if !exec_env.is_null() {
        drop(Box::from_raw(exec_env));
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_inst(exec_env: wasm_exec_env_t) -> wasm_module_inst_t {
    exec_env.as_ref().map_or(ptr::null_mut(), |e| e.module_inst())
}

/// Points the exec env at another instance (WAMR's multi-module natives do this).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_module_inst(exec_env: wasm_exec_env_t, module_inst: wasm_module_inst_t) {
    if let (Some(e), false) = (exec_env.as_ref(), module_inst.is_null()) {
        e.module_inst.set(module_inst);
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_user_data(exec_env: wasm_exec_env_t, user_data: *mut c_void) {
    if let Some(e) = exec_env.as_ref() {
        e.user_data.set(user_data);
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_user_data(exec_env: wasm_exec_env_t) -> *mut c_void {
    exec_env.as_ref().map_or(ptr::null_mut(), |e| e.user_data.get())
}

/// The attachment registered with the native function now running on `exec_env`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_function_attachment(exec_env: wasm_exec_env_t) -> *mut c_void {
    exec_env.as_ref().map_or(ptr::null_mut(), |e| e.attachment.get())
}
