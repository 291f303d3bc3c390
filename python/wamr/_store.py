"""Store: the home of instances, functions, globals, tables and memories; a metered
store also bounds the execution of its calls (fuel, timeout, interrupt)."""
from __future__ import annotations

import ctypes as c
import math
import operator
import threading
from typing import TYPE_CHECKING, Any, Optional

from . import _lib as L
from . import _sigint

if TYPE_CHECKING:
    from ._wasi import WasiConfig
from ._engine import Engine
from ._trap import WasmError

_new_metered = L.store_new_metered
_set_fuel = L.store_set_fuel
_get_fuel = L.store_get_fuel
_set_timeout = L.store_set_timeout
_interrupt = L.store_interrupt

_U64_MAX = 2**64 - 1
_NOT_METERED = "this Store is not metered: create the store with Store(engine, metered=True)"


def timeout_micros(seconds: Optional[float]) -> int:
    """Microseconds for the C API (0: no limit) from seconds (None, 0 or math.inf: no
    limit); a positive time rounds to at least 1 microsecond."""
    if seconds is None:
        return 0
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError("timeout must be a number of seconds or None, got %s" % type(seconds).__name__)
    if math.isnan(seconds) or seconds < 0:
        raise ValueError("timeout must be >= 0 seconds, got %r" % seconds)
    if seconds == 0 or math.isinf(seconds):
        return 0
    micros = max(1, round(seconds * 1_000_000))
    if micros > _U64_MAX:
        raise ValueError("timeout too large: %r seconds" % seconds)
    return micros


class Store(L.Native):
    """`Store(engine)` (`Store()`: on the shared default engine, Engine.default()), or
    `Store(engine, metered=True)` for a store whose calls can be
    bounded: a fuel budget (`set_fuel`), a wall-clock limit per call (`set_timeout`, or
    `Func.call(..., timeout=...)`). Any store can be stopped with `interrupt()` from
    another thread, and Ctrl-C stops the wasm a store runs in the main thread
    (KeyboardInterrupt). A call stopped so raises OutOfFuel, Timeout or Interrupted (all
    Trap subclasses); the store stays usable. Metering costs some speed, so plain stores
    do without it.

    Objects made in a store keep its native part alive, so closing the Store only ends
    its use from Python: calls that pass a closed store raise ValueError."""

    #: What get_fuel() returns for a store without a budget (the default of a metered
    #: store); set_fuel(Store.UNLIMITED_FUEL) lifts a budget.
    UNLIMITED_FUEL = _U64_MAX

    _lock: Optional[threading.Lock] = None

    def __init__(self, engine: Optional[Engine] = None, *, metered: bool = False) -> None:
        if engine is None:
            engine = Engine.default()
        if not isinstance(engine, Engine):
            raise TypeError("Store() needs an Engine, got %s" % type(engine).__name__)
        if not isinstance(metered, bool):
            raise TypeError("Store(metered=) must be a bool, got %s" % type(metered).__name__)
        _sigint.install()  # Ctrl-C stops wasm (once, in the main thread)
        self._lock = threading.Lock()  # interrupt() from another thread vs close()
        p = _new_metered(engine._p()) if metered else L.store_new(engine._p())
        if not p:
            raise WasmError("wamr_store_new_metered failed" if metered else "wasm_store_new failed")
        self._own(p, L.store_delete)
        self._engine = engine
        self._metered = metered
        self._timeout_us = 0
        self._wasi: Any = None

    def set_wasi(self, config: Optional["WasiConfig"]) -> None:
        """Makes `config` (a WasiConfig) the WASI set-up of the store's later instances
        (it takes precedence over a WasiConfig applied to their module); None removes it."""
        from ._wasi import WasiConfig
        if config is not None and not isinstance(config, WasiConfig):
            raise TypeError("Store.set_wasi() needs a WasiConfig or None, got %s" % type(config).__name__)
        self._p()
        if config is not None:
            config._check_open()
        self._wasi = config

    def set_limits(self, memory_size: int = -1, table_elements: int = -1, instances: int = -1,
                   tables: int = -1, memories: int = -1) -> None:
        """Limits what wasm may allocate in this store from now on (wasmtime-py's
        Store.set_limits): `memory_size` bytes per linear memory (growing past it fails:
        memory.grow gives -1; an instance needing more fails to instantiate),
        `table_elements` per table, and how many instances, tables and memories the store
        holds. -1 (the default of each) means no limit beyond the library's own."""
        values = (memory_size, table_elements, instances, tables, memories)
        for name, v in zip(("memory_size", "table_elements", "instances", "tables", "memories"), values):
            if isinstance(v, bool) or not isinstance(v, int):
                raise TypeError("Store.set_limits(%s=) must be an int, got %s" % (name, type(v).__name__))
            if not -1 <= v < 2**63:
                raise ValueError("Store.set_limits(%s=) must be -1 or a count, got %d" % (name, v))
        if not L.store_set_limits(self._p(), *values):
            raise WasmError("wamr_store_set_limits failed")

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def metered(self) -> bool:
        """True for a store made with `Store(engine, metered=True)`."""
        return self._metered

    def _metered_p(self) -> int:
        p = self._p()
        if not self._metered:
            raise WasmError(_NOT_METERED)
        return p

    def set_fuel(self, fuel: int) -> None:
        """Sets the fuel left for this store's calls (roughly one unit per wasm
        instruction); a call that uses it up raises OutOfFuel, and so does every call
        after it until more is set. `Store.UNLIMITED_FUEL` (the default) means no budget.
        TypeError unless an int, ValueError if negative or above 2**64 - 1, WasmError on a
        store that is not metered."""
        if isinstance(fuel, bool):
            raise TypeError("fuel must be an int, got bool")
        try:
            n = operator.index(fuel)
        except TypeError:
            raise TypeError("fuel must be an int, got %s" % type(fuel).__name__) from None
        if not 0 <= n <= _U64_MAX:
            raise ValueError("fuel must be in 0..2**64-1, got %d" % n)
        if not _set_fuel(self._metered_p(), n):
            raise WasmError(_NOT_METERED)

    def get_fuel(self) -> int:
        """The fuel left: what set_fuel gave minus what the calls since then used;
        `Store.UNLIMITED_FUEL` (2**64 - 1) when there is no budget. WasmError on a store
        that is not metered."""
        out = c.c_uint64(0)
        if not _get_fuel(self._metered_p(), c.byref(out)):
            raise WasmError(_NOT_METERED)
        return out.value

    def set_timeout(self, seconds: Optional[float]) -> None:
        """Limits every later call on this store to `seconds` of wall-clock time (None, 0
        or math.inf: no limit, the default); a call over it raises Timeout a millisecond
        or two after the limit (time spent in a host function is counted, but the call
        stops only once wasm runs again). Instantiation is not limited. TypeError unless a
        number or None, ValueError if negative, WasmError on a store that is not metered."""
        self._set_timeout_micros(timeout_micros(seconds))

    def get_timeout(self) -> Optional[float]:
        """The limit set_timeout set, in seconds; None for no limit."""
        self._metered_p()
        return self._timeout_us / 1_000_000 if self._timeout_us else None

    def _set_timeout_micros(self, micros: int) -> None:
        if not _set_timeout(self._metered_p(), micros):
            raise WasmError(_NOT_METERED)
        self._timeout_us = micros

    def interrupt(self) -> None:
        """Stops this store's running call with Interrupted, or its next call that
        branches or calls if none runs (the request is kept until a call takes it or
        clear_interrupt() withdraws it). Any store, metered or not. Safe to call from
        any thread while another thread runs wasm in this store. ValueError if the store
        is closed."""
        lock = self._lock
        if lock is None:
            raise ValueError("this Store is closed")
        with lock:
            if not _interrupt(self._p()):
                raise WasmError("wamr_store_interrupt failed")

    def clear_interrupt(self) -> None:
        """Withdraws an interrupt() request no call took yet."""
        lock = self._lock
        if lock is None:
            raise ValueError("this Store is closed")
        with lock:
            if not L.store_clear_interrupt(self._p()):
                raise WasmError("wamr_store_clear_interrupt failed")

    def close(self) -> None:
        """Frees the native store (idempotent); waits for an interrupt() running in
        another thread."""
        lock = self._lock
        if lock is None:
            super().close()
            return
        with lock:
            super().close()

    def __repr__(self) -> str:
        return "<Store%s%s>" % (" metered" if getattr(self, "_metered", False) else "",
                                " closed" if self._ptr is None else "")


def check_store(obj: Any, store: Any) -> None:
    """Raises unless obj is open and `store` is the open Store obj belongs to."""
    obj._p()
    if not isinstance(store, Store):
        raise TypeError("%s: expected a Store, got %s" % (type(obj).__name__, type(store).__name__))
    store._p()
    if store is not obj._store:
        raise ValueError("this %s belongs to another store" % type(obj).__name__)
