#!/usr/bin/env python3
"""Bounded execution: a metered store stops an endless loop by fuel, by a timeout,
or from another thread; the store stays usable afterwards.

    python3 samples/python/limits_oop.py
"""
import os
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import wamr  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))

from wamr import *  # noqa: E402,F401,F403

WAT = """
(module
  (func (export "forever") (loop $l (br $l)))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i)))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine, metered=True)
    exports = Instance(store, Module(engine, WAT), []).exports(store)
    forever, count = exports["forever"], exports["count"]
    assert isinstance(forever, Func) and isinstance(count, Func)
    count(store, 1)  # compiled on its first call, which costs fuel too

    # fuel: roughly one unit per instruction
    store.set_fuel(1_000_000)
    print("count(1000) = %d" % count(store, 1000))
    print("fuel used by count(1000): %d" % (1_000_000 - store.get_fuel()))
    try:
        forever(store)
    except OutOfFuel as trap:
        print("forever() with fuel: %s (fuel left: %d)" % (trap.message, store.get_fuel()))
    store.set_fuel(Store.UNLIMITED_FUEL)

    # a wall-clock limit for one call (store.set_timeout(seconds) sets one for every call)
    try:
        forever.call(store, timeout=0.1)
    except Timeout as trap:
        print("forever() with a 0.1 s timeout: %s" % trap.message)
    print("count(1000) under a 1 s timeout = %d" % count.call(store, 1000, timeout=1.0))

    # from another thread
    timer = threading.Timer(0.05, store.interrupt)
    timer.start()
    try:
        forever(store)
    except Interrupted as trap:
        print("forever() interrupted: %s" % trap.message)
    timer.join()
    print("all of these are Traps: %s" % all(issubclass(t, Trap) for t in (OutOfFuel, Timeout, Interrupted)))
    print("the store still works: count(5) = %d" % count(store, 5))


if __name__ == "__main__":
    main()
