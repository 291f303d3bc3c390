#!/usr/bin/env python3
"""Linear memory from Python: copying read/write, and zero-copy views (numpy when
installed, a plain memoryview otherwise).

    python3 samples/python/memory_oop.py
"""
import os
import sys
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import wamr  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))

from wamr import *  # noqa: E402,F401,F403

try:
    import numpy
    HAVE_NUMPY = True
except ImportError:
    HAVE_NUMPY = False

WAT = """
(module
  (memory (export "memory") 1 4)
  ;; sum(ptr, n): the sum of n i32 at ptr
  (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s))
  ;; scale(ptr, n, k): multiplies n i32 at ptr by k, in place
  (func (export "scale") (param $p i32) (param $n i32) (param $k i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store (local.get $p) (i32.mul (i32.load (local.get $p)) (local.get $k)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))
  (data (i32.const 0) "hello from wasm"))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine)
    instance = Instance(store, Module(engine, WAT), [])
    exports = instance.exports(store)
    memory, total, scale = exports["memory"], exports["sum"], exports["scale"]
    assert isinstance(memory, Memory) and isinstance(total, Func) and isinstance(scale, Func)

    print("pages: %d, bytes: %d" % (memory.size(store), memory.data_len(store)))
    print("read: %r" % bytes(memory.read(store, 0, 15)))
    memory.write(store, b"HELLO", 0)
    print("after write: %r" % bytes(memory.read(store, 0, 15)))

    # zero-copy: a view of the memory itself
    view = memory.buffer(store)
    n = 8
    ints: Any  # a numpy array or a memoryview
    if HAVE_NUMPY:
        ints = numpy.frombuffer(view, dtype=numpy.int32, count=n, offset=1024)
        ints[:] = numpy.arange(1, n + 1)
        print("numpy wrote: %s" % ints.tolist())
    else:
        ints = view[1024:1024 + 4 * n].cast("i")
        for i in range(n):
            ints[i] = i + 1
        print("memoryview wrote: %s" % ints.tolist())
    print("sum in wasm: %d" % total(store, 1024, n))
    scale(store, 1024, n, 10)
    print("scaled by wasm, seen through the view: %s" % ints.tolist())
    del ints, view  # views are only valid until the memory grows

    old = memory.grow(store, 1)
    print("grew from %d to %d pages" % (old, memory.size(store)))
    view = memory.buffer(store)  # take a fresh view after growing
    print("view length: %d, first bytes: %r" % (len(view), bytes(view[:5])))
    try:
        memory.grow(store, 10)
    except WasmError as e:
        print("cannot grow past the maximum: %s" % e)
    try:
        memory.write(store, b"x", memory.data_len(store))
    except IndexError as e:
        print("write past the end: %s" % e)


if __name__ == "__main__":
    main()
