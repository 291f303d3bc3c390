//! WAMR's embedding API, `wasm_export.h`: the runtime, modules loaded with
//! `wasm_runtime_load`, their instances, exec envs and `wasm_runtime_call_wasm`.
//!
//! `include/wasm_export.h` is generated from this module tree alone (`make header`,
//! `capi/cbindgen_export.toml`); `include/wasm_c_api.h` leaves it out. It shares the C
//! API's object model: a `wasm_module_t` here is the C API's `WASMModuleCommon`, and a
//! module instance owns a store on the runtime's engine with one instance in it.
pub mod aligned_alloc;
pub mod app_addr;
pub mod application;
pub mod app_heap;
pub mod blocking_op;
pub mod bounds_checks;
pub mod call;
pub mod call_v;
pub mod context_keys;
pub mod exec_env;
pub mod exec_time;
pub mod export_inst;
pub mod externref_map;
pub mod functype;
pub mod instantiation_args;
pub mod libc_builtin;
pub mod lib_export;
pub mod loader;
pub mod log;
pub mod mem_consumption;
pub mod memory_inst;
pub mod module_inst;
pub mod module_types;
pub mod multi_module;
pub mod native_call;
pub mod native_stack;
pub mod natives;
pub mod package;
pub mod resolve;
pub mod running_mode;
pub mod runtime;
pub mod sections;
pub mod side_table;
pub mod teardown;
pub mod terminate;
pub mod thread_env;
pub mod threads;
pub mod unsupported;
pub mod unsupported_types;
pub mod wasi_pools;
