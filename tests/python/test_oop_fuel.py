"""Object layer: bounded execution on a metered Store (fuel, timeouts, interrupts) and
the Trap subclasses OutOfFuel, Timeout, Interrupted."""
import math
import pickle
import threading
import time
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

import wamr
from wamr import (Engine, Func, FuncType, Instance, Interrupted, Module, OutOfFuel, Store, Timeout, Trap, ValType,
                  WasmError)

i32 = ValType.i32()

LOOPS = r"""
(module
  (import "host" "callback" (func $callback (param i32) (result i32)))
  (func (export "forever") (loop $l (br $l)))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i))
  (func (export "call_host") (param i32) (result i32) (call $callback (local.get 0))))
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

# generous bounds: a slice of fuel is a millisecond or two, but test machines are busy
SLOW = 5.0


class MeteredBase(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.addCleanup(self.engine.close)
        self.store = Store(self.engine, metered=True)
        self.addCleanup(self.store.close)
        self.module = Module(self.engine, LOOPS)
        self.callback = lambda n: n  # replaced by tests that call back into wasm
        host = Func(self.store, FuncType([i32], [i32]), lambda n: self.callback(n))
        self.instance = Instance(self.store, self.module, [host])
        exports = self.instance.exports(self.store)
        self.forever = exports["forever"]
        self.count = exports["count"]
        self.call_host = exports["call_host"]

    def plain(self):
        store = Store(self.engine)
        self.addCleanup(store.close)
        host = Func(store, FuncType([i32], [i32]), lambda n: n)
        return store, Instance(store, self.module, [host]).exports(store)

    def fuel_used(self, func, *args):
        self.store.set_fuel(10**9)
        func(self.store, *args)
        return 10**9 - self.store.get_fuel()


class MeteredStoreTest(MeteredBase):
    def test_metered_property(self):
        self.assertTrue(self.store.metered)
        self.assertIn("metered", repr(self.store))
        store, _ = self.plain()
        self.assertFalse(store.metered)
        self.assertEqual(repr(store), "<Store>")

    def test_metered_argument_negative(self):
        with self.assertRaises(TypeError):
            Store(self.engine, metered=1)
        with self.assertRaises(TypeError):
            Store(self.engine, True)  # keyword only

    def test_plain_calls_on_a_metered_store(self):
        self.assertEqual(self.count(self.store, 3_000_000), 3_000_000)  # many slices, no budget
        self.assertEqual(self.call_host(self.store, 42), 42)

    def test_start_function_runs_on_the_budget(self):
        inst = Instance(self.store, Module(self.engine, STARTS), [])
        self.assertEqual(inst.exports(self.store)["g"].value(self.store), 1000)
        self.store.set_fuel(1_000_000)
        Instance(self.store, Module(self.engine, STARTS), [])
        self.assertTrue(1_000_000 - 30_000 <= self.store.get_fuel() <= 1_000_000 - 1000, self.store.get_fuel())

    def test_start_function_out_of_fuel(self):
        self.store.set_fuel(100)
        with self.assertRaises(OutOfFuel):
            Instance(self.store, Module(self.engine, STARTS), [])


class FuelTest(MeteredBase):
    def test_unlimited_by_default(self):
        self.assertEqual(self.store.get_fuel(), Store.UNLIMITED_FUEL)
        self.assertEqual(Store.UNLIMITED_FUEL, 2**64 - 1)
        self.count(self.store, 1000)
        self.assertEqual(self.store.get_fuel(), Store.UNLIMITED_FUEL)  # nothing is charged

    def test_fuel_used_by_a_finite_call(self):
        first = self.fuel_used(self.count, 1000)  # also pays for compiling count (lazily, on first call)
        used = self.fuel_used(self.count, 1000)
        self.assertGreater(first, used)
        self.assertTrue(3 * 1000 <= used <= 30 * 1000, used)
        self.assertEqual(self.fuel_used(self.count, 1000), used)  # deterministic
        more = self.fuel_used(self.count, 11_000)
        self.assertTrue(9 * used <= more <= 12 * used, (used, more))  # linear in the iterations

    def test_remainder_after_a_finite_call(self):
        self.count(self.store, 1)  # compiled: later calls cost the same
        self.store.set_fuel(100_000)
        self.assertEqual(self.count(self.store, 1000), 1000)
        left = self.store.get_fuel()
        self.assertTrue(100_000 - 30_000 <= left <= 100_000 - 3000, left)
        self.assertEqual(self.count(self.store, 1000), 1000)
        self.assertEqual(self.store.get_fuel(), 2 * left - 100_000)  # charged the same again

    def test_out_of_fuel_stops_an_endless_loop(self):
        self.store.set_fuel(1_000_000)
        started = time.monotonic()
        with self.assertRaises(OutOfFuel) as cm:
            self.forever(self.store)
        self.assertLess(time.monotonic() - started, SLOW)
        self.assertIsInstance(cm.exception, Trap)
        self.assertEqual(cm.exception.message, "all fuel consumed")
        self.assertEqual(self.store.get_fuel(), 0)
        # spent: every call stops until fuel is given again
        with self.assertRaises(OutOfFuel):
            self.count(self.store, 1)
        self.store.set_fuel(1000)
        self.assertEqual(self.count(self.store, 10), 10)
        self.store.set_fuel(Store.UNLIMITED_FUEL)
        self.assertEqual(self.count(self.store, 2_000_000), 2_000_000)

    def test_set_fuel_bounds(self):
        self.store.set_fuel(0)
        self.assertEqual(self.store.get_fuel(), 0)
        with self.assertRaises(OutOfFuel):
            self.count(self.store, 0)
        self.store.set_fuel(2**64 - 1)
        self.assertEqual(self.store.get_fuel(), 2**64 - 1)

    def test_set_fuel_bad_values(self):
        for bad in (1.5, "10", None, True, [1]):
            with self.assertRaises(TypeError, msg=repr(bad)):
                self.store.set_fuel(bad)
        for bad in (-1, 2**64, -(2**70)):
            with self.assertRaises(ValueError, msg=repr(bad)):
                self.store.set_fuel(bad)
        self.assertEqual(self.store.get_fuel(), Store.UNLIMITED_FUEL)  # unchanged

    def test_not_metered(self):
        store, exports = self.plain()
        for call in (lambda: store.set_fuel(10), store.get_fuel, lambda: store.set_timeout(1.0),
                     store.get_timeout, lambda: exports["count"].call(store, 5, timeout=1.0)):
            with self.assertRaises(WasmError) as cm:
                call()
            self.assertIn("create the store with Store(engine, metered=True)", str(cm.exception))
        # a plain call still works, through Func.call too
        self.assertEqual(exports["count"].call(store, 5), 5)
        # interrupting needs no metering: the next call that branches stops
        store.interrupt()
        with self.assertRaises(Interrupted):
            exports["count"](store, 5)
        self.assertEqual(exports["count"](store, 5), 5)
        store.interrupt()
        store.clear_interrupt()  # withdrawn: nothing stops
        self.assertEqual(exports["count"](store, 5), 5)

    def test_closed_store(self):
        store = Store(self.engine, metered=True)
        store.close()
        for call in (lambda: store.set_fuel(10), store.get_fuel, lambda: store.set_timeout(1.0),
                     store.interrupt):
            with self.assertRaises(ValueError):
                call()

    def test_host_function_calling_back_under_a_budget(self):
        self.callback = lambda n: self.count(self.store, n)
        used = self.fuel_used(self.call_host, 3_000_000)  # many slices inside the callback
        self.assertTrue(3 * 3_000_000 <= used <= 30 * 3_000_000, used)
        self.store.set_fuel(1_000_000)
        with self.assertRaises(OutOfFuel):
            self.call_host(self.store, 3_000_000)
        self.assertLess(self.store.get_fuel(), 100)
        self.store.set_fuel(1_000_000)
        self.assertEqual(self.call_host(self.store, 1000), 1000)

    def test_host_function_catching_out_of_fuel(self):
        caught = []

        def callback(n):
            try:
                return self.count(self.store, n)
            except OutOfFuel as e:
                caught.append(e)
                return -1
        self.callback = callback
        self.store.set_fuel(100_000)
        # the nested call spends the budget; the host handles it and the outer call returns
        self.assertEqual(self.call_host(self.store, 10**6), -1)
        self.assertEqual(len(caught), 1)
        self.assertEqual(caught[0].message, "all fuel consumed")
        self.assertLess(self.store.get_fuel(), 100)  # still spent
        with self.assertRaises(OutOfFuel):
            self.forever(self.store)


class TimeoutTest(MeteredBase):
    def test_timeout_stops_an_endless_loop(self):
        self.store.set_timeout(0.2)
        self.assertEqual(self.store.get_timeout(), 0.2)
        started = time.monotonic()
        with self.assertRaises(Timeout) as cm:
            self.forever(self.store)
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 0.2 * 0.8)
        self.assertLess(elapsed, SLOW)
        self.assertIsInstance(cm.exception, Trap)
        self.assertEqual(cm.exception.message, "timeout")
        # the next calls run normally, each with its own limit
        self.assertEqual(self.count(self.store, 10), 10)
        self.assertEqual(self.count(self.store, 20), 20)
        with self.assertRaises(Timeout):
            self.forever(self.store)

    def test_fast_call_under_a_timeout(self):
        self.store.set_timeout(10.0)
        for n in (0, 10, 100_000):
            self.assertEqual(self.count(self.store, n), n)

    def test_no_limit(self):
        self.assertIsNone(self.store.get_timeout())
        for value in (None, 0, 0.0, math.inf):
            self.store.set_timeout(1e-6)
            self.store.set_timeout(value)
            self.assertIsNone(self.store.get_timeout())
            self.assertEqual(self.count(self.store, 3_000_000), 3_000_000)

    def test_tiny_timeout_is_not_no_limit(self):
        self.store.set_timeout(1e-9)  # rounds up to a microsecond
        self.assertEqual(self.store.get_timeout(), 1e-6)
        with self.assertRaises(Timeout):
            self.count(self.store, 50_000_000)

    def test_set_timeout_bad_values(self):
        for bad in ("1", True, [1], 1j):
            with self.assertRaises(TypeError, msg=repr(bad)):
                self.store.set_timeout(bad)
        for bad in (-1, -0.5, math.nan, -math.inf, 1e30):
            with self.assertRaises(ValueError, msg=repr(bad)):
                self.store.set_timeout(bad)
        self.assertIsNone(self.store.get_timeout())

    def test_func_call_with_timeout(self):
        started = time.monotonic()
        with self.assertRaises(Timeout):
            self.forever.call(self.store, timeout=0.1)
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 0.1 * 0.8)
        self.assertLess(elapsed, SLOW)
        self.assertIsNone(self.store.get_timeout())  # the store's limit is back
        self.assertEqual(self.count.call(self.store, 7, timeout=1.0), 7)
        self.assertEqual(self.count.call(self.store, 7), 7)
        self.assertEqual(self.count(self.store, 3_000_000), 3_000_000)  # no limit left behind

    def test_func_call_timeout_replaces_the_stores(self):
        self.store.set_timeout(0.05)
        self.assertEqual(self.count.call(self.store, 3_000_000, timeout=0), 3_000_000)  # none for this call
        self.assertEqual(self.store.get_timeout(), 0.05)
        with self.assertRaises(Timeout):
            self.forever.call(self.store)

    def test_func_call_negative(self):
        with self.assertRaises(ValueError):
            self.count.call(self.store, 1, timeout=-1)
        with self.assertRaises(TypeError):
            self.count.call(self.store, 1, timeout="1")
        with self.assertRaises(TypeError):
            self.count.call(self.store, timeout=1.0)  # missing argument
        with self.assertRaises(TypeError):
            self.count.call("not a store", 1, timeout=1.0)
        other = Store(self.engine, metered=True)
        self.addCleanup(other.close)
        with self.assertRaises(ValueError):
            self.count.call(other, 1, timeout=1.0)  # another store's function
        self.assertIsNone(other.get_timeout())
        self.assertIsNone(self.store.get_timeout())

    def test_nested_call_timeout(self):
        def callback(n):
            try:
                return self.forever.call(self.store, timeout=0.05) or 0
            except Timeout:
                return -n
        self.callback = callback
        self.store.set_timeout(10.0)
        self.assertEqual(self.call_host(self.store, 5), -5)
        self.assertEqual(self.store.get_timeout(), 10.0)

    def test_outer_timeout_bounds_a_nested_call(self):
        self.callback = lambda n: self.forever(self.store) or 0
        self.store.set_timeout(0.1)
        started = time.monotonic()
        with self.assertRaises(Timeout):
            self.call_host(self.store, 1)
        self.assertLess(time.monotonic() - started, SLOW)

    def test_fuel_and_timeout_together(self):
        self.store.set_timeout(30.0)
        self.store.set_fuel(10_000)
        with self.assertRaises(OutOfFuel):
            self.forever(self.store)
        self.store.set_fuel(Store.UNLIMITED_FUEL)
        self.store.set_timeout(0.05)
        with self.assertRaises(Timeout):
            self.forever(self.store)


class InterruptTest(MeteredBase):
    def test_interrupt_from_a_thread(self):
        self.store.set_timeout(30.0)  # a backstop: fail rather than hang if the thread never runs
        timer = threading.Timer(0.05, self.store.interrupt)
        timer.start()
        self.addCleanup(timer.cancel)
        started = time.monotonic()
        with self.assertRaises(Interrupted) as cm:
            self.forever(self.store)  # ctypes releases the GIL: the timer thread runs meanwhile
        elapsed = time.monotonic() - started
        timer.join()
        self.assertLess(elapsed, SLOW)
        self.assertIsInstance(cm.exception, Trap)
        self.assertEqual(cm.exception.message, "interrupted")
        # taken: the next call runs normally
        self.assertEqual(self.count(self.store, 5), 5)

    def test_gil_is_released_during_a_call(self):
        ticks = []
        stop = threading.Event()

        def tick():
            while not stop.is_set():
                ticks.append(time.monotonic())
                time.sleep(0.005)
        thread = threading.Thread(target=tick)
        thread.start()
        try:
            with self.assertRaises(Timeout):
                self.forever.call(self.store, timeout=0.3)
        finally:
            stop.set()
            thread.join()
        self.assertGreater(len(ticks), 5)

    def test_interrupt_before_a_call(self):
        self.store.interrupt()
        self.store.interrupt()  # not counted: one pending request
        with self.assertRaises(Interrupted):
            self.count(self.store, 5)
        self.assertEqual(self.count(self.store, 5), 5)

    def test_interrupt_stops_a_nested_call(self):
        def callback(n):
            self.store.interrupt()
            return self.count(self.store, n)
        self.callback = callback
        with self.assertRaises(Interrupted):
            self.call_host(self.store, 5)
        self.assertEqual(self.count(self.store, 5), 5)

    def test_interrupt_races_close(self):
        store = Store(self.engine, metered=True)
        errors = []

        def hammer():
            for _ in range(2000):
                try:
                    store.interrupt()
                except ValueError:  # closed meanwhile
                    return
                except Exception as e:  # noqa: BLE001
                    errors.append(e)
                    return
        thread = threading.Thread(target=hammer)
        thread.start()
        time.sleep(0.001)
        store.close()
        thread.join()
        self.assertEqual(errors, [])
        self.assertTrue(store.closed)


class TrapKindsTest(unittest.TestCase):
    def test_subclasses(self):
        for cls in (OutOfFuel, Interrupted, Timeout):
            self.assertTrue(issubclass(cls, Trap))
            self.assertIs(getattr(wamr, cls.__name__), cls)
            e = cls("Exception: x")
            again = pickle.loads(pickle.dumps(e))
            self.assertIs(type(again), cls)
            self.assertEqual(again.message, "Exception: x")
        self.assertFalse(issubclass(Timeout, OutOfFuel))

    def test_other_traps_stay_plain(self):
        engine = Engine()
        self.addCleanup(engine.close)
        store = Store(engine, metered=True)
        self.addCleanup(store.close)
        inst = Instance(store, Module(engine, '(module (func (export "boom") unreachable))'), [])
        with self.assertRaises(Trap) as cm:
            inst.exports(store)["boom"](store)
        self.assertIs(type(cm.exception), Trap)


if __name__ == "__main__":
    unittest.main()
