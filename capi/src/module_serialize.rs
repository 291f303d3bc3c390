//! `wasm_module_serialize` / `wasm_module_deserialize`.
//!
//! wasmi compiles lazily and fast, so the serialized form is the module's own bytes
//! in a checked envelope: magic, format version, name, bytes, and an FNV-1a checksum.
//! Foreign or corrupted input is rejected before anything is compiled.
use crate::guard::guard;
use crate::module::{module_of, new_handle, wasm_module_t, WASMModuleCommon};
use crate::store::wasm_store_t;
use crate::vec::{vec_fill, wasm_byte_t};
use crate::wasm_byte_vec_t;
use std::ptr;
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"WAMRWSMI";
const VERSION: u32 = 1;

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub(crate) fn encode(name: &str, wasm: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(wasm.len() + name.len() + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(name.len() as u32).to_le_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&(wasm.len() as u64).to_le_bytes());
    out.extend_from_slice(wasm);
    let sum = fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The name and wasm bytes of a serialized module, or why it is not one.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, &[u8]), &'static str> {
    let body_len = bytes.len().checked_sub(8).ok_or("too short")?;
    let (body, sum) = bytes.split_at(body_len);
    if body.len() < 16 || &body[..8] != MAGIC {
        return Err("not a serialized module");
    }
    if u64::from_le_bytes(sum.try_into().map_err(|_| "too short")?) != fnv1a(body) {
        return Err("checksum mismatch");
    }
    if u32::from_le_bytes(body[8..12].try_into().unwrap()) != VERSION {
        return Err("unsupported format version");
    }
    let name_len = u32::from_le_bytes(body[12..16].try_into().unwrap()) as usize;
    let rest = &body[16..];
    let name = rest.get(..name_len).ok_or("truncated name")?;
    let rest = &rest[name_len..];
    let wasm_len = u64::from_le_bytes(rest.get(..8).ok_or("truncated")?.try_into().unwrap()) as usize;
    let wasm = rest.get(8..).filter(|w| w.len() == wasm_len).ok_or("length mismatch")?;
    Ok((String::from_utf8_lossy(name).into_owned(), wasm))
}

#[no_mangle]
pub unsafe extern "C" fn wasm_module_serialize(module: *mut wasm_module_t, out: *mut wasm_byte_vec_t) {
    if out.is_null() {
        return;
    }
    let bytes: Vec<wasm_byte_t> = match module_of(module) {
        Some(m) => guard(Vec::new(), || {
            encode(&m.name_string(), &m.binary).into_iter().map(|b| b as wasm_byte_t).collect()
        }),
        None => Vec::new(),
    };
    vec_fill(out, bytes)
}

/// NULL (with a reason on stderr) for bytes that are not a serialized module.
#[no_mangle]
pub unsafe extern "C" fn wasm_module_deserialize(
    store: *mut wasm_store_t,
    bytes: *const wasm_byte_vec_t,
) -> *mut wasm_module_t {
    let (Some(store), Some(bytes)) = (store.as_ref(), bytes.as_ref()) else { return ptr::null_mut() };
    if bytes.data.is_null() {
        return ptr::null_mut();
    }
    let raw = std::slice::from_raw_parts(bytes.data as *const u8, bytes.size);
    guard(ptr::null_mut(), || match decode(raw) {
        Ok((name, wasm)) => match WASMModuleCommon::compile(&store.inner.engine(), wasm, &name) {
            Ok(m) => new_handle(Arc::new(m)),
            Err(e) => {
                eprintln!("WASM module deserialize failed: {e}");
                ptr::null_mut()
            }
        },
        Err(why) => {
            eprintln!("WASM module deserialize failed: {why}");
            ptr::null_mut()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_name_and_bytes() {
        let blob = encode("demo", b"\0asm\x01\0\0\0");
        assert_eq!(decode(&blob), Ok(("demo".to_string(), &b"\0asm\x01\0\0\0"[..])));
    }

    #[test]
    fn rejects_foreign_truncated_and_corrupt_bytes() {
        assert_eq!(decode(b"\0asm\x01\0\0\0"), Err("not a serialized module"));
        let blob = encode("demo", b"\0asm\x01\0\0\0");
        assert!(decode(&blob[..blob.len() - 1]).is_err());
        let mut flipped = blob.clone();
        flipped[20] ^= 1;
        assert_eq!(decode(&flipped), Err("checksum mismatch"));
        assert!(decode(&[]).is_err());
    }
}
