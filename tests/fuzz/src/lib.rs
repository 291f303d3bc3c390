//! Fuzz harnesses for libiwasm's C API, called as Rust functions of the `iwasm` rlib.
//!
//! Each harness is a plain `fn run(data: &[u8])`: the libFuzzer targets in
//! `fuzz_targets/` call it, and so does `tests/replay.rs` (no libFuzzer needed), which
//! replays the seed corpora and a bounded number of generated inputs under `cargo test`.
//!
//! The harnesses use the API as a careful C caller would (every object they own is
//! deleted exactly once, borrowed pointers are not kept), so any crash, sanitizer
//! report, leak or failed assertion is a bug of the library.
#![allow(clippy::missing_safety_doc)]

pub mod differential;
pub mod module_bytes;
pub mod sequence;
pub mod smith;

use iwasm::*;
use std::ptr;

/// A reference to the process-wide engine for one input, released when dropped.
///
/// Each input takes and releases its own reference, so the engine is freed between
/// inputs (unless another thread holds it): wasmi keeps every compiled function until
/// its engine is dropped, and a reference held for the whole run would grow without
/// bound (see README.md).
pub struct EngineRef(pub *mut wasm_engine_t);

impl EngineRef {
    pub fn new() -> EngineRef {
        let e = wasm_engine_new();
        assert!(!e.is_null(), "wasm_engine_new failed");
        EngineRef(e)
    }
}

impl Default for EngineRef {
    fn default() -> Self {
        EngineRef::new()
    }
}

impl Drop for EngineRef {
    fn drop(&mut self) {
        unsafe { wasm_engine_delete(self.0) }
    }
}

pub fn empty_byte_vec() -> wasm_byte_vec_t {
    wasm_byte_vec_t { size: 0, data: ptr::null_mut(), num_elems: 0, size_of_elem: 0, lock: ptr::null_mut() }
}

/// A new owned byte vec holding `bytes`.
pub fn byte_vec(bytes: &[u8]) -> wasm_byte_vec_t {
    let mut v = empty_byte_vec();
    unsafe { wasm_byte_vec_new(&mut v, bytes.len(), bytes.as_ptr() as *const wasm_byte_t) };
    assert!(bytes.is_empty() || !v.data.is_null(), "wasm_byte_vec_new failed for {} bytes", bytes.len());
    v
}

pub unsafe fn bytes_of(v: &wasm_byte_vec_t) -> &[u8] {
    if v.data.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(v.data as *const u8, v.size)
    }
}

/// An empty vec of any of the C API's vec types.
#[macro_export]
macro_rules! empty_vec {
    ($t:ident) => {
        $t { size: 0, data: std::ptr::null_mut(), num_elems: 0, size_of_elem: 0, lock: std::ptr::null_mut() }
    };
}

/// Values of a vec (empty for a NULL data pointer).
pub unsafe fn vec_items<'a, T>(data: *mut T, size: usize) -> &'a [T] {
    if data.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(data, size)
    }
}

/// Checks a name the library hands out: NUL-terminated, the NUL counted in `size`.
pub unsafe fn check_name(name: *const wasm_name_t, what: &str) {
    let name = name.as_ref().unwrap_or_else(|| panic!("{what}: NULL name"));
    let bytes = bytes_of(name);
    assert!(!bytes.is_empty() && bytes[bytes.len() - 1] == 0, "{what}: name without trailing NUL: {bytes:?}");
}

/// The kinds of a valtype vec.
pub unsafe fn kinds_of(v: *const wasm_valtype_vec_t) -> Vec<wasm_valkind_t> {
    match v.as_ref() {
        Some(v) => vec_items(v.data, v.size).iter().map(|&t| wasm_valtype_kind(t)).collect(),
        None => Vec::new(),
    }
}

/// Walks an extern type and all its parts; checks the kinds are sane.
pub unsafe fn check_externtype(t: *const wasm_externtype_t) {
    assert!(!t.is_null(), "NULL externtype");
    let kind = wasm_externtype_kind(t);
    let valid_val = |k: wasm_valkind_t| matches!(k, WASM_I32 | WASM_I64 | WASM_F32 | WASM_F64 | WASM_V128 | WASM_EXTERNREF | WASM_FUNCREF);
    match kind {
        WASM_EXTERN_FUNC => {
            let ft = wasm_externtype_as_functype_const(t);
            assert!(!ft.is_null());
            for k in kinds_of(wasm_functype_params(ft)).into_iter().chain(kinds_of(wasm_functype_results(ft))) {
                assert!(valid_val(k), "bad param/result kind {k}");
            }
            let copy = wasm_functype_copy(ft);
            assert!(!copy.is_null());
            assert_eq!(kinds_of(wasm_functype_params(copy)), kinds_of(wasm_functype_params(ft)));
            wasm_functype_delete(copy);
        }
        WASM_EXTERN_GLOBAL => {
            let gt = wasm_externtype_as_globaltype_const(t);
            assert!(!gt.is_null());
            assert!(valid_val(wasm_valtype_kind(wasm_globaltype_content(gt))));
            assert!(wasm_globaltype_mutability(gt) <= WASM_VAR);
        }
        WASM_EXTERN_TABLE => {
            let tt = wasm_externtype_as_tabletype_const(t);
            assert!(!tt.is_null());
            let k = wasm_valtype_kind(wasm_tabletype_element(tt));
            assert!(k == WASM_FUNCREF || k == WASM_EXTERNREF, "table element kind {k}");
            assert!(!wasm_tabletype_limits(tt).is_null());
        }
        WASM_EXTERN_MEMORY => {
            let mt = wasm_externtype_as_memorytype_const(t);
            assert!(!mt.is_null());
            assert!(!wasm_memorytype_limits(mt).is_null());
        }
        k => panic!("bad extern kind {k}"),
    }
    let copy = wasm_externtype_copy(t);
    assert_eq!(wasm_externtype_kind(copy), kind);
    wasm_externtype_delete(copy);
}

/// Reads a module's imports and exports the way a host would, checking names and
/// types; returns (imports, exports) counts.
pub unsafe fn introspect_module(m: *mut wasm_module_t) -> (usize, usize) {
    let mut imports = empty_vec!(wasm_importtype_vec_t);
    wasm_module_imports(m, &mut imports);
    for &it in vec_items(imports.data, imports.size) {
        assert!(!it.is_null(), "NULL importtype");
        check_name(wasm_importtype_module(it), "import module");
        check_name(wasm_importtype_name(it), "import name");
        check_externtype(wasm_importtype_type(it));
        let _ = wasm_importtype_is_linked(it);
    }
    let mut copy = empty_vec!(wasm_importtype_vec_t);
    wasm_importtype_vec_copy(&mut copy, &imports);
    assert_eq!(copy.size, imports.size);
    wasm_importtype_vec_delete(&mut copy);
    let n_imports = imports.size;
    wasm_importtype_vec_delete(&mut imports);

    let mut exports = empty_vec!(wasm_exporttype_vec_t);
    wasm_module_exports(m, &mut exports);
    for &et in vec_items(exports.data, exports.size) {
        assert!(!et.is_null(), "NULL exporttype");
        check_name(wasm_exporttype_name(et), "export name");
        check_externtype(wasm_exporttype_type(et));
        let c = wasm_exporttype_copy(et);
        assert!(!c.is_null());
        wasm_exporttype_delete(c);
    }
    let n_exports = exports.size;
    wasm_exporttype_vec_delete(&mut exports);
    (n_imports, n_exports)
}

/// Reads everything a trap offers; checks the message is an "Exception: ..." string
/// with its NUL, then deletes it.
pub unsafe fn consume_trap(trap: *mut wasm_trap_t) -> String {
    assert!(!trap.is_null());
    let mut msg = empty_byte_vec();
    wasm_trap_message(trap, &mut msg);
    let text = String::from_utf8_lossy(bytes_of(&msg)).into_owned();
    wasm_byte_vec_delete(&mut msg);
    let origin = wasm_trap_origin(trap);
    if !origin.is_null() {
        let _ = (wasm_frame_func_index(origin), wasm_frame_func_offset(origin), wasm_frame_module_offset(origin));
        let _ = wasm_frame_instance(origin);
        let c = wasm_frame_copy(origin);
        wasm_frame_delete(c);
        wasm_frame_delete(origin);
    }
    let mut trace = empty_vec!(wasm_frame_vec_t);
    wasm_trap_trace(trap, &mut trace);
    for &f in vec_items(trace.data, trace.size) {
        assert!(!f.is_null());
        let _ = wasm_frame_func_index(f);
    }
    wasm_frame_vec_delete(&mut trace);
    wasm_trap_delete(trap);
    text
}

/// A small deterministic generator (for the no-libFuzzer replay driver).
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

/// Releases a value read from wasm (a call result, `wasm_global_get`, `wasm_table_get`) as
/// WAMR's model asks: a funcref is a new object, the reader's; an externref is the very
/// pointer the host put in, borrowed; numbers own nothing (`wasm_val_delete` releases nothing).
pub unsafe fn release_read(kind: wasm_valkind_t, r: *mut wasm_ref_t) {
    if kind == WASM_FUNCREF && !r.is_null() {
        wasm_ref_delete(r);
    }
}

/// [`release_read`] for a value.
pub unsafe fn release_read_val(v: &wasm_val_t) {
    release_read(v.kind, v.of.r#ref);
}

/// The element kind of a table (`WASM_FUNCREF` for NULL, which reads nothing anyway).
pub unsafe fn table_elem_kind(t: *const wasm_table_t) -> wasm_valkind_t {
    let tt = wasm_table_type(t);
    if tt.is_null() {
        return WASM_FUNCREF;
    }
    let kind = wasm_valtype_kind(wasm_tabletype_element(tt));
    wasm_tabletype_delete(tt);
    kind
}
