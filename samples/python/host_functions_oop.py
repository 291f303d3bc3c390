#!/usr/bin/env python3
"""Host functions: Python callables imported by wasm, with several results, and a
Python exception crossing wasm unchanged.

    python3 samples/python/host_functions_oop.py
"""
import os
import sys
from typing import Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import wamr  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))

from wamr import *  # noqa: E402,F401,F403

WAT = """
(module
  (import "env" "divmod" (func $divmod (param i64 i64) (result i64 i64)))
  (import "env" "log" (func $log (param i32 f64)))
  (func (export "divmod_sum") (param i64 i64) (result i64)
    (call $divmod (local.get 0) (local.get 1))
    i64.add)
  (func (export "report") (param i32) (param f64)
    (call $log (local.get 0) (local.get 1))))
"""


class Refused(Exception):
    pass


def main() -> None:
    engine = Engine()
    store = Store(engine)
    i64, i32, f64 = ValType.i64(), ValType.i32(), ValType.f64()

    def py_divmod(a: int, b: int) -> Tuple[int, int]:
        if b == 0:
            raise Refused("division by zero refused by the host")
        return divmod(a, b)  # two results: a tuple

    def log(code: int, value: float) -> None:
        print("  wasm says: code=%d value=%.3f" % (code, value))

    imports = [Func(store, FuncType([i64, i64], [i64, i64]), py_divmod),
               Func(store, FuncType([i32, f64], []), log)]
    instance = Instance(store, Module(engine, WAT), imports)
    exports = instance.exports(store)
    divmod_sum, report = exports["divmod_sum"], exports["report"]
    assert isinstance(divmod_sum, Func) and isinstance(report, Func)

    print("divmod_sum(17, 5) = %d" % divmod_sum(store, 17, 5))
    report(store, 7, 2.5)
    try:
        divmod_sum(store, 1, 0)
    except Refused as e:
        print("the host's exception came back: %s: %s" % (type(e).__name__, e))
    try:
        divmod_sum(store, 1)
    except TypeError as e:
        print("wrong call: %s" % e)


if __name__ == "__main__":
    main()
