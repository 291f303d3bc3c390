"""Extensions: wamr_store_new_metered, wamr_store_set_fuel/get_fuel, wamr_store_interrupt."""
import ctypes as c
import threading
import time
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest

LOOPS = r"""
(module
  (func (export "forever") (loop $l (br $l)))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i)))
"""


class MeteredStoreTest(StoreTest):
    def setUp(self):
        super().setUp()
        self.metered = wamr_store_new_metered(self.engine)
        self.assertTrue(self.metered)
        self.addCleanup(wasm_store_delete, self.metered)
        module = self.module(LOOPS)
        trap = POINTER(wasm_trap_t)()
        self.inst = wasm_instance_new(self.metered, module, None, byref(trap))
        self.assertTrue(self.inst)
        self.addCleanup(wasm_instance_delete, self.inst)
        self.exports = wasm_extern_vec_t()
        wasm_instance_exports(self.inst, self.exports)
        self.addCleanup(wasm_extern_vec_delete, self.exports)
        self.forever = wasm_extern_as_func(self.exports.data[0])
        self.count = wasm_extern_as_func(self.exports.data[1])

    def call_message(self, func, args):
        params = wasm_val_vec_t()
        wasm_val_vec_new(params, len(args), list_to_carray(wasm_val_t, *args) if args else None)
        results = wasm_val_vec_t()
        wasm_val_vec_new_uninitialized(results, 1)
        trap = wasm_func_call(func, params, results)
        value = results.data[0].of.i32
        wasm_val_vec_delete(params)
        wasm_val_vec_delete(results)
        if not trap:
            return None, value
        msg = wasm_byte_vec_t()
        wasm_trap_message(trap, msg)
        text = wasm_name_to_str(msg)
        wasm_byte_vec_delete(msg)
        wasm_trap_delete(trap)
        return text, None

    def test_wamr_store_new_metered(self):
        fuel = c.c_uint64(0)
        self.assertTrue(wamr_store_get_fuel(self.metered, byref(fuel)))
        self.assertEqual(fuel.value, 2**64 - 1)
        self.assertEqual(self.call_message(self.count, [wasm_i32_val(1000)]), (None, 1000))

    def test_wamr_store_new_metered_negative(self):
        self.assertFalse(wamr_store_new_metered(None))

    def test_wamr_store_set_fuel(self):
        self.assertTrue(wamr_store_set_fuel(self.metered, 50000))
        self.assertEqual(self.call_message(self.count, [wasm_i32_val(10)]), (None, 10))
        message, _ = self.call_message(self.forever, [])
        self.assertEqual(message, "Exception: all fuel consumed")

    def test_wamr_store_set_fuel_negative(self):
        self.assertFalse(wamr_store_set_fuel(self.store, 10))
        self.assertFalse(wamr_store_set_fuel(None, 10))

    def test_wamr_store_get_fuel(self):
        self.assertTrue(wamr_store_set_fuel(self.metered, 50000))
        self.call_message(self.count, [wasm_i32_val(10)])
        fuel = c.c_uint64(0)
        self.assertTrue(wamr_store_get_fuel(self.metered, byref(fuel)))
        self.assertTrue(0 < fuel.value < 50000)

    def test_wamr_store_get_fuel_negative(self):
        fuel = c.c_uint64(9)
        self.assertFalse(wamr_store_get_fuel(self.store, byref(fuel)))
        self.assertFalse(wamr_store_get_fuel(self.metered, None))
        self.assertEqual(fuel.value, 9)

    def test_wamr_store_interrupt(self):
        # ctypes releases the GIL during the call, so the timer thread runs meanwhile
        timer = threading.Timer(0.05, wamr_store_interrupt, args=(self.metered,))
        timer.start()
        started = time.monotonic()
        message, _ = self.call_message(self.forever, [])
        timer.join()
        self.assertEqual(message, "Exception: interrupted")
        self.assertLess(time.monotonic() - started, 10)

    def test_wamr_store_interrupt_negative(self):
        self.assertFalse(wamr_store_interrupt(self.store))
        self.assertFalse(wamr_store_interrupt(None))


if __name__ == "__main__":
    unittest.main()
