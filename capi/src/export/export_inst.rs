//! An instance's exported globals and tables as WAMR describes them
//! (`wasm_global_inst_t`, `wasm_table_inst_t`), and the functions in a table
//! (`wasm_table_get_func_inst`).
//!
//! What these point at lives in a side table entry of the instance, valid while it
//! lives. `global_data` points at a copy of the global's value (its bytes as WAMR lays
//! them out: 4 for i32/f32, 8 for i64/f64, 16 for v128; a null reference is
//! 0xFFFFFFFF) taken at the call: wasmi keeps no global at a fixed address, so later
//! changes are not seen and writes through it do not reach the global. `elems` is
//! internal, as WAMR's header says: here it names the table for
//! `wasm_table_get_func_inst`. A table's function that the instance does not export
//! gets its own function handle there, which `wasm_runtime_call_wasm` and
//! `wasm_func_get_*` accept like an exported one's.
use super::module_inst::{wasm_function_inst_t, wasm_module_inst_t, FunctionInst, WASMModuleInstanceCommon};
use super::side_table::SideTable;
use crate::guard::guard;
use crate::profiling::ExecStats;
use crate::types::valtype::{wasm_valkind_t, WASM_EXTERNREF, WASM_FUNCREF};
use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use wasmi::Val;

/// `wasm_global_inst_t`.
#[repr(C)]
pub struct wasm_global_inst_t {
    pub kind: wasm_valkind_t,
    pub is_mutable: bool,
    pub global_data: *mut c_void,
}

/// `wasm_table_inst_t`.
#[repr(C)]
pub struct wasm_table_inst_t {
    pub elem_kind: wasm_valkind_t,
    pub cur_size: u32,
    pub max_size: u32,
    pub elems: *mut c_void,
}

/// WAMR's null reference in a global or a table (`NULL_REF`).
const NULL_REF: u32 = 0xFFFF_FFFF;

/// A table of an instance, as `elems` names it.
struct TableRecord {
    table: wasmi::Table,
    key: String,
}

/// What the entry of an instance holds.
#[derive(Default)]
struct Extras {
    /// Export name -> the copy of the global's value `global_data` points at.
    globals: Vec<(Box<str>, Box<[u64; 2]>)>,
    tables: Vec<Box<TableRecord>>,
    /// Functions of its tables that it does not export.
    funcs: Vec<Box<FunctionInst>>,
}

static EXTRAS: SideTable<ExecStats, Extras> = SideTable::new();

/// The export `name` of an instance that `pick` accepts.
fn export<'a>(inst: &'a WASMModuleInstanceCommon, name: *const c_char, pick: impl Fn(&wasmi::Extern) -> bool) -> Option<&'a wasmi::Extern> {
    if name.is_null() {
        return None;
    }
    let name = unsafe { CStr::from_ptr(name) }.to_bytes();
    inst.body.exports.iter().find(|(n, e)| n.as_bytes() == name && pick(e)).map(|(_, e)| e)
}

/// A value's bytes as WAMR keeps them in its global data.
fn raw_bytes(v: &Val) -> [u64; 2] {
    match v {
        Val::I32(x) => [u64::from(*x as u32), 0],
        Val::F32(x) => [u64::from(x.to_bits()), 0],
        Val::I64(x) => [*x as u64, 0],
        Val::F64(x) => [x.to_bits(), 0],
        Val::V128(x) => {
            let bits = x.as_u128();
            [bits as u64, (bits >> 64) as u64]
        }
        Val::FuncRef(r) => [if r.is_null() { u64::from(NULL_REF) } else { 0 }, 0],
        Val::ExternRef(r) => [if r.is_null() { u64::from(NULL_REF) } else { 0 }, 0],
    }
}

/// Fills `*global_inst` with the exported global `name`; false if there is none.
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_global_inst(
    module_inst: wasm_module_inst_t,
    name: *const c_char,
    global_inst: *mut wasm_global_inst_t,
) -> bool {
    let (Some(inst), Some(out)) = (module_inst.as_ref(), global_inst.as_mut()) else { return false };
    let filled = guard(None, || {
        let Some(wasmi::Extern::Global(global)) = export(inst, name, |e| matches!(e, wasmi::Extern::Global(_))) else {
            return None;
        };
        let (ty, value) = inst.store.with(|ctx| (global.ty(&ctx), global.get(&ctx)));
        let name: Box<str> = CStr::from_ptr(name).to_string_lossy().into();
        let data = EXTRAS.with(&inst.body.stats, Extras::default, |x| {
            let at = match x.globals.iter().position(|(n, _)| *n == name) {
                Some(at) => at,
                None => {
                    x.globals.push((name, Box::new([0; 2])));
                    x.globals.len() - 1
                }
            };
            let slot = &mut x.globals[at].1;
            **slot = raw_bytes(&value);
            slot.as_mut_ptr() as *mut c_void
        });
        Some(wasm_global_inst_t { kind: crate::types::valtype::valkind_from_wasmi(ty.content()), is_mutable: ty.mutability().is_mut(), global_data: data })
    });
    match filled {
        Some(g) => {
            *out = g;
            true
        }
        None => false,
    }
}

/// Fills `*table_inst` with the exported table `name`; false if there is none. Its
/// `max_size` is the declared maximum (`UINT32_MAX` without one).
#[no_mangle]
pub unsafe extern "C" fn wasm_runtime_get_export_table_inst(
    module_inst: wasm_module_inst_t,
    name: *const c_char,
    table_inst: *mut wasm_table_inst_t,
) -> bool {
    let (Some(inst), Some(out)) = (module_inst.as_ref(), table_inst.as_mut()) else { return false };
    let filled = guard(None, || {
        let Some(wasmi::Extern::Table(table)) = export(inst, name, |e| matches!(e, wasmi::Extern::Table(_))) else {
            return None;
        };
        let table = *table;
        let (ty, size) = inst.store.with(|ctx| (table.ty(&ctx), table.size(&ctx)));
        let key = format!("{table:?}");
        let elems = EXTRAS.with(&inst.body.stats, Extras::default, |x| {
            if let Some(r) = x.tables.iter().find(|r| r.key == key) {
                return &**r as *const TableRecord as *mut c_void;
            }
            x.tables.push(Box::new(TableRecord { table, key }));
            x.tables.last().map_or(ptr::null_mut(), |r| &**r as *const TableRecord as *mut c_void)
        });
        let clamp = |n: u64| n.min(u64::from(u32::MAX)) as u32;
        Some(wasm_table_inst_t {
            elem_kind: match ty.element() {
                wasmi::RefType::Func => WASM_FUNCREF,
                wasmi::RefType::Extern => WASM_EXTERNREF,
            },
            cur_size: clamp(size),
            max_size: clamp(ty.maximum().unwrap_or(u64::MAX)),
            elems,
        })
    });
    match filled {
        Some(t) => {
            *out = t;
            true
        }
        None => false,
    }
}

/// The function at `idx` of a table `wasm_runtime_get_export_table_inst` described for
/// this instance: the same handle as `wasm_runtime_lookup_function`'s if the instance
/// exports it. NULL for a null element, an index past `cur_size`, or a table of
/// another instance.
#[no_mangle]
pub unsafe extern "C" fn wasm_table_get_func_inst(
    module_inst: wasm_module_inst_t,
    table_inst: *const wasm_table_inst_t,
    idx: u32,
) -> wasm_function_inst_t {
    let (Some(inst), Some(t)) = (module_inst.as_ref(), table_inst.as_ref()) else { return ptr::null_mut() };
    if idx >= t.cur_size || t.elems.is_null() {
        return ptr::null_mut();
    }
    guard(ptr::null_mut(), || {
        let records = |x: &mut Extras| x.tables.iter().find(|r| ptr::eq(&***r as *const TableRecord as *const c_void, t.elems)).map(|r| r.table);
        let Some(table) = EXTRAS.peek(&inst.body.stats, records) else { return ptr::null_mut() };
        let func = inst.store.with(|ctx| {
            let element = table.get(&ctx, u64::from(idx))?;
            let func = **element.as_func()?.val()?;
            Some((func, func.ty(&ctx)))
        });
        let Some((func, ty)) = func else { return ptr::null_mut() };
        let key = format!("{func:?}");
        if let Some(f) = inst.funcs.iter().find(|f| format!("{:?}", f.func) == key) {
            return f as *const FunctionInst as wasm_function_inst_t;
        }
        EXTRAS.with(&inst.body.stats, Extras::default, |x| {
            if let Some(f) = x.funcs.iter().find(|f| format!("{:?}", f.func) == key) {
                return &**f as *const FunctionInst as wasm_function_inst_t;
            }
            x.funcs.push(Box::new(FunctionInst { func, ty, name: "".into() }));
            x.funcs.last().map_or(ptr::null_mut(), |f| &**f as *const FunctionInst as wasm_function_inst_t)
        })
    })
}

/// The function behind a handle `wasm_table_get_func_inst` made for an instance (one
/// the instance does not export), for `WASMModuleInstanceCommon::function`.
pub(crate) fn table_function(inst: &WASMModuleInstanceCommon, f: wasm_function_inst_t) -> Option<&FunctionInst> {
    if f.is_null() {
        return None;
    }
    let found = EXTRAS.peek(&inst.body.stats, |x| {
        x.funcs.iter().find(|fi| ptr::eq(&***fi as *const FunctionInst as *const c_void, f)).map(|fi| &**fi as *const FunctionInst)
    })?;
    // SAFETY: the entry of `inst` keeps the function as long as `inst` lives.
    Some(unsafe { &*found })
}
