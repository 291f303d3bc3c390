//! The app heap: `wasm_runtime_module_malloc` / `module_free` / `module_dup_data`.
//!
//! As in WAMR, a module that exports `malloc` (i32 -> i32) and `free` (i32 -> ()) gets
//! its buffers from them; otherwise an instance made with `host_managed_heap_size`
//! bytes gets a heap of that size inside its memory 0, placed after its initial
//! memory. Unlike WAMR's, the bookkeeping of that heap lives on the host, where wasm
//! cannot corrupt it.
use super::module_inst::{wasm_module_inst_t, WASMModuleInstanceCommon};
use std::collections::BTreeMap;
use std::ffi::{c_char, c_void};
use std::ptr;
use wasmi::{Val, ValType};

const ALIGN: u64 = 8;

/// Where an instance's app heap comes from.
pub(crate) enum AppHeap {
    None,
    /// The module's own `malloc` and `free` exports (indices into the instance's functions).
    Exports { malloc: usize, free: usize },
    /// A host-managed region `[start, start + size)` of memory 0.
    Host(HostHeap),
}

/// First-fit allocation in a region, the blocks kept on the host.
pub(crate) struct HostHeap {
    start: u64,
    size: u64,
    /// offset -> length of each live block.
    blocks: BTreeMap<u64, u64>,
}

impl HostHeap {
    pub(crate) fn new(start: u64, size: u64) -> HostHeap {
        HostHeap { start, size, blocks: BTreeMap::new() }
    }

    fn alloc(&mut self, size: u64) -> Option<u64> {
        let size = size.checked_add(ALIGN - 1)? & !(ALIGN - 1);
        let mut at = self.start.checked_add(ALIGN - 1)? & !(ALIGN - 1);
        for (&offset, &len) in &self.blocks {
            if offset >= at + size {
                break;
            }
            at = offset + len;
        }
        (at + size <= self.start + self.size).then(|| {
            self.blocks.insert(at, size);
            at
        })
    }

    fn free(&mut self, offset: u64) -> bool {
        self.blocks.remove(&offset).is_some()
    }
}

impl WASMModuleInstanceCommon {
    /// Picks the instance's app heap: its `malloc`/`free` exports, or `heap_size` bytes
    /// of memory 0 grown for it. A heap that cannot be had leaves none (a warning).
    pub(crate) fn setup_app_heap(&self, heap_size: u32) {
        let export = |name: &str, params: &[ValType], results: &[ValType]| {
            self.funcs.iter().position(|f| &*f.name == name && f.ty.params() == params && f.ty.results() == results)
        };
        let heap = match (export("malloc", &[ValType::I32], &[ValType::I32]), export("free", &[ValType::I32], &[])) {
            (Some(malloc), Some(free)) => AppHeap::Exports { malloc, free },
            _ if heap_size == 0 || self.memory0().is_none() => AppHeap::None,
            _ => match self.grow_for_heap(heap_size) {
                Some(start) => AppHeap::Host(HostHeap::new(start, heap_size as u64)),
                None => {
                    super::log::warning(&format!("no room for an app heap of {heap_size} bytes in memory 0"));
                    AppHeap::None
                }
            },
        };
        *self.heap.borrow_mut() = heap;
    }

    /// Grows memory 0 by enough pages for `size` bytes; the offset of the new space.
    fn grow_for_heap(&self, size: u32) -> Option<u64> {
        self.store.with(|mut ctx| {
            let memory = self.body.instance.memory_at(&ctx, 0)?;
            let pages = (size as u64).div_ceil(crate::memory::PAGE_SIZE as u64);
            let old = memory.grow(&mut ctx, pages).ok()?;
            Some(old * crate::memory::PAGE_SIZE as u64)
        })
    }

    /// The instance's exec env singleton, which runs its `malloc` and `free` exports.
    fn singleton_env(&self) -> Option<&super::exec_env::WASMExecEnv> {
        let me = self as *const WASMModuleInstanceCommon as super::module_inst::wasm_module_inst_t;
        unsafe { super::module_inst::wasm_runtime_get_exec_env_singleton(me).as_ref() }
    }

    /// Allocates `size` bytes; the app offset (0 on failure).
    fn malloc(&self, size: u64) -> u64 {
        if self.memory0().is_none() {
            self.set_exception(Some("uninitialized memory"));
            return 0;
        }
        // as WAMR's allocator, 0 bytes still give a block
        let exports = match &mut *self.heap.borrow_mut() {
            AppHeap::None => return 0,
            AppHeap::Host(h) => return h.alloc(size.max(1)).unwrap_or(0),
            AppHeap::Exports { malloc, .. } => *malloc,
        };
        let Ok(size) = i32::try_from(size) else { return 0 };
        let mut out = [Val::I32(0)];
        let Some(env) = self.singleton_env() else { return 0 };
        if !super::call::run(self, env, &self.funcs[exports], &[Val::I32(size)], &mut out).ok {
            return 0;
        }
        match out[0] {
            Val::I32(p) => p as u32 as u64,
            _ => 0,
        }
    }

    fn free(&self, offset: u64) {
        let free = match &mut *self.heap.borrow_mut() {
            AppHeap::None => return,
            AppHeap::Host(h) => {
                h.free(offset);
                return;
            }
            AppHeap::Exports { free, .. } => *free,
        };
        let Some(env) = self.singleton_env() else { return };
        super::call::run(self, env, &self.funcs[free], &[Val::I32(offset as u32 as i32)], &mut []);
    }
}

/// Allocates `size` bytes on the instance's app heap; returns the app offset (0 if
/// none could be had) and stores the native address in `*p_native_addr`.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_module_malloc(module_inst: wasm_module_inst_t, size: u64, p_native_addr: *mut *mut c_void) -> u64 {
    let Some(inst) = module_inst.as_ref() else { return 0 };
    let offset = inst.malloc(size);
    if offset == 0 {
        super::log::warning(&format!("allocate {size} bytes memory failed"));
    }
    if let Some(p) = p_native_addr.as_mut() {
        *p = if offset == 0 { ptr::null_mut() } else { super::app_addr::wasm_runtime_addr_app_to_native(module_inst, offset) };
    }
    offset
}

/// Frees a buffer from `wasm_runtime_module_malloc` (0 is ignored).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_module_free(module_inst: wasm_module_inst_t, ptr: u64) {
    if let (Some(inst), true) = (module_inst.as_ref(), ptr != 0) {
        inst.free(ptr);
    }
}

/// A copy of `size` bytes at `src` on the app heap; its app offset (0 on failure).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_module_dup_data(module_inst: wasm_module_inst_t, src: *const c_char, size: u64) -> u64 {
    if src.is_null() && size > 0 {
        return 0;
    }
    let mut native: *mut c_void = ptr::null_mut();
    let offset = wasm_runtime_module_malloc(module_inst, size, &mut native);
    if offset != 0 && !native.is_null() {
        ptr::copy_nonoverlapping(src as *const u8, native as *mut u8, size as usize);
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::HostHeap;

    #[test]
    fn first_fit_reuses_freed_blocks() {
        let mut h = HostHeap::new(1000, 64);
        let a = h.alloc(10).unwrap();
        let b = h.alloc(20).unwrap();
        assert_eq!((a, b), (1000, 1016));
        assert_eq!(h.alloc(40), None); // 1016 + 24 = 1040; 40 more does not fit in 1064
        assert!(h.free(a));
        assert!(!h.free(a));
        assert_eq!(h.alloc(16), Some(1000));
        assert_eq!(h.alloc(24), Some(1040));
        assert_eq!(h.alloc(1), None);
    }
}
