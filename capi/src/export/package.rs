//! What a module is as a package: its type and version (from the magic and version
//! words of its binary), whether it is an AOT XIP file (never: no AOT here), its name
//! (`wasm_runtime_get/set_module_name`) and its custom sections.
use super::loader::{module_arc, set_error, wasm_module_t};
use super::side_table::SideTable;
use crate::guard::guard;
use crate::module::WASMModuleCommon;
use std::ffi::{c_char, CStr, CString};
use std::ptr;

/// `package_type_t`: a C enum.
pub type package_type_t = u32;

const WASM_MODULE_BYTECODE: package_type_t = 0;
const WASM_MODULE_AOT: package_type_t = 1;
const PACKAGE_TYPE_UNKNOWN: package_type_t = 0xFFFF;

/// The bytecode version this runtime loads (WAMR's `WASM_CURRENT_VERSION`).
const WASM_CURRENT_VERSION: u32 = 1;

unsafe fn bytes<'a>(buf: *const u8, size: u32) -> Option<&'a [u8]> {
    (!buf.is_null()).then(|| std::slice::from_raw_parts(buf, size as usize))
}

/// `\0asm`: bytecode, `\0aot`: AOT, anything else (or under 4 bytes): unknown.
#[no_mangle]
pub unsafe extern "C" fn get_package_type(buf: *const u8, size: u32) -> package_type_t {
    match bytes(buf, size).and_then(|b| b.get(..4)) {
        Some(b"\0asm") => WASM_MODULE_BYTECODE,
        Some(b"\0aot") => WASM_MODULE_AOT,
        _ => PACKAGE_TYPE_UNKNOWN,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_file_package_type(buf: *const u8, size: u32) -> package_type_t {
    get_package_type(buf, size)
}

/// Bytecode for every module (nothing else loads); unknown for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_package_type(module: wasm_module_t) -> package_type_t {
    if module.is_null() {
        PACKAGE_TYPE_UNKNOWN
    } else {
        WASM_MODULE_BYTECODE
    }
}

/// The little-endian word after the magic; 0 if the buffer is shorter than 8 bytes.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_file_package_version(buf: *const u8, size: u32) -> u32 {
    match bytes(buf, size).and_then(|b| b.get(4..8)) {
        Some(v) => u32::from_le_bytes([v[0], v[1], v[2], v[3]]),
        None => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_package_version(module: wasm_module_t) -> u32 {
    match module.as_ref() {
        Some(m) => wasm_runtime_get_file_package_version(m.binary.as_ptr(), m.binary.len().min(u32::MAX as usize) as u32),
        None => 0,
    }
}

/// The version of a package type this runtime loads: 1 for bytecode; 0 for AOT (WAMR
/// says 6, the version its AOT loader reads; this runtime has none) and anything else.
#[no_mangle]
pub extern "C" fn wasm_runtime_get_current_package_version(package_type: package_type_t) -> u32 {
    match package_type {
        WASM_MODULE_BYTECODE => WASM_CURRENT_VERSION,
        _ => 0,
    }
}

/// Whether a buffer is an AOT file for execution in place: never, as no AOT loads here.
#[no_mangle]
pub extern "C" fn wasm_runtime_is_xip_file(buf: *const u8, size: u32) -> bool {
    let _ = (buf, size);
    false
}

/// Names a module had before its current one: as in WAMR, whose names stay in the
/// module's string list, a name `wasm_runtime_get_module_name` returned stays valid
/// while the module lives.
static RETIRED_NAMES: SideTable<WASMModuleCommon, Vec<CString>> = SideTable::new();

/// The module's name: "" until named (by `wasm_runtime_load_ex`'s `name`, or
/// `wasm_runtime_set_module_name`); "" for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_module_name(module: wasm_module_t) -> *const c_char {
    let Some(m) = module.as_ref() else { return c"".as_ptr() };
    match m.name.lock() {
        Ok(name) => name.as_ptr(),
        Err(_) => c"".as_ptr(),
    }
}

/// Renames a module; false (with WAMR's reason) for a NULL or non-UTF-8 name.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_module_name(
    module: wasm_module_t,
    name: *const c_char,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> bool {
    let (Some(owner), false) = (module_arc(module), name.is_null()) else { return false };
    let name = CStr::from_ptr(name);
    if std::str::from_utf8(name.to_bytes()).is_err() {
        // WAMR reports it with its instantiation prefix
        set_error(error_buf, error_buf_size, "WASM module instantiate failed: invalid UTF-8 encoding");
        return false;
    }
    guard(false, || {
        let Ok(mut current) = owner.name.lock() else { return false };
        if current.as_c_str() != name {
            let old = std::mem::replace(&mut *current, name.to_owned());
            RETIRED_NAMES.with(&owner, Vec::new, |names| names.push(old));
        }
        true
    })
}

/// Reads an unsigned LEB128 u32 at `*at`.
fn leb_u32(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7F).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// The contents of the custom sections named `name`, in module order: the binary's
/// sections walked by their sizes (wasmi validated it).
fn custom_sections<'a>(binary: &'a [u8], name: &'a [u8]) -> impl Iterator<Item = &'a [u8]> + 'a {
    let mut at = 8;
    std::iter::from_fn(move || {
        while at < binary.len() {
            let id = binary[at];
            at += 1;
            let size = leb_u32(binary, &mut at)? as usize;
            let body = binary.get(at..at.checked_add(size)?)?;
            at += size;
            if id != 0 {
                continue;
            }
            let mut p = 0;
            let len = leb_u32(body, &mut p)? as usize;
            if body.get(p..p.checked_add(len)?)? == name {
                return Some(&body[p + len..]);
            }
        }
        None
    })
}

/// The content of the module's custom section `name` (the last one of that name, as
/// WAMR finds it), in the module's own copy of its binary; its length in `*len`.
/// NULL if there is none.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_custom_section(module_comm: wasm_module_t, name: *const c_char, len: *mut u32) -> *const u8 {
    let (Some(m), false) = (module_comm.as_ref(), name.is_null()) else { return ptr::null() };
    let name = CStr::from_ptr(name).to_bytes();
    match guard(None, || custom_sections(&m.binary, name).last()) {
        Some(data) => {
            if let Some(len) = len.as_mut() {
                *len = data.len() as u32;
            }
            data.as_ptr()
        }
        None => ptr::null(),
    }
}

#[cfg(test)]
mod tests {
    use super::custom_sections;

    #[test]
    fn custom_sections_by_name_in_order() {
        // header, custom "ab" = [1, 2], type section (empty vec), custom "ab" = [], custom "c" = [9]
        let bin = [
            0, b'a', b's', b'm', 1, 0, 0, 0, //
            0, 5, 2, b'a', b'b', 1, 2, //
            1, 1, 0, //
            0, 3, 2, b'a', b'b', //
            0, 3, 1, b'c', 9,
        ];
        let found: Vec<&[u8]> = custom_sections(&bin, b"ab").collect();
        assert_eq!(found, [&[1u8, 2][..], &[][..]]);
        assert_eq!(custom_sections(&bin, b"c").last(), Some(&[9u8][..]));
        assert_eq!(custom_sections(&bin, b"a").count(), 0);
        // a section running past the end ends the walk
        assert_eq!(custom_sections(&bin[..bin.len() - 1], b"c").count(), 0);
    }
}
