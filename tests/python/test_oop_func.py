"""Object layer: Func (calling wasm with plain values, host functions) and Python
exceptions crossing wasm unchanged."""
import math
import traceback
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import Engine, Func, FuncType, Instance, Module, Store, Trap, ValType

i32, i64, f32, f64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()
externref, funcref = ValType.externref(), ValType.funcref()

FUNCS = r"""
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (import "env" "cb2" (func $cb2 (param i64 f32) (result f64 i32)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "nothing"))
  (func (export "const") (result i64) (i64.const -7))
  (func (export "ids") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
    local.get 0 local.get 1 local.get 2 local.get 3)
  (func (export "call_cb") (param i32) (result i32) (call $cb (local.get 0)))
  (func (export "call_cb2") (param i64 f32) (result f64 i32) (call $cb2 (local.get 0) (local.get 1)))
  (func (export "ext") (param externref) (result externref) local.get 0)
  (func (export "fref") (param funcref) (result funcref) local.get 0)
  (func (export "mixed") (param i32 externref) (result externref i32) local.get 1 local.get 0)
  (func (export "v128") (param v128))
  (func (export "boom") unreachable))
"""


class FuncBase(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.addCleanup(self.engine.close)
        self.addCleanup(self.store.close)
        self.cb_calls = []

    def cb(self, x):
        self.cb_calls.append(x)
        return x * 2

    def instance(self, cb=None, cb2=None):
        s = self.store
        f1 = Func(s, FuncType([i32], [i32]), cb or self.cb)
        f2 = Func(s, FuncType([i64, f32], [f64, i32]), cb2 or (lambda a, b: (a + b, 1)))
        inst = Instance(s, Module(self.engine, FUNCS), [f1, f2])
        return inst.exports(s)


class CallTest(FuncBase):
    def test_results_shapes(self):
        ex = self.instance()
        s = self.store
        self.assertEqual(ex["add"](s, 2, 3), 5)
        self.assertIsNone(ex["nothing"](s))
        self.assertEqual(ex["const"](s), -7)
        self.assertEqual(ex["ids"](s, 1, 2, 1.5, 2.5), (1, 2, 1.5, 2.5))

    def test_value_conversions(self):
        ex = self.instance()
        s = self.store
        add = ex["add"]
        self.assertEqual(add(s, 0x7FFFFFFF, 1), -0x80000000)  # wraps, comes back signed
        self.assertEqual(add(s, 0xFFFFFFFF, 0), -1)  # the unsigned spelling is accepted
        self.assertEqual(add(s, -0x80000000, 0), -0x80000000)
        self.assertEqual(add(s, True, 1), 2)  # bool is an int
        ids = ex["ids"]
        self.assertEqual(ids(s, 0, 0xFFFFFFFFFFFFFFFF, 0, 0)[1], -1)
        self.assertEqual(ids(s, 0, -(1 << 63), 0, 0)[1], -(1 << 63))
        r = ids(s, 0, 0, 1e300, 1e300)
        self.assertEqual(r[2], math.inf)  # f32 overflows to inf, as in C
        self.assertEqual(r[3], 1e300)
        self.assertEqual(ids(s, 0, 0, 0.1, 0.1)[2], 0.10000000149011612)  # f32 rounding
        self.assertTrue(math.isnan(ids(s, 0, 0, math.nan, 0)[2]))
        self.assertEqual(ids(s, 0, 0, 3, 4)[2:], (3.0, 4.0))  # ints for floats

    def test_wrong_argument_count(self):
        ex = self.instance()
        s = self.store
        for f, args, expect in ((ex["add"], (1,), "add() takes 2 arguments (1 given)"),
                                (ex["add"], (1, 2, 3), "add() takes 2 arguments (3 given)"),
                                (ex["nothing"], (1,), "nothing() takes 0 arguments (1 given)"),
                                (ex["ext"], (), "ext() takes 1 argument (0 given)")):
            with self.assertRaises(TypeError) as cm:
                f(s, *args)
            self.assertEqual(str(cm.exception), expect)

    def test_wrong_argument_types(self):
        ex = self.instance()
        s = self.store
        cases = [(ex["add"], (1, "2"), "add() argument 2"), (ex["add"], (1.5, 2), "add() argument 1"),
                 (ex["add"], (None, 2), "add() argument 1"), (ex["ids"], (0, 0, "x", 0), "ids() argument 3"),
                 (ex["ids"], (0, 0.5, 0, 0), "ids() argument 2"), (ex["fref"], (42,), "fref() argument 1"),
                 (ex["mixed"], ("1", None), "mixed() argument 1"), (ex["v128"], (0,), "v128() argument 1")]
        for f, args, needle in cases:
            with self.assertRaises(TypeError) as cm:
                f(s, *args)
            self.assertIn(needle, str(cm.exception))
        for f, args in ((ex["add"], (1 << 32, 0)), (ex["add"], (-(1 << 31) - 1, 0)),
                        (ex["ids"], (0, 1 << 64, 0, 0))):
            with self.assertRaises(OverflowError) as cm:
                f(s, *args)
            self.assertIn("argument", str(cm.exception))
        # a failed call leaves the function usable
        self.assertEqual(ex["add"](s, 1, 1), 2)

    def test_store_checks(self):
        ex = self.instance()
        add = ex["add"]
        with self.assertRaises(TypeError):
            add(None, 1, 2)
        with self.assertRaises(TypeError):
            add(1, 2)
        with Store(self.engine) as other:
            with self.assertRaises(ValueError):
                add(other, 1, 2)
        self.store.close()
        with self.assertRaises(ValueError):
            add(self.store, 1, 2)

    def test_type_and_arity(self):
        ex = self.instance()
        s = self.store
        self.assertEqual(ex["add"].type(s), FuncType([i32, i32], [i32]))
        self.assertEqual(ex["ids"].param_arity(s), 4)
        self.assertEqual(ex["ids"].result_arity(s), 4)
        self.assertEqual(ex["add"].__name__, "add")
        self.assertIn("add", repr(ex["add"]))
        with self.assertRaises(TypeError):
            ex["add"].type(None)
        with self.assertRaises(TypeError):
            ex["add"].param_arity("store")
        with Store(self.engine) as other:
            with self.assertRaises(ValueError):
                ex["add"].result_arity(other)
        self.assertIsInstance(ex["add"], Func)

    def test_refs(self):
        ex = self.instance()
        s = self.store
        obj = {"any": "object"}
        self.assertIs(ex["ext"](s, obj), obj)
        self.assertIsNone(ex["ext"](s, None))
        self.assertEqual(ex["ext"](s, 5), 5)
        self.assertEqual(ex["mixed"](s, 3, obj), (obj, 3))
        add = ex["add"]
        back = ex["fref"](s, add)
        self.assertIsInstance(back, Func)
        self.assertEqual(back(s, 4, 5), 9)
        self.assertIsNone(ex["fref"](s, None))
        host = Func(s, FuncType([], [i32]), lambda: 11)
        self.assertEqual(ex["fref"](s, host)(s), 11)

    def test_trap(self):
        ex = self.instance()
        with self.assertRaises(Trap) as cm:
            ex["boom"](self.store)
        self.assertEqual(cm.exception.message, "unreachable")
        self.assertEqual(ex["add"](self.store, 1, 2), 3)  # still usable

    def test_use_after_close(self):
        ex = self.instance()
        add = ex["add"]
        add.close()
        with self.assertRaises(ValueError):
            add(self.store, 1, 2)
        with self.assertRaises(ValueError):
            add.type(self.store)
        add.close()
        self.assertIn("closed", repr(add))
        self.assertEqual(ex["ids"](self.store, 1, 2, 3, 4), (1, 2, 3.0, 4.0))  # others unaffected

    def test_context_manager(self):
        with Func(self.store, FuncType([], []), lambda: None) as f:
            self.assertIsNone(f(self.store))
        self.assertTrue(f.closed)


class HostFuncTest(FuncBase):
    def test_host_called_from_wasm(self):
        ex = self.instance()
        self.assertEqual(ex["call_cb"](self.store, 21), 42)
        self.assertEqual(self.cb_calls, [21])
        self.assertEqual(ex["call_cb2"](self.store, 5, 0.5), (5.5, 1))

    def test_host_called_directly(self):
        s = self.store
        f = Func(s, FuncType([i32, i32], [i32, i64]), lambda a, b: (a - b, a * b))
        self.assertEqual(f(s, 7, 3), (4, 21))
        self.assertEqual(f.type(s), FuncType([i32, i32], [i32, i64]))
        g = Func(s, FuncType([externref, funcref], [externref, funcref]), lambda a, b: (b, a))
        add = self.instance()["add"]
        r = g(s, add, add)
        self.assertEqual(r[0](s, 1, 1), 2)
        self.assertEqual(r[1](s, 2, 2), 4)
        self.assertEqual(g(s, None, None), (None, None))
        o = object()
        h = Func(s, FuncType([externref], [externref]), lambda a: [a])
        self.assertEqual(h(s, o), [o])

    def test_host_results_checked(self):
        s = self.store
        bad = [(FuncType([], [i32]), lambda: "x", TypeError),
               (FuncType([], [i32]), lambda: None, TypeError),
               (FuncType([], [i32, i32]), lambda: 1, TypeError),
               (FuncType([], [i32, i32]), lambda: (1, 2, 3), TypeError),
               (FuncType([], []), lambda: 5, TypeError),
               (FuncType([], [i32]), lambda: 1 << 40, OverflowError),
               (FuncType([], [funcref]), lambda: 3, TypeError)]
        for ty, fn, exc in bad:
            f = Func(s, ty, fn)
            with self.assertRaises(exc) as cm:
                f(s)
            self.assertIn("host function <lambda>()", str(cm.exception))
        ok = Func(s, FuncType([], [i32, f64]), lambda: [1, 2])
        self.assertEqual(ok(s), (1, 2.0))

    def test_func_negative(self):
        s = self.store
        ft = FuncType([], [])
        with self.assertRaises(TypeError):
            Func(None, ft, print)
        with self.assertRaises(TypeError):
            Func(s, "type", print)
        with self.assertRaises(TypeError):
            Func(s, ft, "not callable")
        s2 = Store(self.engine)
        s2.close()
        with self.assertRaises(ValueError):
            Func(s2, ft, print)

    def test_callable_objects(self):
        class Adder:
            def __call__(self, a):
                return a + 100
        f = Func(self.store, FuncType([i32], [i32]), Adder())
        self.assertEqual(f(self.store, 1), 101)
        self.assertEqual(f.__name__, "Adder")

    def test_reentrancy(self):
        s = self.store
        holder = {}

        def cb(x):
            if x <= 0:
                return 0
            return x + holder["call_cb"](s, x - 1)  # wasm -> host -> wasm -> host ...
        ex = self.instance(cb=cb)
        holder["call_cb"] = ex["call_cb"]
        self.assertEqual(ex["call_cb"](s, 10), 55)

    def test_host_func_survives_python_object(self):
        s = self.store
        calls = []
        f = Func(s, FuncType([i32], [i32]), lambda x: calls.append(x) or x + 1)
        f2 = Func(s, FuncType([i64, f32], [f64, i32]), lambda a, b: (0.0, 0))
        inst = Instance(s, Module(self.engine, FUNCS), [f, f2])
        call_cb = inst.exports(s)["call_cb"]
        f.close()  # the wasm function lives in the store
        del f
        self.assertEqual(call_cb(s, 1), 2)
        self.assertEqual(calls, [1])


class Boom(Exception):
    pass


def catch(exc_type, fn, *args):
    """The exception fn(*args) raises, traceback intact (assertRaises drops it)."""
    try:
        fn(*args)
    except exc_type as e:
        return e
    raise AssertionError("%s not raised" % exc_type.__name__)


class ExceptionsTest(FuncBase):
    def test_exception_comes_back_unchanged(self):
        raised = []

        def cb(x):
            e = Boom("bad %d" % x)
            raised.append(e)
            raise e
        ex = self.instance(cb=cb)
        caught = catch(Boom, ex["call_cb"], self.store, 3)
        self.assertIs(caught, raised[0])
        self.assertEqual(str(caught), "bad 3")
        names = [fr.name for fr in traceback.extract_tb(caught.__traceback__)]
        self.assertEqual(names[-1], "cb")  # the traceback reaches into the host function
        self.assertIn("catch", names)  # ... from the caller of the wasm function

    def test_base_exceptions(self):
        for exc in (KeyboardInterrupt, SystemExit, GeneratorExit):
            def cb(x, exc=exc):
                raise exc()
            ex = self.instance(cb=cb)
            with self.assertRaises(exc):
                ex["call_cb"](self.store, 1)
            self.assertEqual(ex["add"](self.store, 1, 1), 2)

    def test_exception_called_directly(self):
        f = Func(self.store, FuncType([], []), lambda: {}["missing"])
        with self.assertRaises(KeyError):
            f(self.store)

    def test_nested_exceptions(self):
        s = self.store
        holder = {}

        def cb(x):
            if x == 0:
                raise Boom("deep")
            return holder["call_cb"](s, x - 1)
        ex = self.instance(cb=cb)
        holder["call_cb"] = ex["call_cb"]
        caught = catch(Boom, ex["call_cb"], s, 5)
        self.assertEqual(str(caught), "deep")
        names = [fr.name for fr in traceback.extract_tb(caught.__traceback__)]
        self.assertEqual(names.count("cb"), 6)

    def test_exception_caught_in_between(self):
        s = self.store
        holder = {}

        def cb(x):
            if x == 0:
                raise Boom("inner")
            try:
                return holder["call_cb"](s, 0)
            except Boom:
                return 99  # handled by the outer host function: the call succeeds
        ex = self.instance(cb=cb)
        holder["call_cb"] = ex["call_cb"]
        self.assertEqual(ex["call_cb"](s, 1), 99)
        with self.assertRaises(Trap):
            ex["boom"](s)  # nothing stale left behind: a plain trap is a Trap

    def test_exception_during_instantiation(self):
        s = self.store

        def start():
            raise Boom("from start")
        f = Func(s, FuncType([], []), start)
        m = Module(self.engine, '(module (import "env" "s" (func $s)) (start $s))')
        with self.assertRaises(Boom):
            Instance(s, m, [f])


if __name__ == "__main__":
    unittest.main()
