#!/usr/bin/env python3
"""Globals and tables: host-made ones imported by wasm, exported ones used from Python.

    python3 samples/python/globals_tables_oop.py
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
  (import "env" "counter" (global $counter (mut i32)))
  (import "env" "funcs" (table $funcs 2 funcref))
  (global (export "pi") f64 (f64.const 3.14159))
  (table (export "own") 1 funcref)
  (func $bump (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "call_slot") (param i32) (result i32)
    (call_indirect $funcs (result i32) (local.get 0)))
  (elem (table 1) (i32.const 0) func $bump))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine)
    counter = Global(store, GlobalType(ValType.i32(), mutable=True), 41)
    funcs = Table(store, TableType(ValType.funcref(), Limits(2)), None)
    forty_two = Func(store, FuncType([], [ValType.i32()]), lambda: 42)
    funcs.set(store, 1, forty_two)

    instance = Instance(store, Module(engine, WAT), [counter, funcs])
    exports = instance.exports(store)
    bump, call_slot, pi, own = exports["bump"], exports["call_slot"], exports["pi"], exports["own"]
    assert isinstance(bump, Func) and isinstance(call_slot, Func)
    assert isinstance(pi, Global) and isinstance(own, Table)

    print("bump() = %d, counter seen from Python: %d" % (bump(store), counter.value(store)))
    counter.set_value(store, 100)
    print("after set_value(100): bump() = %d" % bump(store))
    print("exported pi = %r (%s)" % (pi.value(store), pi.type(store)))
    try:
        pi.set_value(store, 3.0)
    except TypeError as e:
        print("pi is immutable: %s" % e)

    element = own.get(store, 0)
    print("table 'own': size %d, element 0 is %s, calling it: %d"
          % (own.size(store), element, element(store)))
    funcs.set(store, 0, bump)
    print("call_slot(0) -> bump via table: %d" % call_slot(store, 0))
    print("call_slot(1) -> Python lambda via table: %d" % call_slot(store, 1))
    old = funcs.grow(store, 2, forty_two)
    print("grew host table from %d to %d" % (old, funcs.size(store)))
    print("call_slot(3) = %d" % call_slot(store, 3))


if __name__ == "__main__":
    main()
