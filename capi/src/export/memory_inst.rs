//! Memory instances (`wasm_memory_inst_t`): an instance's memories by index, by export
//! name, or its default one (memory 0), their page counts, base address and growth,
//! and the callback WAMR calls when growing an instance's memory fails.
//!
//! A handle is a memory index of an instance, kept in a side table entry of the
//! instance: valid (the same pointer for the same memory) while the instance lives.
use super::exec_env::wasm_exec_env_t;
use super::module_inst::{wasm_module_inst_t, WASMModuleInstanceCommon};
use super::side_table::SideTable;
use crate::guard::guard;
use crate::profiling::ExecStats;
use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::Mutex;

/// A memory of an instance.
pub struct WASMMemoryInstance {
    inst: *mut WASMModuleInstanceCommon,
    index: u32,
}

unsafe impl Send for WASMMemoryInstance {}

pub type wasm_memory_inst_t = *mut WASMMemoryInstance;

/// `enlarge_memory_error_reason_t`: a C enum.
pub type enlarge_memory_error_reason_t = u32;

const INTERNAL_ERROR: enlarge_memory_error_reason_t = 0;
const MAX_SIZE_REACHED: enlarge_memory_error_reason_t = 1;

pub type enlarge_memory_error_callback_t = Option<
    unsafe extern "C" fn(
        inc_page_count: u32,
        current_memory_size: u64,
        memory_index: u32,
        failure_reason: enlarge_memory_error_reason_t,
        instance: wasm_module_inst_t,
        exec_env: wasm_exec_env_t,
        user_data: *mut c_void,
    ),
>;

static HANDLES: SideTable<ExecStats, Vec<Box<WASMMemoryInstance>>> = SideTable::new();

/// The callback and its user data (an address).
static ENLARGE_ERROR: Mutex<(enlarge_memory_error_callback_t, usize)> = Mutex::new((None, 0));

/// Bytes per page (custom page sizes are not enabled).
const PAGE_SIZE: u64 = crate::memory::PAGE_SIZE as u64;

impl WASMModuleInstanceCommon {
    /// The handle of memory `index`, if the instance has it.
    fn memory_handle(&self, index: u32) -> wasm_memory_inst_t {
        let exists = guard(false, || self.store.with(|ctx| self.body.instance.memory_at(&ctx, index).is_some()));
        if !exists {
            return ptr::null_mut();
        }
        let inst = self as *const WASMModuleInstanceCommon as *mut WASMModuleInstanceCommon;
        guard(ptr::null_mut(), || {
            HANDLES.with(&self.body.stats, Vec::new, |handles| {
                if let Some(h) = handles.iter_mut().find(|h| h.index == index) {
                    return &mut **h as wasm_memory_inst_t;
                }
                handles.push(Box::new(WASMMemoryInstance { inst, index }));
                handles.last_mut().map_or(ptr::null_mut(), |h| &mut **h as wasm_memory_inst_t)
            })
        })
    }
}

/// The instance and memory index behind a handle of a live instance.
fn resolve<'a>(memory_inst: wasm_memory_inst_t) -> Option<(&'a WASMModuleInstanceCommon, u32)> {
    if memory_inst.is_null() {
        return None;
    }
    let (inst, index) = guard(None, || {
        HANDLES.find(|handles| handles.iter().find(|h| ptr::eq(&***h, memory_inst)).map(|h| (h.inst, h.index)))
    })?;
    // SAFETY: the handle is in the entry of a live instance: `inst` is that instance.
    Some((unsafe { &*inst }, index))
}

/// Runs `f` on the memory behind a handle.
fn with_memory<R>(
    memory_inst: wasm_memory_inst_t,
    f: impl FnOnce(wasmi::Memory, wasmi::StoreContextMut<'_, crate::store::StoreData>) -> R,
) -> Option<R> {
    let (inst, index) = resolve(memory_inst)?;
    guard(None, || {
        inst.store.with(|ctx| {
            let memory = inst.body.instance.memory_at(&ctx, index)?;
            Some(f(memory, ctx))
        })
    })
}

/// WAMR's maximum page count of a memory instance: the declared one (65536 without
/// one; a 64-bit memory: `UINT32_MAX`), lowered to `max_memory_pages` of the
/// instantiation (never below the initial count).
fn max_pages(memory: &wasmi::Memory, ctx: &wasmi::StoreContextMut<'_, crate::store::StoreData>) -> u64 {
    let ty = memory.ty(ctx);
    let declared = ty.maximum().unwrap_or(if ty.is_64() { u64::from(u32::MAX) } else { 65536 });
    match ctx.data().limit_settings.memory_size {
        Some(bytes) => declared.min((bytes as u64 / PAGE_SIZE).max(ty.minimum())),
        None => declared,
    }
}

/// The memory exported as `name`, or NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_lookup_memory(module_inst: wasm_module_inst_t, name: *const c_char) -> wasm_memory_inst_t {
    let (Some(inst), false) = (module_inst.as_ref(), name.is_null()) else { return ptr::null_mut() };
    let name = CStr::from_ptr(name).to_bytes();
    let index = guard(None, || {
        let wasmi::Extern::Memory(memory) = inst.body.exports.iter().find(|(n, _)| n.as_bytes() == name)?.1 else { return None };
        let key = format!("{memory:?}");
        inst.store.with(|ctx| (0u32..).map_while(|i| inst.body.instance.memory_at(&ctx, i)).position(|m| format!("{m:?}") == key))
    });
    match index {
        Some(i) => inst.memory_handle(i as u32),
        None => ptr::null_mut(),
    }
}

/// Memory 0 (exported or not), or NULL if the instance has none.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_default_memory(module_inst: wasm_module_inst_t) -> wasm_memory_inst_t {
    module_inst.as_ref().map_or(ptr::null_mut(), |i| i.memory_handle(0))
}

/// Memory `index`, or NULL.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_memory(module_inst: wasm_module_inst_t, index: u32) -> wasm_memory_inst_t {
    module_inst.as_ref().map_or(ptr::null_mut(), |i| i.memory_handle(index))
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_cur_page_count(memory_inst: wasm_memory_inst_t) -> u64 {
    with_memory(memory_inst, |m, ctx| m.size(&ctx)).unwrap_or(0)
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_max_page_count(memory_inst: wasm_memory_inst_t) -> u64 {
    with_memory(memory_inst, |m, ctx| max_pages(&m, &ctx)).unwrap_or(0)
}

#[no_mangle]
pub extern "C" fn wasm_memory_get_bytes_per_page(memory_inst: wasm_memory_inst_t) -> u64 {
    resolve(memory_inst).map_or(0, |_| PAGE_SIZE)
}

/// Never shared: wasmi has no threads proposal.
#[no_mangle]
pub extern "C" fn wasm_memory_get_shared(memory_inst: wasm_memory_inst_t) -> bool {
    let _ = memory_inst;
    false
}

/// The memory's base address; it stays put as the memory grows (a 32-bit memory lives
/// on reserved address space).
#[no_mangle]
pub extern "C" fn wasm_memory_get_base_address(memory_inst: wasm_memory_inst_t) -> *mut c_void {
    with_memory(memory_inst, |m, ctx| m.data_ptr(&ctx) as *mut c_void).unwrap_or(ptr::null_mut())
}

/// Why growing failed, and what the callback is told.
struct GrowFailure {
    inc: u32,
    old_bytes: u64,
    reason: enlarge_memory_error_reason_t,
    exec_env: usize,
}

/// Grows memory `index` of `inst` by `inc` pages (0: nothing to do, true). `None`: no
/// such memory.
fn grow(inst: &WASMModuleInstanceCommon, index: u32, inc: u64) -> Option<Result<(), GrowFailure>> {
    guard(None, || {
        inst.store.with(|mut ctx| {
            let memory = inst.body.instance.memory_at(&ctx, index)?;
            if inc == 0 {
                return Some(Ok(()));
            }
            let (cur, old_bytes, max) = (memory.size(&ctx), memory.data_size(&ctx) as u64, max_pages(&memory, &ctx));
            if memory.grow(&mut ctx, inc).is_ok() {
                return Some(Ok(()));
            }
            let total = cur.saturating_add(inc);
            let reason = if total > u64::from(u32::MAX) && !memory.ty(&ctx).is_64() {
                INTERNAL_ERROR // WAMR's page count overflows
            } else if total > max {
                MAX_SIZE_REACHED
            } else {
                INTERNAL_ERROR
            };
            Some(Err(GrowFailure { inc: inc as u32, old_bytes, reason, exec_env: ctx.data().exec_env }))
        })
    })
}

/// Grows the memory by `inc_page_count` pages; false past its maximum (the
/// enlarge-error callback is not called, as in WAMR).
#[no_mangle]
pub extern "C" fn wasm_memory_enlarge(memory_inst: wasm_memory_inst_t, inc_page_count: u64) -> bool {
    let Some((inst, index)) = resolve(memory_inst) else { return false };
    matches!(grow(inst, index, inc_page_count), Some(Ok(())))
}

/// Grows the instance's memory 0 by `inc_page_count` pages; on failure calls the
/// enlarge-error callback (with the exec env of the running call, if any) and
/// returns false.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_enlarge_memory(module_inst: wasm_module_inst_t, inc_page_count: u64) -> bool {
    let Some(inst) = module_inst.as_ref() else { return false };
    if inc_page_count > u64::from(u32::MAX) {
        return false;
    }
    match grow(inst, 0, inc_page_count) {
        Some(Ok(())) => true,
        Some(Err(failure)) => {
            let (callback, user_data) = *ENLARGE_ERROR.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(callback) = callback {
                callback(
                    failure.inc,
                    failure.old_bytes,
                    0,
                    failure.reason,
                    module_inst,
                    failure.exec_env as wasm_exec_env_t,
                    user_data as *mut c_void,
                );
            }
            false
        }
        None => false,
    }
}

/// Sets (NULL: clears) the callback called when growing an instance's memory fails.
#[no_mangle]
pub extern "C" fn wasm_runtime_set_enlarge_mem_error_callback(callback: enlarge_memory_error_callback_t, user_data: *mut c_void) {
    *ENLARGE_ERROR.lock().unwrap_or_else(|p| p.into_inner()) = (callback, user_data as usize);
}
