"""Values: plain Python values in and out of `wasm_val_t`.

i32/i64 are ints (signed on the way out; the unsigned spelling is accepted on the way
in), f32/f64 are floats (ints accepted; an f32 NaN comes out as an F32, which keeps
its bits, and an F32 goes in bit for bit), funcref is a Func or None, externref is any
Python object or None (carried through wasm inside a `wasm_foreign_t`, so the object
that comes back out is the very same one). v128 cannot cross the C API.
"""
from __future__ import annotations

import ctypes as c
import itertools
import operator
from typing import Any, List, Optional, Tuple

from . import _lib as L
from ._f32 import F32 as F32Value
from ._f32 import from_f32_bits
from ._types import EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, ValType

_RANGES = {I32: (-(1 << 31), (1 << 32) - 1, 32), I64: (-(1 << 63), (1 << 64) - 1, 64)}


def _desc(v: object) -> str:
    return type(v).__name__


def check_int(kind: int, v: Any, who: str) -> int:
    """v as the signed value of an i32/i64; TypeError/OverflowError naming `who`."""
    # (a bool is an int here, as in the fast call path: True is 1)
    if not isinstance(v, int):
        if hasattr(v, "__index__"):
            v = operator.index(v)
        else:
            raise TypeError("%s: expected an int for %s, got %s" % (who, ValType(kind), _desc(v)))
    lo, hi, bits = _RANGES[kind]
    if not lo <= v <= hi:
        raise OverflowError("%s: %d does not fit in %s" % (who, v, ValType(kind)))
    if v >= 1 << (bits - 1):
        v -= 1 << bits
    return int(v)


def check_float(kind: int, v: Any, who: str) -> float:
    if not isinstance(v, (int, float)):
        if hasattr(v, "__float__") and not isinstance(v, (str, bytes)):
            v = float(v)
        else:
            raise TypeError("%s: expected a float for %s, got %s" % (who, ValType(kind), _desc(v)))
    if isinstance(v, int):
        try:
            v = float(v)
        except OverflowError:
            raise OverflowError("%s: int too large for %s" % (who, ValType(kind))) from None
    if kind == F32:
        return c.c_float(v).value  # rounds (and overflows to inf) as a C float would
    return float(v)


# ---------------------------------------------------------------------------------------
# externref: Python objects behind wasm_foreign_t host info
# ---------------------------------------------------------------------------------------

_EXTERN_OBJECTS: "dict[int, Any]" = {}
_keys = itertools.count(1)


def _extern_finalize(key: Optional[int], _objects: "dict[int, Any]" = _EXTERN_OBJECTS) -> None:
    # bound through a default: this may run while the interpreter shuts down
    if key is not None:
        _objects.pop(key, None)


_EXTERN_FINALIZER = L.immortal(L.FINALIZER(_extern_finalize))


def new_externref(obj: Any, store: Any) -> int:
    """An owned ref (a foreign) carrying obj (a foreign belongs to no store: any store
    will do to make it)."""
    from ._trap import any_store
    with any_store(store) as sp:
        foreign = L.foreign_new(sp)
    if not foreign:
        raise MemoryError("wasm_foreign_new failed")
    key = next(_keys)
    _EXTERN_OBJECTS[key] = obj
    L.foreign_set_host_info_with_finalizer(foreign, key, _EXTERN_FINALIZER)
    return L.foreign_as_ref(foreign)


def externref_object(ref: int, store: Any) -> Any:
    """The Python object a (borrowed) externref carries; None for NULL."""
    if not ref:
        return None
    key = L.ref_get_host_info(ref)
    if key and key in _EXTERN_OBJECTS:
        return _EXTERN_OBJECTS[key]
    f = L.ref_as_func(ref)
    if f:  # a C function passed as an externref
        return _func_from_borrowed(f, store)
    return None


def _func_from_borrowed(fptr: int, store: Any) -> Any:
    from ._func import Func
    return Func._wrap(L.nn(L.func_copy(fptr), "wasm_func_copy"), store)


# ---------------------------------------------------------------------------------------
# wasm_val_t
# ---------------------------------------------------------------------------------------

def _set_ref(dst: Any, ref: Optional[int]) -> None:
    c.c_void_p.from_address(c.addressof(dst) + 8).value = ref


# Refs made for a host function's results: the library reads them once the callback
# has returned and never deletes them (as WAMR), so they are deleted at the next
# Owned.release(), when the library has taken what it needs (a ref wasm kept stays
# alive until wasm drops it, see capi/src/handles.rs).
_HANDED_OVER: List[Tuple[int, Any]] = []


class Owned:
    """Refs made while converting arguments, deleted after the call."""
    __slots__ = ("refs",)

    def __init__(self) -> None:
        self.refs: List[int] = []

    def release(self) -> None:
        refs, self.refs = self.refs, []
        for r in refs:
            L.ref_delete(r)
        while _HANDED_OVER:
            p, delete = _HANDED_OVER.pop()
            delete(p)


def write_val(dst: Any, kind: int, v: Any, store: Any, who: str, owned: Optional[Owned]) -> None:
    """Writes v into the wasm_val_t dst as a value of `kind`. Refs written are borrowed
    by the library; those made here are recorded in `owned` (or handed over when
    owned is None: the library then owns them)."""
    dst.kind = kind
    if kind == I32:
        dst.of.i32 = check_int(I32, v, who)
    elif kind == I64:
        dst.of.i64 = check_int(I64, v, who)
    elif kind == F32:
        if isinstance(v, F32Value):
            c.c_uint32.from_address(c.addressof(dst.of)).value = v.bits
        else:
            dst.of.f32 = check_float(F32, v, who)
    elif kind == F64:
        dst.of.f64 = check_float(F64, v, who)
    elif kind == FUNCREF:
        from ._func import Func
        if v is None:
            _set_ref(dst, None)
        elif isinstance(v, Func):
            fp = v._p()
            if store is not None and v._store is not None and v._store is not store:
                raise ValueError("%s: the Func belongs to another store" % who)
            if owned is None:  # a result: a copy, deleted once the library has read it
                fp = L.nn(L.func_copy(fp), "wasm_func_copy")
                _HANDED_OVER.append((fp, L.func_delete))
            _set_ref(dst, L.func_as_ref(fp))
        else:
            raise TypeError("%s: expected a Func or None for funcref, got %s" % (who, _desc(v)))
    elif kind == EXTERNREF:
        if v is None:
            _set_ref(dst, None)
        else:
            r = new_externref(v, store)
            if owned is not None:
                owned.refs.append(r)
            else:
                _HANDED_OVER.append((r, L.ref_delete))
            _set_ref(dst, r)
    elif kind == V128:
        raise TypeError("%s: v128 values cannot cross the C API" % who)
    else:
        raise TypeError("%s: unknown value kind %d" % (who, kind))


def read_val(src: Any, kind: int, owned: bool, store: Any) -> Any:
    """The Python value of the wasm_val_t src of `kind`. With owned=True a funcref in
    src is the caller's and is consumed here (an externref read from wasm is always
    borrowed: it is the very ref that went in, as in WAMR)."""
    if kind == I32:
        return src.of.i32
    if kind == I64:
        return src.of.i64
    if kind == F32:
        return from_f32_bits(c.c_uint32.from_address(c.addressof(src.of)).value)
    if kind == F64:
        return src.of.f64
    if kind in (FUNCREF, EXTERNREF):
        ref = c.cast(src.of.ref, c.c_void_p).value if src.kind in (FUNCREF, EXTERNREF) else None
        return ref_to_py(ref, kind, owned, store)
    return None  # v128: no value crosses


def ref_to_py(ref: Optional[int], kind: int, owned: bool, store: Any) -> Any:
    """The Python value of a ref of `kind` (a funcref is consumed when owned)."""
    if not ref:
        return None
    try:
        if kind == FUNCREF:
            f = L.ref_as_func(ref)
            return _func_from_borrowed(f, store) if f else None
        return externref_object(ref, store)
    finally:
        if owned and kind == FUNCREF:
            L.ref_delete(ref)


# ---------------------------------------------------------------------------------------
# fast numeric packing
# ---------------------------------------------------------------------------------------

_CODES = {I32: "i", I64: "q", F32: "f", F64: "d"}


def numeric(kinds: Tuple[int, ...]) -> bool:
    return all(k in _CODES for k in kinds)
