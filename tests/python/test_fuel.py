"""Extensions: wamr_store_new_metered, wamr_store_set_fuel/get_fuel, wamr_store_set_timeout,
wamr_store_interrupt."""
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

    def test_wamr_store_set_timeout(self):
        self.assertTrue(wamr_store_set_timeout(self.metered, 100_000))
        started = time.monotonic()
        message, _ = self.call_message(self.forever, [])
        elapsed = time.monotonic() - started
        self.assertEqual(message, "Exception: timeout")
        self.assertGreaterEqual(elapsed, 0.1)
        self.assertLess(elapsed, 5)
        # a short call under the limit, and the next one, run normally
        self.assertEqual(self.call_message(self.count, [wasm_i32_val(1000)]), (None, 1000))
        self.assertEqual(self.call_message(self.count, [wasm_i32_val(2000)]), (None, 2000))
        # 0 lifts the limit: a call longer than it finishes
        self.assertTrue(wamr_store_set_timeout(self.metered, 0))
        self.assertTrue(wamr_store_set_timeout(self.metered, 1))
        self.assertEqual(self.call_message(self.count, [wasm_i32_val(10)]), (None, 10))  # within one slice
        message, _ = self.call_message(self.count, [wasm_i32_val(5_000_000)])
        self.assertEqual(message, "Exception: timeout")
        self.assertTrue(wamr_store_set_timeout(self.metered, 0))
        self.assertEqual(self.call_message(self.count, [wasm_i32_val(5_000_000)]), (None, 5_000_000))

    def test_wamr_store_set_timeout_negative(self):
        self.assertFalse(wamr_store_set_timeout(self.store, 1000))
        self.assertFalse(wamr_store_set_timeout(None, 1000))

    def test_wamr_store_interrupt(self):
        # ctypes releases the GIL during the call, so the timer thread runs meanwhile
        timer = threading.Timer(0.05, wamr_store_interrupt, args=(self.metered,))
        timer.start()
        started = time.monotonic()
        message, _ = self.call_message(self.forever, [])
        timer.join()
        self.assertEqual(message, "Exception: interrupted")
        self.assertLess(time.monotonic() - started, 10)

    def test_wamr_store_interrupt_plain_and_negative(self):
        # any store can be interrupted (no metering needed); NULL cannot
        self.assertTrue(wamr_store_interrupt(self.store))
        self.assertTrue(wamr_store_clear_interrupt(self.store))
        self.assertFalse(wamr_store_interrupt(None))
        self.assertFalse(wamr_store_clear_interrupt(None))


NESTED = r"""
(module
  (import "host" "callback" (func $callback (param i32) (result i32)))
  (func (export "outer") (param i32) (result i32) (call $callback (local.get 0)))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i)))
"""

STARTS = r"""
(module
  (global (export "g") (mut i32) (i32.const 0))
  (func $start
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
    (global.set 0 (local.get $i)))
  (start $start))
"""


class MeteredReentryTest(StoreTest):
    """Calls nested in host callbacks and start functions run on a metered store's budget."""

    def setUp(self):
        super().setUp()
        self.metered = wamr_store_new_metered(self.engine)
        self.assertTrue(self.metered)
        self.addCleanup(wasm_store_delete, self.metered)

    def instantiate(self, source, imports=()):
        vec = wasm_array_vec(wasm_extern_vec_t, list_to_carray(POINTER(wasm_extern_t), *imports))
        trap = POINTER(wasm_trap_t)()
        inst = wasm_instance_new(self.metered, self.module(source), vec, byref(trap))
        if trap:
            msg = wasm_byte_vec_t()
            wasm_trap_message(trap, msg)
            text = wasm_name_to_str(msg)
            wasm_byte_vec_delete(msg)
            wasm_trap_delete(trap)
            return None, text
        self.addCleanup(wasm_instance_delete, inst)
        return inst, None

    def test_wamr_store_new_metered_nested_calls(self):
        inner = {}

        def callback(args, results):
            values = wasm_val_vec_t()
            wasm_val_vec_new(values, 1, list_to_carray(wasm_val_t, wasm_i32_val(args.contents.data[0].of.i32)))
            trap = wasm_func_call(inner["count"], values, results)
            wasm_val_vec_delete(values)
            return c.cast(trap, c.c_void_p).value  # the callback type returns a void*

        cb = wasm_func_callback_t(callback)
        ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32())
        host = wasm_func_new(self.metered, ft, cb)
        wasm_functype_delete(ft)
        self.addCleanup(wasm_func_delete, host)
        inst, text = self.instantiate(NESTED, [wasm_func_as_extern(host)])
        self.assertIsNone(text)
        exports = self.exports(inst)
        outer = wasm_extern_as_func(exports[0])
        inner["count"] = wasm_extern_as_func(exports[1])
        # many slices of fuel inside the callback, unlimited budget
        self.assertEqual(self.call(outer, wasm_i32_val(3_000_000))[0][0].of.i32, 3_000_000)
        # a budget covers the nested call too, and is charged for it
        self.assertTrue(wamr_store_set_fuel(self.metered, 100_000_000))
        self.assertEqual(self.call(outer, wasm_i32_val(3_000_000))[0][0].of.i32, 3_000_000)
        fuel = c.c_uint64(0)
        self.assertTrue(wamr_store_get_fuel(self.metered, byref(fuel)))
        used = 100_000_000 - fuel.value
        self.assertTrue(3_000_000 * 3 <= used <= 3_000_000 * 20, used)
        # and stops it when spent
        self.assertTrue(wamr_store_set_fuel(self.metered, 1_000_000))
        self.assertEqual(self.call(outer, wasm_i32_val(3_000_000)), (None, "Exception: all fuel consumed"))
        self.assertTrue(wamr_store_get_fuel(self.metered, byref(fuel)))
        self.assertLess(fuel.value, 100)  # what is left is less than the next block needs

    def test_wamr_store_set_fuel_start_function(self):
        inst, text = self.instantiate(STARTS)
        self.assertIsNone(text)
        g = wasm_extern_as_global(self.exports(inst)[0])
        value = wasm_val_t()
        wasm_global_get(g, value)
        self.assertEqual(value.of.i32, 1000)
        # the start function is charged to the budget, and stopped by it
        self.assertTrue(wamr_store_set_fuel(self.metered, 1_000_000))
        self.assertIsNone(self.instantiate(STARTS)[1])
        fuel = c.c_uint64(0)
        self.assertTrue(wamr_store_get_fuel(self.metered, byref(fuel)))
        self.assertTrue(1_000_000 - 20_000 <= fuel.value <= 1_000_000 - 1000, fuel.value)
        self.assertTrue(wamr_store_set_fuel(self.metered, 100))
        self.assertEqual(self.instantiate(STARTS)[1], "Exception: all fuel consumed")


if __name__ == "__main__":
    unittest.main()
