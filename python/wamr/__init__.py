"""wamr: Python binding of WAMR's WebAssembly C API (wasm_c_api.h), on libiwasm.

The object layer:

    from wamr import *

    engine = Engine()
    store = Store(engine)
    module = Module(engine, '(module (func (export "add") (param i32 i32) (result i32)'
                            '  local.get 0 local.get 1 i32.add))')
    instance = Instance(store, module, [])
    add = instance.exports(store)["add"]
    assert add(store, 1, 2) == 3

Engine, Store, Module, Instance, Func, Global, Table, Memory own native objects: each
has close() and works as a context manager (and frees itself when collected). Types
(ValType, FuncType, GlobalType, TableType, MemoryType, Limits, ImportType, ExportType)
are plain immutable values. Linker resolves imports by name (host functions with
`access_caller=True` get a Caller: the calling instance's exports); WasiConfig sets
up WASI (Store.set_wasi). Errors: Trap (a wasm trap, with `message`, `trap_code` and
`frames`), WasiExit (WASI proc_exit, with `code`), WasmError (invalid module, WAT,
...), LinkError (imports that do not fit).

Bounded execution: `Store(engine, metered=True)` gives a store whose calls can have a
fuel budget (`store.set_fuel(n)`, `store.get_fuel()`), a wall-clock limit
(`store.set_timeout(seconds)`, or `f.call(store, *args, timeout=seconds)` for one call)
and be stopped from another thread (`store.interrupt()`); they then raise OutOfFuel,
Timeout or Interrupted, all subclasses of Trap.

The procedural API, under the C names, lives in `wamr.wasmcapi.ffi`:

    from wamr.wasmcapi.ffi import *

Importing `wamr` alone loads nothing; the first use of a name above (or of
`wamr.wasmcapi`) loads libiwasm.so.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, List

__version__ = "2.4.3"

# public name -> the private module defining it
_EXPORTS = {
    "Engine": "_engine",
    "Store": "_store",
    "Module": "_module",
    "wat2wasm": "_module",
    "Instance": "_instance",
    "InstanceExports": "_instance",
    "Func": "_func",
    "Global": "_global",
    "Table": "_table",
    "Memory": "_memory",
    "ValType": "_types",
    "FuncType": "_types",
    "GlobalType": "_types",
    "TableType": "_types",
    "MemoryType": "_types",
    "Limits": "_types",
    "ImportType": "_types",
    "ExportType": "_types",
    "Trap": "_trap",
    "OutOfFuel": "_trap",
    "Interrupted": "_trap",
    "Timeout": "_trap",
    "Frame": "_trap",
    "WasiExit": "_trap",
    "WasmError": "_trap",
    "LinkError": "_trap",
    "TrapCode": "_trap",
    "WasiConfig": "_wasi",
    "Linker": "_linker",
    "Caller": "_caller",
    "F32": "_f32",
}
_ALIASES = {"wat2wasm": "wat_to_wasm"}

# A literal list (it is sorted(_EXPORTS) + ["wasmcapi"]): type checkers read only a literal
# __all__, and `from wamr import *` would give them no names otherwise.
__all__ = [
    "Caller", "Engine", "ExportType", "F32", "Frame", "Func", "FuncType", "Global", "GlobalType",
    "ImportType", "Instance", "InstanceExports", "Interrupted", "Limits", "LinkError", "Linker",
    "Memory", "MemoryType", "Module", "OutOfFuel", "Store", "Table", "TableType", "Timeout", "Trap",
    "TrapCode", "ValType", "WasiConfig", "WasiExit", "WasmError", "wat2wasm", "wasmcapi",
]

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time __getattr__ loads lazily
    # `X as X`: an explicit re-export (mypy --strict)
    from . import wasmcapi as wasmcapi
    from ._caller import Caller as Caller
    from ._engine import Engine as Engine
    from ._f32 import F32 as F32
    from ._func import Func as Func
    from ._global import Global as Global
    from ._instance import Instance as Instance
    from ._instance import InstanceExports as InstanceExports
    from ._linker import Linker as Linker
    from ._memory import Memory as Memory
    from ._module import Module as Module
    from ._module import wat_to_wasm as wat2wasm
    from ._store import Store as Store
    from ._table import Table as Table
    from ._trap import Frame as Frame
    from ._trap import Interrupted as Interrupted
    from ._trap import LinkError as LinkError
    from ._trap import OutOfFuel as OutOfFuel
    from ._trap import Timeout as Timeout
    from ._trap import Trap as Trap
    from ._trap import TrapCode as TrapCode
    from ._trap import WasiExit as WasiExit
    from ._trap import WasmError as WasmError
    from ._types import ExportType as ExportType
    from ._types import FuncType as FuncType
    from ._types import GlobalType as GlobalType
    from ._types import ImportType as ImportType
    from ._types import Limits as Limits
    from ._types import MemoryType as MemoryType
    from ._types import TableType as TableType
    from ._types import ValType as ValType
    from ._wasi import WasiConfig as WasiConfig


def __getattr__(name: str) -> Any:
    if name == "wasmcapi":
        return importlib.import_module(".wasmcapi", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError("module 'wamr' has no attribute %r" % name)
    value = getattr(importlib.import_module("." + module, __name__), _ALIASES.get(name, name))
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
