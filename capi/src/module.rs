//! `wasm_module_t`: a compiled module. As in WAMR, `wasm_module_t` is a pointer
//! (`struct WASMModuleCommon*`) and the API passes `wasm_module_t*`; `*module` is
//! what WAMR's `wasm_runtime_*` extensions take.
use crate::guard::guard;
use crate::store::wasm_store_t;
use crate::types::externtype::{wasm_externtype_t, CExternType};
use crate::types::exporttype::wasm_exporttype_t;
use crate::types::importtype::wasm_importtype_t;
use crate::vec::{name_nt, vec_fill};
use crate::{wasm_byte_vec_t, wasm_exporttype_vec_t, wasm_importtype_vec_t};
use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::{Arc, Mutex};

/// The shared, immutable part of a module (plus its name and WASI set-up).
pub struct WASMModuleCommon {
    pub(crate) module: wasmi::Module,
    /// The original bytes, for `wasm_module_serialize`.
    pub(crate) binary: Box<[u8]>,
    pub(crate) name: Mutex<CString>,
    pub(crate) wasi: Mutex<crate::builtins::WasiArgs>,
    /// The module compiled for other engines (the metered twin, or an engine made
    /// after the one it was compiled on was freed), made on first use.
    pub(crate) twins: Mutex<Vec<wasmi::Module>>,
    /// Export names in module order (wasmi keeps its exports sorted by name).
    pub(crate) export_order: Box<[Box<str>]>,
    /// The function exports that re-export one of the module's imports.
    pub(crate) imported_func_exports: Box<[Box<str>]>,
    /// The natives `wasm_runtime_load` resolved for function imports, by (module, name).
    pub(crate) natives: Mutex<Vec<(Box<str>, Box<str>, crate::export::natives::ResolvedNative)>>,
    /// The modules it imports from (registered, or read by the module reader), by name.
    pub(crate) deps: Mutex<Vec<(Box<str>, std::sync::Arc<WASMModuleCommon>)>>,
}

pub type wasm_module_t = *mut WASMModuleCommon;

/// `LoadArgs` (16 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct LoadArgs {
    pub name: *mut c_char,
    pub clone_wasm_binary: bool,
    pub wasm_binary_freeable: bool,
    pub no_resolve: bool,
}

impl WASMModuleCommon {
    pub(crate) fn compile(engine: &wasmi::Engine, bytes: &[u8], name: &str) -> Result<WASMModuleCommon, wasmi::Error> {
        let module = wasmi::Module::new(engine, bytes)?;
        let order = SectionOrder::read(bytes).unwrap_or_default();
        let imported_func_exports = order.imported_func_exports;
        let export_order = Some(order.export_names)
            .filter(|names| names.len() == module.exports().count())
            .unwrap_or_else(|| module.exports().map(|e| e.name().into()).collect());
        Ok(WASMModuleCommon {
            module,
            binary: bytes.into(),
            name: Mutex::new(CString::new(name.replace('\0', "")).unwrap_or_default()),
            wasi: Mutex::new(Default::default()),
            twins: Mutex::new(Vec::new()),
            export_order,
            imported_func_exports,
            natives: Mutex::new(Vec::new()),
            deps: Mutex::new(Vec::new()),
        })
    }

    /// The exports (name and type) in module order.
    pub(crate) fn exports_in_order(&self) -> impl Iterator<Item = (&str, wasmi::ExternType)> + '_ {
        self.export_order.iter().filter_map(|n| Some((&**n, self.module.get_export(n)?)))
    }

    /// The module compiled for `engine`: any store may instantiate any module, even
    /// across the plain and the metered engine.
    pub(crate) fn module_for(&self, engine: &wasmi::Engine) -> Result<wasmi::Module, wasmi::Error> {
        if wasmi::Engine::same(self.module.engine(), engine) {
            return Ok(self.module.clone());
        }
        let same = |m: &wasmi::Module| wasmi::Engine::same(m.engine(), engine);
        if let Some(m) = self.twins.lock().ok().and_then(|t| t.iter().find(|m| same(m)).cloned()) {
            return Ok(m);
        }
        let compiled = wasmi::Module::new(engine, &self.binary)?;
        if let Ok(mut twins) = self.twins.lock() {
            if let Some(m) = twins.iter().find(|m| same(m)) {
                return Ok(m.clone()); // another thread compiled it meanwhile
            }
            // Engines come and go (the singleton is freed with its last reference):
            // keep the newest few.
            if twins.len() >= 4 {
                twins.remove(0);
            }
            twins.push(compiled.clone());
        }
        Ok(compiled)
    }

    /// WAMR's loader check of a WASI-style module (`check_wasi_abi_compatibility`): a
    /// `_start` (else `_initialize`) must be the module's own `[] -> []` function, a
    /// command cannot be imported by another module, and a command, a reactor or a module
    /// importing WASI must export its memory. The reason, without WAMR's prefix.
    pub(crate) fn check_wasi_abi(&self, main_module: bool) -> Result<(), &'static str> {
        let func = |name: &str| match self.module.get_export(name) {
            Some(wasmi::ExternType::Func(ty)) => Some(ty),
            _ => None,
        };
        let own_void = |name: &str, ty: &wasmi::FuncType| -> Result<(), &'static str> {
            if self.imported_func_exports.iter().any(|n| &**n == name) {
                return Err(if name == "_start" {
                    "the builtin _start function can not be an import function"
                } else {
                    "the builtin _initialize function can not be an import function"
                });
            }
            if !ty.params().is_empty() || !ty.results().is_empty() {
                return Err(if name == "_start" {
                    "the signature of builtin _start function is wrong"
                } else {
                    "the signature of builtin _initialize function is wrong"
                });
            }
            Ok(())
        };
        let start = func("_start");
        let initialize = if start.is_some() { None } else { func("_initialize") };
        if let Some(ty) = &start {
            own_void("_start", ty)?;
        }
        if let Some(ty) = &initialize {
            own_void("_initialize", ty)?;
        }
        if start.is_none() && initialize.is_none() && !crate::wasi::imports_wasi(&self.module) {
            return Ok(());
        }
        if start.is_some() && !main_module {
            return Err("a command (with _start function) can not be a sub-module");
        }
        if !matches!(self.module.get_export("memory"), Some(wasmi::ExternType::Memory(_))) {
            return Err("a module with WASI apis must export memory by default");
        }
        Ok(())
    }

    pub(crate) fn name_string(&self) -> String {
        self.name.lock().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

impl WASMModuleCommon {
    /// The imports in WAMR's order: functions, globals, memories, then tables, each
    /// kind in module order (the order `wasm_module_imports` lists them in).
    pub(crate) fn imports_in_order(&self) -> Vec<wasmi::ImportType<'_>> {
        let rank = |ty: &wasmi::ExternType| match ty {
            wasmi::ExternType::Func(_) => 0,
            wasmi::ExternType::Global(_) => 1,
            wasmi::ExternType::Memory(_) => 2,
            wasmi::ExternType::Table(_) => 3,
        };
        let mut imports: Vec<_> = self.module.imports().collect();
        imports.sort_by_key(|i| rank(i.ty())); // stable: module order within a kind
        imports
    }
}

/// What wasmi does not keep of a module: the order of its exports, and which of its
/// function exports re-export an import.
#[derive(Default)]
struct SectionOrder {
    export_names: Box<[Box<str>]>,
    imported_func_exports: Box<[Box<str>]>,
}

impl SectionOrder {
    /// Reads the import and export sections of a binary wasmi already validated.
    fn read(bytes: &[u8]) -> Option<SectionOrder> {
        use wasmparser::{ExternalKind, Payload, TypeRef};
        let (mut names, mut imported) = (Vec::new(), Vec::new());
        let mut imported_funcs = 0u32;
        for payload in wasmparser::Parser::new(0).parse_all(bytes) {
            match payload.ok()? {
                Payload::ImportSection(reader) => {
                    for import in reader {
                        if matches!(import.ok()?.ty, TypeRef::Func(_)) {
                            imported_funcs += 1;
                        }
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export.ok()?;
                        if export.kind == ExternalKind::Func && export.index < imported_funcs {
                            imported.push(export.name.into());
                        }
                        names.push(export.name.into());
                    }
                }
                // Nothing after the export section matters here.
                Payload::StartSection { .. }
                | Payload::ElementSection(_)
                | Payload::DataCountSection { .. }
                | Payload::CodeSectionStart { .. }
                | Payload::DataSection(_)
                | Payload::End(_) => break,
                _ => {}
            }
        }
        Some(SectionOrder { export_names: names.into(), imported_func_exports: imported.into() })
    }
}

/// A new `wasm_module_t*` handle on a shared module.
pub(crate) fn new_handle(inner: Arc<WASMModuleCommon>) -> *mut wasm_module_t {
    Box::into_raw(Box::new(Arc::into_raw(inner) as wasm_module_t))
}

/// The module behind a handle, or `None` for NULL.
pub(crate) unsafe fn module_of<'a>(m: *const wasm_module_t) -> Option<&'a WASMModuleCommon> {
    m.as_ref().and_then(|inner| inner.as_ref())
}

/// Another strong reference to the module behind a handle.
pub(crate) unsafe fn module_arc(m: *const wasm_module_t) -> Option<Arc<WASMModuleCommon>> {
    let inner = *m.as_ref()?;
    if inner.is_null() {
        return None;
    }
    Arc::increment_strong_count(inner);
    Some(Arc::from_raw(inner))
}

pub(crate) unsafe fn delete_handle(m: *mut wasm_module_t) {
    if m.is_null() {
        return;
    }
    let handle = Box::from_raw(m);
    if !handle.is_null() {
        drop(Arc::from_raw(*handle as *const WASMModuleCommon));
    }
}

unsafe fn bytes_of<'a>(binary: *const wasm_byte_vec_t) -> Option<&'a [u8]> {
    let b = binary.as_ref()?;
    if b.data.is_null() {
        // `from_raw_parts` needs a non-NULL pointer even for an empty slice.
        return if b.size == 0 { Some(&[]) } else { None };
    }
    Some(std::slice::from_raw_parts(b.data as *const u8, b.size))
}

/// The first line of an error (wasmi's WAT errors add lines with a source excerpt).
fn one_line(e: &wasmi::Error) -> String {
    e.to_string().lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("invalid module").to_owned()
}

unsafe fn module_new(store: *mut wasm_store_t, binary: *const wasm_byte_vec_t, name: &str) -> *mut wasm_module_t {
    let Some(store) = store.as_ref() else { return ptr::null_mut() };
    let Some(bytes) = bytes_of(binary) else {
        eprintln!("WASM module load failed: no binary given");
        return ptr::null_mut();
    };
    guard(ptr::null_mut(), || {
        let engine = store.inner.engine();
        match WASMModuleCommon::compile(&engine, bytes, name) {
            Ok(m) => {
                if let Err(reason) = m.check_wasi_abi(true) {
                    eprintln!("WASM module load failed: {reason}");
                    return ptr::null_mut();
                }
                // as wasm_runtime_load: natives and modules to import from (multi-module)
                crate::export::multi_module::resolve(&engine, &m, &mut Vec::new());
                new_handle(Arc::new(m))
            }
            Err(e) => {
                eprintln!("WASM module load failed: {}", one_line(&e));
                ptr::null_mut()
            }
        }
    })
}

/// Compiles `binary->size` bytes; NULL and a one-line reason on stderr if invalid.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_new(store: *mut wasm_store_t, binary: *const wasm_byte_vec_t) -> *mut wasm_module_t {
    module_new(store, binary, "")
}

/// As `wasm_module_new`, naming the module after `args->name`. The bytes are always
/// copied, so the caller may free them whatever `clone_wasm_binary` says.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_new_ex(
    store: *mut wasm_store_t,
    binary: *mut wasm_byte_vec_t,
    args: *mut LoadArgs,
) -> *mut wasm_module_t {
    let name = match args.as_ref() {
        Some(a) if !a.name.is_null() => CStr::from_ptr(a.name).to_string_lossy().into_owned(),
        _ => String::new(),
    };
    module_new(store, binary, &name)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_module_delete(module: *mut wasm_module_t) {
    guard((), || delete_handle(module))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_module_validate(store: *mut wasm_store_t, binary: *const wasm_byte_vec_t) -> bool {
    let (Some(store), Some(bytes)) = (store.as_ref(), bytes_of(binary)) else { return false };
    // as WAMR's (a load and an unload): its loader's WASI checks included
    guard(false, || match WASMModuleCommon::compile(&store.inner.engine(), bytes, "") {
        Ok(m) => match m.check_wasi_abi(true) {
            Ok(()) => true,
            Err(reason) => {
                eprintln!("WASM module validate failed: {reason}");
                false
            }
        },
        Err(e) => {
            eprintln!("WASM module validate failed: {}", one_line(&e));
            false
        }
    })
}

/// Imports in module order; names carry a trailing NUL counted in `size`.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_imports(module: *const wasm_module_t, out: *mut wasm_importtype_vec_t) {
    if out.is_null() {
        return;
    }
    let Some(m) = module_of(module) else { return vec_fill(out, Vec::new()) };
    let items = guard(Vec::new(), || {
        m.imports_in_order()
            .into_iter()
            .map(|i| {
                Box::into_raw(Box::new(wasm_importtype_t {
                    module: name_nt(i.module()),
                    name: name_nt(i.name()),
                    ty: Box::new(wasm_externtype_t::new(CExternType::from_wasmi(i.ty()))),
                }))
            })
            .collect()
    });
    vec_fill(out, items)
}

/// Exports in module order; names carry a trailing NUL counted in `size`.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_exports(module: *const wasm_module_t, out: *mut wasm_exporttype_vec_t) {
    if out.is_null() {
        return;
    }
    let Some(m) = module_of(module) else { return vec_fill(out, Vec::new()) };
    let items = guard(Vec::new(), || {
        m.exports_in_order()
            .map(|(name, ty)| {
                Box::into_raw(Box::new(wasm_exporttype_t {
                    name: name_nt(name),
                    ty: Box::new(wasm_externtype_t::new(CExternType::from_wasmi(&ty))),
                }))
            })
            .collect()
    });
    vec_fill(out, items)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_module_set_name(module: *mut wasm_module_t, name: *const c_char) -> bool {
    let (Some(m), false) = (module_of(module), name.is_null()) else { return false };
    let name = CStr::from_ptr(name).to_owned();
    match m.name.lock() {
        Ok(mut n) => {
            *n = name;
            true
        }
        Err(_) => false,
    }
}

/// The name (`""` by default); valid until the name is set again.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_get_name(module: *mut wasm_module_t) -> *const c_char {
    match module_of(module) {
        Some(m) => m.name.lock().map(|n| n.as_ptr()).unwrap_or(ptr::null()),
        None => ptr::null(),
    }
}

/// Always true for a module: the library keeps its own copy of the bytes.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_is_underlying_binary_freeable(module: *const wasm_module_t) -> bool {
    module_of(module).is_some()
}

