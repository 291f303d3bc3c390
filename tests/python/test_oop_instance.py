"""Object layer: Instance (imports, exports by name and index), Global, Table."""
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import (Engine, LinkError, Func, FuncType, Global, GlobalType, Instance, InstanceExports, Limits, Memory,
                  MemoryType, Module, Store, Table, TableType, Trap, ValType, WasmError)

i32, i64, f32, f64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()
externref, funcref = ValType.externref(), ValType.funcref()

IMPORTS = r"""
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $y (result i32)))
  (import "env" "g" (global $g (mut i64)))
  (import "env" "t" (table $t 1 funcref))
  (import "env" "m" (memory $m 1))
  (export "memory" (memory $m))
  (func (export "run") (param i32) (result i32) (call $f (local.get 0)))
  (func (export "yield") (result i32) (call $y))
  (func (export "get_g") (result i64) (global.get $g))
  (func (export "call_t") (param i32) (result i32) (call_indirect $t (param i32) (result i32) (i32.const 5) (local.get 0)))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
"""

EXPORTS = r"""
(module
  (func $one (export "one") (result i32) (i32.const 1))
  (global (export "gi") (mut i32) (i32.const 7))
  (global (export "gf") f64 (f64.const 2.5))
  (global (export "ge") (mut externref) (ref.null extern))
  (table (export "tab") 2 5 funcref)
  (table (export "etab") 1 externref)
  (memory (export "mem") 1)
  (elem (table 0) (i32.const 1) func $one))
"""


class Base(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.addCleanup(self.engine.close)
        self.addCleanup(self.store.close)

    def module(self, text):
        m = Module(self.engine, text)
        self.addCleanup(m.close)
        return m

    def imports(self):
        s = self.store
        return [Func(s, FuncType([i32], [i32]), lambda x: x + 1),
                Global(s, GlobalType(i64, True), 5),
                Table(s, TableType(funcref, Limits(1)), Func(s, FuncType([i32], [i32]), lambda x: x * 10)),
                Memory(s, MemoryType(Limits(1)))]


class InstanceTest(Base):
    def test_imports_without_the_builtins(self):
        s = self.store
        f, g, t, m = self.imports()
        m.write(s, b"\x2a", 3)
        inst = Instance(s, self.module(IMPORTS), [f, g, m, t])
        ex = inst.exports(s)
        self.assertEqual(ex["run"](s, 1), 2)
        self.assertEqual(ex["yield"](s), 0)  # WASI's sched_yield, filled in by the library
        self.assertEqual(ex["get_g"](s), 5)
        g.set_value(s, -9)
        self.assertEqual(ex["get_g"](s), -9)
        self.assertEqual(ex["call_t"](s, 0), 50)
        self.assertEqual(ex["peek"](s, 3), 42)

    def test_imports_one_per_import(self):
        s = self.store
        f, g, t, m = self.imports()
        ex = Instance(s, self.module(IMPORTS), (f, None, g, m, t)).exports(s)  # None: keep the built-in
        self.assertEqual(ex["yield"](s), 0)
        self.assertEqual(ex["run"](s, 41), 42)

    def test_import_errors(self):
        s = self.store
        f, g, t, m = self.imports()
        mod = self.module(IMPORTS)
        with self.assertRaises(LinkError) as cm:
            Instance(s, mod, [f, g, m])
        self.assertIn("(env, f), (env, g), (env, m), (env, t)), 3 given", str(cm.exception))
        with self.assertRaises(LinkError) as cm:
            Instance(s, mod, [g, f, m, t])
        self.assertEqual(str(cm.exception), "import (env, f): expected (func (param i32) (result i32)), "
                                            "got (global (mut i64))")
        wrong = Func(s, FuncType([i64], [i32]), lambda x: 0)
        with self.assertRaises(LinkError) as cm:
            Instance(s, mod, [wrong, g, m, t])
        self.assertEqual(str(cm.exception), "import (env, f): expected (func (param i32) (result i32)), "
                                            "got (func (param i64) (result i32))")
        with self.assertRaises(TypeError):
            Instance(s, mod, [f, g, "memory", t])
        with self.assertRaises(TypeError):
            Instance(s, mod, f)
        with self.assertRaises(TypeError):
            Instance(s, "module", [])
        with self.assertRaises(TypeError):
            Instance(None, mod, [])
        with Store(self.engine) as other:
            f2 = Func(other, FuncType([i32], [i32]), abs)
            with self.assertRaises(ValueError):
                Instance(s, mod, [f2, g, m, t])
        f.close()
        with self.assertRaises(ValueError):
            Instance(s, mod, [f, g, m, t])

    def test_link_failure_is_a_link_error(self):
        s = self.store
        small = Memory(s, MemoryType(Limits(0)))
        f, g, t, _ = self.imports()
        with self.assertRaises(LinkError) as cm:
            Instance(s, self.module(IMPORTS), [f, g, small, t])  # memory too small for the import
        self.assertEqual(str(cm.exception), "import (env, m): expected (memory 1), got (memory 0)")
        self.assertIsInstance(cm.exception, WasmError)
        self.assertNotIsInstance(cm.exception, Trap)

    def test_start_trap(self):
        with self.assertRaises(Trap) as cm:
            Instance(self.store, self.module("(module (func $s unreachable) (start $s))"))
        self.assertEqual(cm.exception.message, "unreachable")

    def test_exports_mapping(self):
        s = self.store
        inst = Instance(s, self.module(EXPORTS), None)
        ex = inst.exports(s)
        self.assertIsInstance(ex, InstanceExports)
        self.assertIs(inst.exports(s), ex)  # the same objects every time
        self.assertEqual(list(ex), ["one", "gi", "gf", "ge", "tab", "etab", "mem"])
        self.assertEqual(len(ex), 7)
        self.assertIn("one", ex)
        self.assertNotIn("two", ex)
        self.assertIsInstance(ex["one"], Func)
        self.assertIsInstance(ex["gi"], Global)
        self.assertIsInstance(ex["tab"], Table)
        self.assertIsInstance(ex["mem"], Memory)
        self.assertIs(ex[0], ex["one"])
        self.assertIs(ex[-1], ex["mem"])
        self.assertEqual(ex.by_index(), [ex[n] for n in ex])
        self.assertEqual(dict(ex.items())["gf"].value(s), 2.5)
        self.assertIsNone(ex.get("two"))
        self.assertIn("one", repr(ex))
        with self.assertRaises(KeyError) as cm:
            ex["two"]
        self.assertIn("exports: one, gi", str(cm.exception))
        with self.assertRaises(IndexError):
            ex[7]
        with self.assertRaises(TypeError):
            ex[1.0]
        with self.assertRaises(ValueError):
            with Store(self.engine) as other:
                inst.exports(other)

    def test_module_property(self):
        m = self.module(EXPORTS)
        inst = Instance(self.store, m)
        self.assertIs(inst.module, m)
        inst.close()
        self.assertIs(inst.module, m)

    def test_exports_outlive_instance(self):
        s = self.store
        one = Instance(s, self.module(EXPORTS)).exports(s)["one"]  # the instance is gone
        self.assertEqual(one(s), 1)

    def test_close(self):
        s = self.store
        inst = Instance(s, self.module(EXPORTS))
        with inst:
            one = inst.exports(s)["one"]
        self.assertTrue(inst.closed)
        with self.assertRaises(ValueError):
            inst.exports(s)
        self.assertEqual(one(s), 1)
        inst.close()
        self.assertIn("closed", repr(inst))


class GlobalTest(Base):
    def test_host_globals(self):
        s = self.store
        cases = [(i32, 5, -1, -1), (i64, 1 << 40, 0xFFFFFFFFFFFFFFFF, -1), (f32, 1.5, 0.1, 0.10000000149011612),
                 (f64, 2.5, 3, 3.0)]
        for t, init, new, expect in cases:
            g = Global(s, GlobalType(t, True), init)
            self.assertEqual(g.value(s), init)
            g.set_value(s, new)
            self.assertEqual(g.value(s), expect)
            self.assertEqual(g.type(s), GlobalType(t, True))
        o = object()
        ge = Global(s, GlobalType(externref, True), o)
        self.assertIs(ge.value(s), o)
        ge.set_value(s, None)
        self.assertIsNone(ge.value(s))
        f = Func(s, FuncType([], [i32]), lambda: 3)
        gf = Global(s, GlobalType(funcref, False), f)
        self.assertEqual(gf.value(s)(s), 3)
        self.assertIn("global", repr(gf))

    def test_global_negative(self):
        s = self.store
        g = Global(s, GlobalType(i32, False), 1)
        with self.assertRaises(TypeError):
            g.set_value(s, 2)  # immutable
        self.assertEqual(g.value(s), 1)
        gm = Global(s, GlobalType(i32, True), 1)
        with self.assertRaises(TypeError):
            gm.set_value(s, "2")
        with self.assertRaises(OverflowError):
            gm.set_value(s, 1 << 32)
        with self.assertRaises(TypeError):
            Global(s, GlobalType(i32, True), 1.5)
        with self.assertRaises(TypeError):
            Global(s, i32, 1)
        with self.assertRaises(TypeError):
            Global(None, GlobalType(i32), 1)
        with self.assertRaises(TypeError):
            Global(s, GlobalType(funcref), "f")
        with self.assertRaises(TypeError):
            Global(s, GlobalType(ValType.v128()), 0)
        gm.close()
        with self.assertRaises(ValueError):
            gm.value(s)
        with self.assertRaises(ValueError):
            gm.set_value(s, 1)

    def test_exported_globals(self):
        s = self.store
        ex = Instance(s, self.module(EXPORTS)).exports(s)
        self.assertEqual(ex["gi"].value(s), 7)
        ex["gi"].set_value(s, 8)
        self.assertEqual(ex["gi"].value(s), 8)
        self.assertEqual(ex["gf"].type(s), GlobalType(f64, False))
        o = [1]
        ex["ge"].set_value(s, o)
        self.assertIs(ex["ge"].value(s), o)


class TableTest(Base):
    def test_host_table(self):
        s = self.store
        f = Func(s, FuncType([], [i32]), lambda: 4)
        t = Table(s, TableType(funcref, Limits(2, 4)), None)
        self.assertEqual(t.size(s), 2)
        self.assertIsNone(t.get(s, 0))
        t.set(s, 1, f)
        self.assertEqual(t.get(s, 1)(s), 4)
        self.assertEqual(t.grow(s, 2, f), 2)
        self.assertEqual(t.size(s), 4)
        self.assertEqual(t.get(s, 3)(s), 4)
        t.set(s, 3, None)
        self.assertIsNone(t.get(s, 3))
        self.assertEqual((t.type(s).element, t.type(s).limits.max), (funcref, 4))
        self.assertIn("funcref", repr(t))

    def test_externref_table(self):
        s = self.store
        o1, o2 = object(), object()
        t = Table(s, TableType(externref, Limits(1)), o1)
        self.assertIs(t.get(s, 0), o1)
        t.set(s, 0, o2)
        self.assertIs(t.get(s, 0), o2)
        self.assertEqual(t.grow(s, 1), 1)
        self.assertIsNone(t.get(s, 1))

    def test_table_negative(self):
        s = self.store
        t = Table(s, TableType(funcref, Limits(1, 2)))
        with self.assertRaises(IndexError):
            t.get(s, 1)
        with self.assertRaises(IndexError):
            t.set(s, 5, None)
        with self.assertRaises(IndexError):
            t.get(s, -1)
        with self.assertRaises(TypeError):
            t.get(s, "0")
        with self.assertRaises(TypeError):
            t.set(s, 0, 3)
        with self.assertRaises(WasmError):
            t.grow(s, 5)
        self.assertEqual(t.size(s), 1)
        with self.assertRaises(TypeError):
            t.grow(s, 1.0)
        with self.assertRaises(ValueError):
            t.grow(s, -1)
        with self.assertRaises(TypeError):
            Table(s, TableType(funcref, Limits(1)), 5)
        with self.assertRaises(TypeError):
            Table(s, MemoryType(Limits(1)))
        with self.assertRaises(TypeError):
            Table(None, TableType(funcref, Limits(1)))
        t.close()
        for use in (lambda: t.size(s), lambda: t.get(s, 0), lambda: t.set(s, 0, None), lambda: t.grow(s, 1)):
            with self.assertRaises(ValueError):
                use()

    def test_exported_tables(self):
        s = self.store
        ex = Instance(s, self.module(EXPORTS)).exports(s)
        tab = ex["tab"]
        self.assertIsNone(tab.get(s, 0))
        self.assertEqual(tab.get(s, 1)(s), 1)
        tab.set(s, 0, ex["one"])
        self.assertEqual(tab.get(s, 0)(s), 1)
        self.assertEqual(tab.type(s), TableType(funcref, Limits(2, 5)))
        self.assertEqual(ex["etab"].type(s).element, externref)


if __name__ == "__main__":
    unittest.main()
