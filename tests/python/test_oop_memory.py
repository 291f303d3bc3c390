"""Object layer: Memory (sizes, grow, read/write, zero-copy memoryview, numpy)."""
import ctypes
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import Engine, Instance, Limits, Memory, MemoryType, Module, Store, WasmError

try:
    import numpy
except ImportError:  # pragma: no cover
    numpy = None

MEM = r"""
(module
  (memory (export "mem") 1 3)
  (data (i32.const 0) "wasm data")
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
"""


class MemoryBase(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.addCleanup(self.engine.close)
        self.addCleanup(self.store.close)
        self.ex = Instance(self.store, Module(self.engine, MEM)).exports(self.store)
        self.mem = self.ex["mem"]


class MemoryTest(MemoryBase):
    def test_sizes_and_type(self):
        s = self.store
        self.assertEqual(self.mem.size(s), 1)
        self.assertEqual(self.mem.data_len(s), 65536)
        self.assertEqual(self.mem.type(s), MemoryType(Limits(1, 3)))

    def test_read(self):
        s, m = self.store, self.mem
        self.assertEqual(m.read(s, 0, 9), bytearray(b"wasm data"))
        self.assertIsInstance(m.read(s, 0, 1), bytearray)
        self.assertEqual(m.read(s, 5, 9), b"data")
        self.assertEqual(len(m.read(s)), 65536)
        self.assertEqual(m.read(s, -3), b"\0\0\0")  # slice rules
        self.assertEqual(m.read(s, 65530, 70000), b"\0" * 6)  # clamped
        self.assertEqual(m.read(s, 9, 2), b"")
        self.assertEqual(m.read(s, None, 4), b"wasm")

    def test_read_negative(self):
        with self.assertRaises(TypeError):
            self.mem.read(self.store, "0", 4)
        with self.assertRaises(TypeError):
            self.mem.read(self.store, 0, 4.0)
        with self.assertRaises(TypeError):
            self.mem.read(None, 0, 4)

    def test_write(self):
        s, m = self.store, self.mem
        self.assertEqual(m.write(s, b"WASM", 0), 4)
        self.assertEqual(self.ex["load"](s, 0), int.from_bytes(b"WASM", "little"))
        self.assertEqual(m.write(s, bytearray(b"xy"), -2), 2)
        self.assertEqual(m.read(s, -2), b"xy")
        self.assertEqual(m.write(s, memoryview(b"abc")), 3)
        self.assertEqual(m.read(s, 0, 4), b"abcM")
        self.assertEqual(m.write(s, b"", 65536), 0)

    def test_write_negative(self):
        s, m = self.store, self.mem
        with self.assertRaises(IndexError):
            m.write(s, b"xx", 65535)
        with self.assertRaises(IndexError):
            m.write(s, b"x", -65537)
        with self.assertRaises(TypeError):
            m.write(s, "text", 0)
        with self.assertRaises(TypeError):
            m.write(s, b"x", "0")
        self.assertEqual(m.read(s, 65535), b"\0")

    def test_grow(self):
        s, m = self.store, self.mem
        self.assertEqual(m.grow(s, 1), 1)
        self.assertEqual(m.size(s), 2)
        self.assertEqual(m.grow(s, 0), 2)
        with self.assertRaises(WasmError):
            m.grow(s, 2)  # past the maximum of 3
        self.assertEqual(m.size(s), 2)
        with self.assertRaises(TypeError):
            m.grow(s, "1")
        with self.assertRaises(ValueError):
            m.grow(s, -1)
        self.assertEqual(self.ex["grow"](s, 1), 2)  # wasm sees the same memory
        self.assertEqual(m.size(s), 3)

    def test_data_ptr(self):
        p = self.mem.data_ptr(self.store)
        self.assertIsInstance(p, ctypes.POINTER(ctypes.c_ubyte))
        self.assertEqual(bytes(p[0:4]), b"wasm")
        p[0] = ord("W")
        self.assertEqual(self.mem.read(self.store, 0, 4), b"Wasm")
        empty = Memory(self.store, MemoryType(Limits(0)))
        self.assertFalse(empty.data_ptr(self.store))  # NULL for an empty memory
        with self.assertRaises(TypeError):
            self.mem.data_ptr(None)

    def test_host_memory(self):
        s = self.store
        m = Memory(s, MemoryType(Limits(0, 2)))
        self.assertEqual((m.size(s), m.data_len(s)), (0, 0))
        self.assertEqual(len(m.buffer(s)), 0)
        self.assertEqual(m.read(s), b"")
        self.assertEqual(m.grow(s, 2), 0)
        self.assertEqual(m.data_len(s), 2 * 65536)
        m.write(s, b"host", 10)
        self.assertEqual(m.read(s, 10, 14), b"host")
        imp = Module(self.engine, '(module (import "env" "m" (memory 1)) '
                                  '(func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))')
        peek = Instance(s, imp, [m]).exports(s)["peek"]
        self.assertEqual(peek(s, 10), ord("h"))

    def test_host_memory_negative(self):
        with self.assertRaises(TypeError):
            Memory(self.store, Limits(1))
        with self.assertRaises(TypeError):
            Memory(None, MemoryType(Limits(1)))

    def test_use_after_close(self):
        s, m = self.store, self.mem
        m.close()
        for use in (lambda: m.size(s), lambda: m.data_len(s), lambda: m.read(s, 0, 1), lambda: m.data_ptr(s),
                    lambda: m.write(s, b"x", 0), lambda: m.grow(s, 1), lambda: m.buffer(s), lambda: m.type(s)):
            with self.assertRaises(ValueError):
                use()
        self.assertEqual(self.ex["load"](s, 0), int.from_bytes(b"wasm", "little"))  # the memory lives on

    def test_other_store(self):
        with Store(self.engine) as other:
            with self.assertRaises(ValueError):
                self.mem.read(other, 0, 1)


class MemoryViewTest(MemoryBase):
    def test_view_is_zero_copy(self):
        s = self.store
        view = self.mem.buffer(s)
        self.assertIsInstance(view, memoryview)
        self.assertEqual((view.format, view.itemsize, len(view), view.readonly), ("B", 1, 65536, False))
        self.assertEqual(bytes(view[:4]), b"wasm")
        view[100:104] = b"\x01\x02\x03\x04"  # Python writes, wasm sees
        self.assertEqual(self.ex["load"](s, 100), 0x04030201)
        self.ex["store"](s, 200, 0x11223344)  # wasm writes, the view sees
        self.assertEqual(bytes(view[200:204]), b"\x44\x33\x22\x11")
        ints = view[256:256 + 16].cast("i")
        ints[1] = -5
        self.assertEqual(self.ex["load"](s, 260), -5)

    def test_view_after_growth(self):
        s = self.store
        self.mem.write(s, b"keep", 0)
        self.mem.grow(s, 2)
        view = self.mem.buffer(s)  # re-fetched after growth
        self.assertEqual(len(view), 3 * 65536)
        self.assertEqual(bytes(view[:4]), b"keep")
        view[-1] = 7
        self.assertEqual(self.mem.read(s, -1), b"\x07")

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy(self):
        s = self.store
        arr = numpy.frombuffer(self.mem.buffer(s), dtype=numpy.int32)
        self.assertEqual(arr.shape, (16384,))
        self.assertTrue(arr.flags.writeable)
        arr[10:14] = [1, 2, 3, -4]
        self.assertEqual([self.ex["load"](s, 40 + 4 * i) for i in range(4)], [1, 2, 3, -4])
        self.ex["store"](s, 80, 1234)
        self.assertEqual(int(arr[20]), 1234)
        self.assertEqual(int(arr[10:14].sum()), 2)
        mat = numpy.frombuffer(self.mem.buffer(s), dtype=numpy.uint8, count=64, offset=1024).reshape(8, 8)
        mat[:] = numpy.eye(8, dtype=numpy.uint8)
        self.assertEqual(self.mem.read(s, 1024, 1033), b"\x01" + b"\0" * 8)


if __name__ == "__main__":
    unittest.main()
