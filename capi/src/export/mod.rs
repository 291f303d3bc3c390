//! WAMR's embedding API, `wasm_export.h`: the runtime, modules loaded with
//! `wasm_runtime_load`, their instances, exec envs and `wasm_runtime_call_wasm`.
//!
//! `include/wasm_export.h` is generated from this module tree alone (`make header`,
//! `capi/cbindgen_export.toml`); `include/wasm_c_api.h` leaves it out. It shares the C
//! API's object model: a `wasm_module_t` here is the C API's `WASMModuleCommon`, and a
//! module instance owns a store on the runtime's engine with one instance in it.
pub mod app_addr;
pub mod application;
pub mod app_heap;
pub mod call;
pub mod exec_env;
pub mod functype;
pub mod libc_builtin;
pub mod lib_export;
pub mod loader;
pub mod log;
pub mod module_inst;
pub mod multi_module;
pub mod native_call;
pub mod natives;
pub mod runtime;
pub mod unsupported;
