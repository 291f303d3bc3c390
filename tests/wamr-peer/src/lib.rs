//! Links the real WAMR static library, for peer tests and benchmarks.
pub use wamrx_sys;
