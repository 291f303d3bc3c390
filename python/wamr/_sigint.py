"""Ctrl-C stops running wasm: SIGINT while the main thread runs wasm interrupts the
store it runs on, and the call raises KeyboardInterrupt; the store stays usable.

Python runs its SIGINT handler only between bytecodes, never while the main thread is
inside a C call, so a thread of ours waits on `signal.set_wakeup_fd` (Python writes each
signal's number there as it arrives) and interrupts the stores the main thread's calls
run on, found from its frames. Nothing is done per call. Installed with the first Store
made in the main thread, unless SIGINT is ignored or not handled by Python, or another
part of the program owns the wakeup fd (asyncio's event loop does while it runs)."""
from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any, List, Optional

from . import _lib as L

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_lock = threading.Lock()
_installed = False
_previous: Any = None  # the SIGINT handler we chain to
_interrupted: List[Any] = []  # stores the watcher interrupted, not yet settled
_delivered = 0  # KeyboardInterrupts already raised from an interrupted call


def install() -> None:
    """Installs the Ctrl-C support once, from the main thread (a no-op elsewhere)."""
    global _installed, _previous
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    _installed = True  # one attempt, whatever comes of it
    previous = signal.getsignal(signal.SIGINT)
    if not callable(previous):
        return  # SIG_IGN / SIG_DFL / not installed by Python: leave Ctrl-C alone
    r, w = os.pipe()
    os.set_blocking(w, False)
    try:
        old = signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    except ValueError:
        old = -2
    if old != -1:  # someone else's: give it back
        if old >= 0:
            signal.set_wakeup_fd(old)
        os.close(r)
        os.close(w)
        return
    _previous = previous
    signal.signal(signal.SIGINT, _handler)
    threading.Thread(target=_watch, args=(r,), name="wamr-ctrl-c", daemon=True).start()


def _ours() -> bool:
    return signal.getsignal(signal.SIGINT) is _handler


def _running_stores() -> List[Any]:
    """The store the main thread runs wasm on, if it does: its innermost frame is then
    one of this package's (a call or an instantiation, waiting in C). When it runs
    Python code (a host function, say), Python's own handler takes the signal."""
    from ._store import Store
    frame = sys._current_frames().get(threading.main_thread().ident or 0)
    try:
        if frame is None or not frame.f_code.co_filename.startswith((_PACKAGE_DIR, "<wamr:")):
            return []
        local = frame.f_locals
        for s in (getattr(local.get("self"), "_store", None), local.get("store")):
            if isinstance(s, Store):
                return [s]
        return []
    finally:
        del frame


def _watch(fd: int) -> None:
    while True:
        try:
            data = os.read(fd, 64)
        except InterruptedError:
            continue
        except OSError:
            return
        if not data:
            return
        if signal.SIGINT in data and _ours():
            try:
                _interrupt_running()
            except Exception:  # noqa: BLE001  (never let the watcher die)
                pass


def _interrupt_running() -> None:
    stores = _running_stores()
    with _lock:
        for s in stores:
            p = s._ptr
            if p:
                L.store_interrupt(p)
                _interrupted.append(s)
    # a call that ended just before the request would leave it for the next call
    still = _running_stores()
    for s in stores:
        if s not in still:
            _settle(s)


def _settle(store: Any) -> None:
    with _lock:
        if store in _interrupted:
            _interrupted.remove(store)
            p = store._ptr
            if p:
                L.store_clear_interrupt(p)


def claim_interrupt() -> bool:
    """For a call that trapped with Interrupted: True if Ctrl-C caused it (the caller
    then raises KeyboardInterrupt, and our handler raises no second one)."""
    global _delivered
    with _lock:
        if not _interrupted or not _ours():
            return False
        _delivered += 1
        return True


def _handler(signum: int, frame: Optional[Any]) -> None:
    """Runs in the main thread once it is back in Python: withdraws requests no call
    took, then does what the previous handler did (KeyboardInterrupt, unless a call
    already raised it)."""
    global _delivered
    with _lock:
        stores, _interrupted[:] = list(_interrupted), []
        for s in stores:
            p = s._ptr
            if p:
                L.store_clear_interrupt(p)
        if _delivered:
            _delivered -= 1
            return
    _previous(signum, frame)
