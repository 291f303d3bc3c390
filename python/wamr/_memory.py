"""Memory: a wasm linear memory, made by the host or exported by an instance, with
copying read/write (as in wasmtime-py) and a zero-copy memoryview."""
from __future__ import annotations

import ctypes as c
import weakref
from typing import Any, Optional, Union

from . import _lib as L
from ._store import Store, check_store
from ._trap import WasmError
from ._types import MemoryType

PAGE_SIZE = 0x10000
Bytes = Union[bytes, bytearray, memoryview]


class _Pin:
    """An own handle of a memory, held by a view of it (a buffer() memoryview's ctypes
    array, a data_ptr() pointer): the native memory, and its store, stay alive as long
    as the view, whatever happens to the Memory object or the Store."""

    __slots__ = ("_ptr", "base", "__weakref__")

    def __init__(self, p: int, base: int) -> None:
        self._ptr: Optional[int] = L.nn(L.memory_copy(p), "wasm_memory_copy")
        self.base = base  # the address of the bytes viewed (0: not a buffer() view)

    def __del__(self, _delete: Any = L.memory_delete) -> None:
        p, self._ptr = self._ptr, None
        if p:
            _delete(p)


_PINS: "weakref.WeakSet[_Pin]" = weakref.WeakSet()  # the live buffer() views


def _views_of(base: Optional[int]) -> int:
    """How many live buffer() views show the bytes at `base` (the memory's data)."""
    if not base:
        return 0
    return sum(1 for pin in list(_PINS) if pin.base == base)


class Memory(L.Native):
    """`Memory(store, MemoryType)`. Sizes: `size(store)` in 64 KiB pages,
    `data_len(store)` in bytes. `read(store, start, stop)` copies out (slice semantics),
    `write(store, data, start)` copies in. `buffer(store)` is a writable memoryview of
    the bytes themselves (zero-copy, works with numpy.frombuffer). A view keeps the
    memory alive (closing the Memory or its Store leaves it valid); `grow` raises
    BufferError while views of the memory exist, as growing may move the bytes.
    Wasm code that grows the memory (memory.grow) cannot be stopped that way: views
    taken before such a call are stale (they point at freed bytes), so take a new view
    after any call that may grow the memory."""

    def __init__(self, store: Store, ty: MemoryType) -> None:
        if not isinstance(store, Store):
            raise TypeError("Memory() needs a Store, got %s" % type(store).__name__)
        if not isinstance(ty, MemoryType):
            raise TypeError("Memory() needs a MemoryType, got %s" % type(ty).__name__)
        mt = ty._new()
        try:
            with store._use() as sp:
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
        with self._use() as p:
            mt = L.nn(L.memory_type(p), "wasm_memory_type")
        try:
            return MemoryType._from(mt)
        finally:
            L.memorytype_delete(mt)

    def size(self, store: Store) -> int:
        """The size in 64 KiB pages."""
        check_store(self, store)
        with self._use() as p:
            return L.memory_size(p)

    def data_len(self, store: Store) -> int:
        """The size in bytes."""
        check_store(self, store)
        with self._use() as p:
            return L.memory_data_size(p)

    def grow(self, store: Store, delta: int) -> int:
        """Grows by delta pages; returns the previous size in pages. WasmError past the
        maximum. The bytes stay where they are (buffer() views and data_ptr() pointers
        taken before stay valid, covering the size they were taken at), except in the
        rare case that the memory could not reserve its address space: growing then
        raises BufferError while buffer() views exist (release them first)."""
        check_store(self, store)
        if isinstance(delta, bool) or not isinstance(delta, int):
            raise TypeError("Memory.grow() delta must be an int, got %s" % type(delta).__name__)
        if not 0 <= delta <= 0xFFFFFFFF:
            raise ValueError("Memory.grow(): delta %d out of range" % delta)
        with self._use() as p:
            old = L.memory_size(p)
            if delta:
                mt = L.nn(L.memory_type(p), "wasm_memory_type")
                try:
                    limit = L.Limits.from_address(L.memorytype_limits(mt)).max
                finally:
                    L.memorytype_delete(mt)
                if old + delta > limit:  # (no maximum: 0xFFFFFFFF; the library knows the real bound)
                    raise WasmError("Memory.grow(): cannot grow by %d pages from %d" % (delta, old))
                views = _views_of(L.memory_data(p))
                if views and (old + delta) * 65536 > L.memory_fixed_base_bytes(p):
                    raise BufferError("Memory.grow(): buffer() views of this memory are alive (%d); growing "
                                      "may move the bytes: release them first (view.release() or del)" % views)
            if not L.memory_grow(p, delta):
                raise WasmError("Memory.grow(): cannot grow by %d pages from %d" % (delta, old))
            return old

    def data_ptr(self, store: Store) -> "c._Pointer[c.c_ubyte]":
        """A ctypes pointer to the first byte (NULL for an empty memory); it keeps the
        memory alive, and stays valid when the memory grows (see grow())."""
        check_store(self, store)
        with self._use() as p:
            ptr = c.cast(c.c_void_p(L.memory_data(p)), c.POINTER(c.c_ubyte))
            setattr(ptr, "_wamr_pin", _Pin(p, 0))
        return ptr

    def buffer(self, store: Store) -> memoryview:
        """A writable, zero-copy memoryview (format "B") of the whole memory. It keeps
        the memory alive (it stays valid after close() of this Memory or its Store) and
        stays valid when the memory grows, from wasm or from grow(): the bytes do not
        move (it covers the size it was taken at; take a new one to see more).
        numpy: `numpy.frombuffer(view, dtype)`."""
        check_store(self, store)
        with self._use() as p:
            n = L.memory_data_size(p)
            data = L.memory_data(p)
            if not n or not data:
                return memoryview(bytearray()).toreadonly()
            pin = _Pin(p, data)
        arr = (c.c_ubyte * n).from_address(data)
        setattr(arr, "_wamr_pin", pin)  # lives exactly as long as the exported buffer
        _PINS.add(pin)
        return memoryview(arr).cast("B")

    def read(self, store: Store, start: Optional[int] = 0, stop: Optional[int] = None) -> bytearray:
        """A copy of memory[start:stop] (list slicing rules: negative indices count from
        the end, out-of-range bounds are clamped)."""
        check_store(self, store)
        for name, v in (("start", start), ("stop", stop)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int)):
                raise TypeError("Memory: %s must be an int or None, got %s" % (name, type(v).__name__))
        with self._use() as p:
            lo, hi, _ = slice(start, stop).indices(L.memory_data_size(p))
            if hi <= lo:
                return bytearray()
            data = L.nn(L.memory_data(p), "wasm_memory_data")
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
        with self._use() as p:
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
