//! The few things the runner does with libiwasm, each a thin wrapper over the C API
//! (the `extern "C"` functions of the `iwasm` crate, exactly what a C program calls).
use iwasm::*;
use std::collections::HashMap;
use std::ptr;

macro_rules! vec_of {
    ($t:ident) => {
        $t { size: 0, data: std::ptr::null_mut(), num_elems: 0, size_of_elem: 0, lock: std::ptr::null_mut() }
    };
}
pub(crate) use vec_of;

/// A new byte vec holding `bytes` (the caller deletes it).
pub fn byte_vec(bytes: &[u8]) -> wasm_byte_vec_t {
    let mut v = vec_of!(wasm_byte_vec_t);
    unsafe { wasm_byte_vec_new(&mut v, bytes.len(), bytes.as_ptr() as *const wasm_byte_t) };
    v
}

/// The bytes of a name the library handed out, without WAMR's trailing NUL.
pub unsafe fn name_of(n: *const wasm_name_t) -> String {
    let Some(n) = n.as_ref() else { return String::new() };
    if n.data.is_null() {
        return String::new();
    }
    let bytes = std::slice::from_raw_parts(n.data as *const u8, n.size);
    String::from_utf8_lossy(bytes.strip_suffix(&[0]).unwrap_or(bytes)).into_owned()
}

/// A trap's message (deleting the trap).
pub unsafe fn take_trap(trap: *mut wasm_trap_t) -> String {
    let mut m = vec_of!(wasm_byte_vec_t);
    wasm_trap_message(trap, &mut m);
    let text = name_of(&m);
    wasm_byte_vec_delete(&mut m);
    wasm_trap_delete(trap);
    text
}

/// WebAssembly text to binary through `wamr_wat_to_wasm` (our WAT support).
pub fn wat_to_wasm(text: &[u8]) -> Result<Vec<u8>, String> {
    unsafe {
        let mut input = byte_vec(text);
        let mut out = vec_of!(wasm_byte_vec_t);
        let ok = wamr_wat_to_wasm(&input, &mut out);
        let bytes = if out.data.is_null() { Vec::new() } else { std::slice::from_raw_parts(out.data as *const u8, out.size).to_vec() };
        wasm_byte_vec_delete(&mut input);
        wasm_byte_vec_delete(&mut out);
        if ok {
            Ok(bytes)
        } else {
            Err(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

pub struct Store {
    pub raw: *mut wasm_store_t,
}

impl Store {
    pub fn new(engine: *mut wasm_engine_t) -> Store {
        Store { raw: unsafe { wasm_store_new(engine) } }
    }

    pub fn validate(&self, binary: &[u8]) -> bool {
        capture_stderr(|| unsafe {
            let mut v = byte_vec(binary);
            let ok = wasm_module_validate(self.raw, &v);
            wasm_byte_vec_delete(&mut v);
            ok
        })
        .0
    }

    /// `wasm_module_new`; the error is the reason the library printed (WAMR prints it on
    /// stderr; the C API has no other way to tell it).
    pub fn compile(&self, binary: &[u8]) -> Result<Module, String> {
        let (m, printed) = capture_stderr(|| unsafe {
            let mut v = byte_vec(binary);
            let m = wasm_module_new(self.raw, &v);
            wasm_byte_vec_delete(&mut v);
            m
        });
        if m.is_null() {
            Err(printed.trim().to_string())
        } else {
            Ok(Module { raw: m })
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        unsafe { wasm_store_delete(self.raw) }
    }
}

pub struct Module {
    pub raw: *mut wasm_module_t,
}

/// An import as `wasm_module_imports` lists it (WAMR's order).
pub struct Import {
    pub module: String,
    pub name: String,
    pub kind: wasm_externkind_t,
}

impl Module {
    pub fn imports(&self) -> Vec<Import> {
        unsafe {
            let mut v = vec_of!(wasm_importtype_vec_t);
            wasm_module_imports(self.raw, &mut v);
            let list = (0..v.size)
                .map(|i| {
                    let it = *v.data.add(i);
                    Import {
                        module: name_of(wasm_importtype_module(it)),
                        name: name_of(wasm_importtype_name(it)),
                        kind: wasm_externtype_kind(wasm_importtype_type(it)),
                    }
                })
                .collect();
            wasm_importtype_vec_delete(&mut v);
            list
        }
    }

    fn export_names(&self) -> Vec<String> {
        unsafe {
            let mut v = vec_of!(wasm_exporttype_vec_t);
            wasm_module_exports(self.raw, &mut v);
            let names = (0..v.size).map(|i| name_of(wasm_exporttype_name(*v.data.add(i)))).collect();
            wasm_exporttype_vec_delete(&mut v);
            names
        }
    }
}

impl Drop for Module {
    fn drop(&mut self) {
        unsafe { wasm_module_delete(self.raw) }
    }
}

/// An instance with its exports by name.
pub struct Instance {
    raw: *mut wasm_instance_t,
    exports: wasm_extern_vec_t,
    by_name: HashMap<String, usize>,
}

impl Instance {
    /// `wasm_instance_new`; the error is the trap's message.
    pub fn new(store: &Store, module: &Module, imports: &[*mut wasm_extern_t]) -> Result<Instance, String> {
        unsafe {
            // Borrowed by wasm_instance_new: the externs stay ours.
            let mut list = imports.to_vec();
            let v = wasm_extern_vec_t { size: list.len(), data: list.as_mut_ptr(), num_elems: list.len(), size_of_elem: 8, lock: ptr::null_mut() };
            let mut trap = ptr::null_mut();
            let raw = wasm_instance_new(store.raw, module.raw, &v, &mut trap);
            if raw.is_null() {
                let msg = if trap.is_null() { "instantiation failed".to_string() } else { take_trap(trap) };
                return Err(msg);
            }
            if !trap.is_null() {
                wasm_trap_delete(trap);
            }
            let mut exports = vec_of!(wasm_extern_vec_t);
            wasm_instance_exports(raw, &mut exports);
            let by_name = module.export_names().into_iter().enumerate().map(|(i, n)| (n, i)).collect();
            Ok(Instance { raw, exports, by_name })
        }
    }

    pub fn export(&self, name: &str) -> Option<*mut wasm_extern_t> {
        let i = *self.by_name.get(name)?;
        (i < self.exports.size).then(|| unsafe { *self.exports.data.add(i) })
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        unsafe {
            wasm_extern_vec_delete(&mut self.exports);
            wasm_instance_delete(self.raw);
        }
    }
}

/// The kinds of a function's parameters and results.
pub unsafe fn func_sig(f: *const wasm_func_t) -> (Vec<wasm_valkind_t>, Vec<wasm_valkind_t>) {
    let ty = wasm_func_type(f);
    if ty.is_null() {
        return (Vec::new(), Vec::new());
    }
    let kinds = |v: *const wasm_valtype_vec_t| -> Vec<wasm_valkind_t> {
        let v = &*v;
        (0..v.size).map(|i| wasm_valtype_kind(*v.data.add(i))).collect()
    };
    let sig = (kinds(wasm_functype_params(ty)), kinds(wasm_functype_results(ty)));
    wasm_functype_delete(ty);
    sig
}

/// Calls `f`; the error is the trap's message.
pub unsafe fn call(f: *const wasm_func_t, args: &[wasm_val_t], n_results: usize) -> Result<Vec<wasm_val_t>, String> {
    let mut args = args.to_vec();
    let argv = wasm_val_vec_t { size: args.len(), data: args.as_mut_ptr(), num_elems: args.len(), size_of_elem: 16, lock: ptr::null_mut() };
    let mut out = vec![zero(WASM_I32); n_results];
    let mut outv = wasm_val_vec_t { size: out.len(), data: out.as_mut_ptr(), num_elems: out.len(), size_of_elem: 16, lock: ptr::null_mut() };
    let trap = wasm_func_call(f, &argv, &mut outv);
    if trap.is_null() {
        Ok(out)
    } else {
        Err(take_trap(trap))
    }
}

pub fn zero(kind: wasm_valkind_t) -> wasm_val_t {
    wasm_val_t { kind, _paddings: [0; 7], of: wasm_val_union { i64: 0 } }
}

/// Runs `f` with file descriptor 2 sent to a temporary file; returns what was written.
fn capture_stderr<R>(f: impl FnOnce() -> R) -> (R, String) {
    use std::io::{Read, Seek};
    use std::os::fd::AsRawFd;
    let Ok(mut file) = tempfile() else { return (f(), String::new()) };
    unsafe {
        let saved = libc::dup(2);
        libc::dup2(file.as_raw_fd(), 2);
        let r = f();
        libc::dup2(saved, 2);
        libc::close(saved);
        let mut text = String::new();
        let _ = file.rewind();
        let _ = file.read_to_string(&mut text);
        (r, text)
    }
}

fn tempfile() -> std::io::Result<std::fs::File> {
    let path = std::env::temp_dir().join(format!("spec-runner-{}.stderr", std::process::id()));
    let file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&path)?;
    let _ = std::fs::remove_file(&path);
    Ok(file)
}
