"""Func: a wasm function (exported by an instance) or a Python host function, called as
`f(store, *args)` with plain Python values.

Speed: everything that depends only on the signature (the native function type, the
struct formats, a generated `__call__`) is made once per signature and shared. Each Func
has one preallocated buffer holding its argument and result vectors, so a call with
numeric values allocates nothing but the argument tuple: one struct.pack_into, the C
call, one struct.unpack_from.
"""
from __future__ import annotations

import ctypes as c
import itertools
import struct
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _lib as L
from . import _values as V
from ._caller import Caller
from ._f32 import F32, from_f32_bits
from ._store import Store, check_store, timeout_micros
from ._trap import WasmError, new_trap, raise_trap, stash
from ._types import FuncType, ValType

_VAL = L.VAL_SIZE
_VEC = c.sizeof(L.ValVec)  # 40
_func_call = L.func_call
_string_at = c.string_at
_ptr_at = c.c_void_p.from_address
_CODES = {0: "i", 1: "q", 2: "f", 3: "d"}  # I32 I64 F32 F64
_SCALARS = {0: c.c_int32, 1: c.c_int64, 2: c.c_float, 3: c.c_double}


def _val_format(kinds: Tuple[int, ...], with_kind: bool) -> str:
    """struct format of consecutive wasm_val_t's: kind byte (or skipped), value."""
    return "<" + "".join(("B7x" if with_kind else "8x") + _CODES[k] + ("4x" if _CODES[k] in "if" else "")
                         for k in kinds)


def _shape(values: List[Any]) -> Any:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return tuple(values)


def _plural(n: int) -> str:
    return "%d argument%s" % (n, "" if n == 1 else "s")


# ---------------------------------------------------------------------------------------
# per-signature data
# ---------------------------------------------------------------------------------------

class _Sig:
    """What depends on a signature only, made once per signature."""

    def __init__(self, pk: Tuple[int, ...], rk: Tuple[int, ...]) -> None:
        self.pk, self.rk = pk, rk
        self.fast = V.numeric(pk) and V.numeric(rk)
        # one buffer per Func: [args vec][results vec][args][results]
        self.args_off = 2 * _VEC
        self.res_off = self.args_off + len(pk) * _VAL
        self.size = self.res_off + len(rk) * _VAL
        self.header = struct.pack("<QQQQQ", len(pk), 0, len(pk), _VAL, 0) + \
            struct.pack("<QQQQQ", len(rk), 0, len(rk), _VAL, 0)
        self.buf_type = c.c_char * self.size
        self.native_type: Optional[int] = None  # a wasm_functype_t*, made on first need
        self.f32_results = [i for i, k in enumerate(rk) if k == _F32_KIND]
        self.cls: type = Func
        if self.fast:
            self.cls = _fast_class(self)
            n = len(pk)
            unpack = struct.Struct(_val_format(pk, False)).unpack
            self.host_params: Callable[[int], Tuple[Any, ...]] = \
                (lambda data: unpack(_string_at(data, n * _VAL))) if n else (lambda data: ())
            f32_params = [i for i, k in enumerate(pk) if k == _F32_KIND]
            if f32_params:  # a NaN's bits do not survive a float: read them again
                plain = self.host_params
                self.host_params = lambda data: _keep_nan_bits(plain(data), f32_params, data)
            self.host_results = struct.Struct(_val_format(rk, True)).pack_into
            self.host_res_array = c.c_char * max(len(rk) * _VAL, 1)

    def native(self, ty: FuncType) -> int:
        """The native function type, kept for the life of the process (one per signature)."""
        if self.native_type is None:
            self.native_type = ty._new()
        return self.native_type

    def text(self) -> str:
        return "(%s) -> (%s)" % (" ".join(str(ValType(k)) for k in self.pk),
                                 " ".join(str(ValType(k)) for k in self.rk))


_F32_KIND = 2
_u32_at = c.c_uint32.from_address


class _KeepBits(Exception):
    """Sends a call with an F32 argument to the value-by-value path."""


def _keep_nan_bits(values: Tuple[Any, ...], f32_positions: List[int], data: int) -> Tuple[Any, ...]:
    """values (read as floats from the wasm_val_t array at data) with each f32 NaN
    replaced by an F32 carrying its exact bits."""
    if all(values[i] == values[i] for i in f32_positions):
        return values
    out = list(values)
    for i in f32_positions:
        if out[i] != out[i]:
            out[i] = from_f32_bits(_u32_at(data + i * _VAL + 8).value)
    return tuple(out)


_SIGS: Dict[Tuple[Tuple[int, ...], Tuple[int, ...]], _Sig] = {}


def _sig(ty: FuncType) -> _Sig:
    key = (tuple(t._kind for t in ty._params), tuple(t._kind for t in ty._results))
    s = _SIGS.get(key)
    if s is None:
        s = _SIGS[key] = _Sig(*key)
    return s


# ---------------------------------------------------------------------------------------
# host functions: one trampoline and one finalizer for all of them
# ---------------------------------------------------------------------------------------

class _Host:
    """What the trampoline needs to run one Python host function."""

    __slots__ = ("func", "name", "sig", "store")

    def __init__(self, func: Callable[..., Any], name: str, sig: _Sig, store: Store, access_caller: bool) -> None:
        self.func = _with_caller(func, weakref.ref(store)) if access_caller else func
        self.name = name
        self.sig = sig
        self.store = weakref.ref(store)  # not strong: the native store owns this entry

    def who(self, what: str) -> str:
        return ("host function %s() %s" % (self.name, what)).rstrip()

    def params(self, args_p: int) -> Tuple[Any, ...]:
        data = _ptr_at(args_p + 8).value or 0
        sig = self.sig
        if sig.fast:
            return sig.host_params(data)
        store = self.store()
        return tuple(V.read_val(L.Val.from_address(data + i * _VAL), k, False, store)
                     for i, k in enumerate(sig.pk))

    def results(self, results_p: int, out: Any) -> None:
        sig = self.sig
        n = len(sig.rk)
        if n == 0:
            if out is not None:
                raise TypeError("%s returned %s, expected None (the function has no results)"
                                % (self.who(""), type(out).__name__))
            return
        if n == 1:
            values: Any = (out,)
        elif isinstance(out, (tuple, list)) and len(out) == n:
            values = out
        else:
            raise TypeError("%s must return a tuple of %d values, got %s"
                            % (self.who(""), n, type(out).__name__))
        data = _ptr_at(results_p + 8).value or 0
        if sig.fast and not (sig.f32_results and any(type(values[i]) is F32 for i in sig.f32_results)):
            try:
                sig.host_results(sig.host_res_array.from_address(data), 0,
                                 *[x for pair in zip(sig.rk, values) for x in pair])
                return
            except Exception:  # noqa: BLE001  (redo value by value for a precise error)
                pass
        store = self.store()
        for i, (k, v) in enumerate(zip(sig.rk, values)):
            V.write_val(L.Val.from_address(data + i * _VAL), k, v, store,
                        self.who("result %d" % (i + 1)), None)


def _with_caller(func: Callable[..., Any], store_ref: "weakref.ref[Store]") -> Callable[..., Any]:
    """func called with a Caller first, valid during the call only."""
    def call(*args: Any) -> Any:
        store = store_ref()
        if store is None:
            raise ValueError("the Store of this host function is gone")
        caller = Caller(store)
        try:
            return func(caller, *args)
        finally:
            caller._done()
    return call


_HOSTS: Dict[int, _Host] = {}
_host_keys = itertools.count(1)


def _trampoline(env: int, args_p: int, results_p: int) -> Optional[int]:
    h = None
    try:
        h = _HOSTS[env]
        h.results(results_p, h.func(*h.params(args_p)))
        return None
    except BaseException as e:  # noqa: B036  (nothing may unwind into C; re-raised by the caller)
        stash(e)
        store = h.store() if h is not None else None
        try:
            return new_trap("%s: %s" % (type(e).__name__, e), store)
        except BaseException:  # noqa: B036
            return new_trap("host function raised", store)


def _finalize(env: Optional[int], _hosts: Dict[int, _Host] = _HOSTS) -> None:
    # bound through a default: this may run while the interpreter shuts down
    if env is not None:
        _hosts.pop(env, None)


_TRAMPOLINE = L.immortal(L.CALLBACK_WITH_ENV(_trampoline))
_FINALIZER = L.immortal(L.FINALIZER(_finalize))


# ---------------------------------------------------------------------------------------
# Func
# ---------------------------------------------------------------------------------------

class Func(L.Native):
    """`Func(store, FuncType, callable)`: a host function; or a function exported by an
    instance. Call it as `f(store, *args)`: it returns None, the single result, or a
    tuple of results (`f.call(store, *args, timeout=seconds)` also bounds the call's
    time). A trap raises Trap (WasiExit for WASI's proc_exit; OutOfFuel, Timeout,
    Interrupted for a metered store's limits); an exception raised by a Python host
    function underneath comes out unchanged. The callable gets the parameters as plain
    values and returns None, one value, or a tuple; with `access_caller=True` it gets a
    Caller first (the calling instance's exports, e.g. its memory).

    The wasm function lives in the store: it keeps the callable until the store is
    gone, even after close(). A callable that refers to its own Store (or to objects of
    it) keeps that store alive until it is closed explicitly: close the Store when done."""

    def __init__(self, store: Store, ty: FuncType, func: Callable[..., Any], access_caller: bool = False) -> None:
        if not isinstance(store, Store):
            raise TypeError("Func() needs a Store, got %s" % type(store).__name__)
        if not isinstance(ty, FuncType):
            raise TypeError("Func() needs a FuncType, got %s" % type(ty).__name__)
        if not callable(func):
            raise TypeError("Func() needs a callable, got %s" % type(func).__name__)
        if not isinstance(access_caller, bool):
            raise TypeError("Func(access_caller=) must be a bool, got %s" % type(access_caller).__name__)
        name = getattr(func, "__name__", None) or type(func).__name__
        sp = store._p()
        sig = _sig(ty)
        key = next(_host_keys)
        _HOSTS[key] = _Host(func, name, sig, store, access_caller)
        p = L.func_new_with_env(sp, sig.native(ty), _TRAMPOLINE, key, _FINALIZER)
        if not p:
            _HOSTS.pop(key, None)  # on failure the library does not run the finalizer
            raise WasmError("wasm_func_new_with_env failed for %s" % ty)
        self._init(store, p, ty, sig, name)

    @classmethod
    def _wrap(cls, p: int, store: Optional[Store], name: Optional[str] = None) -> "Func":
        """A Func owning the `wasm_func_t*` p."""
        if not p:
            raise WasmError("no function")
        fty = L.nn(L.func_type(p), "wasm_func_type")
        try:
            ty = FuncType._from(fty)
        finally:
            L.functype_delete(fty)
        f = cls.__new__(cls)
        f._init(store, p, ty, _sig(ty), name or "func")
        return f

    def _init(self, store: Optional[Store], p: int, ty: FuncType, sig: _Sig, name: str) -> None:
        self._own(p, L.func_delete)
        self._store = store
        self._ty = ty
        self._sig = sig
        self.__name__ = name
        self._nparams = len(sig.pk)
        buf = sig.buf_type()
        base = c.addressof(buf)
        c.memmove(buf, sig.header, 2 * _VEC)
        _ptr_at(base + 8).value = base + sig.args_off if sig.pk else None      # args.data
        _ptr_at(base + _VEC + 8).value = base + sig.res_off if sig.rk else None  # results.data
        self._buf = buf
        if sig.fast and len(sig.rk) == 1:
            self._rv = _SCALARS[sig.rk[0]].from_buffer(buf, sig.res_off + 8)
            if sig.rk[0] == _F32_KIND:
                self._rvb = c.c_uint32.from_buffer(buf, sig.res_off + 8)
        self._ap = base
        self._rp = base + _VEC
        self.__class__ = sig.cls

    def type(self, store: Store) -> FuncType:
        """The function's type."""
        check_store(self, store)
        return self._ty

    def param_arity(self, store: Store) -> int:
        check_store(self, store)
        return len(self._ty._params)

    def result_arity(self, store: Store) -> int:
        check_store(self, store)
        return len(self._ty._results)

    def __call__(self, store: Store, *args: Any) -> Any:
        """Calls the function: f(store, *args) -> None, a value, or a tuple."""
        # The general case (references, v128). Numeric signatures get a generated
        # __call__ instead (see _fast_class).
        if store is not self._store or self._ptr is None or store._ptr is None:
            self._bad_call(store)
        if len(args) != self._nparams:
            self._arity_error(args)
        return self._call_generic(args)

    def call(self, store: Store, *args: Any, timeout: Optional[float] = None) -> Any:
        """Calls the function like `f(store, *args)`; with `timeout` (seconds), this one
        call gets that wall-clock limit instead of the store's (Store.set_timeout; 0 or
        math.inf: none) and raises Timeout when it runs past it. A timeout needs a metered
        store (WasmError otherwise). Inside a host function, the limit of the call
        running it still applies too."""
        if timeout is None:
            return self(store, *args)
        if not isinstance(store, Store):
            self._bad_call(store)
        micros = timeout_micros(timeout)
        saved = store._timeout_us
        store._set_timeout_micros(micros)
        try:
            return self(store, *args)
        finally:
            store._set_timeout_micros(saved)

    def _arity_error(self, args: Tuple[Any, ...]) -> None:
        raise TypeError("%s() takes %s (%d given)" % (self.__name__, _plural(self._nparams), len(args)))

    def _bad_call(self, store: Any) -> None:
        self._p()
        if self._store is None:
            raise ValueError("%s() has no store" % self.__name__)
        check_store(self, store)

    def _write_args(self, args: Tuple[Any, ...], owned: V.Owned) -> None:
        base = self._ap + self._sig.args_off
        for i, (k, v) in enumerate(zip(self._sig.pk, args)):
            V.write_val(L.Val.from_address(base + i * _VAL), k, v, self._store,
                        "%s() argument %d" % (self.__name__, i + 1), owned)

    def _call_generic(self, args: Tuple[Any, ...]) -> Any:
        owned = V.Owned()
        try:
            self._write_args(args, owned)
            trap = _func_call(self._ptr, self._ap, self._rp)
        finally:
            owned.release()
        if trap:
            raise_trap(trap)
        base = self._ap + self._sig.res_off
        return _shape([V.read_val(L.Val.from_address(base + i * _VAL), k, True, self._store)
                       for i, k in enumerate(self._sig.rk)])

    def _extern(self) -> int:
        return L.func_as_extern(self._p())

    def __repr__(self) -> str:
        state = " closed" if self._ptr is None else ""
        return "<Func %s %s%s>" % (self.__name__, self._ty, state)


# ---------------------------------------------------------------------------------------
# the fast path: a __call__ generated per numeric signature
# ---------------------------------------------------------------------------------------

_FAST_TEMPLATE = """
def __call__(self, store, *args):
    if store is not self._store or self._ptr is None or store._ptr is None:
        self._bad_call(store)
    if len(args) != {n}:
        self._arity_error(args)
    buf = self._buf
    try:
        {guard}_pack_into(buf, {args_off}{interleaved})
    except Exception:  # redo value by value (a precise TypeError, an F32's exact bits)
        self._write_args(args, _Owned())
    trap = _func_call(self._ptr, self._ap, self._rp)
    if trap:
        _raise_trap(trap)
    {ret}
"""


def _fast_class(sig: _Sig) -> type:
    """A subclass of Func whose __call__ packs and unpacks this signature's numbers with
    one struct call each."""
    pack = struct.Struct(_val_format(sig.pk, True))
    unpack = struct.Struct(_val_format(sig.rk, False))
    interleaved = "".join(", %d, args[%d]" % (k, i) for i, k in enumerate(sig.pk))
    f32_results = [i for i, k in enumerate(sig.rk) if k == _F32_KIND]
    if not sig.rk:
        ret = "return None"
    elif sig.rk == (_F32_KIND,):  # an f32 NaN comes back as an F32, with its bits
        ret = "v = self._rv.value\n    return v if v == v else _from_f32_bits(self._rvb.value)"
    elif len(sig.rk) == 1:
        ret = "return self._rv.value"  # a ctypes view of the result: cheaper than unpacking
    elif f32_results:
        ret = "return _keep_nan_bits(_unpack_from(buf, %d), %r, self._ap + %d)" % (
            sig.res_off, f32_results, sig.res_off)
    else:
        ret = "return _unpack_from(buf, %d)" % sig.res_off
    ns: Dict[str, Any] = {"_pack_into": pack.pack_into, "_unpack_from": unpack.unpack_from,
                          "_func_call": _func_call, "_raise_trap": raise_trap, "_Owned": V.Owned,
                          "_from_f32_bits": from_f32_bits, "_keep_nan_bits": _keep_nan_bits,
                          "_F32": F32, "_KeepBits": _KeepBits}
    # an F32 argument goes in bit for bit, which struct (through a float) would not do
    f32_params = [i for i, k in enumerate(sig.pk) if k == _F32_KIND]
    guard = ("if %s: raise _KeepBits\n        " % " or ".join("type(args[%d]) is _F32" % i for i in f32_params)
             if f32_params else "")
    src = _FAST_TEMPLATE.format(n=len(sig.pk), args_off=sig.args_off, interleaved=interleaved, ret=ret,
                                guard=guard)
    exec(compile(src, "<wamr: Func.__call__ for %s>" % sig.text(), "exec"), ns)  # noqa: S102
    call = ns["__call__"]
    call.__doc__ = Func.__call__.__doc__
    call.__qualname__ = "Func.__call__"
    return type("Func", (Func,), {"__call__": call, "__module__": Func.__module__, "__qualname__": "Func",
                                  "__doc__": Func.__doc__})
