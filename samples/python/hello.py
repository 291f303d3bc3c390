#!/usr/bin/env python3
"""Calling Python from wasm: the module imports a host function written in Python
and calls it.

    python3 samples/python/hello.py
"""
import os
import sys

try:
    import wamr  # noqa: F401  (installed)
except ImportError:  # running from the source tree: use its python/ directory
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from wamr import Engine, Func, FuncType, Instance, Module, Store, ValType  # noqa: E402

HELLO_WAT = """
(module
  ;; what the host must provide: a function taking one i32
  (import "host" "hello" (func $hello (param i32)))
  ;; run(n) calls hello(1), hello(2), ..., hello(n)
  (func (export "run") (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (call $hello (local.get $i))
        (br $next)))))
"""


def hello(count: int) -> None:
    # wasm's i32 arrives as a Python int
    print("Hello from Python! (call #%d)" % count)


def main() -> None:
    # Engine, Store, Module, Instance, Func: all of them can be closed, or used with `with`
    with Engine() as engine, Store(engine) as store:
        module = Module(engine, HELLO_WAT)
        print("the module imports: %s" % ", ".join("%s.%s" % (i.module, i.name) for i in module.imports))

        # A host function: a Python callable and the wasm type it has.
        hello_func = Func(store, FuncType([ValType.i32()], []), hello)
        # Imports are given in the order the module declares them.
        instance = Instance(store, module, [hello_func])

        run = instance.exports(store)["run"]
        assert isinstance(run, Func)
        print("calling run(3)...")
        run(store, 3)
    print("done")


if __name__ == "__main__":
    main()
