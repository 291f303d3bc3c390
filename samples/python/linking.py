#!/usr/bin/env python3
"""Linking modules: `lib` exports a memory and a `puts` function that writes through
WASI; `app` imports both. A Linker resolves the imports by name, and the store's
WasiConfig captures what the program writes to stdout for Python to print.

    python3 samples/python/linking.py
"""
import os
import sys

try:
    import wamr  # noqa: F401  (installed)
except ImportError:  # running from the source tree: use its python/ directory
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from wamr import Engine, Func, LinkError, Linker, Memory, Module, Store, WasiConfig  # noqa: E402

LIB_WAT = """
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  ;; puts(ptr, len): writes the len bytes at ptr, then a newline, to stdout (fd 1).
  ;; Bytes 0..24 of the memory are its scratch space: two iovecs, the newline, a count.
  (func (export "puts") (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (i32.store (i32.const 8) (i32.const 16))
    (i32.store (i32.const 12) (i32.const 1))
    (i32.store8 (i32.const 16) (i32.const 10))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 20)))
    (global.set $count (i32.add (global.get $count) (i32.const 1))))
  ;; how many times puts() ran
  (func (export "count") (result i32) (global.get $count)))
"""

APP_WAT = """
(module
  (import "lib" "memory" (memory 1))
  (import "lib" "puts" (func $puts (param i32 i32)))
  ;; the app's strings go into the memory it imports: lib's
  (data (i32.const 0x100) "Hello from the app module!")
  (data (i32.const 0x200) "The lib module wrote this line through WASI.")
  (func (export "run")
    (call $puts (i32.const 0x100) (i32.const 26))
    (call $puts (i32.const 0x200) (i32.const 44))))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine)
    lib_module = Module(engine, LIB_WAT)
    app_module = Module(engine, APP_WAT)

    # Instances of this store get WASI from this config. Without capture_stdout the
    # program would write to this process's stdout (WasiConfig inherits stdio).
    wasi = WasiConfig(argv=["app"], capture_stdout=True)
    store.set_wasi(wasi)

    try:
        Linker(engine).instantiate(store, app_module)
    except LinkError as e:
        print("app with an empty Linker: %s" % e)

    linker = Linker(engine)
    linker.define_wasi()  # lib's wasi_snapshot_preview1 imports
    # Instantiates lib and defines each of its exports under the module name "lib".
    lib = linker.define_module(store, "lib", lib_module)
    app = linker.instantiate(store, app_module)

    run = app.exports(store)["run"]
    assert isinstance(run, Func)
    run(store)

    lib_exports = lib.exports(store)
    count, memory = lib_exports["count"], lib_exports["memory"]
    assert isinstance(count, Func) and isinstance(memory, Memory)
    print("lib's puts() ran %d times" % count(store))
    print("app's data in lib's memory: %r" % bytes(memory.read(store, 0x100, 0x100 + 26)))
    print("captured stdout:")
    for line in wasi.stdout_bytes.decode().splitlines():
        print("  | %s" % line)
    wasi.close()  # the config owns the capture file


if __name__ == "__main__":
    main()
