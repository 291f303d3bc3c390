"""Types: ValType, Limits, FuncType, GlobalType, TableType, MemoryType, ImportType,
ExportType.

They are plain, immutable Python values (comparable, hashable): nothing to close. The
object layer makes the native type only for the moment it needs one.
"""
from __future__ import annotations

import ctypes as c
from typing import ClassVar, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _lib as L

I32, I64, F32, F64, V128, EXTERNREF, FUNCREF = 0, 1, 2, 3, 4, 128, 129
_KIND_NAMES = {I32: "i32", I64: "i64", F32: "f32", F64: "f64", V128: "v128",
               EXTERNREF: "externref", FUNCREF: "funcref"}
EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_TABLE, EXTERN_MEMORY = 0, 1, 2, 3


class ValType:
    """A value type: `ValType.i32()`, `i64()`, `f32()`, `f64()`, `v128()`,
    `externref()` (alias `anyref()`), `funcref()`."""

    __slots__ = ("_kind",)
    _kind: int
    _cache: "ClassVar[Dict[int, ValType]]" = {}

    def __new__(cls, kind: int) -> "ValType":
        if isinstance(kind, bool) or not isinstance(kind, int) or kind not in _KIND_NAMES:
            raise TypeError("ValType: unknown value kind %r" % (kind,))
        got = cls._cache.get(kind)
        if got is None:
            got = object.__new__(cls)
            object.__setattr__(got, "_kind", kind)
            cls._cache[kind] = got
        return got

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ValType is immutable")

    @classmethod
    def i32(cls) -> "ValType":
        return cls(I32)

    @classmethod
    def i64(cls) -> "ValType":
        return cls(I64)

    @classmethod
    def f32(cls) -> "ValType":
        return cls(F32)

    @classmethod
    def f64(cls) -> "ValType":
        return cls(F64)

    @classmethod
    def v128(cls) -> "ValType":
        return cls(V128)

    @classmethod
    def externref(cls) -> "ValType":
        return cls(EXTERNREF)

    anyref = externref

    @classmethod
    def funcref(cls) -> "ValType":
        return cls(FUNCREF)

    @property
    def kind(self) -> int:
        """The C `wasm_valkind_t` (WASM_I32 ... WASM_FUNCREF)."""
        return self._kind

    @property
    def is_num(self) -> bool:
        return self._kind < EXTERNREF

    @property
    def is_ref(self) -> bool:
        return self._kind >= EXTERNREF

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ValType) and other._kind == self._kind

    def __hash__(self) -> int:
        return hash(("ValType", self._kind))

    def __str__(self) -> str:
        return _KIND_NAMES[self._kind]

    def __repr__(self) -> str:
        return "ValType.%s()" % _KIND_NAMES[self._kind]

    def __reduce__(self) -> Tuple[type, Tuple[int]]:
        return (ValType, (self._kind,))

    # native
    def _new(self) -> int:
        p = L.valtype_new(self._kind)
        if not p:
            raise MemoryError("wasm_valtype_new failed")
        return p

    @staticmethod
    def _from(p: int) -> "ValType":
        return ValType(L.valtype_kind(p))


def _check_u32(n: object, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("%s must be an int, got %s" % (what, type(n).__name__))
    if not 0 <= n <= 0xFFFFFFFF:
        raise ValueError("%s must be in 0..2**32-1, got %d" % (what, n))
    return n


class Limits:
    """Size limits of a table or memory: `Limits(min, max=None)` (None: no maximum)."""

    __slots__ = ("_min", "_max")
    _min: int
    _max: Optional[int]

    def __init__(self, min: int, max: Optional[int] = None) -> None:  # noqa: A002
        lo = _check_u32(min, "Limits min")
        hi = None if max is None else _check_u32(max, "Limits max")
        if hi == L.LIMITS_MAX_DEFAULT:
            hi = None
        if hi is not None and hi < lo:
            raise ValueError("Limits: max %d is below min %d" % (hi, lo))
        object.__setattr__(self, "_min", lo)
        object.__setattr__(self, "_max", hi)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Limits is immutable")

    @property
    def min(self) -> int:
        return self._min

    @property
    def max(self) -> Optional[int]:
        return self._max

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Limits) and (other._min, other._max) == (self._min, self._max)

    def __hash__(self) -> int:
        return hash(("Limits", self._min, self._max))

    def __repr__(self) -> str:
        return "Limits(%d, %r)" % (self._min, self._max)

    def __str__(self) -> str:
        return "%d" % self._min if self._max is None else "%d %d" % (self._min, self._max)

    def _c(self) -> "L.Limits":
        return L.Limits(self._min, L.LIMITS_MAX_DEFAULT if self._max is None else self._max)

    @staticmethod
    def _from(p: int) -> "Limits":
        lim = L.Limits.from_address(p)
        return Limits(lim.min, lim.max)


def _valtypes(items: Iterable[ValType], who: str) -> Tuple[ValType, ...]:
    if isinstance(items, ValType):
        raise TypeError("%s takes a list of ValType, got a single ValType" % who)
    out = tuple(items)
    for t in out:
        if not isinstance(t, ValType):
            raise TypeError("%s takes ValType items, got %s" % (who, type(t).__name__))
    return out


def _valtype_vec(types: Sequence[ValType]) -> "L.ValTypeVec":
    vec = L.ValTypeVec()
    if types:
        arr = (c.c_void_p * len(types))(*[t._new() for t in types])
        L.valtype_vec_new(c.byref(vec), len(types), arr)  # takes the valtypes
    else:
        L.valtype_vec_new(c.byref(vec), 0, None)
    return vec


class FuncType:
    """A function type: `FuncType([ValType.i32(), ValType.i32()], [ValType.i32()])`."""

    __slots__ = ("_params", "_results")
    _params: Tuple[ValType, ...]
    _results: Tuple[ValType, ...]

    def __init__(self, params: Iterable[ValType], results: Iterable[ValType]) -> None:
        object.__setattr__(self, "_params", _valtypes(params, "FuncType params"))
        object.__setattr__(self, "_results", _valtypes(results, "FuncType results"))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FuncType is immutable")

    @property
    def params(self) -> List[ValType]:
        return list(self._params)

    @property
    def results(self) -> List[ValType]:
        return list(self._results)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FuncType) and (other._params, other._results) == (self._params, self._results)

    def __hash__(self) -> int:
        return hash(("FuncType", self._params, self._results))

    def __repr__(self) -> str:
        return "FuncType(%r, %r)" % (list(self._params), list(self._results))

    def __str__(self) -> str:
        s = "(func"
        if self._params:
            s += " (param %s)" % " ".join(map(str, self._params))
        if self._results:
            s += " (result %s)" % " ".join(map(str, self._results))
        return s + ")"

    def _new(self) -> int:
        pv, rv = _valtype_vec(self._params), _valtype_vec(self._results)
        p = L.functype_new(c.byref(pv), c.byref(rv))  # takes both vecs
        if not p:
            raise MemoryError("wasm_functype_new failed")
        return p

    @staticmethod
    def _from(p: int) -> "FuncType":
        params = [ValType._from(v) for v in L.vec_items(L.functype_params(p))]
        results = [ValType._from(v) for v in L.vec_items(L.functype_results(p))]
        return FuncType(params, results)


class GlobalType:
    """A global's type: `GlobalType(ValType.i32(), mutable=True)`."""

    __slots__ = ("_content", "_mutable")
    _content: ValType
    _mutable: bool

    def __init__(self, content: ValType, mutable: bool = False) -> None:
        if not isinstance(content, ValType):
            raise TypeError("GlobalType content must be a ValType, got %s" % type(content).__name__)
        if not isinstance(mutable, bool):
            raise TypeError("GlobalType mutable must be a bool, got %s" % type(mutable).__name__)
        object.__setattr__(self, "_content", content)
        object.__setattr__(self, "_mutable", mutable)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("GlobalType is immutable")

    @property
    def content(self) -> ValType:
        return self._content

    @property
    def mutable(self) -> bool:
        return self._mutable

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GlobalType) and (other._content, other._mutable) == (self._content, self._mutable)

    def __hash__(self) -> int:
        return hash(("GlobalType", self._content, self._mutable))

    def __repr__(self) -> str:
        return "GlobalType(%r, %r)" % (self._content, self._mutable)

    def __str__(self) -> str:
        return "(global (mut %s))" % self._content if self._mutable else "(global %s)" % self._content

    def _new(self) -> int:
        p = L.globaltype_new(self._content._new(), 1 if self._mutable else 0)
        if not p:
            raise MemoryError("wasm_globaltype_new failed")
        return p

    @staticmethod
    def _from(p: int) -> "GlobalType":
        return GlobalType(ValType._from(L.globaltype_content(p)), L.globaltype_mutability(p) == 1)


class TableType:
    """A table's type: `TableType(ValType.funcref(), Limits(1, 10))`."""

    __slots__ = ("_element", "_limits")
    _element: ValType
    _limits: Limits

    def __init__(self, element: ValType, limits: Limits) -> None:
        if not isinstance(element, ValType):
            raise TypeError("TableType element must be a ValType, got %s" % type(element).__name__)
        if not element.is_ref:
            raise TypeError("TableType element must be funcref or externref, got %s" % element)
        if not isinstance(limits, Limits):
            raise TypeError("TableType limits must be Limits, got %s" % type(limits).__name__)
        object.__setattr__(self, "_element", element)
        object.__setattr__(self, "_limits", limits)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("TableType is immutable")

    @property
    def element(self) -> ValType:
        return self._element

    @property
    def limits(self) -> Limits:
        return self._limits

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableType) and (other._element, other._limits) == (self._element, self._limits)

    def __hash__(self) -> int:
        return hash(("TableType", self._element, self._limits))

    def __repr__(self) -> str:
        return "TableType(%r, %r)" % (self._element, self._limits)

    def __str__(self) -> str:
        return "(table %s %s)" % (self._limits, self._element)

    def _new(self) -> int:
        lim = self._limits._c()
        p = L.tabletype_new(self._element._new(), c.byref(lim))
        if not p:
            raise MemoryError("wasm_tabletype_new failed")
        return p

    @staticmethod
    def _from(p: int) -> "TableType":
        return TableType(ValType._from(L.tabletype_element(p)), Limits._from(L.tabletype_limits(p)))


class MemoryType:
    """A memory's type, in 64 KiB pages: `MemoryType(Limits(1, 2))`."""

    __slots__ = ("_limits",)
    _limits: Limits

    def __init__(self, limits: Limits) -> None:
        if not isinstance(limits, Limits):
            raise TypeError("MemoryType limits must be Limits, got %s" % type(limits).__name__)
        if limits.min > 65536 or (limits.max is not None and limits.max > 65536):
            raise ValueError("MemoryType: a memory has at most 65536 pages, got %s" % limits)
        object.__setattr__(self, "_limits", limits)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("MemoryType is immutable")

    @property
    def limits(self) -> Limits:
        return self._limits

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MemoryType) and other._limits == self._limits

    def __hash__(self) -> int:
        return hash(("MemoryType", self._limits))

    def __repr__(self) -> str:
        return "MemoryType(%r)" % (self._limits,)

    def __str__(self) -> str:
        return "(memory %s)" % self._limits

    def _new(self) -> int:
        lim = self._limits._c()
        p = L.memorytype_new(c.byref(lim))
        if not p:
            raise MemoryError("wasm_memorytype_new failed")
        return p

    @staticmethod
    def _from(p: int) -> "MemoryType":
        return MemoryType(Limits._from(L.memorytype_limits(p)))


ExternType = Union[FuncType, GlobalType, TableType, MemoryType]


def externtype_from(p: int) -> ExternType:
    """The Python type of a `wasm_externtype_t*` (borrowed)."""
    kind = L.externtype_kind(p)
    if kind == EXTERN_FUNC:
        return FuncType._from(L.externtype_as_functype(p))
    if kind == EXTERN_GLOBAL:
        return GlobalType._from(L.externtype_as_globaltype(p))
    if kind == EXTERN_TABLE:
        return TableType._from(L.externtype_as_tabletype(p))
    if kind == EXTERN_MEMORY:
        return MemoryType._from(L.externtype_as_memorytype(p))
    raise ValueError("unknown extern kind %d" % kind)


def extern_kind_of(t: ExternType) -> int:
    if isinstance(t, FuncType):
        return EXTERN_FUNC
    if isinstance(t, GlobalType):
        return EXTERN_GLOBAL
    if isinstance(t, TableType):
        return EXTERN_TABLE
    return EXTERN_MEMORY


class ImportType:
    """One import of a module: `module`, `name`, `type`, and whether the library
    provides it itself (`builtin`: the WASI functions)."""

    __slots__ = ("_module", "_name", "_type", "_builtin")
    _module: str
    _name: str
    _type: "ExternType"
    _builtin: bool

    def __init__(self, module: str, name: str, type: ExternType, builtin: bool = False) -> None:  # noqa: A002
        if not isinstance(module, str) or not isinstance(name, str):
            raise TypeError("ImportType module and name must be str")
        if not isinstance(type, (FuncType, GlobalType, TableType, MemoryType)):
            raise TypeError("ImportType type must be a FuncType, GlobalType, TableType or MemoryType")
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_type", type)
        object.__setattr__(self, "_builtin", bool(builtin))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ImportType is immutable")

    @property
    def module(self) -> str:
        return self._module

    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> ExternType:
        return self._type

    @property
    def builtin(self) -> bool:
        return self._builtin

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ImportType) and (other._module, other._name, other._type) == (
            self._module, self._name, self._type)

    def __hash__(self) -> int:
        return hash(("ImportType", self._module, self._name, self._type))

    def __repr__(self) -> str:
        return "ImportType(%r, %r, %r)" % (self._module, self._name, self._type)

    def __str__(self) -> str:
        return '(import "%s" "%s" %s)' % (self._module, self._name, self._type)

    @staticmethod
    def _from(p: int) -> "ImportType":
        return ImportType(L.name_at(L.importtype_module(p)), L.name_at(L.importtype_name(p)),
                          externtype_from(L.importtype_type(p)), L.importtype_is_linked(p))


class ExportType:
    """One export of a module: `name` and `type`."""

    __slots__ = ("_name", "_type")
    _name: str
    _type: "ExternType"

    def __init__(self, name: str, type: ExternType) -> None:  # noqa: A002
        if not isinstance(name, str):
            raise TypeError("ExportType name must be str")
        if not isinstance(type, (FuncType, GlobalType, TableType, MemoryType)):
            raise TypeError("ExportType type must be a FuncType, GlobalType, TableType or MemoryType")
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_type", type)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ExportType is immutable")

    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> ExternType:
        return self._type

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ExportType) and (other._name, other._type) == (self._name, self._type)

    def __hash__(self) -> int:
        return hash(("ExportType", self._name, self._type))

    def __repr__(self) -> str:
        return "ExportType(%r, %r)" % (self._name, self._type)

    def __str__(self) -> str:
        return '(export "%s" %s)' % (self._name, self._type)

    @staticmethod
    def _from(p: int) -> "ExportType":
        return ExportType(L.name_at(L.exporttype_name(p)), externtype_from(L.exporttype_type(p)))
