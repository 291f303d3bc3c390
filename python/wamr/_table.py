"""Table: a wasm table of references, made by the host or exported by an instance."""
from __future__ import annotations

import ctypes as c
from typing import Any, Optional

from . import _lib as L
from . import _values as V
from ._store import Store, check_store
from ._trap import WasmError
from ._types import TableType


class Table(L.Native):
    """`Table(store, TableType, init)`: init (a Func or None for funcref, any object
    or None for externref) fills the initial elements. `get`/`set` an element,
    `grow` (returns the previous size), `size`."""

    def __init__(self, store: Store, ty: TableType, init: Any = None) -> None:
        if not isinstance(store, Store):
            raise TypeError("Table() needs a Store, got %s" % type(store).__name__)
        if not isinstance(ty, TableType):
            raise TypeError("Table() needs a TableType, got %s" % type(ty).__name__)
        owned = V.Owned()
        val = L.Val()
        with store._use() as sp:
            try:
                V.write_val(val, ty.element.kind, init, store, "Table() init", owned)
                ref = c.cast(val.of.ref, c.c_void_p).value
                tt = ty._new()
                try:
                    p = L.table_new(sp, tt, ref)
                finally:
                    L.tabletype_delete(tt)
            finally:
                owned.release()
        if not p:
            raise WasmError("wasm_table_new failed for %s" % ty)
        self._init(store, p)

    @classmethod
    def _wrap(cls, p: int, store: Optional[Store]) -> "Table":
        t = cls.__new__(cls)
        t._init(store, p)
        return t

    def _init(self, store: Optional[Store], p: int) -> None:
        self._own(p, L.table_delete)
        self._store = store
        tt = L.nn(L.table_type(p), "wasm_table_type")
        try:
            self._element = TableType._from(tt).element
        finally:
            L.tabletype_delete(tt)

    def type(self, store: Store) -> TableType:
        """The type (size() gives the current size)."""
        check_store(self, store)
        with self._use() as p:
            tt = L.nn(L.table_type(p), "wasm_table_type")
        try:
            return TableType._from(tt)
        finally:
            L.tabletype_delete(tt)

    def size(self, store: Store) -> int:
        check_store(self, store)
        with self._use() as p:
            return L.table_size(p)

    def _index(self, idx: Any, who: str) -> int:
        if isinstance(idx, bool) or not isinstance(idx, int):
            raise TypeError("Table.%s() index must be an int, got %s" % (who, type(idx).__name__))
        if not 0 <= idx <= 0xFFFFFFFF:
            raise IndexError("Table.%s(): index %d out of range" % (who, idx))
        return idx

    def get(self, store: Store, idx: int) -> Any:
        """The element at idx (a Func, an object, or None); IndexError past the end."""
        check_store(self, store)
        idx = self._index(idx, "get")
        with self._use() as p:
            size = L.table_size(p)
            if idx >= size:
                raise IndexError("Table.get(): index %d out of range (size %d)" % (idx, size))
            ref = L.table_get(p, idx)
        return V.ref_to_py(ref, self._element.kind, True, self._store)

    def set(self, store: Store, idx: int, value: Any) -> None:
        check_store(self, store)
        idx = self._index(idx, "set")
        owned = V.Owned()
        with store._use(), self._use() as p:
            try:
                ref = self._ref_for(value, store, "Table.set() value", owned)
                size = L.table_size(p)
                if idx >= size:
                    raise IndexError("Table.set(): index %d out of range (size %d)" % (idx, size))
                if not L.table_set(p, idx, ref):
                    raise WasmError("wasm_table_set failed")
            finally:
                owned.release()

    def grow(self, store: Store, delta: int, init: Any = None) -> int:
        """Adds delta elements set to init; returns the previous size. WasmError past
        the maximum."""
        check_store(self, store)
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise TypeError("Table.grow() delta must be an int, got %s" % type(delta).__name__)
        if not 0 <= delta <= 0xFFFFFFFF:
            raise ValueError("Table.grow(): delta %d out of range" % delta)
        owned = V.Owned()
        with store._use(), self._use() as p:
            try:
                ref = self._ref_for(init, store, "Table.grow() init", owned)
                old = L.table_size(p)
                if not L.table_grow(p, delta, ref):
                    raise WasmError("Table.grow(): cannot grow by %d from %d elements" % (delta, old))
            finally:
                owned.release()
        return old

    def _ref_for(self, value: Any, store: Store, who: str, owned: V.Owned) -> Optional[int]:
        val = L.Val()
        V.write_val(val, self._element.kind, value, store, who, owned)
        return c.cast(val.of.ref, c.c_void_p).value

    def _extern(self) -> int:
        return L.table_as_extern(self._p())

    def __repr__(self) -> str:
        return "<Table %s%s>" % (self._element, " closed" if self._ptr is None else "")
