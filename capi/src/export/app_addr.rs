//! App addresses: offsets into a module instance's memory 0 (exported or not), their
//! validation and conversion to and from native pointers. A failed validation sets
//! the instance's exception (`out of bounds memory access`), as WAMR's does.
//!
//! Native pointers stay valid while memory 0 grows: it lives on reserved address
//! space (third_party/wasmi/PATCHED.md #3).
use super::module_inst::{wasm_module_inst_t, WASMModuleInstanceCommon};
use std::ffi::c_void;
use std::ptr;

impl WASMModuleInstanceCommon {
    /// Memory 0: its base and its current size in bytes.
    pub(crate) fn memory0(&self) -> Option<(*mut u8, usize)> {
        self.store.with(|ctx| {
            let memory = self.body.instance.memory_at(&ctx, 0)?;
            Some((memory.data_ptr(&ctx), memory.data_size(&ctx)))
        })
    }

    /// Whether `[offset, offset + size)` lies in memory 0.
    pub(crate) fn app_range_ok(&self, offset: u64, size: u64) -> bool {
        match self.memory0() {
            Some((_, len)) => offset.checked_add(size).is_some_and(|end| end <= len as u64),
            None => false,
        }
    }

    fn out_of_bounds(&self) -> bool {
        self.set_exception(Some("out of bounds memory access"));
        false
    }
}

/// Whether `size` bytes at app offset `app_offset` lie in the instance's memory.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_validate_app_addr(module_inst: wasm_module_inst_t, app_offset: u64, size: u64) -> bool {
    let Some(inst) = module_inst.as_ref() else { return false };
    inst.app_range_ok(app_offset, size) || inst.out_of_bounds()
}

/// Whether a NUL-terminated string starts at `app_str_offset` and ends in memory.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_validate_app_str_addr(module_inst: wasm_module_inst_t, app_str_offset: u64) -> bool {
    let Some(inst) = module_inst.as_ref() else { return false };
    let Some((base, len)) = inst.memory0() else { return inst.out_of_bounds() };
    if app_str_offset >= len as u64 {
        return inst.out_of_bounds();
    }
    let tail = std::slice::from_raw_parts(base.add(app_str_offset as usize), len - app_str_offset as usize);
    tail.contains(&0) || inst.out_of_bounds()
}

/// Whether `size` bytes at native pointer `native_ptr` lie in the instance's memory.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_validate_native_addr(module_inst: wasm_module_inst_t, native_ptr: *mut c_void, size: u64) -> bool {
    let Some(inst) = module_inst.as_ref() else { return false };
    let Some((base, _)) = inst.memory0() else { return inst.out_of_bounds() };
    let offset = (native_ptr as usize).wrapping_sub(base as usize) as u64;
    ((native_ptr as usize) >= base as usize && inst.app_range_ok(offset, size)) || inst.out_of_bounds()
}

/// The native address of app offset `app_offset`; NULL if it is outside the memory.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_addr_app_to_native(module_inst: wasm_module_inst_t, app_offset: u64) -> *mut c_void {
    let Some(inst) = module_inst.as_ref() else { return ptr::null_mut() };
    match inst.memory0() {
        Some((base, len)) if app_offset < len as u64 => base.add(app_offset as usize) as *mut c_void,
        _ => ptr::null_mut(),
    }
}

/// The app offset of a native pointer into the memory; 0 if it points elsewhere.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_addr_native_to_app(module_inst: wasm_module_inst_t, native_ptr: *mut c_void) -> u64 {
    let Some(inst) = module_inst.as_ref() else { return 0 };
    match inst.memory0() {
        Some((base, len)) if (native_ptr as usize) >= base as usize && (native_ptr as usize) < base as usize + len => {
            (native_ptr as usize - base as usize) as u64
        }
        _ => 0,
    }
}

/// The app range `app_offset` belongs to: the whole memory, `[0, size)`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_app_addr_range(
    module_inst: wasm_module_inst_t,
    app_offset: u64,
    p_app_start_offset: *mut u64,
    p_app_end_offset: *mut u64,
) -> bool {
    let Some(inst) = module_inst.as_ref() else { return false };
    match inst.memory0() {
        Some((_, len)) if app_offset < len as u64 => {
            if let Some(p) = p_app_start_offset.as_mut() {
                *p = 0;
            }
            if let Some(p) = p_app_end_offset.as_mut() {
                *p = len as u64;
            }
            true
        }
        _ => false,
    }
}

/// The native range `native_ptr` belongs to: the whole memory.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_native_addr_range(
    module_inst: wasm_module_inst_t,
    native_ptr: *mut u8,
    p_native_start_addr: *mut *mut u8,
    p_native_end_addr: *mut *mut u8,
) -> bool {
    let Some(inst) = module_inst.as_ref() else { return false };
    match inst.memory0() {
        Some((base, len)) if (native_ptr as usize) >= base as usize && (native_ptr as usize) < base as usize + len => {
            if let Some(p) = p_native_start_addr.as_mut() {
                *p = base;
            }
            if let Some(p) = p_native_end_addr.as_mut() {
                *p = base.add(len);
            }
            true
        }
        _ => false,
    }
}
