#!/usr/bin/env python3
"""WASI: arguments, environment, a preopened directory, and the program's stdout
captured into Python bytes; proc_exit ends the run with WasiExit.

    python3 samples/python/wasi_oop.py
"""
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
try:
    import wamr  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))

from wamr import *  # noqa: E402,F401,F403

# A tiny WASI command: prints its arguments (one per line), then the contents of
# /data/msg.txt, then exits with the number of arguments.
WAT = r"""
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 3000) "msg.txt")
  (data (i32.const 3100) "\n")
  ;; write(ptr, len) to stdout
  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $n))
  (func (export "_start") (local $argc i32) (local $i i32) (local $arg i32) (local $fd i32)
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (local.set $argc (i32.load (i32.const 16)))
    (drop (call $args_get (i32.const 100) (i32.const 1000)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
      (local.set $arg (i32.load (i32.add (i32.const 100) (i32.mul (local.get $i) (i32.const 4)))))
      (call $write (local.get $arg) (call $strlen (local.get $arg)))
      (call $write (i32.const 3100) (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    ;; the first preopened directory is fd 3
    (if (i32.eqz (call $path_open (i32.const 3) (i32.const 0) (i32.const 3000) (i32.const 7) (i32.const 0)
                                (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 24)))
      (then
        (local.set $fd (i32.load (i32.const 24)))
        (i32.store (i32.const 32) (i32.const 4000))
        (i32.store (i32.const 36) (i32.const 1000))
        (drop (call $fd_read (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 40)))
        (call $write (i32.const 4000) (i32.load (i32.const 40)))))
    (call $proc_exit (local.get $argc))))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine)
    module = Module(engine, WAT)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "msg.txt"), "w") as f:
            f.write("a file from the host\n")
        with WasiConfig(argv=["prog", "hello", "world"], env={"GREETING": "hi"},
                        capture_stdout=True) as wasi:
            wasi.preopen_dir(tmp, "/data")
            wasi.apply(module)
            instance = Instance(store, module, [])  # the WASI imports are built in
            try:
                start = instance.exports(store)["_start"]
                assert isinstance(start, Func)
                start(store)
            except WasiExit as e:
                print("exit code: %d" % e.code)
            print("captured stdout:")
            sys.stdout.write(wasi.stdout_bytes.decode())


if __name__ == "__main__":
    main()
