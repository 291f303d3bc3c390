"""A Store that instantiates over and over stays flat (the library frees dead instances
once the store holds nothing but host functions), through the object layer."""
import os
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import Engine, Func, FuncType, Instance, Module, Store, ValType

i32 = ValType.i32()

LOOPED = r"""
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (memory (export "mem") 1)
  (data (i32.const 16) "reclaim")
  (func (export "run") (param i32) (result i32)
    (i32.store (i32.const 64) (local.get 0))
    (i32.add (call $twice (local.get 0)) (i32.load8_u (i32.const 16)))))
"""


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGESIZE") // 1024


class ReclaimTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.module = Module(self.engine, LOOPED)
        self.twice = Func(self.store, FuncType([i32], [i32]), lambda x: 2 * x)
        for obj in (self.engine, self.store, self.module, self.twice):
            self.addCleanup(obj.close)

    def cycle(self, x):
        with Instance(self.store, self.module, [self.twice]) as inst:
            return inst.exports(self.store)["run"](self.store, x)

    def test_loop_stays_flat(self):
        for i in range(200):
            self.assertEqual(self.cycle(i), 2 * i + ord("r"))
        before = rss_kib()
        for i in range(3000):
            self.assertEqual(self.cycle(i), 2 * i + ord("r"))
        # Each dead instance kept would hold its 64 KiB page: about 190 MiB here.
        self.assertLess(rss_kib() - before, 24 * 1024)
        self.assertEqual(self.twice(self.store, 21), 42)

    def test_held_export_is_kept(self):
        inst = Instance(self.store, self.module, [self.twice])
        mem = inst.exports(self.store)["mem"]
        inst.close()
        mem.write(self.store, b"kept", 1000)
        for i in range(100):
            self.assertEqual(self.cycle(i), 2 * i + ord("r"))
        self.assertEqual(mem.read(self.store, 16, 23), b"reclaim")
        self.assertEqual(mem.read(self.store, 1000, 1004), b"kept")


if __name__ == "__main__":
    unittest.main()
