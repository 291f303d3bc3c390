//! Multi-module: modules registered by name (`wasm_runtime_register_module`), a module
//! reader that loads an imported module's bytes (`wasm_runtime_set_module_reader`), and
//! the resolution of a module's imports against them.
//!
//! As in WAMR, loading a module loads the modules it imports from (registered ones, or
//! through the reader, which registers them under their name), recursively; each
//! instance of the module then instantiates its own copies of them in its store, and
//! its imports take their exports. An import its module does not export stays
//! unlinked (a call traps).
use super::loader::{set_error, wasm_module_t};
use crate::guard::guard;
use crate::module::WASMModuleCommon;
use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::{Arc, Mutex};

/// `package_type_t`'s bytecode value, what the reader is asked for.
const WASM_MODULE_BYTECODE: u32 = 0;

pub type module_reader = Option<unsafe extern "C" fn(u32, *const c_char, *mut *mut u8, *mut u32) -> bool>;
pub type module_destroyer = Option<unsafe extern "C" fn(*mut u8, u32)>;

struct Registry {
    modules: Vec<(CString, Arc<WASMModuleCommon>)>,
    reader: module_reader,
    destroyer: module_destroyer,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry { modules: Vec::new(), reader: None, destroyer: None });

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Sets how imported modules' bytes are read (and freed once loaded).
#[no_mangle]
pub extern "C" fn wasm_runtime_set_module_reader(reader: module_reader, destroyer: module_destroyer) {
    let mut r = registry();
    r.reader = reader;
    r.destroyer = destroyer;
}

/// Registers `module` as `module_name`, for other modules to import from. A name
/// already taken by another module is refused.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_register_module(
    module_name: *const c_char,
    module: wasm_module_t,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> bool {
    if module_name.is_null() || module.is_null() {
        set_error(error_buf, error_buf_size, "register module failed: invalid module name or module");
        return false;
    }
    let name = CStr::from_ptr(module_name).to_owned();
    guard(false, || {
        let mut r = registry();
        if let Some((_, m)) = r.modules.iter().find(|(n, _)| *n == name) {
            if ptr::eq(Arc::as_ptr(m), module) {
                return true;
            }
            set_error(error_buf, error_buf_size, "register module failed: module name has been registered by another module");
            return false;
        }
        Arc::increment_strong_count(module as *const WASMModuleCommon);
        r.modules.push((name, Arc::from_raw(module as *const WASMModuleCommon)));
        true
    })
}

/// The module registered as `module_name`, or NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_find_module_registered(module_name: *const c_char) -> wasm_module_t {
    if module_name.is_null() {
        return ptr::null_mut();
    }
    let name = CStr::from_ptr(module_name);
    registry()
        .modules
        .iter()
        .find(|(n, _)| n.as_c_str() == name)
        .map_or(ptr::null_mut(), |(_, m)| Arc::as_ptr(m) as wasm_module_t)
}

/// Drops every registration (the last `wasm_runtime_destroy`).
pub(crate) fn clear() {
    let modules = std::mem::take(&mut registry().modules);
    drop(modules);
}

/// The module named `name`: registered, or read by the reader, compiled and
/// registered; `loading` holds the names on the way here (a cycle is refused).
fn dependency(engine: &wasmi::Engine, name: &str, loading: &mut Vec<String>) -> Option<Arc<WASMModuleCommon>> {
    let (reader, destroyer) = {
        let r = registry();
        if let Some((_, m)) = r.modules.iter().find(|(n, _)| n.as_bytes() == name.as_bytes()) {
            return Some(m.clone());
        }
        (r.reader?, r.destroyer)
    };
    if loading.iter().any(|n| n == name) {
        return None;
    }
    let c_name = CString::new(name).ok()?;
    let (mut buf, mut size) = (ptr::null_mut::<u8>(), 0u32);
    if !unsafe { reader(WASM_MODULE_BYTECODE, c_name.as_ptr(), &mut buf, &mut size) } || buf.is_null() {
        return None;
    }
    let bytes = unsafe { std::slice::from_raw_parts(buf, size as usize) }.to_vec();
    if let Some(free) = destroyer {
        unsafe { free(buf, size) };
    }
    let module = WASMModuleCommon::compile(engine, &bytes, name).ok()?;
    if let Err(reason) = module.check_wasi_abi(false) {
        super::log::warning(&format!("cannot import from module {name}: {reason}"));
        return None;
    }
    loading.push(name.to_owned());
    resolve(engine, &module, loading);
    loading.pop();
    let module = Arc::new(module);
    registry().modules.push((c_name, module.clone()));
    Some(module)
}

/// Links a freshly compiled module's imports: natives first, then the modules it
/// imports from (not WASI's, which the library provides).
pub(crate) fn resolve(engine: &wasmi::Engine, module: &WASMModuleCommon, loading: &mut Vec<String>) {
    let mut natives = Vec::new();
    let mut deps: Vec<(Box<str>, Arc<WASMModuleCommon>)> = Vec::new();
    for import in module.module.imports() {
        if let wasmi::ExternType::Func(ty) = import.ty() {
            if let Some(native) = super::natives::resolve(import.module(), import.name(), ty) {
                natives.push((import.module().into(), import.name().into(), native));
                continue;
            }
        }
        let from = import.module();
        if matches!(from, "wasi_snapshot_preview1" | "wasi_unstable") || deps.iter().any(|(n, _)| &**n == from) {
            continue;
        }
        if let Some(dep) = dependency(engine, from, loading) {
            deps.push((from.into(), dep));
        }
    }
    if let Ok(mut n) = module.natives.lock() {
        *n = natives;
    }
    if let Ok(mut d) = module.deps.lock() {
        *d = deps;
    }
}
