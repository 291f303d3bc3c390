"""Store: the home of instances, functions, globals, tables and memories."""
from __future__ import annotations

from typing import Any

from . import _lib as L
from ._engine import Engine
from ._trap import WasmError


class Store(L.Native):
    """`Store(engine)`. Objects made in a store keep its native part alive, so closing
    the Store only ends its use from Python: calls that pass a closed store raise
    ValueError."""

    def __init__(self, engine: Engine) -> None:
        if not isinstance(engine, Engine):
            raise TypeError("Store() needs an Engine, got %s" % type(engine).__name__)
        p = L.store_new(engine._p())
        if not p:
            raise WasmError("wasm_store_new failed")
        self._own(p, L.store_delete)
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine

    def __repr__(self) -> str:
        return "<Store%s>" % (" closed" if self._ptr is None else "")


def check_store(obj: Any, store: Any) -> None:
    """Raises unless obj is open and `store` is the open Store obj belongs to."""
    obj._p()
    if not isinstance(store, Store):
        raise TypeError("%s: expected a Store, got %s" % (type(obj).__name__, type(store).__name__))
    store._p()
    if store is not obj._store:
        raise ValueError("this %s belongs to another store" % type(obj).__name__)
