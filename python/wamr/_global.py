"""Global: a wasm global variable, made by the host or exported by an instance."""
from __future__ import annotations

import ctypes as c
from typing import Any, Optional

from . import _lib as L
from . import _values as V
from ._store import Store, check_store
from ._trap import WasmError
from ._types import GlobalType


class Global(L.Native):
    """`Global(store, GlobalType, value)`; `value(store)` reads it, `set_value(store, v)`
    writes it (TypeError for an immutable global or a value of the wrong type)."""

    def __init__(self, store: Store, ty: GlobalType, value: Any) -> None:
        if not isinstance(store, Store):
            raise TypeError("Global() needs a Store, got %s" % type(store).__name__)
        if not isinstance(ty, GlobalType):
            raise TypeError("Global() needs a GlobalType, got %s" % type(ty).__name__)
        val = L.Val()
        owned = V.Owned()
        with store._use() as sp:
            try:
                V.write_val(val, ty.content.kind, value, store, "Global() value", owned)
                gt = ty._new()
                try:
                    p = L.global_new(sp, gt, c.byref(val))
                finally:
                    L.globaltype_delete(gt)
            finally:
                owned.release()
        if not p:
            raise WasmError("wasm_global_new failed for %s" % ty)
        self._init(store, p, ty)

    @classmethod
    def _wrap(cls, p: int, store: Optional[Store]) -> "Global":
        gt = L.nn(L.global_type(p), "wasm_global_type")
        try:
            ty = GlobalType._from(gt)
        finally:
            L.globaltype_delete(gt)
        g = cls.__new__(cls)
        g._init(store, p, ty)
        return g

    def _init(self, store: Optional[Store], p: int, ty: GlobalType) -> None:
        self._own(p, L.global_delete)
        self._store = store
        self._ty = ty

    def type(self, store: Store) -> GlobalType:
        check_store(self, store)
        return self._ty

    def value(self, store: Store) -> Any:
        check_store(self, store)
        val = L.Val()
        with self._use() as p:
            L.global_get(p, c.byref(val))
        return V.read_val(val, self._ty.content.kind, True, self._store)

    def set_value(self, store: Store, value: Any) -> None:
        check_store(self, store)
        if not self._ty.mutable:
            raise TypeError("cannot set an immutable global %s" % self._ty)
        val = L.Val()
        owned = V.Owned()
        with store._use(), self._use() as p:
            try:
                V.write_val(val, self._ty.content.kind, value, store, "Global.set_value()", owned)
                L.global_set(p, c.byref(val))
            finally:
                owned.release()

    def _extern(self) -> int:
        return L.global_as_extern(self._p())

    def __repr__(self) -> str:
        return "<Global %s%s>" % (self._ty, " closed" if self._ptr is None else "")
