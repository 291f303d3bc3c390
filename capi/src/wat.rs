//! `wamr_wat_to_wasm`: WebAssembly text to binary, with the `wat` crate's parser (an
//! extension: WAMR's C API takes binaries only). A library built without the `wat`
//! feature keeps the function, which then always fails with a reason.
use crate::guard::guard;
use crate::vec::{vec_fill, wasm_byte_t, CVec};
use crate::wasm_byte_vec_t;

/// Converts the text in `wat` to a wasm binary in `out` and returns true; on a
/// syntax error returns false and puts the NUL-terminated message in `out`.
#[no_mangle]
pub unsafe extern "C" fn wamr_wat_to_wasm(wat: *const wasm_byte_vec_t, out: *mut wasm_byte_vec_t) -> bool {
    if out.is_null() {
        return false;
    }
    let Some(wat) = wat.as_ref() else {
        vec_fill(out, Vec::new());
        return false;
    };
    let text: Vec<u8> = wat.as_slice().iter().map(|&b| b as u8).collect();
    let converted = guard(Err("internal error".to_string()), || {
        let text = std::str::from_utf8(&text).map_err(|e| format!("text is not UTF-8: {e}"))?;
        text_to_binary(text.trim_end_matches('\0'))
    });
    let (ok, bytes) = match converted {
        Ok(wasm) => (true, wasm),
        Err(message) => (false, message.into_bytes().into_iter().chain([0]).collect()),
    };
    vec_fill(out, bytes.into_iter().map(|b| b as wasm_byte_t).collect());
    ok
}

#[cfg(feature = "wat")]
/// `wat::parse_str`, except that text the format allows is accepted even where the
/// `wat` crate's lint refuses it (bidirectional-override characters in strings and
/// comments: the spec suite's names.wast has them).
fn text_to_binary(text: &str) -> Result<Vec<u8>, String> {
    let parse = || {
        let mut lexer = wast::lexer::Lexer::new(text);
        lexer.allow_confusing_unicode(true);
        let buf = wast::parser::ParseBuffer::new_with_lexer(lexer)?;
        wast::parser::parse::<wast::Wat>(&buf)?.encode()
    };
    parse().map_err(|mut e| {
        e.set_text(text);
        e.to_string()
    })
}

#[cfg(not(feature = "wat"))]
fn text_to_binary(_text: &str) -> Result<Vec<u8>, String> {
    Err("this libiwasm was built without WebAssembly text support (the `wat` feature)".into())
}

#[cfg(all(test, feature = "wat"))]
mod tests {
    use super::*;
    use crate::vec::OwnedVec;

    fn convert(text: &str) -> (bool, Vec<u8>) {
        let input = OwnedVec::<wasm_byte_vec_t>::from_vec(text.bytes().map(|b| b as wasm_byte_t).collect());
        let mut out: wasm_byte_vec_t = unsafe { std::mem::zeroed() };
        let ok = unsafe { wamr_wat_to_wasm(&input.0, &mut out) };
        let bytes = out.as_slice().iter().map(|&b| b as u8).collect();
        unsafe { out.raw_mut().release() };
        (ok, bytes)
    }

    #[test]
    fn converts_text_to_a_binary() {
        let (ok, wasm) = convert("(module (func (export \"f\")))");
        assert!(ok);
        assert_eq!(&wasm[..4], b"\0asm");
    }

    #[test]
    fn accepts_what_the_format_allows() {
        // a right-to-left override in a string: valid text, refused by the wat crate's lint
        let (ok, bin) = convert("(module (func (export \"a\u{202e}b\")))");
        assert!(ok, "{}", String::from_utf8_lossy(&bin));
        assert_eq!(&bin[..4], b"\0asm");
    }

    #[test]
    fn reports_syntax_errors() {
        let (ok, message) = convert("(module (func");
        assert!(!ok);
        assert_eq!(message.last(), Some(&0));
        assert!(String::from_utf8_lossy(&message).contains("expected"));
    }
}
