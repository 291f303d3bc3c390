#!/usr/bin/env python3
"""Hello world of the wamr object API: a wasm module calls back into Python.

    python3 samples/python/hello_oop.py [hello.wasm]

Without an argument it loads hello_oop.wat beside this file (Module.from_file takes a
.wasm binary or WebAssembly text).
"""
import os
import sys
from typing import List

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import wamr  # noqa: F401  (installed)
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))  # the source tree

from wamr import *  # noqa: E402,F401,F403


def hello_callback() -> None:
    print("Calling back...")
    print("> Hello World!")


def main(argv: List[str]) -> None:
    print("Initializing...")
    engine = Engine()
    store = Store(engine)

    print("Loading binary...")
    print("Compiling module...")
    path = argv[1] if len(argv) > 1 else os.path.join(HERE, "hello_oop.wat")
    try:
        module = Module.from_file(engine, path)
    except WasmError as e:
        sys.exit("> Error compiling module: %s" % e)

    print("Creating callback...")
    hello = Func(store, FuncType([], []), hello_callback)

    print("Instantiating module...")
    instance = Instance(store, module, [hello])

    print("Extracting export...")
    run = instance.exports(store)["run"]
    assert isinstance(run, Func)  # an export may also be a Memory, Global or Table

    print("Calling export...")
    run(store)

    print("Shutting down...")
    for obj in (run, instance, hello, module, store, engine):
        obj.close()
    print("Done.")


if __name__ == "__main__":
    main(sys.argv)
