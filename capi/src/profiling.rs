//! Execution-time profiling of instances (`wasm_instance_sum_wasm_exec_time`,
//! `wasm_instance_get_wasm_func_exec_time`).
//!
//! As in a default WAMR build (no `WAMR_BUILD_PERF_PROFILING`) it is off, and both
//! functions return -1: timing every call costs two clock reads on the hot path of
//! `wasm_func_call`. It is on when the environment has `WAMR_PERF_PROFILING=1` or
//! after `wamr_set_perf_profiling(true)`; then calls to an instance's exported
//! functions are timed (wasm -> wasm calls inside them count for the export).
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Instant;

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);

/// Whether calls are being timed (the environment is read once).
#[inline]
pub(crate) fn enabled() -> bool {
    match STATE.load(Ordering::Relaxed) {
        ON => true,
        OFF => false,
        _ => {
            let on = std::env::var("WAMR_PERF_PROFILING").is_ok_and(|v| v == "1");
            STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
            on
        }
    }
}

/// Turns execution-time profiling on or off for the whole process.
#[no_mangle]
pub extern "C" fn wamr_set_perf_profiling(enable: bool) {
    STATE.store(if enable { ON } else { OFF }, Ordering::Relaxed);
}

/// The time spent in an instance's exported functions, in total and per export.
pub(crate) struct ExecStats {
    total_ns: AtomicU64,
    per_func: Box<[(Arc<str>, AtomicU64)]>,
}

impl ExecStats {
    pub(crate) fn new(export_names: impl Iterator<Item = Arc<str>>) -> ExecStats {
        ExecStats { total_ns: AtomicU64::new(0), per_func: export_names.map(|n| (n, AtomicU64::new(0))).collect() }
    }

    /// Milliseconds in total, or -1 when profiling is off.
    pub(crate) fn total_ms(&self) -> f64 {
        if !enabled() {
            return -1.0;
        }
        self.total_ns.load(Ordering::Relaxed) as f64 / 1e6
    }

    /// Milliseconds in the export `name` (0 if there is none), or -1 when off.
    pub(crate) fn func_ms(&self, name: &str) -> f64 {
        if !enabled() {
            return -1.0;
        }
        let ns = self.per_func.iter().find(|(n, _)| &**n == name).map(|(_, t)| t.load(Ordering::Relaxed));
        ns.unwrap_or(0) as f64 / 1e6
    }
}

/// The instance and export slot a function handle came from.
#[derive(Clone)]
pub(crate) struct ExportOrigin {
    pub(crate) stats: Arc<ExecStats>,
    pub(crate) slot: usize,
}

impl ExportOrigin {
    /// Starts timing a call, if profiling is on.
    #[inline]
    pub(crate) fn start(&self) -> Option<Instant> {
        enabled().then(Instant::now)
    }

    pub(crate) fn record(&self, started: Instant) {
        let ns = started.elapsed().as_nanos().min(u128::from(u64::MAX)) as u64;
        self.stats.total_ns.fetch_add(ns, Ordering::Relaxed);
        if let Some((_, t)) = self.stats.per_func.get(self.slot) {
            t.fetch_add(ns, Ordering::Relaxed);
        }
    }
}
