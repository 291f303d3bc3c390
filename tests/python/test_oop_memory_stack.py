"""The memory and stack model (README, Memory): a numpy view taken before the memory
grows (from wasm or from the host) reads and writes the right bytes after it (the bytes
never move); calls nest 32,000 deep by default, and Instance(stack_size=) changes that."""
import ctypes as c
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr.wasmcapi import ffi
from wamr import Engine, Instance, Limits, Memory, MemoryType, Module, Store, Trap

try:
    import numpy as np
except ImportError:  # pragma: no cover - .ci/run installs numpy
    np = None

GROWS = r"""
(module
  (memory (export "mem") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "sum") (param i32 i32) (result i32) (local $s i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get 1)))
      (local.set $s (i32.add (local.get $s) (i32.load (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br $next)))
    (local.get $s)))
"""


@unittest.skipIf(np is None, "numpy is not installed")
class NumpyViewTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.module = Module(self.engine, GROWS)
        self.inst = Instance(self.store, self.module)
        for obj in (self.inst, self.module, self.store, self.engine):
            self.addCleanup(obj.close)
        self.ex = self.inst.exports(self.store)

    def test_view_survives_growth_from_wasm(self):
        s, mem = self.store, self.ex["mem"]
        arr = np.frombuffer(mem.buffer(s), dtype=np.int32)
        arr[:4] = [1, 2, 3, 4]
        self.assertEqual(self.ex["grow"](s, 63), 1)  # 64 KiB -> 4 MiB, inside a call
        self.assertEqual(mem.size(s), 64)
        arr[4] = 5  # written through the old view
        self.assertEqual(self.ex["sum"](s, 0, 5), 15)
        big = np.frombuffer(mem.buffer(s), dtype=np.int32)
        big[-1] = 7
        self.assertEqual(self.ex["sum"](s, 64 * 65536 - 4, 1), 7)
        self.assertEqual(list(arr[:5]), [1, 2, 3, 4, 5])

    def test_view_survives_growth_from_the_host(self):
        s, mem = self.store, self.ex["mem"]
        arr = np.frombuffer(mem.buffer(s), dtype=np.uint8)
        arr[100] = 9
        self.assertEqual(mem.grow(s, 10), 1)
        arr[101] = 10
        self.assertEqual(mem.read(s, 100, 102), b"\x09\x0a")
        self.assertEqual(int(np.frombuffer(mem.buffer(s), dtype=np.uint8)[11 * 65536 - 1]), 0)

    def test_host_memory_with_a_maximum(self):
        s = self.store
        mem = Memory(s, MemoryType(Limits(1, 2)))
        self.addCleanup(mem.close)
        arr = np.frombuffer(mem.buffer(s), dtype=np.uint8)
        arr[0] = 1
        self.assertEqual(mem.grow(s, 1), 1)
        with self.assertRaises(Exception):
            mem.grow(s, 1)  # past the maximum: refused, nothing moved
        arr[1] = 2
        self.assertEqual(mem.read(s, 0, 2), b"\x01\x02")


class FixedBaseTest(unittest.TestCase):
    def test_fixed_base_bytes(self):
        self.assertEqual(ffi.wamr_memory_fixed_base_bytes(None), 0)
        with Engine() as engine, Store(engine) as s:
            for limits, want in ((Limits(1, 3), 3 * 65536), (Limits(1), 1 << 32)):
                mem = Memory(s, MemoryType(limits))
                with mem._use() as p:
                    got = ffi.wamr_memory_fixed_base_bytes(c.cast(p, c.POINTER(ffi.wasm_memory_t)))
                self.assertEqual(got, want)
                mem.close()


RECURSES = r"""
(module
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1))))))))
"""


class StackTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.module = Module(self.engine, RECURSES)
        self.addCleanup(self.engine.close)
        self.addCleanup(self.module.close)

    def rec(self, n, **kw):
        with Store(self.engine) as s:
            with Instance(s, self.module, **kw) as inst:
                return inst.exports(s)["rec"](s, n)

    def test_default_depth(self):
        self.assertEqual(self.rec(32000), 32000)
        with self.assertRaises(Trap) as cm:
            self.rec(10_000_000)
        self.assertIn("stack overflow", str(cm.exception))

    def test_stack_size(self):
        with self.assertRaises(Trap):
            self.rec(32000, stack_size=64 * 1024)
        self.assertEqual(self.rec(500, stack_size=64 * 1024), 500)
        self.assertEqual(self.rec(300_000, stack_size=64 << 20), 300_000)
        for bad in (0, -1, 1 << 32, "big", 1.5, True):
            with self.assertRaises(ValueError):
                self.rec(1, stack_size=bad)


if __name__ == "__main__":
    unittest.main()
