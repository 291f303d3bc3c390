#!/usr/bin/env python3
"""A wasm module's linear memory from Python: size, read, write, grow, what happens
out of bounds, and a zero-copy view (through numpy when it is installed, else through
the memoryview itself: the output is the same).

    python3 samples/python/memory.py
"""
import os
import sys

try:
    import wamr  # noqa: F401  (installed)
except ImportError:  # running from the source tree: use its python/ directory
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from wamr import Engine, Func, Instance, Memory, Module, Store, Trap, WasmError  # noqa: E402

MEMORY_WAT = """
(module
  (memory (export "memory") 1 2)  ;; one 64 KiB page now, two at most
  (data (i32.const 0x1000) "\\01\\02\\03\\04")
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param $addr i32) (result i32) (i32.load8_u (local.get $addr)))
  (func (export "store") (param $addr i32) (param $byte i32) (i32.store8 (local.get $addr) (local.get $byte)))
  (func (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages))))
"""


def main() -> None:
    engine = Engine()
    store = Store(engine)
    exports = Instance(store, Module(engine, MEMORY_WAT), []).exports(store)

    def func(name: str) -> Func:
        f = exports[name]
        assert isinstance(f, Func)
        return f

    memory = exports["memory"]
    assert isinstance(memory, Memory)
    size, load, store8, grow = func("size"), func("load"), func("store"), func("grow")

    print("%d page(s), %d bytes; wasm's memory.size says %d"
          % (memory.size(store), memory.data_len(store), size(store)))

    # read() copies bytes out (as slicing would: memory[start:stop]); write() copies them in
    print("the data segment at 0x1000: %s" % list(memory.read(store, 0x1000, 0x1004)))
    memory.write(store, b"wasm", 0x2000)
    print("written by Python, loaded by wasm: %r" % bytes(load(store, 0x2000 + i) for i in range(4)))
    store8(store, 0x2000, ord("W"))
    print("stored by wasm, read by Python: %r" % bytes(memory.read(store, 0x2000, 0x2004)))

    # Out of bounds: wasm traps, write() raises IndexError, read() stops at the end.
    try:
        load(store, 0x10000)
    except Trap as trap:
        print("load(0x10000): %s (%s)" % (trap.message, trap.trap_code))
    try:
        memory.write(store, b"four", memory.data_len(store) - 2)
    except IndexError as e:
        print("write past the end: %s" % e)
    print("read(0xfffe, 0x10010) gives %d bytes" % len(memory.read(store, 0xfffe, 0x10010)))

    # Growing, from Python (grow() returns the old size in pages) and from wasm.
    print("grow(1) from Python: was %d page(s), now %d" % (memory.grow(store, 1), memory.size(store)))
    print("load(0x10000) after growing: %d" % load(store, 0x10000))
    print("memory.grow in wasm past the maximum gives %d" % grow(store, 1))
    try:
        memory.grow(store, 1)
    except WasmError as e:
        print("grow() from Python past the maximum: %s" % e)

    # buffer(): a zero-copy view of the bytes themselves. What it writes, wasm reads,
    # and the other way round.
    view = memory.buffer(store)
    try:
        import numpy
        array = numpy.frombuffer(view, dtype=numpy.uint8)  # the whole memory as a numpy array
        array[0x3000:0x3004] = [10, 20, 30, 40]
    except ImportError:  # no numpy: the memoryview itself can write too
        view[0x3000:0x3004] = bytes([10, 20, 30, 40])
    print("wasm loads what the view wrote: %s" % [load(store, 0x3000 + i) for i in range(4)])
    store8(store, 0x3003, 99)
    print("the view sees what wasm stored: %s" % list(view[0x3000:0x3004]))


if __name__ == "__main__":
    main()
