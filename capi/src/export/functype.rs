//! The signature of a `wasm_function_inst_t`: counts and value kinds.
use super::module_inst::{wasm_function_inst_t, wasm_module_inst_t, FunctionInst};
use crate::types::valtype::{valkind_from_wasmi as kind_of, wasm_valkind_t};

unsafe fn function<'a>(func: wasm_function_inst_t, inst: wasm_module_inst_t) -> Option<&'a FunctionInst> {
    inst.as_ref()?.function(func)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_get_param_count(func: wasm_function_inst_t, module_inst: wasm_module_inst_t) -> u32 {
    function(func, module_inst).map_or(0, |f| f.ty.params().len() as u32)
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_get_result_count(func: wasm_function_inst_t, module_inst: wasm_module_inst_t) -> u32 {
    function(func, module_inst).map_or(0, |f| f.ty.results().len() as u32)
}

/// Writes one kind per parameter to `param_types` (room for the count).
#[no_mangle]
pub unsafe extern "C" fn wasm_func_get_param_types(
    func: wasm_function_inst_t,
    module_inst: wasm_module_inst_t,
    param_types: *mut wasm_valkind_t,
) {
    if let (Some(f), false) = (function(func, module_inst), param_types.is_null()) {
        for (i, t) in f.ty.params().iter().enumerate() {
            *param_types.add(i) = kind_of(*t);
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn wasm_func_get_result_types(
    func: wasm_function_inst_t,
    module_inst: wasm_module_inst_t,
    result_types: *mut wasm_valkind_t,
) {
    if let (Some(f), false) = (function(func, module_inst), result_types.is_null()) {
        for (i, t) in f.ty.results().iter().enumerate() {
            *result_types.add(i) = kind_of(*t);
        }
    }
}
