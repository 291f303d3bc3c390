#!/usr/bin/env python3
"""Multiple results: a wasm function returning two values (a tuple in Python), and a
Python host function returning two values to wasm.

    python3 samples/python/multi.py
"""
import os
import sys
from typing import Tuple

try:
    import wamr  # noqa: F401  (installed)
except ImportError:  # running from the source tree: use its python/ directory
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from wamr import Engine, Func, FuncType, Instance, Module, Store, ValType  # noqa: E402

MULTI_WAT = """
(module
  (import "host" "minmax" (func $minmax (param i32 i32) (result i32 i32)))

  ;; split(x) = (the integer part of x, the rest): two results of two types
  (func (export "split") (param $x f64) (result i64 f64)
    (i64.trunc_f64_s (local.get $x))
    (f64.sub (local.get $x) (f64.trunc (local.get $x))))

  ;; sort3(a, b, c): the three sorted, by three calls to the host's minmax
  (func (export "sort3") (param $a i32) (param $b i32) (param $c i32) (result i32 i32 i32)
    (local $lo i32) (local $mid i32) (local $hi i32)
    (call $minmax (local.get $a) (local.get $b))  ;; leaves min and max on the stack
    (local.set $hi)                               ;; the last result is on top
    (local.set $lo)
    (call $minmax (local.get $hi) (local.get $c))
    (local.set $hi)
    (local.set $mid)
    (call $minmax (local.get $lo) (local.get $mid))
    (local.set $mid)
    (local.set $lo)
    (local.get $lo) (local.get $mid) (local.get $hi)))
"""


def minmax(a: int, b: int) -> Tuple[int, int]:
    result = (a, b) if a <= b else (b, a)
    print("  host minmax(%d, %d) -> %s" % (a, b, result))
    return result  # several results: a tuple (or a list) of as many values


def main() -> None:
    engine = Engine()
    store = Store(engine)
    i32 = ValType.i32()
    minmax_func = Func(store, FuncType([i32, i32], [i32, i32]), minmax)
    exports = Instance(store, Module(engine, MULTI_WAT), [minmax_func]).exports(store)
    split, sort3 = exports["split"], exports["sort3"]
    assert isinstance(split, Func) and isinstance(sort3, Func)

    print("split has type %s" % split.type(store))
    for x in (3.75, -2.5):
        whole, rest = split(store, x)  # two results come back as a tuple
        print("split(%r) = (%r, %r)" % (x, whole, rest))

    print("calling sort3(30, 10, 20)...")
    print("sort3(30, 10, 20) = %s" % (sort3(store, 30, 10, 20),))


if __name__ == "__main__":
    main()
