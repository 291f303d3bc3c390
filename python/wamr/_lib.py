"""Private: the library functions the object layer calls, with flat prototypes.

The object layer keeps native pointers as plain ints and calls the C functions through
these handles (every pointer argument is a `c_void_p`), separate from the typed wrappers
of `wamr.wasmcapi.binding`, so a call converts nothing it does not need to. Also here:
the base class of every object that owns native memory, and small helpers for vecs and
names.
"""
from __future__ import annotations

import contextlib
import ctypes as c
import os
import tempfile
import threading
from typing import Any, Callable, Iterator, List, Optional

from .wasmcapi import ffi

_dll = ffi.libiwasm
# The same library, called without releasing the GIL: a call that only reads or changes
# an object (a memory's size, a global's value, a delete, ...) then cannot overlap a
# close() of that object by another Python thread, which would free it under the call.
# Only what runs wasm code or may take long (calls, instantiation, compilation) lets
# other threads run meanwhile (see _released).
_dll_gil = c.PyDLL(ffi.LIBRARY_PATH, handle=_dll._handle)
P = c.c_void_p
_size = c.c_size_t
_bool = c.c_bool
_u8 = c.c_uint8
_u32 = c.c_uint32

# The callback types, as the binding declares them (ctypes caches CFUNCTYPE classes,
# so these are the very classes the prototypes below check).
CALLBACK_WITH_ENV = c.CFUNCTYPE(c.c_void_p, c.c_void_p, c.c_void_p, c.c_void_p)
FINALIZER = c.CFUNCTYPE(None, c.c_void_p)


def immortal(obj: Any) -> Any:
    """Keeps obj alive for the life of the process. For the C callback thunks: the
    library may call a finalizer while the interpreter tears modules down (a store
    freed by a late __del__), and a thunk freed by then would be a jump into freed
    memory."""
    c.pythonapi.Py_IncRef(c.py_object(obj))
    return obj


PtrFn = Callable[..., Optional[int]]  # a pointer, None for NULL
IntFn = Callable[..., int]  # a number, or a pointer never NULL for valid arguments (views into objects)
BoolFn = Callable[..., bool]
VoidFn = Callable[..., None]


def _missing(name: str) -> Callable[..., Any]:
    def fn(*args: Any) -> Any:
        raise NotImplementedError("%s is not exported by %s" % (name, ffi.LIBRARY_PATH))
    return fn


def _fn(name: str, restype: Any, *argtypes: Any, release_gil: bool = False) -> Any:
    try:
        # a new function object: the binding's prototypes stay untouched
        f = (_dll if release_gil else _dll_gil)[name]
    except AttributeError:
        return _missing(name)
    f.restype = restype
    f.argtypes = argtypes
    return f


def _released(name: str, restype: Any, *argtypes: Any) -> Any:
    """A function that releases the GIL while it runs (it runs wasm code, which may call
    back into Python, or may take long): its arguments must stay valid by other means."""
    return _fn(name, restype, *argtypes, release_gil=True)


engine_new: PtrFn = _fn("wasm_engine_new", P)
engine_delete: VoidFn = _fn("wasm_engine_delete", None, P)
store_new: PtrFn = _fn("wasm_store_new", P, P)
store_delete: VoidFn = _fn("wasm_store_delete", None, P)

byte_vec_new: VoidFn = _fn("wasm_byte_vec_new", None, P, _size, P)
byte_vec_delete: VoidFn = _fn("wasm_byte_vec_delete", None, P)
wat_to_wasm: BoolFn = _released("wamr_wat_to_wasm", _bool, P, P)

module_new: PtrFn = _released("wasm_module_new", P, P, P)
module_delete: VoidFn = _fn("wasm_module_delete", None, P)
module_validate: BoolFn = _released("wasm_module_validate", _bool, P, P)
module_imports: VoidFn = _fn("wasm_module_imports", None, P, P)
module_exports: VoidFn = _fn("wasm_module_exports", None, P, P)
module_serialize: VoidFn = _fn("wasm_module_serialize", None, P, P)
module_deserialize: PtrFn = _released("wasm_module_deserialize", P, P, P)
module_set_name: BoolFn = _fn("wasm_module_set_name", _bool, P, c.c_char_p)
module_get_name: Callable[..., Optional[bytes]] = _fn("wasm_module_get_name", c.c_char_p, P)
importtype_vec_delete: VoidFn = _fn("wasm_importtype_vec_delete", None, P)
exporttype_vec_delete: VoidFn = _fn("wasm_exporttype_vec_delete", None, P)
importtype_module: IntFn = _fn("wasm_importtype_module", P, P)
importtype_name: IntFn = _fn("wasm_importtype_name", P, P)
importtype_type: IntFn = _fn("wasm_importtype_type", P, P)
importtype_is_linked: BoolFn = _fn("wasm_importtype_is_linked", _bool, P)
exporttype_name: IntFn = _fn("wasm_exporttype_name", P, P)
exporttype_type: IntFn = _fn("wasm_exporttype_type", P, P)

externtype_kind: IntFn = _fn("wasm_externtype_kind", _u8, P)
externtype_as_functype: IntFn = _fn("wasm_externtype_as_functype_const", P, P)
externtype_as_globaltype: IntFn = _fn("wasm_externtype_as_globaltype_const", P, P)
externtype_as_tabletype: IntFn = _fn("wasm_externtype_as_tabletype_const", P, P)
externtype_as_memorytype: IntFn = _fn("wasm_externtype_as_memorytype_const", P, P)
externtype_delete: VoidFn = _fn("wasm_externtype_delete", None, P)
valtype_new: PtrFn = _fn("wasm_valtype_new", P, _u8)
valtype_kind: IntFn = _fn("wasm_valtype_kind", _u8, P)
valtype_delete: VoidFn = _fn("wasm_valtype_delete", None, P)
valtype_vec_new: VoidFn = _fn("wasm_valtype_vec_new", None, P, _size, P)
functype_new: PtrFn = _fn("wasm_functype_new", P, P, P)
functype_delete: VoidFn = _fn("wasm_functype_delete", None, P)
functype_params: IntFn = _fn("wasm_functype_params", P, P)
functype_results: IntFn = _fn("wasm_functype_results", P, P)
globaltype_new: PtrFn = _fn("wasm_globaltype_new", P, P, _u8)
globaltype_delete: VoidFn = _fn("wasm_globaltype_delete", None, P)
globaltype_content: IntFn = _fn("wasm_globaltype_content", P, P)
globaltype_mutability: IntFn = _fn("wasm_globaltype_mutability", _u8, P)
tabletype_new: PtrFn = _fn("wasm_tabletype_new", P, P, P)
tabletype_delete: VoidFn = _fn("wasm_tabletype_delete", None, P)
tabletype_element: IntFn = _fn("wasm_tabletype_element", P, P)
tabletype_limits: IntFn = _fn("wasm_tabletype_limits", P, P)
memorytype_new: PtrFn = _fn("wasm_memorytype_new", P, P)
memorytype_delete: VoidFn = _fn("wasm_memorytype_delete", None, P)
memorytype_limits: IntFn = _fn("wasm_memorytype_limits", P, P)

instance_new: PtrFn = _released("wasm_instance_new", P, P, P, P, P)
instance_new_with_args: PtrFn = _released("wasm_instance_new_with_args", P, P, P, P, P, _u32, _u32)
instance_delete: VoidFn = _fn("wasm_instance_delete", None, P)
instance_exports: VoidFn = _fn("wasm_instance_exports", None, P, P)
extern_vec_delete: VoidFn = _fn("wasm_extern_vec_delete", None, P)
extern_kind: IntFn = _fn("wasm_extern_kind", _u8, P)
extern_delete: VoidFn = _fn("wasm_extern_delete", None, P)
extern_copy: PtrFn = _fn("wasm_extern_copy", P, P)
extern_new_empty: PtrFn = _fn("wasm_extern_new_empty", P, P, _u8)
extern_as_func: IntFn = _fn("wasm_extern_as_func", P, P)
extern_as_global: IntFn = _fn("wasm_extern_as_global", P, P)
extern_as_table: IntFn = _fn("wasm_extern_as_table", P, P)
extern_as_memory: IntFn = _fn("wasm_extern_as_memory", P, P)
func_as_extern: IntFn = _fn("wasm_func_as_extern", P, P)
global_as_extern: IntFn = _fn("wasm_global_as_extern", P, P)
table_as_extern: IntFn = _fn("wasm_table_as_extern", P, P)
memory_as_extern: IntFn = _fn("wasm_memory_as_extern", P, P)

func_new_with_env: PtrFn = _fn("wasm_func_new_with_env", P, P, P, CALLBACK_WITH_ENV, P, FINALIZER)
func_call: PtrFn = _released("wasm_func_call", P, P, P, P)
func_type: PtrFn = _fn("wasm_func_type", P, P)
func_delete: VoidFn = _fn("wasm_func_delete", None, P)
func_copy: PtrFn = _fn("wasm_func_copy", P, P)
func_same: BoolFn = _fn("wasm_func_same", _bool, P, P)
# The _const form: a plain cast, no handle to give back (see capi/src/handles.rs).
func_as_ref: IntFn = _fn("wasm_func_as_ref_const", P, P)
ref_as_func: PtrFn = _fn("wasm_ref_as_func", P, P)

global_new: PtrFn = _fn("wasm_global_new", P, P, P, P)
global_type: PtrFn = _fn("wasm_global_type", P, P)
# Reads host globals no instance imported yet too (wasm_global_get leaves them, as WAMR).
global_get: VoidFn = _fn("wamr_global_value", None, P, P)
global_set: VoidFn = _fn("wasm_global_set", None, P, P)
global_delete: VoidFn = _fn("wasm_global_delete", None, P)
global_copy: PtrFn = _fn("wasm_global_copy", P, P)

table_new: PtrFn = _fn("wasm_table_new", P, P, P, P)
table_type: PtrFn = _fn("wasm_table_type", P, P)
table_get: PtrFn = _fn("wasm_table_get", P, P, _u32)
table_set: BoolFn = _fn("wasm_table_set", _bool, P, _u32, P)
table_size: IntFn = _fn("wasm_table_size", _u32, P)
table_grow: BoolFn = _fn("wasm_table_grow", _bool, P, _u32, P)
table_delete: VoidFn = _fn("wasm_table_delete", None, P)
table_copy: PtrFn = _fn("wasm_table_copy", P, P)

memory_new: PtrFn = _fn("wasm_memory_new", P, P, P)
memory_type: PtrFn = _fn("wasm_memory_type", P, P)
memory_data: PtrFn = _fn("wasm_memory_data", P, P)
memory_data_size: IntFn = _fn("wasm_memory_data_size", _size, P)
memory_fixed_base_bytes: IntFn = _fn("wamr_memory_fixed_base_bytes", _size, P)
memory_size: IntFn = _fn("wasm_memory_size", _u32, P)
memory_grow: BoolFn = _fn("wasm_memory_grow", _bool, P, _u32)
memory_delete: VoidFn = _fn("wasm_memory_delete", None, P)
memory_copy: PtrFn = _fn("wasm_memory_copy", P, P)

trap_new: PtrFn = _fn("wasm_trap_new", P, P, P)
trap_message: VoidFn = _fn("wasm_trap_message", None, P, P)
trap_trace: VoidFn = _fn("wasm_trap_trace", None, P, P)
trap_delete: VoidFn = _fn("wasm_trap_delete", None, P)
trap_exit_code: BoolFn = _fn("wamr_trap_exit_code", _bool, P, P)
frame_vec_delete: VoidFn = _fn("wasm_frame_vec_delete", None, P)
frame_func_index: IntFn = _fn("wasm_frame_func_index", _u32, P)
frame_func_offset: IntFn = _fn("wasm_frame_func_offset", _size, P)
frame_module_offset: IntFn = _fn("wasm_frame_module_offset", _size, P)

foreign_new: PtrFn = _fn("wasm_foreign_new", P, P)
foreign_delete: VoidFn = _fn("wasm_foreign_delete", None, P)
foreign_as_ref: IntFn = _fn("wasm_foreign_as_ref", P, P)
foreign_set_host_info_with_finalizer: VoidFn = _fn("wasm_foreign_set_host_info_with_finalizer", None, P, P, FINALIZER)
ref_as_foreign: PtrFn = _fn("wasm_ref_as_foreign", P, P)
ref_get_host_info: PtrFn = _fn("wasm_ref_get_host_info", P, P)
ref_delete: VoidFn = _fn("wasm_ref_delete", None, P)

set_wasi_args_ex: VoidFn = _fn("wasm_runtime_set_wasi_args_ex", None, P, P, _u32, P, _u32, P, _u32, P, c.c_int,
                       c.c_int64, c.c_int64, c.c_int64)

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

    def __enter__(self) -> Any:
        self._p()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001  (interpreter shutdown: modules may be gone)
            pass
