//! What `wasm_export.h` declares and an interpreter without a debugger, wasm threads,
//! AOT or a shared heap cannot do: each returns WAMR's documented failure value (README,
//! "wasm_export.h").
use super::exec_env::wasm_exec_env_t;
use super::module_inst::wasm_module_inst_t;
use super::unsupported_types::{mem_alloc_info_t, wasm_shared_heap_t, SharedHeapInitArgs, WASMCApiFrame};
use std::ffi::{c_char, c_void};
use std::ptr;

/// No source-level debugger (WAMR's needs its debug-interp build): no port, 0.
#[no_mangle]
pub extern "C" fn wasm_runtime_start_debug_instance(_exec_env: wasm_exec_env_t) -> u32 {
    0
}

#[no_mangle]
pub extern "C" fn wasm_runtime_start_debug_instance_with_port(_exec_env: wasm_exec_env_t, _port: i32) -> u32 {
    0
}


// ---- Shared heaps -------------------------------------------------------------------
// WAMR's shared heap is a region outside every linear memory that wasm reaches through
// the top of its address space (offsets past the end of memory 0 are redirected into
// it, by checks the interpreter and AOT code make on every access). wasmi's memory
// accesses go to the instance's own linear memory only, and an address past its end
// traps: no heap can be attached. Each function gives WAMR's failure value.

/// Never made (NULL): nothing could attach it.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_create_shared_heap(init_args: *mut SharedHeapInitArgs) -> wasm_shared_heap_t {
    let _ = init_args;
    ptr::null_mut()
}

/// NULL: there are no heaps to chain.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_chain_shared_heaps(head: wasm_shared_heap_t, body: wasm_shared_heap_t) -> wasm_shared_heap_t {
    let _ = (head, body);
    ptr::null_mut()
}

/// NULL: there are no chains.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_unchain_shared_heaps(head: wasm_shared_heap_t, entire_chain: bool) -> wasm_shared_heap_t {
    let _ = (head, entire_chain);
    ptr::null_mut()
}

/// False: there are no chains.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_reset_shared_heap_chain(shared_heap: wasm_shared_heap_t) -> bool {
    let _ = shared_heap;
    false
}

/// False: wasm cannot reach a shared heap.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_attach_shared_heap(module_inst: wasm_module_inst_t, shared_heap: wasm_shared_heap_t) -> bool {
    let _ = (module_inst, shared_heap);
    false
}

/// Nothing is attached.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_detach_shared_heap(module_inst: wasm_module_inst_t) {
    let _ = module_inst;
}

/// 0 (and NULL in `*p_native_addr`): no heap is attached.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_shared_heap_malloc(module_inst: wasm_module_inst_t, size: u64, p_native_addr: *mut *mut c_void) -> u64 {
    let _ = (module_inst, size);
    if let Some(p) = p_native_addr.as_mut() {
        *p = ptr::null_mut();
    }
    0
}

/// Nothing was allocated.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_shared_heap_free(module_inst: wasm_module_inst_t, ptr: u64) {
    let _ = (module_inst, ptr);
}

// ---- Profile-guided optimization ----------------------------------------------------

/// 0: LLVM PGO counters exist in WAMR's instrumented AOT code only; there is no AOT.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_pgo_prof_data_size(module_inst: wasm_module_inst_t) -> u32 {
    let _ = module_inst;
    0
}

/// 0 (nothing written): no PGO data, as above.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_dump_pgo_prof_data_to_buf(module_inst: wasm_module_inst_t, buf: *mut c_char, len: u32) -> u32 {
    let _ = (module_inst, buf, len);
    0
}

// ---- Instruction metering -----------------------------------------------------------

/// Ignored (no limit): instruction metering needs an engine that counts as it runs.
/// wasmi's fuel does, but only on an engine built to consume fuel, which costs every
/// execution; wasm_export.h's instances run on the runtime's plain engine (the C API's
/// metered stores, `wamr_store_new_metered`, have their own). Nor is fuel an
/// instruction count (wasmi charges per instruction kind and per byte copied), so a
/// limit would not mean WAMR's number. WAMR without `WAMR_BUILD_INSTRUCTION_METERING`
/// has no such function at all.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_set_instruction_count_limit(exec_env: wasm_exec_env_t, instruction_count: i32) {
    let _ = (exec_env, instruction_count);
}

// ---- Allocator statistics -----------------------------------------------------------

/// False, as WAMR outside its pool mode: the figures are its pool allocator's, and the
/// runtime allocates with the system allocator (`runtime.rs`), which keeps none.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_mem_alloc_info(mem_alloc_info: *mut mem_alloc_info_t) -> bool {
    let _ = mem_alloc_info;
    false
}

// ---- Call stacks ---------------------------------------------------------------------
// WAMR walks its own interpreter frames (or keeps those of the last trap) to name the
// functions on the wasm call stack. wasmi does not expose its call stack, neither while
// it runs nor in its traps (the C API's `wasm_trap_trace` is empty for the same reason):
// so there are no frames, which WAMR reports as 0 / nothing printed.

/// Prints nothing: no frames.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_dump_call_stack(exec_env: wasm_exec_env_t) {
    let _ = exec_env;
}

/// 0 ("error": no frames).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_call_stack_buf_size(exec_env: wasm_exec_env_t) -> u32 {
    let _ = exec_env;
    0
}

/// 0 (nothing written): no frames.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_dump_call_stack_to_buf(exec_env: wasm_exec_env_t, buf: *mut c_char, len: u32) -> u32 {
    let _ = (exec_env, buf, len);
    0
}

/// 0 frames copied, with WAMR's message for a build that cannot walk its stack in
/// `error_buf`.
#[no_mangle]
pub unsafe extern "C" fn wasm_copy_callstack(
    exec_env: wasm_exec_env_t,
    buffer: *mut WASMCApiFrame,
    length: u32,
    skip_n: u32,
    error_buf: *mut c_char,
    error_buf_size: u32,
) -> u32 {
    let _ = (exec_env, buffer, length, skip_n);
    super::loader::set_error(error_buf, error_buf_size, "No copy_callstack API was actually executed");
    0
}

/// The module's hash for remote attestation: only WAMR builds with its lib-rats (SGX)
/// compute one. NULL.
#[no_mangle]
pub extern "C" fn wasm_runtime_get_module_hash(_module: super::loader::wasm_module_t) -> *mut std::ffi::c_char {
    std::ptr::null_mut()
}
