//! WAMR's log level (`wasm_runtime_set_log_level`): warnings the runtime prints (a
//! native that does not fit its import, an allocation the app heap refused) show
//! from `WASM_LOG_LEVEL_WARNING` up, the default.
use std::sync::atomic::{AtomicU32, Ordering};

/// `log_level_t`: WASM_LOG_LEVEL_FATAL (0) .. WASM_LOG_LEVEL_VERBOSE (4).
pub type log_level_t = u32;

const WARNING: u32 = 2;

static LEVEL: AtomicU32 = AtomicU32::new(WARNING);

#[no_mangle]
pub extern "C" fn wasm_runtime_set_log_level(level: log_level_t) {
    LEVEL.store(level, Ordering::Relaxed);
}

/// Prints a warning on stderr if the log level lets warnings through.
pub(crate) fn warning(text: &str) {
    if LEVEL.load(Ordering::Relaxed) >= WARNING {
        eprintln!("warning: {text}");
    }
}
