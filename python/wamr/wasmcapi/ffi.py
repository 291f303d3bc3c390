# -*- coding: utf-8 -*-
"""Hand-written half of the ctypes binding of wasm_c_api.h.

`from wamr.wasmcapi.ffi import *` gives the whole procedural API under the C names:
everything generated into binding.py (types, enums, one wrapper per exported function),
the header's static inline helpers and value macros re-done in Python, the callback
decorators, and a few helpers to move data between Python and C.

Marshalling rules (WAMR's binding design): C return values are handed back untouched
(a NULL pointer comes back as a NULL ctypes pointer, a failed bool as False); misuse
detected on the Python side (wrong types, values out of range, NULL where a Python helper
needs an object) raises a Python exception instead of reaching C.

The library is loaded once, at import. Where from, in this order:
  1. $WAMR_LIBIWASM, when set (any libiwasm.so, WAMR's own included; only this path);
  2. the libiwasm.so shipped inside the package (wamr/wasmcapi/ or wamr/libs/);
  3. the project's build output: target/release/libiwasm.so, then target/debug/libiwasm.so.
"""

import ctypes as c
import functools
import os
import struct
import traceback
import weakref
from ctypes import *  # noqa: F401,F403  (the ctypes names are part of the API surface)

# ---------------------------------------------------------------------------------------
# loading the library
# ---------------------------------------------------------------------------------------

_HERE = os.path.dirname(os.path.abspath(__file__))            # .../wamr/wasmcapi
_PACKAGE = os.path.dirname(_HERE)                              # .../wamr
_REPO = os.path.dirname(os.path.dirname(_PACKAGE))             # repo root (source tree)
LIBRARY_ENV = "WAMR_LIBIWASM"


class LibraryNotFoundError(ImportError):
    """No libiwasm.so could be loaded; the message lists every path tried."""


def library_candidates():
    """The paths tried, in order (see the module docstring)."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return [env]
    return [
        os.path.join(_HERE, "libiwasm.so"),
        os.path.join(_PACKAGE, "libs", "libiwasm.so"),
        os.path.join(_REPO, "target", "release", "libiwasm.so"),
        os.path.join(_REPO, "target", "debug", "libiwasm.so"),
    ]


def _load_library():
    tried = []
    for path in library_candidates():
        if not os.path.isfile(path):
            tried.append("%s (no such file)" % path)
            continue
        try:
            return c.CDLL(os.path.abspath(path))
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise LibraryNotFoundError(
        "cannot load libiwasm.so; tried:\n  " + "\n  ".join(tried)
        + "\nbuild it with `cargo build -p iwasm` or set %s to a libiwasm.so" % LIBRARY_ENV)


libiwasm = _load_library()
LIBRARY_PATH = libiwasm._name

# The generated half: binding.py imports `libiwasm` from this (partially initialised)
# module, so it must be loaded above this line.
from .binding import *  # noqa: E402,F401,F403
from . import binding as _binding  # noqa: E402
from .binding import (  # noqa: E402  (explicit names for readers and linters)
    WASM_EXTERNREF, WASM_F32, WASM_F64, WASM_FUNCREF, WASM_I32, WASM_I64, WASM_V128, WASM_VAR,
    WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY, WASM_EXTERN_TABLE,
    wasm_limits_max_default, wasm_byte_vec_t, wasm_val_t, wasm_val_vec_t, wasm_valtype_t,
    wasm_valtype_vec_t, wasm_functype_t, wasm_globaltype_t, wasm_tabletype_t, wasm_memorytype_t,
    wasm_externtype_t, wasm_importtype_t, wasm_exporttype_t, wasm_limits_t, wasm_ref_t,
    wasm_frame_t, wasm_trap_t, wasm_func_callback_t, wasm_func_callback_with_env_t,
    wasm_byte_vec_new, wasm_byte_vec_new_empty, wasm_byte_vec_new_uninitialized,
    wasm_byte_vec_copy, wasm_byte_vec_delete, wasm_valtype_new, wasm_valtype_kind,
    wasm_valtype_vec_new, wasm_valtype_vec_new_empty, wasm_functype_new,
    wasm_functype_params, wasm_functype_results, wasm_globaltype_content,
    wasm_globaltype_mutability, wasm_tabletype_element, wasm_tabletype_limits,
    wasm_memorytype_limits, wasm_externtype_kind, wasm_externtype_as_functype_const,
    wasm_externtype_as_globaltype_const, wasm_externtype_as_tabletype_const,
    wasm_externtype_as_memorytype_const, wasm_importtype_module, wasm_importtype_name,
    wasm_importtype_type, wasm_exporttype_name, wasm_exporttype_type, wasm_ref_same,
    wasm_frame_func_index, wasm_frame_func_offset, wasm_frame_module_offset,
    wasm_trap_message, wasm_trap_new,
)

# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------

_CTYPES_BASES = (c._SimpleCData, c.Structure, c.Union, c._Pointer, c.Array, c._CFuncPtr)


def _is_ctype(t):
    return isinstance(t, type) and issubclass(t, _CTYPES_BASES)


def dereference(p):
    """The object a ctypes pointer points at (`*p`). Raises TypeError for a non-pointer
    and ValueError for a NULL pointer."""
    if not isinstance(p, c._Pointer):
        raise TypeError("dereference() needs a ctypes pointer, got %s" % type(p).__name__)
    if not p:
        raise ValueError("dereference() of a NULL %s" % type(p).__name__)
    return p.contents


def create_null_pointer(struct_type):
    """A NULL `struct_type*`."""
    if not _is_ctype(struct_type):
        raise TypeError("create_null_pointer() needs a ctypes type, got %r" % (struct_type,))
    return c.POINTER(struct_type)()


def is_null_pointer(p):
    """True for a NULL ctypes pointer (or c_void_p/c_char_p, or None as ctypes returns
    NULL for those); TypeError for anything that is not a pointer."""
    if p is None:
        return True
    if isinstance(p, (c._Pointer, c._CFuncPtr)):
        return not bool(p)
    if isinstance(p, (c.c_void_p, c.c_char_p)):
        return p.value is None
    raise TypeError("is_null_pointer() needs a ctypes pointer, got %s" % type(p).__name__)


# every wasm_X_vec_t -> its element type
_VEC_TYPES = {}
for _name in dir(_binding):
    if _name.endswith("_vec_t") and _name.startswith("wasm_"):
        _t = getattr(_binding, _name)
        if isinstance(_t, type) and issubclass(_t, c.Structure):
            _VEC_TYPES[_t] = dict(_t._fields_)["data"]._type_
VEC_TYPES = tuple(sorted(_VEC_TYPES, key=lambda t: t.__name__))


def _as_vec(vec, who):
    if isinstance(vec, c._Pointer) and type(vec)._type_ in _VEC_TYPES:
        if not vec:
            raise ValueError("%s() of a NULL %s" % (who, type(vec).__name__))
        vec = vec.contents
    if type(vec) not in _VEC_TYPES:
        raise TypeError("%s() needs a wasm_X_vec_t (or a pointer to one), got %s"
                        % (who, type(vec).__name__))
    if vec.size and not vec.data:
        raise ValueError("%s(): %s has size %d but NULL data" % (who, type(vec).__name__, vec.size))
    return vec


def wasm_vec_to_list(vec):
    """The elements of a vec (or of a pointer to one) as a Python list, reading `size`
    elements: ints for a byte vec, wasm_val_t copies for a val vec, and the element
    pointers (still owned by the vec) for the others."""
    vec = _as_vec(vec, "wasm_vec_to_list")
    if vec.size == 0:
        return []
    if isinstance(vec, wasm_byte_vec_t):
        return list(c.string_at(vec.data, vec.size))
    if isinstance(vec, wasm_val_vec_t):
        return [wasm_val_t.from_buffer_copy(vec.data[i]) for i in range(vec.size)]
    return [vec.data[i] for i in range(vec.size)]


def list_to_carray(elem_type, *args):
    """A C array `elem_type[len(args)]` holding args (also accepts one list/tuple)."""
    if not _is_ctype(elem_type):
        raise TypeError("list_to_carray() needs a ctypes element type, got %r" % (elem_type,))
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    return (elem_type * len(args))(*args)


def _to_bytes(data, who):
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError("%s() needs str or bytes, got %s" % (who, type(data).__name__))


def load_module_file(wasm_content):
    """A library-owned wasm_byte_vec_t holding a module's bytes (release it with
    wasm_byte_vec_delete). Takes the bytes themselves or a path (str/PathLike) to a file."""
    if isinstance(wasm_content, (str, os.PathLike)):
        with open(wasm_content, "rb") as f:
            wasm_content = f.read()
    if not isinstance(wasm_content, (bytes, bytearray, memoryview)):
        raise TypeError("load_module_file() needs bytes or a path, got %s"
                        % type(wasm_content).__name__)
    data = bytes(wasm_content)
    binary = wasm_byte_vec_t()
    wasm_byte_vec_new(binary, len(data), data)
    if len(data) and not binary.data:
        raise MemoryError("wasm_byte_vec_new failed for %d bytes" % len(data))
    return binary


def wasm_name_to_bytes(name):
    """The bytes of a wasm_name_t / wasm_byte_vec_t (or pointer to one), as given
    (a trailing NUL, if counted in size, is kept)."""
    vec = _as_vec(name, "wasm_name_to_bytes")
    if not isinstance(vec, wasm_byte_vec_t):
        raise TypeError("wasm_name_to_bytes() needs a wasm_byte_vec_t")
    return c.string_at(vec.data, vec.size) if vec.size else b""


def wasm_name_to_str(name):
    """A name as a Python str, without the trailing NUL WAMR counts in names."""
    b = wasm_name_to_bytes(name)
    if b.endswith(b"\0"):
        b = b[:-1]
    return b.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------
# the header's static inline helpers and macros
# ---------------------------------------------------------------------------------------

def _byte_array(data):
    """A c_ubyte array holding data (bytes-like), or data itself if it is a ctypes object."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        return (c.c_ubyte * len(data)).from_buffer_copy(data) if data else None
    return data


_binding_byte_vec_new = wasm_byte_vec_new


def wasm_byte_vec_new(out, size, data):
    """wasm_byte_vec_new; data may also be Python bytes (byte_t is c_ubyte, as in WAMR's binding)."""
    return _binding_byte_vec_new(out, size, _byte_array(data))


# #define wasm_name* wasm_byte_vec* (the reference header spells one of them _new_new_)
wasm_name_new = wasm_byte_vec_new
wasm_name_new_empty = wasm_byte_vec_new_empty
wasm_name_new_new_uninitialized = wasm_byte_vec_new_uninitialized
wasm_name_new_uninitialized = wasm_byte_vec_new_uninitialized
wasm_name_copy = wasm_byte_vec_copy
wasm_name_delete = wasm_byte_vec_delete


def _name_from_string(who, args, nul):
    if len(args) == 1:      # WAMR's binding: wasm_name_new_from_string(s) -> a new name
        out, s = wasm_name_t(), args[0]
    elif len(args) == 2:    # the header's helper: (out, s)
        out, s = args
    else:
        raise TypeError("%s() takes (s) or (out, s), got %d arguments" % (who, len(args)))
    data = _to_bytes(s, who)
    if b"\0" in data:
        data = data[:data.index(b"\0")]  # C stops at the first NUL
    if nul:
        data += b"\0"
    wasm_name_new(out, len(data), data)
    return out if len(args) == 1 else None


def wasm_name_new_from_string(*args):
    """wasm_name_new(out, strlen(s), s): the bytes of s (str is UTF-8 encoded).
    Called as (s), as in WAMR's binding, it returns the new wasm_name_t."""
    return _name_from_string("wasm_name_new_from_string", args, nul=False)


def wasm_name_new_from_string_nt(*args):
    """wasm_name_new(out, strlen(s) + 1, s): the bytes of s plus a counted NUL.
    Called as (s) it returns the new wasm_name_t."""
    return _name_from_string("wasm_name_new_from_string_nt", args, nul=True)


MEMORY_PAGE_SIZE = 0x10000


def KILOBYTE(n):
    return n * 1024


def _check_kind(k):
    if not isinstance(k, int):
        raise TypeError("a wasm_valkind_t is an int, got %s" % type(k).__name__)
    if not 0 <= k <= 0xff:
        raise OverflowError("wasm_valkind_t is a uint8, %d is out of range" % k)
    return k


def wasm_valkind_is_num(k):
    return _check_kind(k) < WASM_EXTERNREF


def wasm_valkind_is_ref(k):
    return _check_kind(k) >= WASM_EXTERNREF


def wasm_valtype_is_num(t):
    return wasm_valkind_is_num(wasm_valtype_kind(t))


def wasm_valtype_is_ref(t):
    return wasm_valkind_is_ref(wasm_valtype_kind(t))


def wasm_valtype_new_i32():
    return wasm_valtype_new(WASM_I32)


def wasm_valtype_new_i64():
    return wasm_valtype_new(WASM_I64)


def wasm_valtype_new_f32():
    return wasm_valtype_new(WASM_F32)


def wasm_valtype_new_f64():
    return wasm_valtype_new(WASM_F64)


def wasm_valtype_new_v128():
    return wasm_valtype_new(WASM_V128)


def wasm_valtype_new_anyref():
    return wasm_valtype_new(WASM_EXTERNREF)


def wasm_valtype_new_funcref():
    return wasm_valtype_new(WASM_FUNCREF)


def _valtype_vec(types, who):
    vec = wasm_valtype_vec_t()
    if not types:
        wasm_valtype_vec_new_empty(vec)
        return vec
    for t in types:
        if not isinstance(t, c.POINTER(wasm_valtype_t)):
            raise TypeError("%s() takes wasm_valtype_t pointers, got %s" % (who, type(t).__name__))
    wasm_valtype_vec_new(vec, len(types), list_to_carray(c.POINTER(wasm_valtype_t), *types))
    return vec


def _functype_new(who, params, results):
    p = _valtype_vec(params, who)
    r = _valtype_vec(results, who)
    return wasm_functype_new(p, r)


def _define_functype_helpers():
    g = globals()
    for np in range(4):
        for nr in range(3):
            name = "wasm_functype_new_%d_%d" % (np, nr)

            def helper(*types, _np=np, _nr=nr, _name=name):
                if len(types) != _np + _nr:
                    raise TypeError("%s() takes %d valtypes (%d given)" % (_name, _np + _nr, len(types)))
                return _functype_new(_name, types[:_np], types[_np:])
            helper.__name__ = helper.__qualname__ = name
            helper.__doc__ = "wasm_functype_t* with %d params and %d results (takes ownership)." % (np, nr)
            g[name] = helper


_define_functype_helpers()

_INT_RANGES = {WASM_I32: (-(1 << 31), (1 << 32) - 1), WASM_I64: (-(1 << 63), (1 << 64) - 1)}


def _int_val(kind, i):
    if isinstance(i, bool) or not isinstance(i, int):
        raise TypeError("an integer wasm value needs an int, got %s" % type(i).__name__)
    lo, hi = _INT_RANGES[kind]
    if not lo <= i <= hi:
        raise OverflowError("%d does not fit in %s" % (i, "i32" if kind == WASM_I32 else "i64"))
    bits = 32 if kind == WASM_I32 else 64
    if i >= 1 << (bits - 1):  # accept the unsigned spelling, store it as signed
        i -= 1 << bits
    v = wasm_val_t()
    v.kind = kind
    if kind == WASM_I32:
        v.of.i32 = i
    else:
        v.of.i64 = i
    return v


def _float_val(kind, z):
    if isinstance(z, bool) or not isinstance(z, (int, float)):
        raise TypeError("a float wasm value needs a float, got %s" % type(z).__name__)
    v = wasm_val_t()
    v.kind = kind
    if kind == WASM_F32:
        v.of.f32 = z
    else:
        v.of.f64 = z
    return v


def wasm_i32_val(i):
    """WASM_I32_VAL(i)"""
    return _int_val(WASM_I32, i)


def wasm_i64_val(i):
    """WASM_I64_VAL(i)"""
    return _int_val(WASM_I64, i)


def wasm_f32_val(z):
    """WASM_F32_VAL(z)"""
    return _float_val(WASM_F32, z)


def wasm_f64_val(z):
    """WASM_F64_VAL(z)"""
    return _float_val(WASM_F64, z)


def wasm_ref_val(r):
    """WASM_REF_VAL(r): an externref value holding r (a wasm_ref_t* or None)."""
    v = wasm_val_t()
    v.kind = WASM_EXTERNREF
    if r is None:
        return v
    if not isinstance(r, c.POINTER(wasm_ref_t)):
        raise TypeError("wasm_ref_val() needs a wasm_ref_t pointer or None, got %s" % type(r).__name__)
    v.of.ref = r
    return v


def wasm_init_val():
    """WASM_INIT_VAL: a NULL externref."""
    return wasm_ref_val(None)


WASM_I32_VAL = wasm_i32_val
WASM_I64_VAL = wasm_i64_val
WASM_F32_VAL = wasm_f32_val
WASM_F64_VAL = wasm_f64_val
WASM_REF_VAL = wasm_ref_val


def wasm_val_init_ptr(out, p):
    """Stores a host pointer in an i64 value (x86_64)."""
    if isinstance(out, c._Pointer):
        out = dereference(out)
    if not isinstance(out, wasm_val_t):
        raise TypeError("wasm_val_init_ptr() needs a wasm_val_t, got %s" % type(out).__name__)
    addr = c.cast(p, c.c_void_p).value if p is not None and not isinstance(p, int) else (p or 0)
    out.kind = WASM_I64
    out.of.i64 = c.c_int64(addr).value


def wasm_val_ptr(val):
    """The host pointer stored by wasm_val_init_ptr (an int, or None for NULL)."""
    if isinstance(val, c._Pointer):
        val = dereference(val)
    if not isinstance(val, wasm_val_t):
        raise TypeError("wasm_val_ptr() needs a wasm_val_t, got %s" % type(val).__name__)
    return c.c_void_p(val.of.i64 & 0xffffffffffffffff).value


def _check_u32(n, what):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("%s needs an int, got %s" % (what, type(n).__name__))
    if not 0 <= n <= 0xffffffff:
        raise OverflowError("%s %d is not a uint32" % (what, n))
    return n


class _LimitsPointer(c.POINTER(wasm_limits_t)):
    """What wasm_limits_new returns: a pointer (as in WAMR's binding) that also reads
    as the limits themselves (.min, .max, ==)."""
    _type_ = wasm_limits_t
    min = property(lambda self: self.contents.min)
    max = property(lambda self: self.contents.max)

    def __eq__(self, other):
        if isinstance(other, c.POINTER(wasm_limits_t)):
            other = other.contents if other else None
        return bool(self) and self.contents == other

    __hash__ = None

    def __repr__(self):
        return repr(self.contents) if self else "NULL"


def wasm_limits_new(min, max=wasm_limits_max_default):  # noqa: A002 (C field names)
    """A pointer to a new wasm_limits_t {min, max}; max defaults to wasm_limits_max_default."""
    limits = wasm_limits_t(_check_u32(min, "limits min"), _check_u32(max, "limits max"))
    p = _LimitsPointer(limits)
    p._limits = limits  # the pointer keeps its limits alive
    return p


def wasm_empty_vec(vec_type):
    """WASM_EMPTY_VEC for vec_type."""
    if vec_type not in _VEC_TYPES:
        raise TypeError("wasm_empty_vec() needs a wasm_X_vec_t type, got %r" % (vec_type,))
    return vec_type()


def wasm_array_vec(vec_type, array):
    """WASM_ARRAY_VEC(array): a vec_type viewing a ctypes array (not owned: never
    wasm_X_vec_delete it; keep `array` alive while the vec is used)."""
    if vec_type not in _VEC_TYPES:
        raise TypeError("wasm_array_vec() needs a wasm_X_vec_t type, got %r" % (vec_type,))
    elem = _VEC_TYPES[vec_type]
    if not isinstance(array, c.Array) or array._type_ is not elem:
        raise TypeError("wasm_array_vec(%s) needs a ctypes array of %s" % (vec_type.__name__, elem.__name__))
    if not len(array):
        return vec_type(0, None, 0, c.sizeof(elem), None)  # no storage: data NULL
    vec = vec_type(len(array), c.cast(array, c.POINTER(elem)), len(array), c.sizeof(elem), None)
    vec._array = array  # keep the storage alive with the vec
    _PYTHON_OWNED[c.addressof(array)] = array
    return vec


# Buffers of vecs made by wasm_array_vec: Python memory the library must never free.
_PYTHON_OWNED = weakref.WeakValueDictionary()


def _guard_vec_delete(delete):
    """wasm_X_vec_delete, refusing (ValueError) a vec whose data is Python memory from
    wasm_array_vec, which the library would free() and corrupt the heap."""
    @functools.wraps(delete)
    def guarded(v):
        vec = getattr(v, "_obj", v)  # byref(vec)
        if isinstance(vec, c._Pointer) and vec:
            vec = vec.contents
        if type(vec) in _VEC_TYPES and vec.data:
            a = c.cast(vec.data, c.c_void_p).value
            if a in _PYTHON_OWNED:
                raise ValueError("%s(): this vec borrows Python memory (wasm_array_vec); "
                                 "it is not the library's to free" % delete.__name__)
        return delete(v)
    return guarded


for _t in VEC_TYPES:
    _n = _t.__name__[:-2] + "_delete"  # wasm_X_vec_t -> wasm_X_vec_delete
    globals()[_n] = _guard_vec_delete(getattr(_binding, _n))
wasm_name_delete = wasm_byte_vec_delete


# ---------------------------------------------------------------------------------------
# callbacks
# ---------------------------------------------------------------------------------------

wasm_finalizer_t = c.CFUNCTYPE(None, c.c_void_p)
wasm_finalizer = wasm_finalizer_t  # WAMR's binding's name


def _trap_address(result, who):
    if result is None or result == 0:
        return None
    if isinstance(result, c.POINTER(wasm_trap_t)):
        return c.cast(result, c.c_void_p).value
    if isinstance(result, int):
        return result
    raise TypeError("%s must return None or a wasm_trap_t pointer, not %s" % (who, type(result).__name__))


def _exception_trap(store, who):
    """Turns the Python exception being handled into a trap (or None without a store)."""
    msg = "%s raised %s" % (who, traceback.format_exc().strip().splitlines()[-1])
    if store is None:
        traceback.print_exc()
        return None
    name = wasm_byte_vec_t()
    wasm_name_new_from_string_nt(name, msg)
    trap = wasm_trap_new(store, name)
    wasm_byte_vec_delete(name)
    return c.cast(trap, c.c_void_p).value


def _callback_decl(proto, func, store):
    def decorate(f):
        if not callable(f):
            raise TypeError("a callback must be callable, got %s" % type(f).__name__)
        who = getattr(f, "__name__", "callback")

        @functools.wraps(f)
        def trampoline(*args):
            try:
                return _trap_address(f(*args), who)
            except Exception:  # noqa: BLE001  (an exception must not unwind into C)
                return _exception_trap(store, who)
        cb = proto(trampoline)
        cb.__wrapped__ = f
        return cb
    return decorate(func) if func is not None else decorate


def wasm_func_cb_decl(func=None, *, store=None):
    """Decorator: a Python function f(args, results) -> None | wasm_trap_t* becomes a
    wasm_func_callback_t. `args`/`results` are POINTER(wasm_val_vec_t). With store=...,
    a Python exception in f becomes a trap carrying its message; without, it is printed
    and the call returns normally. Keep the returned object alive while it is in use."""
    return _callback_decl(wasm_func_callback_t, func, store)


def wasm_func_with_env_cb_decl(func=None, *, store=None):
    """Decorator: f(env, args, results) -> None | wasm_trap_t* becomes a
    wasm_func_callback_with_env_t (env is an int or None)."""
    return _callback_decl(wasm_func_callback_with_env_t, func, store)


def wasm_finalizer_decl(func):
    """Decorator: f(data) becomes a `void (*)(void*)` finalizer."""
    if not callable(func):
        raise TypeError("a finalizer must be callable, got %s" % type(func).__name__)
    return wasm_finalizer_t(func)


# ---------------------------------------------------------------------------------------
# __eq__ and WAT-like __repr__ for types, values, limits, names and vecs
# ---------------------------------------------------------------------------------------

_KIND_NAMES = {WASM_I32: "i32", WASM_I64: "i64", WASM_F32: "f32", WASM_F64: "f64",
               WASM_V128: "v128", WASM_EXTERNREF: "externref", WASM_FUNCREF: "funcref"}


def _deref_or_none(p):
    return p.contents if p else None


def _r(p):
    """repr of what a pointer points at, or NULL."""
    return repr(p.contents) if p else "NULL"


def _wat_string(data):
    out = []
    for b in data:
        ch = chr(b)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif 0x20 <= b < 0x7f:
            out.append(ch)
        else:
            out.append("\\%02x" % b)
    return '"' + "".join(out) + '"'


def _name_text(p):
    """A name for a WAT string: its bytes without the trailing NUL WAMR counts."""
    if not p:
        return "NULL"
    b = wasm_name_to_bytes(p.contents)
    return _wat_string(b[:-1] if b.endswith(b"\0") else b)


# valtype
def _valtype_repr(self):
    k = wasm_valtype_kind(self)
    return _KIND_NAMES.get(k, "(valtype %d)" % k)


def _valtype_eq(self, other):
    if not isinstance(other, wasm_valtype_t):
        return NotImplemented
    return wasm_valtype_kind(self) == wasm_valtype_kind(other)


# functype
def _functype_repr(self):
    params = wasm_vec_to_list(wasm_functype_params(self)) if wasm_functype_params(self) else []
    results = wasm_vec_to_list(wasm_functype_results(self)) if wasm_functype_results(self) else []
    s = "(func"
    if params:
        s += " (param %s)" % " ".join(_r(p) for p in params)
    if results:
        s += " (result %s)" % " ".join(_r(p) for p in results)
    return s + ")"


def _functype_eq(self, other):
    if not isinstance(other, wasm_functype_t):
        return NotImplemented
    return (_vec_ptr_eq(wasm_functype_params(self), wasm_functype_params(other))
            and _vec_ptr_eq(wasm_functype_results(self), wasm_functype_results(other)))


def _vec_ptr_eq(a, b):
    if not a or not b:
        return bool(a) == bool(b)
    return a.contents == b.contents


# globaltype
def _globaltype_repr(self):
    content = _r(wasm_globaltype_content(self))
    if wasm_globaltype_mutability(self) == WASM_VAR:
        return "(global (mut %s))" % content
    return "(global %s)" % content


def _globaltype_eq(self, other):
    if not isinstance(other, wasm_globaltype_t):
        return NotImplemented
    return (wasm_globaltype_mutability(self) == wasm_globaltype_mutability(other)
            and _deref_or_none(wasm_globaltype_content(self)) == _deref_or_none(wasm_globaltype_content(other)))


# limits
def _limits_repr(self):
    if self.max == wasm_limits_max_default:
        return "%d" % self.min
    return "%d %d" % (self.min, self.max)


def _limits_eq(self, other):
    if not isinstance(other, wasm_limits_t):
        return NotImplemented
    return self.min == other.min and self.max == other.max


# tabletype
def _tabletype_repr(self):
    return "(table %s %s)" % (_r(wasm_tabletype_limits(self)), _r(wasm_tabletype_element(self)))


def _tabletype_eq(self, other):
    if not isinstance(other, wasm_tabletype_t):
        return NotImplemented
    return (_deref_or_none(wasm_tabletype_element(self)) == _deref_or_none(wasm_tabletype_element(other))
            and _deref_or_none(wasm_tabletype_limits(self)) == _deref_or_none(wasm_tabletype_limits(other)))


# memorytype
def _memorytype_repr(self):
    return "(memory %s)" % _r(wasm_memorytype_limits(self))


def _memorytype_eq(self, other):
    if not isinstance(other, wasm_memorytype_t):
        return NotImplemented
    return _deref_or_none(wasm_memorytype_limits(self)) == _deref_or_none(wasm_memorytype_limits(other))


# externtype
_EXTERN_AS = {
    WASM_EXTERN_FUNC: wasm_externtype_as_functype_const,
    WASM_EXTERN_GLOBAL: wasm_externtype_as_globaltype_const,
    WASM_EXTERN_TABLE: wasm_externtype_as_tabletype_const,
    WASM_EXTERN_MEMORY: wasm_externtype_as_memorytype_const,
}


def _externtype_inner(self):
    kind = wasm_externtype_kind(self)
    conv = _EXTERN_AS.get(kind)
    return kind, (conv(self) if conv else None)


def _externtype_repr(self):
    kind, inner = _externtype_inner(self)
    if inner is None:
        return "(externtype %d)" % kind
    return _r(inner)


def _externtype_eq(self, other):
    if not isinstance(other, wasm_externtype_t):
        return NotImplemented
    ka, a = _externtype_inner(self)
    kb, b = _externtype_inner(other)
    return ka == kb and _deref_or_none(a) == _deref_or_none(b)


# importtype / exporttype
def _importtype_repr(self):
    return "(import %s %s %s)" % (_name_text(wasm_importtype_module(self)),
                                  _name_text(wasm_importtype_name(self)), _r(wasm_importtype_type(self)))


def _importtype_eq(self, other):
    if not isinstance(other, wasm_importtype_t):
        return NotImplemented
    return (_deref_or_none(wasm_importtype_module(self)) == _deref_or_none(wasm_importtype_module(other))
            and _deref_or_none(wasm_importtype_name(self)) == _deref_or_none(wasm_importtype_name(other))
            and _deref_or_none(wasm_importtype_type(self)) == _deref_or_none(wasm_importtype_type(other)))


def _exporttype_repr(self):
    return "(export %s %s)" % (_name_text(wasm_exporttype_name(self)), _r(wasm_exporttype_type(self)))


def _exporttype_eq(self, other):
    if not isinstance(other, wasm_exporttype_t):
        return NotImplemented
    return (_deref_or_none(wasm_exporttype_name(self)) == _deref_or_none(wasm_exporttype_name(other))
            and _deref_or_none(wasm_exporttype_type(self)) == _deref_or_none(wasm_exporttype_type(other)))


# values
def _val_repr(self):
    k = self.kind
    if k == WASM_I32:
        return "(i32.const %d)" % self.of.i32
    if k == WASM_I64:
        return "(i64.const %d)" % self.of.i64
    if k == WASM_F32:
        return "(f32.const %r)" % self.of.f32
    if k == WASM_F64:
        return "(f64.const %r)" % self.of.f64
    if k in (WASM_EXTERNREF, WASM_FUNCREF):
        heap = "extern" if k == WASM_EXTERNREF else "func"
        if not self.of.ref:
            return "(ref.null %s)" % heap
        return "(ref.%s 0x%x)" % (heap, c.cast(self.of.ref, c.c_void_p).value)
    if k == WASM_V128:
        return "(v128.const i64x2 %d ?)" % self.of.i64
    return "(val kind=%d)" % k


def _f_bits(fmt, x):
    return struct.pack(fmt, x)


def _val_eq(self, other):
    if not isinstance(other, wasm_val_t):
        return NotImplemented
    if self.kind != other.kind:
        return False
    k = self.kind
    if k == WASM_I32:
        return self.of.i32 == other.of.i32
    if k in (WASM_I64, WASM_V128):
        return self.of.i64 == other.of.i64
    if k == WASM_F32:  # bit pattern: a NaN equals the same NaN, 0.0 differs from -0.0
        return _f_bits("<f", self.of.f32) == _f_bits("<f", other.of.f32)
    if k == WASM_F64:
        return _f_bits("<d", self.of.f64) == _f_bits("<d", other.of.f64)
    if k in (WASM_EXTERNREF, WASM_FUNCREF):
        a, b = self.of.ref, other.of.ref
        if not a or not b:
            return bool(a) == bool(b)
        return bool(wasm_ref_same(a, b))
    return bytes(self) == bytes(other)


# frames and traps (repr only)
def _frame_repr(self):
    return "(frame func %d offset 0x%x module-offset 0x%x)" % (
        wasm_frame_func_index(self), wasm_frame_func_offset(self), wasm_frame_module_offset(self))


def _trap_repr(self):
    msg = wasm_byte_vec_t()
    wasm_trap_message(self, msg)
    try:
        return "(trap %s)" % _name_text(c.pointer(msg))
    finally:
        wasm_byte_vec_delete(msg)


# vecs
def _vec_repr(self):
    if self.size and not self.data:
        return "<%s size=%d data=NULL>" % (type(self).__name__, self.size)
    if isinstance(self, wasm_byte_vec_t):
        b = c.string_at(self.data, self.size) if self.size else b""
        if len(b) > 256:
            return _wat_string(b[:256]) + "...(%d bytes)" % len(b)
        return _wat_string(b)
    items = wasm_vec_to_list(self)
    if isinstance(self, wasm_val_vec_t):
        return "[%s]" % ", ".join(repr(v) for v in items)
    return "[%s]" % ", ".join(_r(p) for p in items)


def _vec_eq(self, other):
    if type(other) is not type(self):
        return NotImplemented
    if (self.size and not self.data) or (other.size and not other.data):
        return False
    if self.size != other.size:
        return False
    if isinstance(self, wasm_byte_vec_t):
        return wasm_name_to_bytes(self) == wasm_name_to_bytes(other)
    a, b = wasm_vec_to_list(self), wasm_vec_to_list(other)
    if isinstance(self, wasm_val_vec_t):
        return a == b
    return all(_deref_or_none(x) == _deref_or_none(y) for x, y in zip(a, b))


def _ne(self, other):
    r = self.__eq__(other)
    return r if r is NotImplemented else not r


def _patch(cls, eq=None, rep=None):
    if eq is not None:
        cls.__eq__ = eq
        cls.__ne__ = _ne
        cls.__hash__ = None  # mutable C data compared by value: unhashable, like list
    if rep is not None:
        cls.__repr__ = rep


_patch(wasm_valtype_t, _valtype_eq, _valtype_repr)
_patch(wasm_functype_t, _functype_eq, _functype_repr)
_patch(wasm_globaltype_t, _globaltype_eq, _globaltype_repr)
_patch(wasm_tabletype_t, _tabletype_eq, _tabletype_repr)
_patch(wasm_memorytype_t, _memorytype_eq, _memorytype_repr)
_patch(wasm_externtype_t, _externtype_eq, _externtype_repr)
_patch(wasm_importtype_t, _importtype_eq, _importtype_repr)
_patch(wasm_exporttype_t, _exporttype_eq, _exporttype_repr)
_patch(wasm_limits_t, _limits_eq, _limits_repr)
_patch(wasm_val_t, _val_eq, _val_repr)
_patch(wasm_frame_t, None, _frame_repr)
_patch(wasm_trap_t, None, _trap_repr)
for _t in VEC_TYPES:
    _patch(_t, _vec_eq, _vec_repr)


# Opaque types (empty Structures) only exist behind pointers the library hands out. One
# made in Python (WAMR's tests do `wasm_ref_t()`) is a zero-sized buffer the library would
# misread: passed to a function, it goes as NULL, "no object".
OPAQUE_TYPES = tuple(
    t for t in (getattr(_binding, n) for n in sorted(dir(_binding)))
    if isinstance(t, type) and issubclass(t, c.Structure) and t is not c.Structure
    and "_fields_" not in t.__dict__)


def _opaque_from_param(opaque):
    pointer = c.POINTER(opaque)
    default = pointer.from_param

    def from_param(cls, obj):
        if isinstance(obj, opaque) and obj._b_needsfree_:  # made by Python, not a view
            return None
        return default(obj)
    return classmethod(from_param)


for _t in OPAQUE_TYPES:
    c.POINTER(_t).from_param = _opaque_from_param(_t)
# ctypes reads each argtype's from_param when argtypes is set: set them again.
for _f in list(vars(_binding).values()):
    if isinstance(_f, c._CFuncPtr) and _f.argtypes:
        _f.argtypes = _f.argtypes
del _f

del _t, _name, _n

# `from wamr.wasmcapi.ffi import *`: the C API, the helpers and the ctypes names; not the
# modules this file imports.
__all__ = sorted(n for n, v in globals().items()
                 if not n.startswith("_") and not isinstance(v, type(os)))
