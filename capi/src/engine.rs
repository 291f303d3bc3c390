//! `wasm_engine_t`: a process-wide, reference-counted singleton, as in WAMR.
use crate::config::{mem_alloc_type_t, wasm_config_t, MemAllocOption};
use crate::guard::guard;
use std::ptr;
use std::sync::{Mutex, OnceLock};

pub struct wasm_engine_t {
    plain: wasmi::Engine,
    /// The fuel-consuming engine of metered stores (metering costs every execution
    /// a little, so ordinary stores do without it), made on first use.
    metered: OnceLock<wasmi::Engine>,
}

// Compiled code is freed with its module (third_party/wasmi/PATCHED.md #5), so one
// wasmi engine serves for as long as the application keeps its `wasm_engine_t`.
impl wasm_engine_t {
    fn new() -> wasm_engine_t {
        wasm_engine_t { plain: wasmi_engine(false), metered: OnceLock::new() }
    }

    /// The engine a new plain store runs on.
    pub(crate) fn plain(&self) -> wasmi::Engine {
        self.plain.clone()
    }

    /// The engine a new metered store runs on.
    pub(crate) fn metered(&self) -> wasmi::Engine {
        self.metered.get_or_init(|| wasmi_engine(true)).clone()
    }
}

fn wasmi_engine(consume_fuel: bool) -> wasmi::Engine {
    let mut config = wasmi_config();
    config.consume_fuel(consume_fuel);
    wasmi::Engine::new(&config)
}

struct Singleton {
    engine: *mut wasm_engine_t,
    refs: usize,
}

unsafe impl Send for Singleton {}

static ENGINE: Mutex<Singleton> = Mutex::new(Singleton { engine: ptr::null_mut(), refs: 0 });

/// The wasmi configuration every store runs with.
pub(crate) fn wasmi_config() -> wasmi::Config {
    let mut config = wasmi::Config::default();
    config.compilation_mode(wasmi::CompilationMode::LazyTranslation);
    let (depth, height) = stack_limits(DEFAULT_STACK_SIZE);
    config.set_max_recursion_depth(depth);
    config.set_max_stack_height(height);
    config
}

/// The wasm stack a store's calls get unless an instantiation asks otherwise
/// (`stack_size` of `wasm_instance_new_with_args`): deep enough for 32k frames of a
/// small recursive function (wasmtime's default reaches 32,761). wasmi keeps both its
/// stacks on the heap and grows them on demand, so this costs memory only when used.
pub(crate) const DEFAULT_STACK_SIZE: u32 = 8 << 20;

/// wasmi's `(max_recursion_depth, max_stack_height)` for a stack of `bytes`: a frame
/// counts at least 64 of them (WAMR's 64 KiB stack nests about a thousand small calls;
/// so does ours), and the value stack gets twice the bytes, since wasmi's cells are 8
/// bytes where WAMR's are 4 (WAMR's file sample runs its wasi-libc app in 8092 bytes).
pub(crate) fn stack_limits(bytes: u32) -> (usize, usize) {
    let bytes = (bytes as usize).max(4096);
    (bytes / 64, bytes * 2)
}

fn acquire() -> *mut wasm_engine_t {
    let mut s = match ENGINE.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    if s.engine.is_null() {
        s.engine = Box::into_raw(Box::new(wasm_engine_t::new()));
        s.refs = 0;
    }
    s.refs += 1;
    s.engine
}

#[no_mangle]
pub extern "C" fn wasm_engine_new() -> *mut wasm_engine_t {
    guard(ptr::null_mut(), acquire)
}

/// The config stays the caller's (WAMR does not take ownership).
#[no_mangle]
pub extern "C" fn wasm_engine_new_with_config(_config: *mut wasm_config_t) -> *mut wasm_engine_t {
    guard(ptr::null_mut(), acquire)
}

#[no_mangle]
#[deprecated]
pub extern "C" fn wasm_engine_new_with_args(
    _type: mem_alloc_type_t,
    _opts: *const MemAllocOption,
) -> *mut wasm_engine_t {
    guard(ptr::null_mut(), acquire)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_engine_delete(engine: *mut wasm_engine_t) {
    if engine.is_null() {
        return;
    }
    guard((), || {
        let mut s = match ENGINE.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        if s.engine != engine || s.refs == 0 {
            return; // not ours, or already gone
        }
        s.refs -= 1;
        if s.refs == 0 {
            drop(Box::from_raw(s.engine));
            s.engine = ptr::null_mut();
        }
    })
}
