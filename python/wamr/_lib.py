"""Private: the library functions the object layer calls, with flat prototypes.

The object layer keeps native pointers as plain ints and calls the C functions through
flat handles (every pointer argument is a `c_void_p`), separate from the typed wrappers
of `wamr.wasmcapi.binding`, so a call converts nothing it does not need to. Those
prototypes are generated from the header into `wamr.wasmcapi.flat` (bindgen/bindgen.py:
its naming rule, which functions release the GIL, the typed exceptions) and re-exported
here; a function the loaded library lacks raises NotImplementedError when called. Also
here, hand-written: the base class of every object that owns native memory, and small
helpers for vecs and names.
"""
from __future__ import annotations

import contextlib
import ctypes as c
import os
import tempfile
import threading
from typing import Any, Callable, Iterator, List, Optional, TypeVar

from .wasmcapi import ffi
# Every function of the header under its flat name (wasm_engine_new is engine_new), the
# callback types CALLBACK_WITH_ENV and FINALIZER, P (c_void_p) and the annotations PtrFn,
# IntFn, BoolFn, VoidFn, ...
from .wasmcapi.flat import *  # noqa: F401,F403


# The object layer's names for a function other than the flat one of that name.
# The _const forms: a plain cast, no handle to give back (see capi/src/handles.rs).
externtype_as_functype = externtype_as_functype_const  # noqa: F405
externtype_as_globaltype = externtype_as_globaltype_const  # noqa: F405
externtype_as_tabletype = externtype_as_tabletype_const  # noqa: F405
externtype_as_memorytype = externtype_as_memorytype_const  # noqa: F405
func_as_ref = func_as_ref_const  # noqa: F405
# Reads host globals no instance imported yet too (wasm_global_get leaves them, as WAMR).
global_get = global_value  # noqa: F405
set_wasi_args_ex = runtime_set_wasi_args_ex  # noqa: F405


def immortal(obj: Any) -> Any:
    """Keeps obj alive for the life of the process. For the C callback thunks: the
    library may call a finalizer while the interpreter tears modules down (a store
    freed by a late __del__), and a thunk freed by then would be a jump into freed
    memory."""
    c.pythonapi.Py_IncRef(c.py_object(obj))
    return obj


# the C structs the object layer fills (same classes as the binding's)
ByteVec = ffi.wasm_byte_vec_t
Val = ffi.wasm_val_t
ValVec = ffi.wasm_val_vec_t
ExternVec = ffi.wasm_extern_vec_t
ImportTypeVec = ffi.wasm_importtype_vec_t
ExportTypeVec = ffi.wasm_exporttype_vec_t
FrameVec = ffi.wasm_frame_vec_t
ValTypeVec = ffi.wasm_valtype_vec_t
Limits = ffi.wasm_limits_t

VAL_SIZE = c.sizeof(Val)
LIMITS_MAX_DEFAULT = 0xFFFFFFFF


def nn(p: Optional[int], what: str) -> int:
    """p, or MemoryError when the library returned NULL (an allocation failed)."""
    if not p:
        raise MemoryError("%s failed" % what)
    return p


def addr(obj: Any) -> int:
    """The address of a ctypes object."""
    return c.addressof(obj)


def vec_items(vec_addr: Optional[int]) -> List[int]:
    """The element pointers of a vec of pointers at `vec_addr` (NULL elements as 0)."""
    if not vec_addr:
        return []
    size = c.c_size_t.from_address(vec_addr).value
    data = c.c_void_p.from_address(vec_addr + 8).value
    if not size or not data:
        return []
    return [p or 0 for p in (c.c_void_p * size).from_address(data)]


def name_at(vec_addr: Optional[int]) -> str:
    """The text of a name (a byte vec) the library handed out, without its trailing NUL."""
    if not vec_addr:
        return ""
    size = c.c_size_t.from_address(vec_addr).value
    data = c.c_void_p.from_address(vec_addr + 8).value
    if not size or not data:
        return ""
    raw = c.string_at(data, size)
    if raw.endswith(b"\0"):
        raw = raw[:-1]
    return raw.decode("utf-8", "replace")


def byte_vec_bytes(vec: Any) -> bytes:
    return c.string_at(vec.data, vec.size) if vec.size and vec.data else b""


def new_byte_vec(data: bytes) -> Any:
    """A library-owned byte vec holding data (free with byte_vec_delete)."""
    vec = ByteVec()
    byte_vec_new(c.byref(vec), len(data), data)
    if len(data) and not vec.data:
        raise MemoryError("cannot allocate %d bytes" % len(data))
    return vec


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def captured_stderr() -> Iterator[List[str]]:
    """Catches what the library prints on fd 2 while the block runs (its reasons for a
    module it refuses); yields a list that receives the text afterwards."""
    out: List[str] = []
    with _STDERR_LOCK:
        try:
            saved = os.dup(2)
        except OSError:  # no fd 2 at all: nothing to catch
            yield out
            return
        tmp = tempfile.TemporaryFile()
        try:
            os.dup2(tmp.fileno(), 2)
            try:
                yield out
            finally:
                os.dup2(saved, 2)
            tmp.seek(0)
            out.append(tmp.read().decode("utf-8", "replace"))
        finally:
            os.close(saved)
            tmp.close()


class _Use:
    """`with obj._use() as p:` the native pointer of obj, not freed (by a close() in
    another thread) until the block ends. Lock-free: each step is one operation the
    GIL makes atomic (list append/pop, dict pop)."""

    __slots__ = ("_obj", "_users")

    def __init__(self, obj: "Native", users: List[None]) -> None:
        self._obj = obj
        self._users = users  # the object's: one entry per block using it

    def __enter__(self) -> int:
        self._users.append(None)
        p = self._obj._ptr
        if p is None:
            self.__exit__()
            self._obj._p()  # raises
        assert p is not None
        return p

    def __exit__(self, *exc: Any) -> None:
        users = self._users
        users.pop()
        if not users:
            p = self._obj.__dict__.pop("_orphan", None)
            if p is not None:
                self._obj._free(p)


# `with Engine() as e:` types e as an Engine (typing.Self needs Python 3.11; the package
# supports 3.8).
_NativeT = TypeVar("_NativeT", bound="Native")


class Native:
    """Base of every object that owns native memory: `close()` frees it once, `with`
    closes on exit, `__del__` closes what was not closed, use after close raises
    ValueError.

    Threads: a method holds the pointer with `with self._use() as p:` while it uses
    it; a close() meanwhile (from another thread, or from a host function the method
    runs) closes the object at once (later uses raise ValueError) and leaves the
    freeing to the last block still using it."""

    _ptr: Optional[int] = None
    _delete: Optional[Callable[[int], None]] = None
    _users: Optional[List[None]] = None

    def _own(self, ptr: int, delete: Callable[[int], None]) -> None:
        self._delete = delete
        self._users = []
        self._ptr = ptr

    @property
    def closed(self) -> bool:
        """True once close() ran."""
        return self._ptr is None

    def _p(self) -> int:
        """The native pointer; ValueError once closed."""
        p = self._ptr
        if p is None:
            raise ValueError("this %s is closed" % type(self).__name__)
        return p

    def _use(self) -> _Use:
        """`with self._use() as p:` the pointer, safe from a close() until the block
        ends; ValueError once closed."""
        users = self._users
        if users is None or self._ptr is None:
            self._p()  # raises
        assert users is not None
        return _Use(self, users)

    def close(self) -> None:
        """Frees the native object (idempotent)."""
        p = self.__dict__.pop("_ptr", None)  # (atomic: two closes cannot both get it)
        if p is None:
            return
        users = self._users
        if users:  # in use: the last use frees it
            self._orphan = p
            if users:
                return
            p = self.__dict__.pop("_orphan", None)
            if p is None:
                return  # the last use took it meanwhile
        self._free(p)

    def _free(self, p: int) -> None:
        self._release()
        if self._delete is not None:
            self._delete(p)

    def _release(self) -> None:
        """Hook: drop what depends on the native object, before it is freed."""

    def __enter__(self: _NativeT) -> _NativeT:
        self._p()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001  (interpreter shutdown: modules may be gone)
            pass
