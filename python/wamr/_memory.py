"""Memory: a wasm linear memory, made by the host or exported by an instance, with
copying read/write (as in wasmtime-py) and a zero-copy memoryview."""
from __future__ import annotations

import ctypes as c
from typing import Optional, Union

from . import _lib as L
from ._store import Store, check_store
from ._trap import WasmError
from ._types import MemoryType

PAGE_SIZE = 0x10000
Bytes = Union[bytes, bytearray, memoryview]


class Memory(L.Native):
    """`Memory(store, MemoryType)`. Sizes: `size(store)` in 64 KiB pages,
    `data_len(store)` in bytes. `read(store, start, stop)` copies out (slice semantics),
    `write(store, data, start)` copies in. `buffer(store)` is a writable memoryview of
    the bytes themselves (zero-copy, works with numpy.frombuffer); growing the memory
    may move it, so fetch a new view after `grow` (or after wasm code that grows)."""

    def __init__(self, store: Store, ty: MemoryType) -> None:
        if not isinstance(store, Store):
            raise TypeError("Memory() needs a Store, got %s" % type(store).__name__)
        if not isinstance(ty, MemoryType):
            raise TypeError("Memory() needs a MemoryType, got %s" % type(ty).__name__)
        sp = store._p()
        mt = ty._new()
        try:
            p = L.memory_new(sp, mt)
        finally:
            L.memorytype_delete(mt)
        if not p:
            raise WasmError("wasm_memory_new failed for %s" % ty)
        self._init(store, p)

    @classmethod
    def _wrap(cls, p: int, store: Optional[Store]) -> "Memory":
        m = cls.__new__(cls)
        m._init(store, p)
        return m

    def _init(self, store: Optional[Store], p: int) -> None:
        self._own(p, L.memory_delete)
        self._store = store

    def type(self, store: Store) -> MemoryType:
        """The type (size() gives the current size)."""
        check_store(self, store)
        mt = L.nn(L.memory_type(self._p()), "wasm_memory_type")
        try:
            return MemoryType._from(mt)
        finally:
            L.memorytype_delete(mt)

    def size(self, store: Store) -> int:
        """The size in 64 KiB pages."""
        check_store(self, store)
        return L.memory_size(self._p())

    def data_len(self, store: Store) -> int:
        """The size in bytes."""
        check_store(self, store)
        return L.memory_data_size(self._p())

    def grow(self, store: Store, delta: int) -> int:
        """Grows by delta pages; returns the previous size in pages. WasmError past the
        maximum. Views from buffer()/data_ptr() taken before are stale afterwards."""
        check_store(self, store)
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise TypeError("Memory.grow() delta must be an int, got %s" % type(delta).__name__)
        if not 0 <= delta <= 0xFFFFFFFF:
            raise ValueError("Memory.grow(): delta %d out of range" % delta)
        p = self._p()
        old = L.memory_size(p)
        if not L.memory_grow(p, delta):
            raise WasmError("Memory.grow(): cannot grow by %d pages from %d" % (delta, old))
        return old

    def data_ptr(self, store: Store) -> "c._Pointer[c.c_ubyte]":
        """A ctypes pointer to the first byte (NULL for an empty memory); stale after growth."""
        check_store(self, store)
        return c.cast(c.c_void_p(L.memory_data(self._p())), c.POINTER(c.c_ubyte))

    def buffer(self, store: Store) -> memoryview:
        """A writable, zero-copy memoryview (format "B") of the whole memory, valid until
        the memory grows: take a new one then. numpy: `numpy.frombuffer(view, dtype)`."""
        check_store(self, store)
        p = self._p()
        n = L.memory_data_size(p)
        data = L.memory_data(p)
        if not n or not data:
            return memoryview(bytearray()).toreadonly()
        return memoryview((c.c_ubyte * n).from_address(data)).cast("B")

    def _span(self, store: Store, start: Optional[int], stop: Optional[int]) -> "tuple[int, int, int]":
        check_store(self, store)
        for name, v in (("start", start), ("stop", stop)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
                raise TypeError("Memory: %s must be an int or None, got %s" % (name, type(v).__name__))
        p = self._p()
        n = L.memory_data_size(p)
        lo, hi, _ = slice(start, stop).indices(n)
        return lo, max(lo, hi), n

    def read(self, store: Store, start: Optional[int] = 0, stop: Optional[int] = None) -> bytearray:
        """A copy of memory[start:stop] (list slicing rules: negative indices count from
        the end, out-of-range bounds are clamped)."""
        lo, hi, _ = self._span(store, start, stop)
        if hi == lo:
            return bytearray()
        data = L.nn(L.memory_data(self._p()), "wasm_memory_data")
        # One copy straight from the memory (bytearray(bytes) of a large bytes is slow).
        return bytearray((c.c_char * (hi - lo)).from_address(data + lo))

    def write(self, store: Store, value: Bytes, start: Optional[int] = None) -> int:
        """Copies value into the memory at start (0 when None; negative counts from the
        end); returns the number of bytes written. IndexError if it does not fit."""
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError("Memory.write() needs bytes, got %s" % type(value).__name__)
        check_store(self, store)
        if start is not None and (isinstance(start, bool) or not isinstance(start, int)):
            raise TypeError("Memory.write(): start must be an int or None, got %s" % type(start).__name__)
        raw = bytes(value)
        p = self._p()
        n = L.memory_data_size(p)
        pos = 0 if start is None else start
        if pos < 0:
            pos += n
        if pos < 0 or pos + len(raw) > n:
            raise IndexError("Memory.write(): %d bytes at %s do not fit in %d bytes"
                             % (len(raw), start, n))
        if raw:
            c.memmove(L.nn(L.memory_data(p), "wasm_memory_data") + pos, raw, len(raw))
        return len(raw)

    def _extern(self) -> int:
        return L.memory_as_extern(self._p())

    def __repr__(self) -> str:
        return "<Memory%s>" % (" closed" if self._ptr is None else "")
