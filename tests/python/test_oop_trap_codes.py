"""Trap.trap_code, messages without WAMR's "Exception: " prefix, Store.set_limits."""
import pickle
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import Instance, Module, OutOfFuel, Store, Trap, TrapCode, WasmError

TRAPS = r"""
(module
  (type $t (func (result i32)))
  (table 2 funcref) (elem (i32.const 1) $one)
  (memory 1)
  (func $one (result i32) (i32.const 1))
  (func (export "unreachable") unreachable)
  (func (export "oob") (result i32) (i32.load (i32.const 70000)))
  (func (export "div0") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
  (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
  (func (export "convert") (result i32) (i32.trunc_f32_s (f32.const nan)))
  (func $r (export "recurse") (call $r))
  (func (export "null") (result i32) (call_indirect (type $t) (i32.const 0)))
  (func (export "table") (result i32) (call_indirect (type $t) (i32.const 9)))
  (func (export "signature") (call_indirect (param i32) (i32.const 7) (i32.const 1)))
  (func (export "loop") (loop (br 0))))
"""

EXPECTED = {
    "unreachable": ("unreachable", TrapCode.UNREACHABLE),
    "oob": ("out of bounds memory access", TrapCode.MEMORY_OUT_OF_BOUNDS),
    "div0": ("integer divide by zero", TrapCode.INTEGER_DIVISION_BY_ZERO),
    "overflow": ("integer overflow", TrapCode.INTEGER_OVERFLOW),
    "convert": ("invalid conversion to integer", TrapCode.BAD_CONVERSION_TO_INTEGER),
    "recurse": ("wasm operand stack overflow", TrapCode.STACK_OVERFLOW),
    "null": ("uninitialized element", TrapCode.INDIRECT_CALL_TO_NULL),
    "table": ("undefined element", TrapCode.TABLE_OUT_OF_BOUNDS),
    "signature": ("indirect call type mismatch", TrapCode.BAD_SIGNATURE),
}


class TrapCodeTest(unittest.TestCase):
    def test_every_code(self):
        with Store() as s:
            ex = Instance(s, Module(s.engine, TRAPS)).exports(s)
            for name, (message, code) in EXPECTED.items():
                with self.assertRaises(Trap, msg=name) as cm:
                    ex[name](s)
                self.assertEqual((cm.exception.message, cm.exception.trap_code), (message, code), name)
                self.assertEqual(str(cm.exception), message)

    def test_bounded_execution_codes(self):
        with Store(metered=True) as s:
            ex = Instance(s, Module(s.engine, TRAPS)).exports(s)
            s.set_fuel(1000)
            with self.assertRaises(OutOfFuel) as cm:
                ex["loop"](s)
            self.assertEqual(cm.exception.trap_code, TrapCode.OUT_OF_FUEL)

    def test_traps_made_by_host_code(self):
        self.assertEqual(Trap("boom").trap_code, TrapCode.HOST_ERROR)
        self.assertIsNone(Trap("boom", trap_code=None).trap_code)
        t = pickle.loads(pickle.dumps(Trap("x", [], TrapCode.UNREACHABLE)))
        self.assertEqual((t.message, t.trap_code), ("x", TrapCode.UNREACHABLE))
        with self.assertRaises(TypeError):
            Trap("x", trap_code="unreachable")


class StoreLimitsTest(unittest.TestCase):
    def test_memory_size(self):
        with Store() as s:
            s.set_limits(memory_size=2 * 65536)
            with self.assertRaises(WasmError):
                Instance(s, Module(s.engine, "(module (memory 3))"))
            grow = Instance(s, Module(s.engine, "(module (memory 1) (func (export \"g\") (result i32) "
                                                "(memory.grow (i32.const 1))))")).exports(s)["g"]
            self.assertEqual(grow(s), 1)
            self.assertEqual(grow(s), -1)
            s.set_limits()  # back to the defaults
            Instance(s, Module(s.engine, "(module (memory 3))"))

    def test_counts(self):
        with Store() as s:
            s.set_limits(instances=1)
            first = Instance(s, Module(s.engine, "(module)"))
            with self.assertRaises(WasmError):
                Instance(s, Module(s.engine, "(module)"))
            first.close()
            s.set_limits(tables=0, table_elements=5)
            with self.assertRaises(WasmError):
                Instance(s, Module(s.engine, "(module (table 1 funcref))"))
            s.set_limits(table_elements=5)
            with self.assertRaises(WasmError):
                Instance(s, Module(s.engine, "(module (table 10 funcref))"))
            Instance(s, Module(s.engine, "(module (table 5 funcref))"))

    def test_bad_values(self):
        with Store() as s:
            for kwargs, exc in (({"memory_size": -2}, ValueError), ({"tables": 2**63}, ValueError),
                                ({"instances": "1"}, TypeError), ({"memories": True}, TypeError)):
                with self.assertRaises(exc, msg=str(kwargs)):
                    s.set_limits(**kwargs)
        with self.assertRaises(ValueError):
            s.set_limits()  # closed


if __name__ == "__main__":
    unittest.main()
