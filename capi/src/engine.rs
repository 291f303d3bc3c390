//! `wasm_engine_t`: a process-wide, reference-counted singleton, as in WAMR.
use crate::config::{mem_alloc_type_t, wasm_config_t, MemAllocOption};
use crate::guard::guard;
use std::ptr;
use std::sync::Mutex;

pub struct wasm_engine_t {
    pub(crate) engine: wasmi::Engine,
    /// The fuel-consuming twin for metered stores, made on first use (metering
    /// costs every execution a little, so ordinary stores do without it).
    pub(crate) metered: std::sync::OnceLock<wasmi::Engine>,
}

impl wasm_engine_t {
    pub(crate) fn metered(&self) -> &wasmi::Engine {
        self.metered.get_or_init(|| {
            let mut config = wasmi_config();
            config.consume_fuel(true);
            wasmi::Engine::new(&config)
        })
    }
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
    config
}

fn acquire() -> *mut wasm_engine_t {
    let mut s = match ENGINE.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    if s.engine.is_null() {
        let engine = wasmi::Engine::new(&wasmi_config());
        s.engine = Box::into_raw(Box::new(wasm_engine_t { engine, metered: std::sync::OnceLock::new() }));
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
