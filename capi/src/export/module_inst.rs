//! Module instances (`wasm_module_inst_t`): instantiate, deinstantiate, look up
//! exported functions, and the instance's exception (WAMR's error channel for calls).
use super::exec_env::{wasm_exec_env_t, WASMExecEnv};
use super::loader::{module_arc, set_error, wasm_module_t};
use crate::config::InstantiationArgs;
use crate::guard::guard;
use crate::instance::InstanceBody;
use crate::module::WASMModuleCommon;
use crate::store::{StoreCell, StoreRef};
use crate::trap::TrapBody;
use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr;
use std::sync::Arc;

/// An exported function of an instance, as `wasm_function_inst_t` points at it.
pub(crate) struct FunctionInst {
    pub(crate) func: wasmi::Func,
    pub(crate) ty: wasmi::FuncType,
    pub(crate) name: Box<str>,
}

/// A module instance: its own store on the runtime's engine, holding one instance.
pub struct WASMModuleInstanceCommon {
    pub(crate) store: StoreRef,
    /// The instance itself (its memories and tables, for the app heap and address checks).
    pub(crate) body: InstanceBody,
    pub(crate) module: Arc<WASMModuleCommon>,
    /// The exported functions, in export order; their addresses are the handles.
    pub(crate) funcs: Box<[FunctionInst]>,
    /// `"Exception: <reason>"` of the last failed call, until cleared.
    exception: RefCell<Option<CString>>,
    pub(crate) stack_size: u32,
    singleton: RefCell<Option<Box<WASMExecEnv>>>,
    custom_data: Cell<*mut c_void>,
    /// The code of a `proc_exit` that ended the last call.
    pub(crate) wasi_exit_code: Cell<u32>,
    /// Where `wasm_runtime_module_malloc` allocates.
    pub(crate) heap: RefCell<super::app_heap::AppHeap>,
}

pub type wasm_module_inst_t = *mut WASMModuleInstanceCommon;
/// WAMR's `WASMFunctionInstanceCommon *`: here a `FunctionInst` of an instance.
pub type wasm_function_inst_t = *mut c_void;

impl WASMModuleInstanceCommon {
    pub(crate) fn set_exception(&self, text: Option<&str>) {
        let text = text.map(|t| if t.starts_with("Exception: ") { t.to_owned() } else { format!("Exception: {t}") });
        *self.exception.borrow_mut() = text.map(|t| CString::new(t.replace('\0', "")).unwrap_or_default());
    }

    pub(crate) fn has_exception(&self) -> bool {
        self.exception.borrow().is_some()
    }

    /// Records a failed call's trap; a `proc_exit` is not an exception, only its code.
    pub(crate) fn record_trap(&self, trap: &TrapBody) {
        match trap.exit_code {
            Some(code) => {
                self.wasi_exit_code.set(code as u32);
                self.set_exception(Some("wasi proc exit"));
            }
            None => self.set_exception(Some(&trap.text())),
        }
    }

    /// The function behind a handle, if it is one of this instance's.
    pub(crate) fn function(&self, f: wasm_function_inst_t) -> Option<&FunctionInst> {
        self.funcs
            .iter()
            .find(|fi| ptr::eq(*fi as *const FunctionInst as *const c_void, f))
            .or_else(|| super::export_inst::table_function(self, f))
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<&FunctionInst> {
        self.funcs.iter().find(|f| &*f.name == name)
    }
}

unsafe fn instantiate(module: wasm_module_t, args: InstantiationArgs, error_buf: *mut c_char, size: u32) -> wasm_module_inst_t {
    let Some(module) = module_arc(module) else {
        set_error(error_buf, size, "WASM module instantiate failed: no module given");
        return ptr::null_mut();
    };
    let Some(engine) = super::runtime::engine() else {
        set_error(error_buf, size, "WASM module instantiate failed: runtime not initialized");
        return ptr::null_mut();
    };
    let made = guard(Err(TrapBody::exception("instantiation failed")), || {
        let store = StoreCell::new(engine);
        let body = crate::instance::instantiate(&store, module.clone(), ptr::null(), &args)?;
        Ok((store, body))
    });
    match made {
        Ok((store, body)) => {
            let funcs = store.with(|ctx| {
                body.exports
                    .iter()
                    .filter_map(|(name, e)| match e {
                        wasmi::Extern::Func(f) => Some(FunctionInst { func: *f, ty: f.ty(&ctx), name: (**name).into() }),
                        _ => None,
                    })
                    .collect()
            });
            let stack_size = if args.default_stack_size > 0 { args.default_stack_size } else { crate::engine::DEFAULT_STACK_SIZE };
            let inst = Box::new(WASMModuleInstanceCommon {
                store,
                body,
                module,
                funcs,
                exception: RefCell::new(None),
                stack_size,
                singleton: RefCell::new(None),
                custom_data: Cell::new(ptr::null_mut()),
                wasi_exit_code: Cell::new(0),
                heap: RefCell::new(super::app_heap::AppHeap::None),
            });
            inst.setup_app_heap(args.host_managed_heap_size);
            Box::into_raw(inst)
        }
        Err(trap) => {
            set_error(error_buf, size, &format!("WASM module instantiate failed: {}", trap.text()));
            ptr::null_mut()
        }
    }
}

/// Instantiates `module` (its start function and WAMR's post-instantiation functions
/// run); `stack_size` bounds the wasm stack of its calls, and `host_managed_heap_size`
/// bytes of memory 0 become its app heap unless it exports `malloc` and `free`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiate(
    module: wasm_module_t,
    default_stack_size: u32,
    host_managed_heap_size: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> wasm_module_inst_t {
    let args = InstantiationArgs { default_stack_size, host_managed_heap_size, max_memory_pages: 0 };
    instantiate(module, args, error_buf, error_buf_size)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_instantiate_ex(
    module: wasm_module_t,
    args: *const InstantiationArgs,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> wasm_module_inst_t {
    let args = args.as_ref().copied().unwrap_or_default();
    instantiate(module, args, error_buf, error_buf_size)
}

/// Frees an instance (and its exec env singleton).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_deinstantiate(module_inst: wasm_module_inst_t) {
    if !module_inst.is_null() {
        guard((), || drop(Box::from_raw(module_inst)))
    }
}

/// The module an instance was made from.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module(module_inst: wasm_module_inst_t) -> wasm_module_t {
    match module_inst.as_ref() {
        Some(i) => Arc::as_ptr(&i.module) as wasm_module_t,
        None => ptr::null_mut(),
    }
}

/// The exported function `name`, or NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_lookup_function(
    module_inst: wasm_module_inst_t,
    name: *const c_char,
) -> wasm_function_inst_t {
    let (Some(inst), false) = (module_inst.as_ref(), name.is_null()) else { return ptr::null_mut() };
    let name = CStr::from_ptr(name).to_string_lossy();
    match inst.lookup(&name) {
        Some(f) => f as *const FunctionInst as wasm_function_inst_t,
        None => ptr::null_mut(),
    }
}

/// The instance's exception (`"Exception: ..."`), or NULL if there is none.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_exception(module_inst: wasm_module_inst_t) -> *const c_char {
    let Some(inst) = module_inst.as_ref() else { return ptr::null() };
    match &*inst.exception.borrow() {
        Some(text) => text.as_ptr(),
        None => ptr::null(),
    }
}

/// Sets the instance's exception to `"Exception: <exception>"` (NULL clears it).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_exception(module_inst: wasm_module_inst_t, exception: *const c_char) {
    let Some(inst) = module_inst.as_ref() else { return };
    let text = (!exception.is_null()).then(|| CStr::from_ptr(exception).to_string_lossy().into_owned());
    inst.set_exception(text.as_deref());
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_clear_exception(module_inst: wasm_module_inst_t) {
    if let Some(inst) = module_inst.as_ref() {
        inst.set_exception(None);
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_custom_data(module_inst: wasm_module_inst_t, custom_data: *mut c_void) {
    if let Some(inst) = module_inst.as_ref() {
        inst.custom_data.set(custom_data);
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_custom_data(module_inst: wasm_module_inst_t) -> *mut c_void {
    module_inst.as_ref().map_or(ptr::null_mut(), |i| i.custom_data.get())
}

/// The exit code of the last `proc_exit` (0 if the module never called it).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_wasi_exit_code(module_inst: wasm_module_inst_t) -> u32 {
    module_inst.as_ref().map_or(0, |i| i.wasi_exit_code.get())
}

/// The instance's exec env singleton, made on first use (WAMR's default exec env).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_exec_env_singleton(module_inst: wasm_module_inst_t) -> wasm_exec_env_t {
    let Some(inst) = module_inst.as_ref() else { return ptr::null_mut() };
    let mut slot = inst.singleton.borrow_mut();
    let env = slot.get_or_insert_with(|| Box::new(WASMExecEnv::new(module_inst, inst.stack_size)));
    &mut **env as *mut WASMExecEnv
}
