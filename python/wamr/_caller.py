"""Caller: what a host function made with `access_caller=True` gets as its first
argument: the exports of the instance whose wasm called it (wasmtime-py's Caller)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

from . import _lib as L

if TYPE_CHECKING:
    from ._func import Func
    from ._global import Global
    from ._memory import Memory
    from ._store import Store
    from ._table import Table

    Extern = Union[Func, Global, Table, Memory]


class Caller:
    """The calling instance's exports, during one host call:

        def log(caller, ptr, length):
            data = caller["memory"].read(store, ptr, ptr + length)

    `caller[name]` (KeyError if the instance has no such export), `caller.get(name)`
    (None then). Valid only while the host function runs: using it afterwards raises
    ValueError. The objects it gives are ordinary exports and stay usable. Inside a
    call nested in this one, it reaches the innermost calling instance.
    Needs this project's libiwasm (WAMR's has no caller: NotImplementedError)."""

    __slots__ = ("_store", "_live")

    def __init__(self, store: "Store") -> None:
        self._store = store
        self._live = True

    def _done(self) -> None:
        self._live = False

    def get(self, name: str) -> Optional["Extern"]:
        """The calling instance's export `name`, or None."""
        if not isinstance(name, str):
            raise TypeError("Caller export names are str, got %s" % type(name).__name__)
        if not self._live:
            raise ValueError("this Caller is used after its host function returned")
        from ._instance import _wrap_extern
        p = L.caller_export(self._store._p(), name.encode("utf-8"))
        if not p:
            return None
        try:
            return _wrap_extern(p, self._store, name)
        finally:
            L.extern_delete(p)

    def __getitem__(self, name: str) -> "Extern":
        item = self.get(name)
        if item is None:
            raise KeyError("the calling instance has no export named %r" % name)
        return item

    def __contains__(self, name: Any) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __repr__(self) -> str:
        return "<Caller%s>" % ("" if self._live else " (returned)")
