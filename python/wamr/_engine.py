"""Engine: the process-wide wasm engine (the library shares one; each Engine holds a
reference to it)."""
from __future__ import annotations

from typing import Optional

from . import _lib as L
from ._trap import WasmError


class Engine(L.Native):
    """`Engine()`: compiles modules and creates stores. Close it (or use `with`) when
    done; stores and modules made from it keep working after it is closed."""

    def __init__(self) -> None:
        p = L.engine_new()
        if not p:
            raise WasmError("wasm_engine_new failed")
        self._own(p, L.engine_delete)
        self._store: Optional[int] = None

    def _compile_store(self) -> int:
        """A private store of this engine, for compiling and validating modules."""
        p = self._p()
        if self._store is None:
            s = L.store_new(p)
            if not s:
                raise WasmError("wasm_store_new failed")
            self._store = s
        return self._store

    def _release(self) -> None:
        s, self._store = self._store, None
        if s:
            L.store_delete(s)

    def __repr__(self) -> str:
        return "<Engine%s>" % (" closed" if self._ptr is None else "")
