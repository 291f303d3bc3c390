//! `wasm_runtime_begin_blocking_op` / `_end_blocking_op`: a native about to block
//! (a read, a sleep) brackets the call so that WAMR's thread manager can wake it when
//! its instance is terminated. As in a WAMR without its thread manager (its default
//! build), they do nothing here and the operation may go ahead: a termination
//! (`wasm_runtime_terminate`) takes effect once the native returns to wasm.
use super::exec_env::wasm_exec_env_t;

/// True (the operation may go ahead) for an exec env; false for NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_begin_blocking_op(exec_env: wasm_exec_env_t) -> bool {
    !exec_env.is_null()
}

#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_end_blocking_op(_exec_env: wasm_exec_env_t) {}
