//! The panic firewall: no Rust panic may unwind across the C boundary.
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `body`; if it panics, returns `fallback` (the function's failure value).
#[inline]
pub(crate) fn guard<R>(fallback: R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(_) => fallback,
    }
}
