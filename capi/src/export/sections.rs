//! `wasm_runtime_load_from_sections`: a module given as a list of sections (WAMR's
//! `wasm_section_t`: a section id, its body and the body's size), as a loader that
//! already split a binary hands it over. The sections are put back together, in list
//! order, into a binary that `wasm_runtime_load` then loads: the same checks and
//! errors; the bodies are copied, so the caller may free them at once. An AOT section
//! list cannot be loaded here (no AOT).
use super::loader::{set_error, wasm_module_t};
use std::ffi::c_char;
use std::ptr;

/// One section of a module (`wasm_section_t`, `aot_section_t`).
#[repr(C)]
pub struct wasm_section_t {
    pub next: *mut wasm_section_t,
    pub section_type: i32,
    pub section_body: *mut u8,
    pub section_body_size: u32,
}

pub type wasm_section_list_t = *mut wasm_section_t;

fn leb128(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The binary the list stands for; an error for a section that cannot be one.
unsafe fn binary(mut section: *const wasm_section_t) -> Result<Vec<u8>, &'static str> {
    let mut bytes = b"\0asm\x01\0\0\0".to_vec();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(s) = section.as_ref() {
        if !seen.insert(section as usize) {
            return Err("the section list has a cycle");
        }
        let Ok(id) = u8::try_from(s.section_type) else { return Err("invalid section id") };
        if s.section_body.is_null() && s.section_body_size > 0 {
            return Err("a section has no body");
        }
        bytes.push(id);
        leb128(&mut bytes, s.section_body_size);
        if s.section_body_size > 0 {
            bytes.extend_from_slice(std::slice::from_raw_parts(s.section_body, s.section_body_size as usize));
        }
        if bytes.len() > u32::MAX as usize {
            return Err("the module is too large");
        }
        section = s.next;
    }
    Ok(bytes)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_load_from_sections(
    section_list: wasm_section_list_t,
    is_aot: bool,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> wasm_module_t {
    if is_aot {
        set_error(error_buf, error_buf_size, "WASM module load failed: invalid section list type");
        return ptr::null_mut();
    }
    match crate::guard::guard(Err("internal error"), || binary(section_list)) {
        Ok(mut bytes) => super::loader::wasm_runtime_load(bytes.as_mut_ptr(), bytes.len() as u32, error_buf, error_buf_size),
        Err(reason) => {
            set_error(error_buf, error_buf_size, &format!("WASM module load failed: {reason}"));
            ptr::null_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_become_a_binary() {
        let mut types = [1u8, 0x60, 0, 0];
        let mut code = vec![0u8; 200];
        let mut second = wasm_section_t { next: ptr::null_mut(), section_type: 10, section_body: code.as_mut_ptr(), section_body_size: 200 };
        let first = wasm_section_t { next: &mut second, section_type: 1, section_body: types.as_mut_ptr(), section_body_size: 4 };
        let bytes = unsafe { binary(&first) }.unwrap();
        assert_eq!(&bytes[..8], b"\0asm\x01\0\0\0");
        assert_eq!(&bytes[8..14], &[1, 4, 1, 0x60, 0, 0]);
        assert_eq!(&bytes[14..17], &[10, 0xc8, 0x01]); // 200 as LEB128
        assert_eq!(bytes.len(), 17 + 200);
        assert_eq!(unsafe { binary(ptr::null()) }.unwrap().len(), 8);
        second.section_type = 300;
        assert!(unsafe { binary(&first) }.is_err());
        second.section_type = 10;
        second.next = &first as *const wasm_section_t as *mut wasm_section_t; // a cycle
        assert!(unsafe { binary(&first) }.is_err());
        second.next = ptr::null_mut();
        second.section_body = ptr::null_mut();
        assert!(unsafe { binary(&first) }.is_err());
    }
}
