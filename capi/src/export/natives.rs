//! Native symbols: `wasm_runtime_register_natives(_raw)` / `unregister_natives`, and
//! their resolution against a module's function imports when it is loaded.
//!
//! As in WAMR, a registration keeps the caller's `NativeSymbol` array (it must stay
//! alive while registered), later registrations shadow earlier ones, an import named
//! `_name` also finds `name`, and a native whose signature string does not fit the
//! import's type is not linked (a warning says so; calling the import then traps).
use super::lib_export::NativeSymbol;
use crate::guard::guard;
use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::Mutex;
use wasmi::ValType;

struct Registration {
    module_name: CString,
    symbols: *const NativeSymbol,
    count: usize,
    raw: bool,
}

unsafe impl Send for Registration {}

/// Newest last; searched from the end.
static REGISTRY: Mutex<Vec<Registration>> = Mutex::new(Vec::new());

/// A native found for an import.
#[derive(Clone)]
pub(crate) struct ResolvedNative {
    pub(crate) func_ptr: *mut c_void,
    /// The checked signature string (`None`: called with the import's own types).
    pub(crate) signature: Option<Box<[u8]>>,
    pub(crate) attachment: *mut c_void,
    /// `wasm_runtime_register_natives_raw`: `void f(exec_env, uint64_t *args)`.
    pub(crate) raw: bool,
}

unsafe impl Send for ResolvedNative {}
unsafe impl Sync for ResolvedNative {}

fn registry() -> std::sync::MutexGuard<'static, Vec<Registration>> {
    REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

unsafe fn register(module_name: *const c_char, symbols: *mut NativeSymbol, count: u32, raw: bool) -> bool {
    if module_name.is_null() || (symbols.is_null() && count > 0) {
        return false;
    }
    let module_name = CStr::from_ptr(module_name).to_owned();
    guard(false, || {
        registry().push(Registration { module_name, symbols, count: count as usize, raw });
        true
    })
}

/// Registers `n_native_symbols` natives for imports from `module_name`; the array
/// is kept (not copied) until unregistered.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_register_natives(
    module_name: *const c_char,
    native_symbols: *mut NativeSymbol,
    n_native_symbols: u32,
) -> bool {
    register(module_name, native_symbols, n_native_symbols, false)
}

/// As `wasm_runtime_register_natives`, for natives called as `f(exec_env, uint64_t *args)`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_register_natives_raw(
    module_name: *const c_char,
    native_symbols: *mut NativeSymbol,
    n_native_symbols: u32,
) -> bool {
    register(module_name, native_symbols, n_native_symbols, true)
}

/// Removes the registration of exactly this array for `module_name`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_unregister_natives(module_name: *const c_char, native_symbols: *mut NativeSymbol) -> bool {
    if module_name.is_null() {
        return false;
    }
    let name = CStr::from_ptr(module_name);
    guard(false, || {
        let mut r = registry();
        match r.iter().rposition(|g| std::ptr::eq(g.symbols, native_symbols) && g.module_name.as_c_str() == name) {
            Some(i) => {
                r.remove(i);
                true
            }
            None => false,
        }
    })
}

/// Drops every registration (the last `wasm_runtime_destroy`).
pub(crate) fn clear() {
    registry().clear();
}

/// Whether a native with an address is registered for `name` (or, for `_name`, `name`)
/// of `module`, whatever its signature (`wasm_runtime_is_import_func_linked`).
pub(crate) fn is_registered(module: &str, name: &str) -> bool {
    let hit = |g: &Registration, n: &str| unsafe { lookup(g, n) }.is_some_and(|s| !s.func_ptr.is_null());
    registry()
        .iter()
        .filter(|g| g.module_name.as_bytes() == module.as_bytes())
        .any(|g| hit(g, name) || name.strip_prefix('_').is_some_and(|n| hit(g, n)))
}

/// Whether signature character `c` stands for a value of type `t` (numbers, externref).
fn same_type(t: ValType, c: u8) -> bool {
    matches!((t, c), (ValType::I32, b'i') | (ValType::I64, b'I') | (ValType::F32, b'f') | (ValType::F64, b'F') | (ValType::ExternRef, b'r'))
}

/// WAMR's check of a signature string against an import's type: `(` one character
/// per parameter (`*` may be followed by `~`, its length; `$` a string) `)` and at
/// most one result character.
pub(crate) fn signature_fits(ty: &wasmi::FuncType, sig: &[u8]) -> bool {
    let params = ty.params();
    let mut p = sig.iter().copied().peekable();
    if p.next() != Some(b'(') {
        return false;
    }
    let mut i = 0;
    while i < params.len() {
        let Some(c) = p.next() else { return false };
        if !same_type(params[i], c) {
            if params[i] != ValType::I32 || !matches!(c, b'*' | b'$') {
                return false;
            }
            if c == b'*' && i + 1 < params.len() && params[i + 1] == ValType::I32 && p.peek() == Some(&b'~') {
                p.next();
                i += 1;
            }
        }
        i += 1;
    }
    if p.next() != Some(b')') {
        return false;
    }
    match ty.results() {
        [] => {}
        [r] => match p.next() {
            Some(c) if same_type(*r, c) => {}
            _ => return false,
        },
        _ => return false,
    }
    p.next().is_none()
}

unsafe fn lookup(reg: &Registration, name: &str) -> Option<NativeSymbol> {
    let symbols = std::slice::from_raw_parts(reg.symbols, reg.count);
    symbols.iter().copied().find(|s| !s.symbol.is_null() && CStr::from_ptr(s.symbol).to_bytes() == name.as_bytes())
}

/// The native registered for import `(module, name)` of type `ty`, if one fits.
pub(crate) fn resolve(module: &str, name: &str, ty: &wasmi::FuncType) -> Option<ResolvedNative> {
    let r = registry();
    let (symbol, raw) = r.iter().rev().filter(|g| g.module_name.as_bytes() == module.as_bytes()).find_map(|g| unsafe {
        let found = lookup(g, name).or_else(|| name.strip_prefix('_').and_then(|n| lookup(g, n)));
        found.map(|s| (s, g.raw))
    })?;
    if symbol.func_ptr.is_null() {
        return None;
    }
    let signature = unsafe { (!symbol.signature.is_null()).then(|| CStr::from_ptr(symbol.signature).to_bytes()) }
        .filter(|s| !s.is_empty());
    if let Some(sig) = signature {
        if !signature_fits(ty, sig) {
            super::log::warning(&format!(
                "failed to check signature '{}' and resolve pointer params for import function ({module}, {name})",
                String::from_utf8_lossy(sig)
            ));
            return None;
        }
    }
    Some(ResolvedNative { func_ptr: symbol.func_ptr, signature: signature.map(Into::into), attachment: symbol.attachment, raw })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmi::FuncType;

    fn ty(params: &[ValType], results: &[ValType]) -> FuncType {
        FuncType::new(params.iter().copied(), results.iter().copied())
    }

    #[test]
    fn signatures_as_wamr_checks_them() {
        use ValType::*;
        assert!(signature_fits(&ty(&[I32, I32, I32, I32], &[I32]), b"(i*~i)i"));
        assert!(signature_fits(&ty(&[I32, I32], &[I32]), b"(ii)i"));
        assert!(signature_fits(&ty(&[I32], &[]), b"($)"));
        assert!(signature_fits(&ty(&[I64, F32, F64], &[F64]), b"(IfF)F"));
        // a pointer without a length is fine; a length needs its pointer
        assert!(signature_fits(&ty(&[I32, I32], &[]), b"(*i)"));
        assert!(!signature_fits(&ty(&[I32, I32], &[]), b"(~i)"));
        assert!(!signature_fits(&ty(&[I32, I32], &[I32]), b"(ii)"));
        assert!(!signature_fits(&ty(&[I32, I32], &[]), b"(ii)i"));
        assert!(!signature_fits(&ty(&[I64], &[]), b"(*)"));
        assert!(!signature_fits(&ty(&[I32], &[]), b"i)"));
        assert!(!signature_fits(&ty(&[I32], &[]), b"(i)x"));
        assert!(!signature_fits(&ty(&[I32, I32], &[]), b"(i)"));
    }
}
