//! A module's imports and exports (`wasm_runtime_get_import_type` / `_export_type`),
//! the type handles they carry (`wasm_func_type_t`, ...) and their accessors, and
//! whether the runtime links an import by name (`wasm_runtime_is_import_*_linked`).
//!
//! The names and type handles live in a side table entry of the module, made on first
//! use, so they stay valid while the module lives. Imports come in WAMR's order:
//! functions, tables, memories, then globals, each kind in module order; exports in
//! module order.
use crate::types::valtype::valkind_from_wasmi as kind_of;
use super::loader::{module_arc, wasm_module_t};
use super::side_table::SideTable;
use crate::guard::guard;
use crate::module::WASMModuleCommon;
use crate::types::valtype::{wasm_valkind_t, WASM_EXTERNREF, WASM_FUNCREF};
use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr;
use wasmi::ExternType;

/// `wasm_import_export_kind_t`: a C enum.
pub type wasm_import_export_kind_t = u32;

const KIND_FUNC: wasm_import_export_kind_t = 0;
const KIND_TABLE: wasm_import_export_kind_t = 1;
const KIND_MEMORY: wasm_import_export_kind_t = 2;
const KIND_GLOBAL: wasm_import_export_kind_t = 3;

/// What the valkind accessors return for no kind (WAMR's `(wasm_valkind_t)-1`).
const NO_KIND: wasm_valkind_t = 0xFF;

/// WAMR's page count of a memory without a maximum (`DEFAULT_MAX_PAGES`; 64-bit: `UINT32_MAX`).
const DEFAULT_MAX_PAGES: u64 = 65536;

pub struct WASMFuncType {
    params: Box<[wasm_valkind_t]>,
    results: Box<[wasm_valkind_t]>,
}

pub struct WASMGlobalType {
    kind: wasm_valkind_t,
    mutable: bool,
}

/// A memory type (C: `WASMMemoryType`, `struct WASMMemory`).
pub struct WASMMemory {
    init_page_count: u32,
    max_page_count: u32,
}

pub struct WASMTableType {
    elem_kind: wasm_valkind_t,
    init_size: u32,
    max_size: u32,
}

pub type wasm_func_type_t = *mut WASMFuncType;
pub type wasm_global_type_t = *mut WASMGlobalType;
pub type wasm_memory_type_t = *mut WASMMemory;
pub type wasm_table_type_t = *mut WASMTableType;

/// `wasm_import_t`.
#[repr(C)]
pub struct wasm_import_t {
    pub module_name: *const c_char,
    pub name: *const c_char,
    pub kind: wasm_import_export_kind_t,
    pub linked: bool,
    pub u: *mut c_void,
}

/// `wasm_export_t`.
#[repr(C)]
pub struct wasm_export_t {
    pub name: *const c_char,
    pub kind: wasm_import_export_kind_t,
    pub u: *mut c_void,
}

enum TypeBox {
    Func(Box<WASMFuncType>),
    Table(Box<WASMTableType>),
    Memory(Box<WASMMemory>),
    Global(Box<WASMGlobalType>),
}

impl TypeBox {
    fn new(ty: &ExternType) -> TypeBox {
        let clamp = |n: u64| n.min(u64::from(u32::MAX)) as u32;
        match ty {
            ExternType::Func(f) => TypeBox::Func(Box::new(WASMFuncType {
                params: f.params().iter().map(|t| kind_of(*t)).collect(),
                results: f.results().iter().map(|t| kind_of(*t)).collect(),
            })),
            ExternType::Global(g) => TypeBox::Global(Box::new(WASMGlobalType { kind: kind_of(g.content()), mutable: g.mutability().is_mut() })),
            ExternType::Memory(m) => {
                let default_max = if m.is_64() { u64::from(u32::MAX) } else { DEFAULT_MAX_PAGES };
                TypeBox::Memory(Box::new(WASMMemory {
                    init_page_count: clamp(m.minimum()),
                    max_page_count: clamp(m.maximum().unwrap_or(default_max)),
                }))
            }
            ExternType::Table(t) => TypeBox::Table(Box::new(WASMTableType {
                elem_kind: match t.element() {
                    wasmi::RefType::Func => WASM_FUNCREF,
                    wasmi::RefType::Extern => WASM_EXTERNREF,
                },
                init_size: clamp(t.minimum()),
                max_size: clamp(t.maximum().unwrap_or(u64::MAX)),
            })),
        }
    }

    fn kind(&self) -> wasm_import_export_kind_t {
        match self {
            TypeBox::Func(_) => KIND_FUNC,
            TypeBox::Table(_) => KIND_TABLE,
            TypeBox::Memory(_) => KIND_MEMORY,
            TypeBox::Global(_) => KIND_GLOBAL,
        }
    }

    fn handle(&self) -> *mut c_void {
        match self {
            TypeBox::Func(b) => &**b as *const WASMFuncType as *mut c_void,
            TypeBox::Table(b) => &**b as *const WASMTableType as *mut c_void,
            TypeBox::Memory(b) => &**b as *const WASMMemory as *mut c_void,
            TypeBox::Global(b) => &**b as *const WASMGlobalType as *mut c_void,
        }
    }
}

struct Item {
    module_name: CString,
    name: CString,
    /// The wasmi type, for whether an import is linked (asked at each call: natives
    /// may be resolved after load, `wasm_runtime_resolve_symbols`).
    ext: ExternType,
    ty: TypeBox,
}

struct ModuleTypes {
    imports: Vec<Item>,
    exports: Vec<Item>,
}

fn c_string(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

impl ModuleTypes {
    fn new(module: &WASMModuleCommon) -> ModuleTypes {
        let rank = |ty: &ExternType| match ty {
            ExternType::Func(_) => 0,
            ExternType::Table(_) => 1,
            ExternType::Memory(_) => 2,
            ExternType::Global(_) => 3,
        };
        let mut imports: Vec<_> = module.module.imports().collect();
        imports.sort_by_key(|i| rank(i.ty())); // stable: module order within a kind
        let imports = imports
            .iter()
            .map(|i| Item { module_name: c_string(i.module()), name: c_string(i.name()), ext: i.ty().clone(), ty: TypeBox::new(i.ty()) })
            .collect();
        let exports = module
            .exports_in_order()
            .map(|(name, ty)| Item { module_name: CString::default(), name: c_string(name), ty: TypeBox::new(&ty), ext: ty })
            .collect();
        ModuleTypes { imports, exports }
    }
}

/// WAMR's `linked` of an import: a function a native provides (the embedder's, libc-builtin
/// or WASI) as resolved for it; a global a module it imports from exports; never a
/// table or a memory.
fn import_linked(module: &WASMModuleCommon, from: &str, name: &str, ty: &ExternType) -> bool {
    match ty {
        ExternType::Func(f) => {
            let fits = |r: &super::natives::ResolvedNative| r.signature.as_deref().is_none_or(|sig| super::natives::signature_fits(f, sig));
            let native = module.natives.lock().is_ok_and(|n| n.iter().any(|(m, n, r)| &**m == from && &**n == name && fits(r)));
            native || crate::wasi::provides(from, name, f.params(), f.results())
        }
        ExternType::Global(_) => module.deps.lock().is_ok_and(|deps| {
            deps.iter().any(|(m, dep)| &**m == from && matches!(dep.module.get_export(name), Some(ExternType::Global(_))))
        }),
        _ => false,
    }
}

static TYPES: SideTable<WASMModuleCommon, ModuleTypes> = SideTable::new();

/// Runs `f` on the module and its imports and exports.
unsafe fn with_types<R>(module: wasm_module_t, f: impl FnOnce(&WASMModuleCommon, &ModuleTypes) -> R) -> Option<R> {
    let owner = module_arc(module)?;
    guard(None, || Some(TYPES.with(&owner, || ModuleTypes::new(&owner), |t| f(&owner, t))))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_import_count(module: wasm_module_t) -> i32 {
    match module.as_ref() {
        Some(m) => m.module.imports().count() as i32,
        None => -1,
    }
}

/// Fills `*import_type` with import `import_index`; zeroes it if there is none.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_import_type(module: wasm_module_t, import_index: i32, import_type: *mut wasm_import_t) {
    let Some(out) = import_type.as_mut() else { return };
    *out = wasm_import_t { module_name: ptr::null(), name: ptr::null(), kind: 0, linked: false, u: ptr::null_mut() };
    with_types(module, |m, t| {
        if let Some(i) = usize::try_from(import_index).ok().and_then(|at| t.imports.get(at)) {
            let linked = import_linked(m, &i.module_name.to_string_lossy(), &i.name.to_string_lossy(), &i.ext);
            *out = wasm_import_t { module_name: i.module_name.as_ptr(), name: i.name.as_ptr(), kind: i.ty.kind(), linked, u: i.ty.handle() };
        }
    });
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_count(module: wasm_module_t) -> i32 {
    match module.as_ref() {
        Some(m) => m.export_order.len() as i32,
        None => -1,
    }
}

/// Fills `*export_type` with export `export_index`; zeroes it if there is none.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_type(module: wasm_module_t, export_index: i32, export_type: *mut wasm_export_t) {
    let Some(out) = export_type.as_mut() else { return };
    *out = wasm_export_t { name: ptr::null(), kind: 0, u: ptr::null_mut() };
    with_types(module, |_, t| {
        if let Some(e) = usize::try_from(export_index).ok().and_then(|at| t.exports.get(at)) {
            *out = wasm_export_t { name: e.name.as_ptr(), kind: e.ty.kind(), u: e.ty.handle() };
        }
    });
}

/// Runs `f` on the type behind a handle of a live module (`pick` chooses the kind).
fn with_handle<T, R>(handle: *const T, pick: impl Fn(&TypeBox) -> Option<&T>, f: impl FnOnce(&T) -> R) -> Option<R> {
    if handle.is_null() {
        return None;
    }
    let mut f = Some(f);
    guard(None, || {
        TYPES.find(|t| {
            let ty = t.imports.iter().chain(&t.exports).find_map(|i| pick(&i.ty).filter(|ty| ptr::eq(*ty, handle)))?;
            f.take().map(|f| f(ty))
        })
    })
}

fn func_type_of<R>(h: wasm_func_type_t, f: impl FnOnce(&WASMFuncType) -> R) -> Option<R> {
    with_handle(h, |t| if let TypeBox::Func(b) = t { Some(&**b) } else { None }, f)
}

fn global_type_of<R>(h: wasm_global_type_t, f: impl FnOnce(&WASMGlobalType) -> R) -> Option<R> {
    with_handle(h, |t| if let TypeBox::Global(b) = t { Some(&**b) } else { None }, f)
}

fn memory_type_of<R>(h: wasm_memory_type_t, f: impl FnOnce(&WASMMemory) -> R) -> Option<R> {
    with_handle(h, |t| if let TypeBox::Memory(b) = t { Some(&**b) } else { None }, f)
}

fn table_type_of<R>(h: wasm_table_type_t, f: impl FnOnce(&WASMTableType) -> R) -> Option<R> {
    with_handle(h, |t| if let TypeBox::Table(b) = t { Some(&**b) } else { None }, f)
}

#[no_mangle]
pub extern "C" fn wasm_func_type_get_param_count(func_type: wasm_func_type_t) -> u32 {
    func_type_of(func_type, |t| t.params.len() as u32).unwrap_or(0)
}

/// The kind of parameter `param_index`; `(wasm_valkind_t)-1` if there is none.
#[no_mangle]
pub extern "C" fn wasm_func_type_get_param_valkind(func_type: wasm_func_type_t, param_index: u32) -> wasm_valkind_t {
    func_type_of(func_type, |t| t.params.get(param_index as usize).copied()).flatten().unwrap_or(NO_KIND)
}

#[no_mangle]
pub extern "C" fn wasm_func_type_get_result_count(func_type: wasm_func_type_t) -> u32 {
    func_type_of(func_type, |t| t.results.len() as u32).unwrap_or(0)
}

/// The kind of result `result_index`; `(wasm_valkind_t)-1` if there is none.
#[no_mangle]
pub extern "C" fn wasm_func_type_get_result_valkind(func_type: wasm_func_type_t, result_index: u32) -> wasm_valkind_t {
    func_type_of(func_type, |t| t.results.get(result_index as usize).copied()).flatten().unwrap_or(NO_KIND)
}

#[no_mangle]
pub extern "C" fn wasm_global_type_get_valkind(global_type: wasm_global_type_t) -> wasm_valkind_t {
    global_type_of(global_type, |t| t.kind).unwrap_or(NO_KIND)
}

#[no_mangle]
pub extern "C" fn wasm_global_type_get_mutable(global_type: wasm_global_type_t) -> bool {
    global_type_of(global_type, |t| t.mutable).unwrap_or(false)
}

/// Never shared: wasmi has no threads proposal.
#[no_mangle]
pub extern "C" fn wasm_memory_type_get_shared(memory_type: wasm_memory_type_t) -> bool {
    let _ = memory_type;
    false
}

#[no_mangle]
pub extern "C" fn wasm_memory_type_get_init_page_count(memory_type: wasm_memory_type_t) -> u32 {
    memory_type_of(memory_type, |t| t.init_page_count).unwrap_or(0)
}

/// The declared maximum; without one, 65536 (a 64-bit memory: `UINT32_MAX`), as in WAMR.
#[no_mangle]
pub extern "C" fn wasm_memory_type_get_max_page_count(memory_type: wasm_memory_type_t) -> u32 {
    memory_type_of(memory_type, |t| t.max_page_count).unwrap_or(0)
}

#[no_mangle]
pub extern "C" fn wasm_table_type_get_elem_kind(table_type: wasm_table_type_t) -> wasm_valkind_t {
    table_type_of(table_type, |t| t.elem_kind).unwrap_or(NO_KIND)
}

/// Never shared: wasmi has no shared tables.
#[no_mangle]
pub extern "C" fn wasm_table_type_get_shared(table_type: wasm_table_type_t) -> bool {
    let _ = table_type;
    false
}

#[no_mangle]
pub extern "C" fn wasm_table_type_get_init_size(table_type: wasm_table_type_t) -> u32 {
    table_type_of(table_type, |t| t.init_size).unwrap_or(0)
}

/// The declared maximum; `UINT32_MAX` without one.
#[no_mangle]
pub extern "C" fn wasm_table_type_get_max_size(table_type: wasm_table_type_t) -> u32 {
    table_type_of(table_type, |t| t.max_size).unwrap_or(0)
}

unsafe fn str_arg<'a>(p: *const c_char) -> Option<&'a str> {
    (!p.is_null()).then(|| CStr::from_ptr(p).to_str().ok()).flatten()
}

/// Whether a native provides function `func_name` of `module_name`, whatever its
/// signature: one the embedder registered (or libc-builtin's, `env`), or WASI's.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_import_func_linked(module_name: *const c_char, func_name: *const c_char) -> bool {
    let (Some(module), Some(name)) = (str_arg(module_name), str_arg(func_name)) else { return false };
    guard(false, || super::natives::is_registered(module, name) || wasi_function(module, name))
}

#[cfg(feature = "wasi")]
fn wasi_function(module: &str, name: &str) -> bool {
    module == crate::wasi::WASI_MODULE && crate::wasi_host::SIGNATURES.iter().any(|(n, _, _)| *n == name)
}

#[cfg(not(feature = "wasi"))]
fn wasi_function(_module: &str, _name: &str) -> bool {
    false
}

/// Whether global `global_name` of `module_name` is linked by name: WAMR's native
/// globals (`global.NaN`, ...) do not exist here; a registered module of that name
/// exporting such a global provides it.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_is_import_global_linked(module_name: *const c_char, global_name: *const c_char) -> bool {
    let (false, Some(name)) = (module_name.is_null(), str_arg(global_name)) else { return false };
    let Some(module) = super::multi_module::wasm_runtime_find_module_registered(module_name).as_ref() else { return false };
    guard(false, || matches!(module.module.get_export(name), Some(ExternType::Global(_))))
}
