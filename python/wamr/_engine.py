"""Engine: the process-wide wasm engine (the library shares one; each Engine holds a
reference to it)."""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator, Optional

from . import _lib as L
from ._trap import WasmError


class Engine(L.Native):
    """`Engine()`: compiles modules and creates stores. Close it (or use `with`) when
    done; stores and modules made from it keep working after it is closed."""

    def __init__(self) -> None:
        self._lock = threading.RLock()  # the private store is not freed while a compile uses it
        self._store: Optional[int] = None
        p = L.engine_new()
        if not p:
            raise WasmError("wasm_engine_new failed")
        self._own(p, L.engine_delete)

    def _compile_store(self) -> int:
        """A private store of this engine, for compiling and validating modules."""
        p = self._p()
        if self._store is None:
            s = L.store_new(p)
            if not s:
                raise WasmError("wasm_store_new failed")
            self._store = s
        return self._store

    @contextlib.contextmanager
    def _compiling(self) -> Iterator[int]:
        """The private store, kept while the block runs (a close() from another thread
        waits for it)."""
        with self._lock:
            yield self._compile_store()

    def _release(self) -> None:
        with self._lock:
            s, self._store = self._store, None
        if s:
            L.store_delete(s)

    def __repr__(self) -> str:
        return "<Engine%s>" % (" closed" if self._ptr is None else "")

    @classmethod
    def default(cls) -> "Engine":
        """The engine `Store()` uses when given none: made on first use, kept for the
        life of the process (closing it is refused)."""
        global _default
        with _default_lock:
            if _default is None:
                engine = cls()
                engine.close = _refuse_close  # type: ignore[method-assign]
                _default = engine
            return _default


def _refuse_close() -> None:
    raise ValueError("the default Engine stays open for the life of the process")


_default: Optional[Engine] = None
_default_lock = threading.Lock()
