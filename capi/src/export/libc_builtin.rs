//! libc-builtin: WAMR's `env` module of C library functions for apps built without a
//! libc (`-nostdlib`), on by default as in WAMR. They are natives like an embedder's
//! (registered first, so the embedder's shadow them), with WAMR's signature strings;
//! pointers arrive checked and native.
//!
//! `printf`, `sprintf` and `snprintf` take the wasm32 va_list convention: a pointer to
//! the arguments packed in linear memory, each at its natural alignment (`long` and
//! `size_t` are 32-bit there). Each conversion is formatted by the host's `snprintf`,
//! and output goes through the host's `stdout`, so it interleaves with the embedder's.
use super::exec_env::{wasm_exec_env_t, WASMExecEnv};
use super::lib_export::NativeSymbol;
use super::module_inst::WASMModuleInstanceCommon;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::sync::OnceLock;

unsafe fn instance<'a>(env: wasm_exec_env_t) -> Option<&'a WASMModuleInstanceCommon> {
    env.as_ref().map(WASMExecEnv::module_inst)?.as_ref()
}

/// The app offset of a native pointer into the instance's memory.
unsafe fn app_offset(env: wasm_exec_env_t, p: *const c_void) -> u32 {
    super::app_addr::wasm_runtime_addr_native_to_app(env.as_ref().map_or(std::ptr::null_mut(), |e| e.module_inst()), p as *mut c_void) as u32
}

/// The native address of app offset `off` if `len` bytes there are in memory.
unsafe fn native(env: wasm_exec_env_t, off: u32, len: u32) -> Option<*mut u8> {
    let inst = instance(env)?;
    let (base, size) = inst.memory0()?;
    (off as u64 + len as u64 <= size as u64).then(|| base.add(off as usize))
}

fn fail(env: wasm_exec_env_t, text: &str) {
    if let Some(inst) = unsafe { instance(env) } {
        inst.set_exception(Some(text));
    }
}

/// Reads the arguments of a wasm va_list.
struct VaList {
    env: wasm_exec_env_t,
    at: u32,
}

impl VaList {
    unsafe fn take(&mut self, size: u32) -> Option<u64> {
        self.at = self.at.checked_add(size - 1)? & !(size - 1);
        let p = native(self.env, self.at, size)?;
        self.at += size;
        Some(match size {
            4 => u64::from(std::ptr::read_unaligned(p as *const u32)),
            _ => std::ptr::read_unaligned(p as *const u64),
        })
    }
}

/// Formats `fmt` with the arguments of `va`, as C's vsnprintf would in a wasm32 app.
unsafe fn format(env: wasm_exec_env_t, fmt: *const c_char, va: *const c_void) -> Option<Vec<u8>> {
    let fmt = CStr::from_ptr(fmt).to_bytes();
    let mut va = VaList { env, at: app_offset(env, va) };
    let mut out = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < fmt.len() && b"-+ #0".contains(&fmt[i]) {
            i += 1;
        }
        let mut spec: Vec<u8> = fmt[start..i].to_vec();
        // width and precision, either of which may be `*` (an int argument)
        for _ in 0..2 {
            if fmt.get(i) == Some(&b'.') {
                spec.push(b'.');
                i += 1;
            }
            if fmt.get(i) == Some(&b'*') {
                spec.extend((va.take(4)? as i32).to_string().bytes());
                i += 1;
            }
            while i < fmt.len() && fmt[i].is_ascii_digit() {
                spec.push(fmt[i]);
                i += 1;
            }
        }
        // wasm32: long, size_t and ptrdiff_t are 32-bit (their modifier is dropped: the
        // host's are 64), `h`/`hh` narrow as C does, `ll`/`j`/`q` are 64-bit
        let mut long_long = false;
        let mut narrow: &[u8] = b"";
        while i < fmt.len() && b"hlLqjzt".contains(&fmt[i]) {
            if fmt[i] == b'h' {
                narrow = if fmt.get(i + 1) == Some(&b'h') { b"hh" } else { b"h" };
                i += narrow.len();
                continue;
            }
            long_long |= fmt[i] == b'l' && fmt.get(i + 1) == Some(&b'l') || matches!(fmt[i], b'q' | b'j' | b'L');
            i += if fmt[i] == b'l' && fmt.get(i + 1) == Some(&b'l') { 2 } else { 1 };
        }
        let Some(&conv) = fmt.get(i) else { break };
        i += 1;
        let mut piece = [0u8; 512];
        let buf = piece.as_mut_ptr() as *mut c_char;
        let n = match conv {
            b'%' => {
                out.push(b'%');
                continue;
            }
            // %n writes nothing here: its argument is taken and ignored, as WAMR does
            b'n' => {
                va.take(4)?;
                continue;
            }
            b'd' | b'i' | b'u' | b'x' | b'X' | b'o' | b'c' => {
                spec.extend_from_slice(if long_long { b"ll" } else { narrow });
                spec.push(conv);
                spec.push(0);
                let v = if long_long { va.take(8)? } else { va.take(4)? };
                if long_long {
                    libc::snprintf(buf, piece.len(), spec.as_ptr() as *const c_char, v as i64)
                } else {
                    libc::snprintf(buf, piece.len(), spec.as_ptr() as *const c_char, v as u32 as c_int)
                }
            }
            b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'a' | b'A' => {
                spec.push(conv);
                spec.push(0);
                let v = f64::from_bits(va.take(8)?);
                libc::snprintf(buf, piece.len(), spec.as_ptr() as *const c_char, v)
            }
            b'p' => {
                spec.extend_from_slice(b"p\0");
                let v = va.take(4)? as usize as *const c_void;
                libc::snprintf(buf, piece.len(), spec.as_ptr() as *const c_char, v)
            }
            b's' => {
                let off = va.take(4)? as u32;
                let inst = instance(env)?;
                let (base, size) = inst.memory0()?;
                spec.extend_from_slice(b"s\0");
                let s = if off == 0 {
                    c"(null)".as_ptr()
                } else if off as usize >= size
                    || !std::slice::from_raw_parts(base.add(off as usize), size - off as usize).contains(&0)
                {
                    return None;
                } else {
                    base.add(off as usize) as *const c_char
                };
                let len = libc::snprintf(std::ptr::null_mut(), 0, spec.as_ptr() as *const c_char, s);
                let mut long = vec![0u8; len.max(0) as usize + 1];
                libc::snprintf(long.as_mut_ptr() as *mut c_char, long.len(), spec.as_ptr() as *const c_char, s);
                out.extend_from_slice(&long[..len.max(0) as usize]);
                continue;
            }
            _ => {
                // an unknown conversion is copied as it is
                out.extend_from_slice(&fmt[start..i]);
                continue;
            }
        };
        out.extend_from_slice(&piece[..(n.max(0) as usize).min(piece.len() - 1)]);
    }
    Some(out)
}

unsafe fn write_stdout(bytes: &[u8]) {
    libc::printf(c"%.*s".as_ptr(), bytes.len() as c_int, bytes.as_ptr());
}

unsafe extern "C" fn printf(env: wasm_exec_env_t, fmt: *const c_char, va: *const c_void) -> c_int {
    match format(env, fmt, va) {
        Some(text) => {
            write_stdout(&text);
            text.len() as c_int
        }
        None => {
            fail(env, "out of bounds memory access");
            0
        }
    }
}

unsafe extern "C" fn sprintf(env: wasm_exec_env_t, dst: *mut c_char, fmt: *const c_char, va: *const c_void) -> c_int {
    let Some(text) = format(env, fmt, va) else {
        fail(env, "out of bounds memory access");
        return 0;
    };
    // as WAMR: what does not fit before the end of memory is cut, the length is the whole
    let (Some(inst), off) = (instance(env), app_offset(env, dst as *const c_void)) else { return 0 };
    let Some((base, size)) = inst.memory0() else { return 0 };
    let room = size.saturating_sub(off as usize);
    if room > 0 {
        let n = text.len().min(room - 1);
        std::ptr::copy_nonoverlapping(text.as_ptr(), base.add(off as usize), n);
        *base.add(off as usize + n) = 0;
    }
    text.len() as c_int
}

unsafe extern "C" fn snprintf(env: wasm_exec_env_t, dst: *mut c_char, size: u32, fmt: *const c_char, va: *const c_void) -> c_int {
    let Some(text) = format(env, fmt, va) else {
        fail(env, "out of bounds memory access");
        return 0;
    };
    if size > 0 {
        let n = text.len().min(size as usize - 1);
        std::ptr::copy_nonoverlapping(text.as_ptr(), dst as *mut u8, n);
        *dst.add(n) = 0;
    }
    text.len() as c_int
}

unsafe extern "C" fn puts(_env: wasm_exec_env_t, s: *const c_char) -> c_int {
    libc::printf(c"%s\n".as_ptr(), s)
}

unsafe extern "C" fn putchar(_env: wasm_exec_env_t, c: c_int) -> c_int {
    libc::printf(c"%c".as_ptr(), c);
    1
}

unsafe extern "C" fn malloc(env: wasm_exec_env_t, size: u32) -> u32 {
    let inst = env.as_ref().map_or(std::ptr::null_mut(), |e| e.module_inst());
    super::app_heap::wasm_runtime_module_malloc(inst, size as u64, std::ptr::null_mut()) as u32
}

unsafe extern "C" fn calloc(env: wasm_exec_env_t, n: u32, size: u32) -> u32 {
    let Some(total) = n.checked_mul(size) else { return 0 };
    let off = malloc(env, total);
    if let (true, Some(p)) = (off != 0, native(env, off, total)) {
        std::ptr::write_bytes(p, 0, total as usize);
    }
    off
}

unsafe extern "C" fn free(env: wasm_exec_env_t, p: *mut c_void) {
    let inst = env.as_ref().map_or(std::ptr::null_mut(), |e| e.module_inst());
    super::app_heap::wasm_runtime_module_free(inst, app_offset(env, p) as u64);
}

unsafe extern "C" fn strdup(env: wasm_exec_env_t, s: *const c_char) -> u32 {
    let bytes = CStr::from_ptr(s).to_bytes_with_nul();
    let inst = env.as_ref().map_or(std::ptr::null_mut(), |e| e.module_inst());
    super::app_heap::wasm_runtime_module_dup_data(inst, s, bytes.len() as u64) as u32
}

unsafe extern "C" fn memcpy(env: wasm_exec_env_t, dst: *mut c_void, src: *const c_void, n: u32) -> u32 {
    // the source's bounds are checked by the signature (its `~`), the destination's here
    if native(env, app_offset(env, dst), n).is_none() {
        fail(env, "out of bounds memory access");
        return 0;
    }
    std::ptr::copy(src as *const u8, dst as *mut u8, n as usize);
    app_offset(env, dst)
}

unsafe extern "C" fn memset(env: wasm_exec_env_t, dst: *mut c_void, c: c_int, n: u32) -> u32 {
    let off = app_offset(env, dst);
    if native(env, off, n).is_none() {
        fail(env, "out of bounds memory access");
        return 0;
    }
    std::ptr::write_bytes(dst as *mut u8, c as u8, n as usize);
    off
}

unsafe extern "C" fn memcmp(env: wasm_exec_env_t, a: *const c_void, b: *const c_void, n: u32) -> c_int {
    if native(env, app_offset(env, a), n).is_none() {
        fail(env, "out of bounds memory access");
        return 0;
    }
    libc::memcmp(a, b, n as usize)
}

unsafe extern "C" fn strlen(_env: wasm_exec_env_t, s: *const c_char) -> u32 {
    libc::strlen(s) as u32
}

unsafe extern "C" fn strcmp(_env: wasm_exec_env_t, a: *const c_char, b: *const c_char) -> c_int {
    libc::strcmp(a, b)
}

unsafe extern "C" fn strncmp(env: wasm_exec_env_t, a: *const c_char, b: *const c_char, n: u32) -> c_int {
    if native(env, app_offset(env, a as *const c_void), n).is_none() {
        fail(env, "out of bounds memory access");
        return 0;
    }
    libc::strncmp(a, b, n as usize)
}

unsafe extern "C" fn strcpy(env: wasm_exec_env_t, dst: *mut c_char, src: *const c_char) -> u32 {
    let len = libc::strlen(src) as u32 + 1;
    if native(env, app_offset(env, dst as *const c_void), len).is_none() {
        fail(env, "out of bounds memory access");
        return 0;
    }
    std::ptr::copy(src, dst, len as usize);
    app_offset(env, dst as *const c_void)
}

unsafe extern "C" fn strncpy(env: wasm_exec_env_t, dst: *mut c_char, src: *const c_char, n: u32) -> u32 {
    if native(env, app_offset(env, dst as *const c_void), n).is_none() {
        fail(env, "out of bounds memory access");
        return 0;
    }
    libc::strncpy(dst, src, n as usize);
    app_offset(env, dst as *const c_void)
}

unsafe extern "C" fn strchr(env: wasm_exec_env_t, s: *const c_char, c: c_int) -> u32 {
    let found = libc::strchr(s, c);
    if found.is_null() { 0 } else { app_offset(env, found as *const c_void) }
}

unsafe extern "C" fn atoi(_env: wasm_exec_env_t, s: *const c_char) -> c_int {
    libc::atoi(s)
}

unsafe extern "C" fn exit(env: wasm_exec_env_t, code: c_int) {
    fail(env, &format!("env.exit({code})"));
}

unsafe extern "C" fn abort(env: wasm_exec_env_t, code: c_int) {
    fail(env, &format!("env.abort({code})"));
}

macro_rules! ctype {
    ($($name:ident),*) => {$(
        unsafe extern "C" fn $name(_env: wasm_exec_env_t, c: c_int) -> c_int { libc::$name(c) }
    )*};
}
ctype!(isupper, isalpha, isspace, isgraph, isprint, isdigit, isxdigit, tolower, toupper, isalnum);

struct Symbols(Vec<NativeSymbol>);
unsafe impl Send for Symbols {}
unsafe impl Sync for Symbols {}

/// The table registered for `env`, made once and kept for the process (registrations
/// keep the array, as WAMR's do).
fn symbols() -> &'static Symbols {
    static TABLE: OnceLock<Symbols> = OnceLock::new();
    TABLE.get_or_init(|| {
        let entry = |name: &'static CStr, f: *const c_void, sig: &'static CStr| NativeSymbol {
            symbol: name.as_ptr(),
            func_ptr: f as *mut c_void,
            signature: sig.as_ptr(),
            attachment: std::ptr::null_mut(),
        };
        Symbols(vec![
            entry(c"printf", printf as *const c_void, c"($*)i"),
            entry(c"sprintf", sprintf as *const c_void, c"($$*)i"),
            entry(c"snprintf", snprintf as *const c_void, c"(*~$*)i"),
            entry(c"puts", puts as *const c_void, c"($)i"),
            entry(c"putchar", putchar as *const c_void, c"(i)i"),
            entry(c"memcmp", memcmp as *const c_void, c"(**~)i"),
            entry(c"memcpy", memcpy as *const c_void, c"(**~)i"),
            entry(c"memmove", memcpy as *const c_void, c"(**~)i"),
            entry(c"memset", memset as *const c_void, c"(*ii)i"),
            entry(c"strchr", strchr as *const c_void, c"($i)i"),
            entry(c"strcmp", strcmp as *const c_void, c"($$)i"),
            entry(c"strcpy", strcpy as *const c_void, c"(*$)i"),
            entry(c"strlen", strlen as *const c_void, c"($)i"),
            entry(c"strncmp", strncmp as *const c_void, c"(**~)i"),
            entry(c"strncpy", strncpy as *const c_void, c"(**~)i"),
            entry(c"malloc", malloc as *const c_void, c"(i)i"),
            entry(c"calloc", calloc as *const c_void, c"(ii)i"),
            entry(c"strdup", strdup as *const c_void, c"($)i"),
            entry(c"_strdup", strdup as *const c_void, c"($)i"),
            entry(c"free", free as *const c_void, c"(*)"),
            entry(c"atoi", atoi as *const c_void, c"($)i"),
            entry(c"exit", exit as *const c_void, c"(i)"),
            entry(c"abort", abort as *const c_void, c"(i)"),
            entry(c"isupper", isupper as *const c_void, c"(i)i"),
            entry(c"isalpha", isalpha as *const c_void, c"(i)i"),
            entry(c"isspace", isspace as *const c_void, c"(i)i"),
            entry(c"isgraph", isgraph as *const c_void, c"(i)i"),
            entry(c"isprint", isprint as *const c_void, c"(i)i"),
            entry(c"isdigit", isdigit as *const c_void, c"(i)i"),
            entry(c"isxdigit", isxdigit as *const c_void, c"(i)i"),
            entry(c"tolower", tolower as *const c_void, c"(i)i"),
            entry(c"toupper", toupper as *const c_void, c"(i)i"),
            entry(c"isalnum", isalnum as *const c_void, c"(i)i"),
        ])
    })
}

/// Registers libc-builtin for `env` (the runtime's first `init`).
pub(crate) fn register() {
    let table = symbols();
    unsafe {
        super::natives::wasm_runtime_register_natives(c"env".as_ptr(), table.0.as_ptr() as *mut NativeSymbol, table.0.len() as u32);
    }
}
