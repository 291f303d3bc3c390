#!/usr/bin/env python3
"""Traps: wasm traps raise Trap (an Exception with message and frames).

    python3 samples/python/traps_oop.py
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import wamr  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))

from wamr import *  # noqa: E402,F401,F403

WAT = """
(module
  (memory 1)
  (func (export "unreachable") unreachable)
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func $rec (export "recurse") (call $rec)))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine)
    exports = Instance(store, Module(engine, WAT), []).exports(store)
    for name, args in (("unreachable", ()), ("div", (1, 0)), ("load", (1 << 20,)), ("recurse", ())):
        try:
            func = exports[name]
            assert isinstance(func, Func)
            func(store, *args)
        except Trap as trap:
            code = trap.trap_code.name if trap.trap_code else "?"
            print("%s(%s): %s [%s] (%d frames)" % (name, ", ".join(map(str, args)), trap.message, code,
                                                  len(trap.frames)))
    div = exports["div"]
    assert isinstance(div, Func)
    print("div(7, 2) = %d" % div(store, 7, 2))
    try:
        Module(engine, '(module (func (export "f") (result i32)))')
    except WasmError as e:
        print("invalid module: %s" % e)


if __name__ == "__main__":
    main()
