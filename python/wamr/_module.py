"""Module: a compiled WebAssembly module, from binary or from WAT text."""
from __future__ import annotations

import ctypes as c
import os
import re
import threading
from typing import Any, List, Optional, Union

from . import _lib as L
from ._engine import Engine
from ._trap import WasmError
from ._types import ExportType, ImportType

Wasm = Union[bytes, bytearray, memoryview, str]
PathLike = Union[str, "os.PathLike[str]"]


def _reason(captured: List[str], default: str) -> str:
    lines = [ln.strip() for ln in "".join(captured).splitlines() if ln.strip()]
    return lines[-1] if lines else default


def wat_to_wasm(text: Union[str, bytes]) -> bytes:
    """The binary of a WebAssembly text module; WasmError with the parser's message."""
    if isinstance(text, str):
        data = text.encode("utf-8")
    elif isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
    else:  # (bytes(5) would be five NULs, bytes([..]) a list of numbers: not text)
        raise TypeError("wat2wasm() needs str or bytes (WebAssembly text), got %s" % type(text).__name__)
    src = L.new_byte_vec(data)
    out = L.ByteVec()
    try:
        ok = L.wat_to_wasm(c.byref(src), c.byref(out))
        raw = L.byte_vec_bytes(out)
    finally:
        L.byte_vec_delete(c.byref(src))
        L.byte_vec_delete(c.byref(out))
    if not ok:
        raise WasmError(_one_line(raw.rstrip(b"\0").decode("utf-8", "replace")) or "invalid WebAssembly text")
    return raw


def _one_line(message: str) -> str:
    """The wat parser's message ("reason", then "--> <anon>:LINE:COL" and an excerpt) as
    one line: "reason (at line LINE, column COL)"."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    if not lines:
        return ""
    where = re.search(r"-->\s*\S*?:(\d+):(\d+)", message)
    if where:
        return "%s (at line %s, column %s)" % (lines[0], where.group(1), where.group(2))
    return lines[0]


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_like_text(data: bytes) -> bool:
    """UTF-8 without control characters other than whitespace, as WAT is."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _CONTROL.search(data) is None


def _binary(wasm: Any, who: str) -> bytes:
    """wasm as binary: bytes starting with the wasm magic are taken as they are; str (or
    bytes without the magic) is WebAssembly text."""
    if isinstance(wasm, str):
        return wat_to_wasm(wasm)
    if isinstance(wasm, (bytes, bytearray, memoryview)):
        data = bytes(wasm)
        if data[:4] == b"\0asm" or not data:
            return data
        if not _looks_like_text(data):
            raise WasmError("neither a wasm binary (no \\0asm magic at the start) nor WebAssembly text: "
                            "the bytes start with %s" % data[:8].hex(" "))
        return wat_to_wasm(data)
    raise TypeError("%s needs bytes (a wasm binary) or str (WAT text), got %s" % (who, type(wasm).__name__))


def _check_engine(engine: Any, who: str) -> None:
    if not isinstance(engine, Engine):
        raise TypeError("%s needs an Engine, got %s" % (who, type(engine).__name__))


def _on_bytes(engine: Engine, binary: bytes, fn: Any, default_reason: str) -> Any:
    """Runs `fn(store, bytes)` (module_new, _validate, _deserialize) on the engine's
    compile store; raises WasmError with the library's reason if it returns 0/NULL."""
    vec = L.new_byte_vec(binary)
    try:
        with engine._compiling() as store, L.captured_stderr() as err:
            result = fn(store, c.byref(vec))
    finally:
        L.byte_vec_delete(c.byref(vec))
    if not result:
        raise WasmError(_reason(err, default_reason))
    return result


class Module(L.Native):
    """`Module(engine, wasm)`: wasm is a binary (bytes) or WebAssembly text (str).
    Raises WasmError with the compiler's reason if it is invalid."""

    def __init__(self, engine: Engine, wasm: Wasm) -> None:
        _check_engine(engine, "Module()")
        p = _on_bytes(engine, _binary(wasm, "Module()"), L.module_new, "invalid module")
        self._init(engine, p)

    def _init(self, engine: Engine, p: int) -> None:
        self._own(p, L.module_delete)
        self._engine = engine
        self._wasi: Any = None  # the WasiConfig applied, kept alive with the module
        self._wasi_args: Any = None  # the arrays of the last WASI set-up given to the library
        self._wasi_lock = threading.Lock()  # a store's WASI set-up and the instantiation it is for
        self._imports: Optional[List[ImportType]] = None
        self._exports: Optional[List[ExportType]] = None

    @classmethod
    def from_file(cls, engine: Engine, path: PathLike) -> "Module":
        """Compiles a .wasm file (or a .wat text file)."""
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError("Module.from_file() needs a path, got %s" % type(path).__name__)
        with open(path, "rb") as f:
            data = f.read()
        try:
            return cls(engine, data)
        except WasmError as e:
            raise WasmError("%s: %s" % (os.fsdecode(path), e)) from None

    @staticmethod
    def validate(engine: Engine, wasm: Wasm) -> None:
        """Returns if wasm is a valid module; raises WasmError with the reason if not."""
        _check_engine(engine, "Module.validate()")
        _on_bytes(engine, _binary(wasm, "Module.validate()"), L.module_validate, "invalid module")

    @classmethod
    def deserialize(cls, engine: Engine, data: Union[bytes, bytearray, memoryview]) -> "Module":
        """A module from what serialize() returned; WasmError for anything else."""
        _check_engine(engine, "Module.deserialize()")
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("Module.deserialize() needs bytes, got %s" % type(data).__name__)
        p = _on_bytes(engine, bytes(data), L.module_deserialize, "not a serialized module")
        m = cls.__new__(cls)
        m._init(engine, p)
        return m

    def serialize(self) -> bytes:
        """Bytes that Module.deserialize() turns back into this module (name included)."""
        out = L.ByteVec()
        with self._use() as p:
            L.module_serialize(p, c.byref(out))
        try:
            return L.byte_vec_bytes(out)
        finally:
            L.byte_vec_delete(c.byref(out))

    @property
    def engine(self) -> Engine:
        return self._engine

    def _types(self, vec_type: Any, read: Any, delete: Any, make: Any) -> List[Any]:
        """The module's import or export types: `read` fills a native vector of them."""
        vec = vec_type()
        with self._use() as p:
            read(p, c.byref(vec))
        try:
            return [make(t) for t in L.vec_items(L.addr(vec))]
        finally:
            delete(c.byref(vec))

    @property
    def imports(self) -> List[ImportType]:
        """The imports, in module order."""
        self._p()
        if self._imports is None:
            self._imports = self._types(L.ImportTypeVec, L.module_imports, L.importtype_vec_delete, ImportType._from)
        return list(self._imports)

    @property
    def exports(self) -> List[ExportType]:
        """The exports, in module order."""
        self._p()
        if self._exports is None:
            self._exports = self._types(L.ExportTypeVec, L.module_exports, L.exporttype_vec_delete, ExportType._from)
        return list(self._exports)

    @property
    def name(self) -> str:
        """The module's name ("" unless set; kept by serialize())."""
        with self._use() as p:
            raw = L.module_get_name(p)
        return raw.decode("utf-8", "replace") if raw else ""

    @name.setter
    def name(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError("Module.name must be str, got %s" % type(value).__name__)
        if "\0" in value:
            raise ValueError("Module.name cannot contain NUL")
        with self._use() as p:
            if not L.module_set_name(p, value.encode("utf-8")):
                raise WasmError("wasm_module_set_name failed")

    def _release(self) -> None:
        self._wasi = None

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<Module closed>"
        return "<Module %r: %d imports, %d exports>" % (self.name, len(self.imports), len(self.exports))
