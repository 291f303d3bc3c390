//! What `wasm_export.h` declares and an interpreter without a debugger, wasm threads,
//! AOT or a shared heap cannot do: each returns WAMR's documented failure value (README,
//! "wasm_export.h").
use super::exec_env::wasm_exec_env_t;

/// No source-level debugger (WAMR's needs its debug-interp build): no port, 0.
#[no_mangle]
pub extern "C" fn wasm_runtime_start_debug_instance(_exec_env: wasm_exec_env_t) -> u32 {
    0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_start_debug_instance_with_port(_exec_env: wasm_exec_env_t, _port: i32) -> u32 {
    0
}
