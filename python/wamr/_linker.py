"""Linker: imports by name (wasmtime-py's Linker): define items under (module, name),
then instantiate modules with whatever they import."""
from __future__ import annotations

import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from ._engine import Engine
from ._func import Func
from ._global import Global
from ._instance import Instance
from ._memory import Memory
from ._module import Module
from ._store import Store
from ._table import Table
from ._trap import LinkError
from ._types import FuncType

Extern = Union[Func, Global, Table, Memory]
_EXTERNS = (Func, Global, Table, Memory)


class _HostDef:
    """A host function defined without a store: made as a Func in each store that
    instantiates with it (once per store)."""

    __slots__ = ("ty", "func", "access_caller", "made")

    def __init__(self, ty: FuncType, func: Callable[..., Any], access_caller: bool) -> None:
        self.ty, self.func, self.access_caller = ty, func, access_caller
        self.made: "weakref.WeakKeyDictionary[Store, Func]" = weakref.WeakKeyDictionary()

    def in_store(self, store: Store) -> Func:
        f = self.made.get(store)
        if f is None or f.closed:
            f = self.made[store] = Func(store, self.ty, self.func, access_caller=self.access_caller)
        return f


class Linker:
    """Imports by name:

        linker = Linker(engine)
        linker.define_func("env", "log", FuncType([ValType.i32()], []), print)
        linker.define(store, "env", "memory", memory)
        linker.define_wasi()                       # WASI from the store's WasiConfig
        linker.define_instance(store, "lib", lib)  # every export of an instance
        instance = linker.instantiate(store, module)

    An import nobody defined raises LinkError naming it. Defining a name twice raises
    LinkError unless `allow_shadowing` is set (the later definition then wins)."""

    def __init__(self, engine: Optional[Engine] = None) -> None:
        if engine is None:
            engine = Engine.default()
        if not isinstance(engine, Engine):
            raise TypeError("Linker() needs an Engine, got %s" % type(engine).__name__)
        self.engine = engine
        self.allow_shadowing = False
        self._defs: Dict[Tuple[str, str], Union[Extern, _HostDef]] = {}
        self._wasi = False

    def _put(self, module: str, name: str, item: Union[Extern, _HostDef]) -> None:
        for what, v in (("module", module), ("name", name)):
            if not isinstance(v, str):
                raise TypeError("Linker: the import %s must be a str, got %s" % (what, type(v).__name__))
        if not isinstance(self.allow_shadowing, bool):
            raise TypeError("Linker.allow_shadowing must be a bool")
        if (module, name) in self._defs and not self.allow_shadowing:
            raise LinkError("import (%s, %s) is defined twice (set allow_shadowing to replace it)" % (module, name))
        self._defs[(module, name)] = item

    def define(self, store: Store, module: str, name: str, item: Extern) -> None:
        """Defines (module, name) as item, a Func, Global, Table or Memory of store."""
        if not isinstance(store, Store):
            raise TypeError("Linker.define() needs a Store, got %s" % type(store).__name__)
        if not isinstance(item, _EXTERNS):
            raise TypeError("Linker.define() needs a Func, Global, Table or Memory, got %s" % type(item).__name__)
        item._p()
        if item._store is not store:
            raise ValueError("Linker.define(): the item belongs to another store")
        self._put(module, name, item)

    def define_func(self, module: str, name: str, ty: FuncType, func: Callable[..., Any],
                    access_caller: bool = False) -> None:
        """Defines (module, name) as a host function of type ty, made in each store that
        instantiates with it; with access_caller, func gets a Caller first."""
        if not isinstance(ty, FuncType):
            raise TypeError("Linker.define_func() needs a FuncType, got %s" % type(ty).__name__)
        if not callable(func):
            raise TypeError("Linker.define_func() needs a callable, got %s" % type(func).__name__)
        if not isinstance(access_caller, bool):
            raise TypeError("Linker.define_func(access_caller=) must be a bool")
        self._put(module, name, _HostDef(ty, func, access_caller))

    def define_wasi(self) -> None:
        """Lets instances import WASI (`wasi_snapshot_preview1`) from the library, set up
        by the store's WasiConfig (Store.set_wasi)."""
        self._wasi = True

    def define_instance(self, store: Store, name: str, instance: Instance) -> None:
        """Defines every export of instance under the module name `name`."""
        if not isinstance(instance, Instance):
            raise TypeError("Linker.define_instance() needs an Instance, got %s" % type(instance).__name__)
        for export, item in instance.exports(store).items():
            self.define(store, name, export, item)

    def define_module(self, store: Store, name: str, module: Module) -> Instance:
        """Instantiates module with this linker and defines its exports under `name`."""
        instance = self.instantiate(store, module)
        self.define_instance(store, name, instance)
        return instance

    def get(self, store: Store, module: str, name: str) -> Extern:
        """The item defined as (module, name) (for store, if a host function); LinkError
        if none is."""
        item = self._defs.get((module, name))
        if item is None:
            raise LinkError("import (%s, %s) is not defined in this Linker" % (module, name))
        return item.in_store(store) if isinstance(item, _HostDef) else item

    def instantiate(self, store: Store, module: Module) -> Instance:
        """A new instance of module in store, its imports taken from the definitions."""
        if not isinstance(store, Store):
            raise TypeError("Linker.instantiate() needs a Store, got %s" % type(store).__name__)
        if not isinstance(module, Module):
            raise TypeError("Linker.instantiate() needs a Module, got %s" % type(module).__name__)
        items: List[Optional[Extern]] = []
        for imp in module.imports:
            item = self._defs.get((imp.module, imp.name))
            if item is None:
                if imp.builtin and self._wasi:
                    items.append(None)  # the library's WASI
                    continue
                hint = " (define_wasi() provides WASI)" if imp.builtin else ""
                raise LinkError("import (%s, %s): %s is not defined in this Linker%s"
                                % (imp.module, imp.name, imp.type, hint))
            if isinstance(item, _HostDef):
                items.append(item.in_store(store))
            else:
                if item._store is not store:
                    raise LinkError("import (%s, %s) is defined in another store" % (imp.module, imp.name))
                items.append(item)
        return Instance(store, module, items)

    def __repr__(self) -> str:
        return "<Linker: %d definitions%s>" % (len(self._defs), ", WASI" if self._wasi else "")
