//! `wasm_trap_t`: a trap message in WAMR's words (`"Exception: <reason>"`, the
//! trailing NUL counted in `size`), an optional WASI exit code, and frames.
use crate::frame::wasm_frame_t;
use crate::object::{self, RefHeader, RefKind, RefObject};
use crate::r#ref::wasm_ref_t;
use crate::store::wasm_store_t;
use crate::vec::{vec_fill, CVec};
use crate::{wasm_frame_vec_t, wasm_message_t};
use std::ffi::c_void;
use std::fmt;
use std::ptr;

#[derive(Clone)]
pub(crate) struct TrapBody {
    /// The message bytes exactly as `wasm_trap_message` returns them.
    pub(crate) message: Vec<u8>,
    /// Set when WASI's `proc_exit` ended the call.
    pub(crate) exit_code: Option<i32>,
    pub(crate) frames: Vec<wasm_frame_t>,
}

impl TrapBody {
    /// `"Exception: <reason>\0"`, unless the reason already carries the prefix
    /// (a trap passed back up through nested calls keeps one prefix).
    pub(crate) fn exception(reason: &str) -> TrapBody {
        let reason = reason.trim_end_matches('\0');
        let mut message = if reason.starts_with("Exception: ") {
            reason.as_bytes().to_vec()
        } else {
            format!("Exception: {reason}").into_bytes()
        };
        message.push(0);
        TrapBody { message, exit_code: None, frames: Vec::new() }
    }

    /// The message without its trailing NUL.
    pub(crate) fn text(&self) -> String {
        let bytes = self.message.strip_suffix(&[0]).unwrap_or(&self.message);
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// A trap returned by a host callback, travelling through wasmi as a host error.
#[derive(Clone)]
pub(crate) struct HostTrap(pub(crate) TrapBody);

impl fmt::Display for HostTrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.text())
    }
}

impl fmt::Debug for HostTrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HostTrap({:?})", self.0.text())
    }
}

impl wasmi::errors::HostError for HostTrap {}

/// WAMR's wording for each wasm trap.
pub(crate) fn trap_code_reason(code: wasmi::TrapCode) -> &'static str {
    use wasmi::TrapCode::*;
    match code {
        UnreachableCodeReached => "unreachable",
        MemoryOutOfBounds => "out of bounds memory access",
        TableOutOfBounds => "undefined element",
        IndirectCallToNull => "uninitialized element",
        IntegerDivisionByZero => "integer divide by zero",
        IntegerOverflow => "integer overflow",
        BadConversionToInteger => "invalid conversion to integer",
        StackOverflow => "wasm operand stack overflow",
        BadSignature => "indirect call type mismatch",
        OutOfFuel => "all fuel consumed",
        GrowthOperationLimited => "growth operation limited",
        OutOfSystemMemory => "allocate memory failed",
        Interrupted => "interrupted",
    }
}

/// The trap a failed call or instantiation reports.
pub(crate) fn from_error(err: &wasmi::Error) -> TrapBody {
    if let Some(host) = err.downcast_ref::<HostTrap>() {
        let mut body = TrapBody::exception(&host.0.text());
        body.exit_code = host.0.exit_code;
        return body;
    }
    if let Some(code) = err.i32_exit_status() {
        return exit_trap(code);
    }
    // wasmi's own text for this one embeds internal handles.
    if let wasmi::errors::ErrorKind::Instantiation(wasmi::errors::InstantiationError::ElementSegmentDoesNotFit {
        ..
    }) = err.kind()
    {
        return TrapBody::exception("out of bounds table access");
    }
    match err.as_trap_code() {
        Some(code) => TrapBody::exception(trap_code_reason(code)),
        None => TrapBody::exception(&err.to_string()),
    }
}

/// WASI `proc_exit(code)`: WAMR's "wasi proc exit" with the code made visible.
pub(crate) fn exit_trap(code: i32) -> TrapBody {
    let mut body = TrapBody::exception(&format!("wasi proc exit({code})"));
    body.exit_code = Some(code);
    body
}

/// The fields of a trap; `#[repr(C)]` keeps the header first, so `wasm_trap_as_ref`
/// (a cast) and `wasm_ref_as_trap` (a kind check) see it.
#[repr(C)]
#[derive(Clone)]
pub(crate) struct TrapObj {
    pub(crate) header: RefHeader,
    pub(crate) body: TrapBody,
}

#[derive(Clone)]
pub struct wasm_trap_t {
    pub(crate) obj: TrapObj,
}

const _: () = assert!(std::mem::offset_of!(wasm_trap_t, obj) == 0 && std::mem::offset_of!(TrapObj, header) == 0);

impl wasm_trap_t {
    pub(crate) fn new(body: TrapBody) -> wasm_trap_t {
        wasm_trap_t { obj: TrapObj { header: RefHeader::new(RefKind::Trap), body } }
    }

    pub(crate) fn into_raw(body: TrapBody) -> *mut wasm_trap_t {
        object::into_raw(wasm_trap_t::new(body))
    }
}

impl RefObject for wasm_trap_t {
    fn header(&self) -> &RefHeader {
        &self.obj.header
    }
    fn accepts(kind: RefKind) -> bool {
        kind == RefKind::Trap
    }
}

/// Copies `message` exactly as given (callers usually pass it NUL-terminated).
#[no_mangle]
pub unsafe extern "C" fn wasm_trap_new(store: *mut wasm_store_t, message: *const wasm_message_t) -> *mut wasm_trap_t {
    if store.is_null() {
        return ptr::null_mut();
    }
    let message = match message.as_ref() {
        Some(m) => m.as_slice().iter().map(|&b| b as u8).collect(),
        None => Vec::new(),
    };
    wasm_trap_t::into_raw(TrapBody { message, exit_code: None, frames: Vec::new() })
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_message(trap: *const wasm_trap_t, out: *mut wasm_message_t) {
    if out.is_null() {
        return;
    }
    let bytes: Vec<_> = match trap.as_ref() {
        Some(t) => t.obj.body.message.iter().map(|&b| b as crate::wasm_byte_t).collect(),
        None => Vec::new(),
    };
    vec_fill(out, bytes)
}

/// The innermost frame, or NULL when the engine cannot tell.
#[no_mangle]
pub unsafe extern "C" fn wasm_trap_origin(trap: *const wasm_trap_t) -> *mut wasm_frame_t {
    match trap.as_ref().and_then(|t| t.obj.body.frames.first()) {
        Some(frame) => object::into_raw(frame.clone()),
        None => ptr::null_mut(),
    }
}

/// The frames, innermost first (empty when the engine cannot tell).
#[no_mangle]
pub unsafe extern "C" fn wasm_trap_trace(trap: *const wasm_trap_t, out: *mut wasm_frame_vec_t) {
    if out.is_null() {
        return;
    }
    let frames = match trap.as_ref() {
        Some(t) => t.obj.body.frames.iter().map(|f| object::into_raw(f.clone())).collect(),
        None => Vec::new(),
    };
    vec_fill(out, frames)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_delete(p: *mut wasm_trap_t) {
    object::delete(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_copy(p: *const wasm_trap_t) -> *mut wasm_trap_t {
    object::copy(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_same(a: *const wasm_trap_t, b: *const wasm_trap_t) -> bool {
    object::same(a, b)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_get_host_info(p: *const wasm_trap_t) -> *mut c_void {
    object::get_host_info(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_set_host_info(p: *mut wasm_trap_t, info: *mut c_void) {
    object::set_host_info(p, info, None)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_trap_set_host_info_with_finalizer(
    p: *mut wasm_trap_t,
    info: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) {
    object::set_host_info(p, info, finalizer)
}

#[no_mangle]
pub extern "C" fn wasm_trap_as_ref(p: *mut wasm_trap_t) -> *mut wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_trap(r: *mut wasm_ref_t) -> *mut wasm_trap_t {
    object::ref_as(r)
}

#[no_mangle]
pub extern "C" fn wasm_trap_as_ref_const(p: *const wasm_trap_t) -> *const wasm_ref_t {
    object::as_ref(p)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_ref_as_trap_const(r: *const wasm_ref_t) -> *const wasm_trap_t {
    object::ref_as(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_prefix_and_nul() {
        assert_eq!(TrapBody::exception("unreachable").message, b"Exception: unreachable\0");
        // A message that already carries the prefix (a trap passed up) keeps one.
        assert_eq!(TrapBody::exception("Exception: boom\0").message, b"Exception: boom\0");
        assert_eq!(TrapBody::exception("boom").text(), "Exception: boom");
    }

    #[test]
    fn exit_trap_carries_the_code() {
        let t = exit_trap(0);
        assert_eq!(t.exit_code, Some(0));
        assert_eq!(t.text(), "Exception: wasi proc exit(0)");
        assert_ne!(exit_trap(3).message, t.message);
    }
}
