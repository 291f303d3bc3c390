"""Errors: Trap (with its code and frames), its kinds WasiExit, OutOfFuel, Interrupted
and Timeout, WasmError and LinkError; and how a Python exception raised in a host
function travels through wasm back to the caller unchanged."""
from __future__ import annotations

import contextlib
import ctypes as c
import enum
import threading
from typing import Any, Iterator, List, NoReturn, Optional

from . import _lib as L
from . import _sigint


class WasmError(Exception):
    """A module that does not compile or validate, WAT that does not parse, bytes that
    are not a serialized module, an instance that cannot be created."""


class LinkError(WasmError):
    """An instance's imports do not fit its module, in WebAssembly's words:
    `import (env, mem): expected (memory 2), got (memory 1)`, or an import a Linker
    has no definition for."""


class TrapCode(enum.Enum):
    """Why wasm trapped (`Trap.trap_code`), as wasmtime-py names it, plus TIMEOUT (a
    metered store's wall-clock limit) and HOST_ERROR (a Trap made by host code)."""

    STACK_OVERFLOW = "stack overflow"
    MEMORY_OUT_OF_BOUNDS = "memory out of bounds"
    TABLE_OUT_OF_BOUNDS = "table out of bounds"
    INDIRECT_CALL_TO_NULL = "indirect call to null"
    BAD_SIGNATURE = "bad signature"
    INTEGER_OVERFLOW = "integer overflow"
    INTEGER_DIVISION_BY_ZERO = "integer division by zero"
    BAD_CONVERSION_TO_INTEGER = "bad conversion to integer"
    UNREACHABLE = "unreachable"
    INTERRUPT = "interrupt"
    OUT_OF_FUEL = "out of fuel"
    TIMEOUT = "timeout"
    HOST_ERROR = "host error"


# The library's trap messages (WAMR's words, without "Exception: ") and their codes.
_CODES = {
    "unreachable": TrapCode.UNREACHABLE,
    "out of bounds memory access": TrapCode.MEMORY_OUT_OF_BOUNDS,
    "undefined element": TrapCode.TABLE_OUT_OF_BOUNDS,
    "out of bounds table access": TrapCode.TABLE_OUT_OF_BOUNDS,
    "uninitialized element": TrapCode.INDIRECT_CALL_TO_NULL,
    "indirect call type mismatch": TrapCode.BAD_SIGNATURE,
    "integer divide by zero": TrapCode.INTEGER_DIVISION_BY_ZERO,
    "integer overflow": TrapCode.INTEGER_OVERFLOW,
    "invalid conversion to integer": TrapCode.BAD_CONVERSION_TO_INTEGER,
    "wasm operand stack overflow": TrapCode.STACK_OVERFLOW,
    "native stack overflow": TrapCode.STACK_OVERFLOW,
    "all fuel consumed": TrapCode.OUT_OF_FUEL,
    "interrupted": TrapCode.INTERRUPT,
    "timeout": TrapCode.TIMEOUT,
}

_PREFIX = "Exception: "


def _strip(message: str) -> str:
    return message[len(_PREFIX):] if message.startswith(_PREFIX) else message


def is_link_error(message: str) -> bool:
    """Whether an instantiation failure's message is about the imports."""
    text = _strip(message)
    return text.startswith(("import (", "import #", "failed to link import"))


class Frame:
    """One frame of a trap's trace: the function's module-level index (imports
    counted), the offset in the function and in the module."""

    __slots__ = ("func_index", "func_offset", "module_offset")

    def __init__(self, func_index: int, func_offset: int, module_offset: int) -> None:
        for name, v in (("func_index", func_index), ("func_offset", func_offset), ("module_offset", module_offset)):
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise TypeError("Frame(): %s must be an int >= 0, got %r" % (name, v))
        self.func_index = func_index
        self.func_offset = func_offset
        self.module_offset = module_offset

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Frame) and (other.func_index, other.func_offset, other.module_offset) == (
            self.func_index, self.func_offset, self.module_offset)

    def __hash__(self) -> int:
        return hash((self.func_index, self.func_offset, self.module_offset))

    def __repr__(self) -> str:
        return "Frame(func_index=%d, func_offset=0x%x, module_offset=0x%x)" % (
            self.func_index, self.func_offset, self.module_offset)


_UNSET: Any = object()


class Trap(Exception):
    """A wasm trap: `message` (e.g. "integer divide by zero": the library's words
    without WAMR's "Exception: " prefix), `trap_code` (a TrapCode; None for a message
    the library does not classify) and `frames`, innermost first (empty when the
    engine cannot tell). A Trap made by host code has trap_code HOST_ERROR unless
    given one."""

    _default_code: Optional[TrapCode] = TrapCode.HOST_ERROR

    def __init__(self, message: str, frames: Optional[List[Frame]] = None,
                 trap_code: Optional[TrapCode] = _UNSET) -> None:
        if not isinstance(message, str):
            raise TypeError("Trap message must be str, got %s" % type(message).__name__)
        if trap_code is _UNSET:
            trap_code = self._default_code
        if trap_code is not None and not isinstance(trap_code, TrapCode):
            raise TypeError("Trap trap_code must be a TrapCode or None, got %s" % type(trap_code).__name__)
        super().__init__(message)
        self.message = message
        self.trap_code: Optional[TrapCode] = trap_code
        self.frames: List[Frame] = list(frames or ())
        for f in self.frames:
            if not isinstance(f, Frame):
                raise TypeError("Trap(): frames must be Frame objects, got %s" % type(f).__name__)

    def __reduce__(self) -> Any:
        return (type(self), (self.message, self.frames, self.trap_code))

    def __str__(self) -> str:
        if not self.frames:
            return self.message
        return self.message + "\n" + "\n".join(
            "  %d: func[%d]+0x%x (module offset 0x%x)" % (i, f.func_index, f.func_offset, f.module_offset)
            for i, f in enumerate(self.frames))


class WasiExit(Trap):
    """WASI `proc_exit(code)` ended the call (raised for code 0 too); `code` is the
    exit code."""

    _default_code = None

    def __init__(self, code: int, message: Optional[str] = None, frames: Optional[List[Frame]] = None) -> None:
        if isinstance(code, bool) or not isinstance(code, int):
            raise TypeError("WasiExit code must be int, got %s" % type(code).__name__)
        super().__init__(message if message is not None else "wasi proc exit(%d)" % code, frames)
        self.code = code

    def __reduce__(self) -> Any:
        return (WasiExit, (self.code, self.message, self.frames))


class OutOfFuel(Trap):
    """A metered store's fuel budget ran out (Store.set_fuel): "all fuel consumed".
    Every later call raises it too until more fuel is set."""

    _default_code = TrapCode.OUT_OF_FUEL


class Interrupted(Trap):
    """Store.interrupt() stopped the call: "interrupted"."""

    _default_code = TrapCode.INTERRUPT


class Timeout(Trap):
    """The call ran past its wall-clock limit (Store.set_timeout, or
    Func.call(..., timeout=...)): "timeout"."""

    _default_code = TrapCode.TIMEOUT


# the Trap subclasses of bounded execution's codes (capi/src/fuel.rs)
_KINDS = {
    TrapCode.OUT_OF_FUEL: OutOfFuel,
    TrapCode.INTERRUPT: Interrupted,
    TrapCode.TIMEOUT: Timeout,
}


# ---------------------------------------------------------------------------------------
# traps from the library
# ---------------------------------------------------------------------------------------

def trap_from_ptr(trap: int) -> Trap:
    """Reads an owned `wasm_trap_t*` into a Trap (or the subclass its kind has: WasiExit,
    OutOfFuel, Interrupted, Timeout) and deletes it."""
    try:
        msg = L.ByteVec()
        L.trap_message(trap, c.byref(msg))
        text = L.name_at(L.addr(msg))
        L.byte_vec_delete(c.byref(msg))
        frames_vec = L.FrameVec()
        L.trap_trace(trap, c.byref(frames_vec))
        frames = [Frame(L.frame_func_index(f), L.frame_func_offset(f), L.frame_module_offset(f))
                  for f in L.vec_items(L.addr(frames_vec)) if f]
        L.frame_vec_delete(c.byref(frames_vec))
        code = c.c_int32(0)
        text = _strip(text)
        if L.trap_exit_code(trap, c.byref(code)):
            return WasiExit(code.value, text, frames)
        trap_code = _CODES.get(text)
        return _KINDS.get(trap_code, Trap)(text, frames, trap_code)  # type: ignore[arg-type]
    finally:
        L.trap_delete(trap)


# ---------------------------------------------------------------------------------------
# Python exceptions crossing wasm
# ---------------------------------------------------------------------------------------
#
# A host function that raises must not unwind into C. Its trampoline keeps the exception
# here and returns a trap; wasm unwinds to the innermost wasm_func_call (or
# wasm_instance_new), whose Python caller finds the exception here and raises it again:
# the same object, so its type and traceback are the original ones.

_pending = threading.local()


def stash(exc: BaseException) -> None:
    _pending.exc = exc


def take_pending() -> Optional[BaseException]:
    exc = getattr(_pending, "exc", None)
    if exc is not None:
        _pending.exc = None
    return exc


def raise_trap(trap: int, instantiating: bool = False) -> NoReturn:
    """Raises what a non-NULL trap from a call means: the host exception behind it, or
    the trap itself as a Trap/WasiExit. For an instantiation, a failure that is no
    wasm trap is a WasmError (LinkError for the imports; a resource limit...)."""
    exc = take_pending()
    t = trap_from_ptr(trap)
    if exc is not None:
        try:
            raise exc
        finally:
            del exc
    if isinstance(t, Interrupted) and _sigint.claim_interrupt():
        raise KeyboardInterrupt
    if instantiating and is_link_error(t.message):
        raise LinkError(t.message)
    if instantiating and type(t) is Trap and t.trap_code is None:
        raise WasmError("instantiation failed: %s" % t.message)
    raise t


def raise_pending() -> None:
    exc = take_pending()
    if exc is not None:
        try:
            raise exc
        finally:
            del exc


@contextlib.contextmanager
def any_store(store: Any = None) -> Iterator[int]:
    """A native store pointer: store's when it is open, else a temporary one (some C
    functions need a store only to be non-NULL: wasm_trap_new, wasm_foreign_new).
    Nothing is kept, so no engine is pinned for the life of the process."""
    p = getattr(store, "_ptr", None)
    if p:
        yield p
        return
    engine = L.nn(L.engine_new(), "wasm_engine_new")
    tmp = L.store_new(engine)
    if not tmp:
        L.engine_delete(engine)
        raise MemoryError("wasm_store_new failed")
    try:
        yield tmp
    finally:
        L.store_delete(tmp)
        L.engine_delete(engine)


def new_trap(message: str, store: Any = None) -> int:
    """An owned `wasm_trap_t*` carrying message (NUL-terminated, as the library's)."""
    data = message.encode("utf-8", "replace") + b"\0"
    vec = L.new_byte_vec(data)
    try:
        with any_store(store) as sp:
            return L.trap_new(sp, c.byref(vec)) or 0
    finally:
        L.byte_vec_delete(c.byref(vec))
