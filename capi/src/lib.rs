//! `libiwasm`: WAMR 2.4.3's `wasm_c_api.h`, implemented on the wasmi interpreter.
//!
//! One module per concept of the C API. Each `extern "C"` function is a thin shim
//! that checks its pointers, runs the safe logic inside [`guard::guard`] (so no panic
//! ever unwinds into C) and returns the documented failure value otherwise.
#![allow(non_camel_case_types, non_upper_case_globals, clippy::missing_safety_doc)]

mod builtins;
mod guard;
mod handles;
mod wasi;
#[cfg(not(feature = "wasi"))]
mod wasi_absent;
#[cfg(feature = "wasi")]
mod wasi_host;

pub mod caller;
pub mod config;
pub mod engine;
pub mod r#extern;
/// cbindgen:ignore
pub mod export;
pub mod foreign;
pub mod frame;
pub mod fuel;
pub mod func;
mod func_numeric;
pub mod global;
pub mod instance;
mod link;
pub mod memory;
pub mod module;
pub mod module_serialize;
pub mod module_share;
pub mod object;
pub mod profiling;
pub mod r#ref;
pub mod store;
pub mod store_interrupt;
pub mod store_limits;
pub mod table;
pub mod trap;
pub mod types;
pub mod val;
pub mod vec;
pub mod wat;

pub use caller::*;
pub use config::*;
pub use engine::*;
pub use foreign::*;
pub use frame::*;
pub use fuel::*;
pub use func::*;
pub use global::*;
pub use instance::*;
pub use memory::*;
pub use module::*;
pub use module_serialize::*;
pub use module_share::*;
pub use profiling::wamr_set_perf_profiling;
pub use r#extern::*;
pub use r#ref::*;
pub use store::*;
pub use store_interrupt::*;
pub use store_limits::*;
pub use table::*;
pub use trap::*;
pub use types::*;
pub use val::*;
pub use vec::*;
pub use wat::*;
