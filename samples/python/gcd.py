#!/usr/bin/env python3
"""Calling wasm from Python: Euclid's greatest common divisor, written in
WebAssembly text and called with Python ints.

    python3 samples/python/gcd.py
"""
import os
import sys

try:
    import wamr  # noqa: F401  (installed)
except ImportError:  # running from the source tree: use its python/ directory
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from wamr import Engine, Func, Instance, Module, Store  # noqa: E402

GCD_WAT = """
(module
  ;; gcd(a, b): while b != 0, (a, b) = (b, a mod b); then a is the answer
  (func (export "gcd") (param $a i32) (param $b i32) (result i32)
    (local $rest i32)
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $b)))
        (local.set $rest (i32.rem_u (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $rest))
        (br $step)))
    (local.get $a)))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine)                   # instances and their calls live in a store
    module = Module(engine, GCD_WAT)        # WebAssembly text, or the bytes of a .wasm
    instance = Instance(store, module, [])  # this module imports nothing

    gcd = instance.exports(store)["gcd"]
    assert isinstance(gcd, Func)            # an export may also be a memory, global or table
    print("gcd has type %s" % gcd.type(store))
    for a, b in ((6, 27), (1071, 462), (17, 5), (0, 9)):
        print("gcd(%d, %d) = %d" % (a, b, gcd(store, a, b)))


if __name__ == "__main__":
    main()
