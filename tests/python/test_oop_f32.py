"""f32 bits: NaN payloads and signalling NaNs survive calls, host functions and globals
(an f32 NaN comes out as an F32; an F32 goes in bit for bit); other f32 values are
plain floats, exact."""
import math
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import F32, Func, FuncType, Global, GlobalType, Instance, Module, Store, ValType

f32 = ValType.f32()
SNAN = 0x7FA00001  # a signalling NaN with a payload
QNAN = 0x7FC00000

MOD = r"""
(module
  (import "host" "echo" (func $echo (param f32) (result f32)))
  (func (export "id") (param f32) (result f32) (local.get 0))
  (func (export "bits") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "make") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "pair") (param i32) (result f32 f32)
    (f32.reinterpret_i32 (local.get 0)) (f32.const 1.5))
  (func (export "via_host") (param i32) (result i32)
    (i32.reinterpret_f32 (call $echo (f32.reinterpret_i32 (local.get 0))))))
"""


class F32Test(unittest.TestCase):
    def setUp(self):
        self.store = Store()
        self.addCleanup(self.store.close)
        self.seen = []

        def echo(x):
            self.seen.append(x)
            return x

        host = Func(self.store, FuncType([f32], [f32]), echo)
        self.ex = Instance(self.store, Module(self.store.engine, MOD), [host]).exports(self.store)

    def test_nan_results_keep_their_bits(self):
        s, ex = self.store, self.ex
        out = ex["make"](s, SNAN)
        self.assertIsInstance(out, F32)
        self.assertEqual(out.bits, SNAN)
        self.assertTrue(out.is_nan and math.isnan(out))  # still a float
        pair = ex["pair"](s, SNAN)
        self.assertEqual((pair[0].bits, pair[1]), (SNAN, 1.5))
        self.assertEqual(ex["make"](s, 0x3FC00000), 1.5)  # not a NaN: a float
        self.assertIsInstance(ex["make"](s, 0x3FC00000), float)

    def test_f32_arguments_go_in_bit_for_bit(self):
        s, ex = self.store, self.ex
        self.assertEqual(ex["bits"](s, F32.from_bits(SNAN)), SNAN)
        self.assertEqual(ex["id"](s, F32.from_bits(SNAN)).bits, SNAN)
        self.assertEqual(ex["bits"](s, F32(1.5)), 0x3FC00000)
        self.assertEqual(ex["bits"](s, 1.5), 0x3FC00000)
        # a float NaN cannot carry the bits: it arrives quiet
        self.assertEqual(ex["bits"](s, math.nan) & 0x7FC00000, 0x7FC00000)

    def test_host_functions(self):
        s, ex = self.store, self.ex
        self.assertEqual(ex["via_host"](s, SNAN), SNAN)
        self.assertEqual(self.seen[-1].bits, SNAN)
        self.assertEqual(ex["via_host"](s, 0x40490FDB), 0x40490FDB)
        self.assertIsInstance(self.seen[-1], float)

    def test_globals(self):
        s = self.store
        g = Global(s, GlobalType(f32, True), F32.from_bits(SNAN))
        self.assertEqual(g.value(s).bits, SNAN)
        g.set_value(s, 2.5)
        self.assertEqual(g.value(s), 2.5)

    def test_f32_type(self):
        self.assertEqual(F32(1.5).bits, 0x3FC00000)
        self.assertEqual(F32.from_bits(0x3FC00000), 1.5)
        self.assertTrue(math.isnan(F32.from_bits(QNAN)))
        self.assertFalse(F32(1.0).is_nan)
        self.assertEqual(repr(F32.from_bits(SNAN)), "F32.from_bits(0x7fa00001)")
        self.assertEqual(F32(2.5), 2.5)  # a float
        self.assertEqual(F32(0.1).bits, 0x3DCCCCCD)  # rounded to f32
        self.assertEqual(F32(F32.from_bits(SNAN)).bits, SNAN)
        for bad in (-1, 2**32, 1.5, True):
            with self.assertRaises(ValueError):
                F32.from_bits(bad)
        import pickle
        self.assertEqual(pickle.loads(pickle.dumps(F32.from_bits(SNAN))).bits, SNAN)
        for bad in ("1.5", None, True):
            with self.assertRaises(TypeError):
                F32(bad)


if __name__ == "__main__":
    unittest.main()
