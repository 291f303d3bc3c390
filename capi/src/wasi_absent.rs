//! A library built without the `wasi` feature provides no WASI functions: a module's
//! WASI imports stay unlinked (instantiation succeeds, a call traps), as in a WAMR
//! built with `WAMR_BUILD_LIBC_WASI=0`.
use crate::store::StoreData;
use crate::wasi::WasiArgs;
use wasmi::{AsContextMut, Func, ValType};

/// Nothing to keep: no instance gets a WASI context.
#[derive(Default)]
pub(crate) struct WasiContexts;

pub(crate) fn provides(_module: &str, _name: &str, _params: &[ValType], _results: &[ValType]) -> bool {
    false
}

pub(crate) fn new_context(_args: &WasiArgs) -> Result<(), String> {
    Err("this libiwasm was built without WASI (the `wasi` feature)".into())
}

pub(crate) fn add_context(_ctx: impl AsContextMut<Data = StoreData>, _wasi: ()) -> usize {
    0
}

pub(crate) fn function(_ctx: impl AsContextMut<Data = StoreData>, _name: &str, _index: usize) -> Option<Func> {
    None
}
