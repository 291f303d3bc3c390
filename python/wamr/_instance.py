"""Instance: a module instantiated in a store, and its exports."""
from __future__ import annotations

import contextlib
import ctypes as c
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _lib as L
from ._func import Func
from ._global import Global
from ._memory import Memory
from ._module import Module
from ._store import Store, check_store
from ._table import Table
from ._trap import LinkError, WasmError, raise_pending, raise_trap
from .wasmcapi import ffi
from ._wasi import reset_wasi_args
from ._types import (EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, ImportType,
                     extern_kind_of)

Extern = Union[Func, Global, Table, Memory]


def _describe(e: Any, store: Store) -> str:
    """An extern's type in WebAssembly's words (its kind, if the type is unreadable)."""
    try:
        return str(e._ty if isinstance(e, Func) else e.type(store))
    except Exception:  # noqa: BLE001
        return "a %s" % type(e).__name__
_EXTERN_CLASSES = {EXTERN_FUNC: Func, EXTERN_GLOBAL: Global, EXTERN_TABLE: Table, EXTERN_MEMORY: Memory}


def _wrap_extern(ext: int, store: Store, name: str) -> Extern:
    """A new object owning a copy of the extern ext (borrowed)."""
    kind = L.extern_kind(ext)
    if kind == EXTERN_FUNC:
        return Func._wrap(L.nn(L.func_copy(L.extern_as_func(ext)), "wasm_func_copy"), store, name)
    if kind == EXTERN_GLOBAL:
        return Global._wrap(L.nn(L.global_copy(L.extern_as_global(ext)), "wasm_global_copy"), store)
    if kind == EXTERN_TABLE:
        return Table._wrap(L.nn(L.table_copy(L.extern_as_table(ext)), "wasm_table_copy"), store)
    if kind == EXTERN_MEMORY:
        return Memory._wrap(L.nn(L.memory_copy(L.extern_as_memory(ext)), "wasm_memory_copy"), store)
    raise WasmError("export %r has an unknown kind %d" % (name, kind))


class InstanceExports(Mapping[str, Extern]):
    """An instance's exports: by name (`exports["run"]`), by index in module order
    (`exports[0]`), iterating gives the names. The objects are made on first access
    and are then the same on every access; each owns its own handle, so it stays
    usable after the instance is closed."""

    def __init__(self, instance: "Instance", names: List[str], ptrs: List[int]) -> None:
        self._instance = instance
        self._names = names
        self._ptrs = ptrs
        self._items: List[Optional[Extern]] = [None] * len(ptrs)
        self._index: Dict[str, int] = {n: i for i, n in reversed(list(enumerate(names)))}

    def _item(self, i: int) -> Extern:
        e = self._items[i]
        if e is None:
            with self._instance._use():  # the handles below belong to the open instance
                e = self._items[i] = _wrap_extern(self._ptrs[i], self._instance._store, self._names[i])
        return e

    def __getitem__(self, key: Union[str, int]) -> Extern:
        if isinstance(key, str):
            i = self._index.get(key)
            if i is None:
                raise KeyError("no export named %r (exports: %s)" % (key, ", ".join(self._names) or "none"))
            return self._item(i)
        if isinstance(key, int) and not isinstance(key, bool):
            n = len(self._ptrs)
            if not -n <= key < n:
                raise IndexError("export index %d out of range (%d exports)" % (key, n))
            return self._item(key % n)
        raise TypeError("exports are looked up by name (str) or index (int), got %s" % type(key).__name__)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def by_index(self) -> List[Extern]:
        """The exports in module order."""
        return [self._item(i) for i in range(len(self._ptrs))]

    def __repr__(self) -> str:
        return "InstanceExports(%s)" % ", ".join(self._names)


ImportsArg = Union[None, Sequence[Optional[Extern]], Mapping[str, Mapping[str, Extern]]]


@contextlib.contextmanager
def _wasi_for(module: Module, wasi: Any) -> Iterator[None]:
    """Gives the module the store's WASI set-up for the instantiation in the block
    (the module's own, applied one, is given back afterwards)."""
    if wasi is None:
        yield
        return
    with module._wasi_lock:
        wasi._set_args(module)
        try:
            yield
        finally:
            own = module._wasi
            if own is not None and own is not wasi and not own.closed:
                own._set_args(module)
            elif own is None:
                reset_wasi_args(module)


def _imports_by_name(wanted: List[ImportType], given: Mapping[str, Any]) -> List[Optional[Extern]]:
    """The `{module: {name: item}}` form as a list in import order (None for the
    library's built-ins); a missing import raises LinkError."""
    out: List[Optional[Extern]] = []
    for imp in wanted:
        names = given.get(imp.module)
        if names is not None and not isinstance(names, Mapping):
            raise TypeError("Instance() imports[%r] must be a mapping of names to items, got %s"
                            % (imp.module, type(names).__name__))
        item = names.get(imp.name) if names is not None else None
        if item is None and not imp.builtin:
            raise LinkError("import (%s, %s): %s not given" % (imp.module, imp.name, imp.type))
        out.append(item)
    return out


class Instance(L.Native):
    """`Instance(store, module, imports)`: imports are Func/Global/Table/Memory objects
    for the module's imports, in module order; either one per import (None keeps the
    library's built-in, e.g. WASI), or one per import the library does not provide
    (the WASI imports are then filled in); or a dict `{module: {name: item}}`
    (see also Linker). Imports that do not fit raise LinkError. A start function's
    trap raises Trap; a Python exception in a host function it calls comes out
    unchanged.
    `stack_size` (bytes) sets how deeply the store's calls may nest from then on (the
    default, 8 MiB, takes about 130,000 frames of a small recursive function)."""

    def __init__(self, store: Store, module: Module, imports: ImportsArg = (), *,
                 stack_size: Optional[int] = None) -> None:
        if stack_size is not None and (isinstance(stack_size, bool) or not isinstance(stack_size, int)
                                       or not 0 < stack_size <= 0xFFFFFFFF):
            raise ValueError("Instance(): stack_size must be a number of bytes (1 to 4 GiB), got %r"
                             % (stack_size,))
        if not isinstance(store, Store):
            raise TypeError("Instance() needs a Store, got %s" % type(store).__name__)
        if not isinstance(module, Module):
            raise TypeError("Instance() needs a Module, got %s" % type(module).__name__)
        store._p()
        module._p()
        wasi = store._wasi  # the store's WASI set-up, given to the module just before
        if module._wasi is not None:
            module._wasi._check_open()
        if wasi is not None and not any(imp.builtin for imp in module.imports):
            wasi = None
        if imports is None:
            imports = ()
        if isinstance(imports, Mapping):
            imports = _imports_by_name(module.imports, imports)
        if isinstance(imports, (str, bytes)) or not isinstance(imports, Sequence):
            raise TypeError("Instance() imports must be a list of Func/Global/Table/Memory, got %s"
                            % type(imports).__name__)
        slots = self._match(module.imports, list(imports), store)
        # read before instantiating: a host function run by the start function may
        # close the module (or the store) meanwhile
        export_names = [e.name for e in module.exports]
        # Handles of our own (placeholders for the library's built-ins, copies of the
        # given imports): instantiation lets other threads run, which may close those.
        owned: List[int] = []
        trap = c.c_void_p()
        # the store and module handles are held (a close() meanwhile waits for us);
        # with a store WASI set-up, the module keeps it until it is instantiated
        with store._use() as sp, module._use() as mp, _wasi_for(module, wasi):
            try:
                for imp, ext in slots:
                    if ext is None:
                        e = L.extern_new_empty(sp, extern_kind_of(imp.type))
                    else:
                        with ext._use():
                            e = L.extern_copy(ext._extern())
                    owned.append(L.nn(e, "wasm_extern_new_empty" if ext is None else "wasm_extern_copy"))
                ptrs = owned
                arr = (c.c_void_p * max(len(ptrs), 1))(*ptrs)
                vec = L.ExternVec(len(ptrs), c.cast(arr, c.POINTER(c.POINTER(ffi.wasm_extern_t))), len(ptrs),
                                  c.sizeof(c.c_void_p), None)
                if stack_size is None:
                    p = L.instance_new(sp, mp, c.byref(vec), c.byref(trap))
                else:  # the store's calls nest as deep as this stack allows (README, Memory)
                    p = L.instance_new_with_args(sp, mp, c.byref(vec), c.byref(trap), stack_size, 0)
            finally:
                for e in owned:
                    L.extern_delete(e)
        if trap.value:
            if p:
                L.instance_delete(p)
            raise_trap(trap.value, instantiating=True)
        try:
            raise_pending()
        except BaseException:
            if p:
                L.instance_delete(p)
            raise
        if not p:
            raise WasmError("instantiation failed")
        self._own(p, L.instance_delete)
        self._store = store
        self._module = module
        self._imports = [e for _, e in slots if e is not None]  # keep them alive with the instance
        self._export_names = export_names
        self._exports: Optional[InstanceExports] = None
        self._export_vec: Any = None

    @staticmethod
    def _match(wanted: List[ImportType], given: List[Any], store: Store) -> List[Tuple[ImportType, Any]]:
        for i, e in enumerate(given):
            if e is not None and not isinstance(e, (Func, Global, Table, Memory)):
                raise TypeError("Instance() import %d must be a Func, Global, Table, Memory or None, got %s"
                                % (i, type(e).__name__))
        slots: List[Tuple[ImportType, Any]]
        if len(given) == len(wanted):
            slots = list(zip(wanted, given))
        else:
            needed = [imp for imp in wanted if not imp.builtin]
            if len(given) != len(needed):
                raise LinkError("the module has %d imports (%d not provided by the library: %s), %d given"
                                % (len(wanted), len(needed),
                                   ", ".join("(%s, %s)" % (i.module, i.name) for i in needed) or "none",
                                   len(given)))
            it = iter(given)
            slots = [(imp, None if imp.builtin else next(it)) for imp in wanted]
        for imp, e in slots:
            if e is None:
                continue
            e._p()
            if e._store is not store:
                raise ValueError("Instance(): import %s.%s comes from another store" % (imp.module, imp.name))
            kind = extern_kind_of(imp.type)
            if not isinstance(e, _EXTERN_CLASSES[kind]) or (isinstance(e, Func) and e._ty != imp.type):
                raise LinkError("import (%s, %s): expected %s, got %s"
                                % (imp.module, imp.name, imp.type, _describe(e, store)))
        return slots

    @property
    def module(self) -> Module:
        return self._module

    def exports(self, store: Store) -> InstanceExports:
        """The exports, by name and by index (the same objects on every call)."""
        check_store(self, store)
        with self._use() as p:
            if self._exports is None:
                vec = L.ExternVec()
                L.instance_exports(p, c.byref(vec))
                self._export_vec = vec  # owned by the instance, freed when it is closed
                ptrs = L.vec_items(L.addr(vec))
                names = self._export_names
                if len(names) != len(ptrs):
                    names = ["%d" % i for i in range(len(ptrs))]
                self._exports = InstanceExports(self, names, ptrs)
            return self._exports

    def _release(self) -> None:
        # The export objects own their own handles and stay usable (as the functions,
        # memories, ... live in the store): they are closed by themselves.
        self._exports = None
        self._imports = []
        vec, self._export_vec = self._export_vec, None
        if vec is not None:
            L.extern_vec_delete(c.byref(vec))

    def __repr__(self) -> str:
        return "<Instance%s>" % (" closed" if self._ptr is None else "")
