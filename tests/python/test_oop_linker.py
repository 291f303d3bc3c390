"""Linker (imports by name), Instance with a {module: {name: item}} dict, and Caller
(a host function reaching the calling instance's exports)."""
import unittest

from wasmtest import ffi, wat  # noqa: F401  (puts python/ on sys.path)

from wamr import (Caller, Engine, Func, FuncType, Global, GlobalType, Instance, Limits, Linker, LinkError, Memory,
                  MemoryType, Module, Store, ValType, WasiConfig)

i32 = ValType.i32()

USER = r"""
(module
  (import "env" "double" (func $double (param i32) (result i32)))
  (import "env" "base" (global $base i32))
  (import "env" "memory" (memory 1))
  (func (export "run") (param i32) (result i32)
    (i32.add (call $double (local.get 0)) (i32.add (global.get $base) (i32.load8_u (i32.const 0))))))
"""

LIB = r"""
(module
  (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (global (export "base") i32 (i32.const 100))
  (memory (export "memory") 1)
  (data (i32.const 0) "\07"))
"""

PEEKER = r"""
(module
  (import "host" "peek" (func $peek (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "%s")
  (func (export "run") (param i32) (result i32) (call $peek (local.get 0))))
"""

WASI_HELLO = r"""
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "linked\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
"""


class LinkerTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.addCleanup(self.store.close)
        self.addCleanup(self.engine.close)

    def test_define_instance_and_instantiate(self):
        s = self.store
        linker = Linker(self.engine)
        lib = linker.instantiate(s, Module(self.engine, LIB))
        linker.define_instance(s, "env", lib)
        user = linker.instantiate(s, Module(self.engine, USER))
        self.assertEqual(user.exports(s)["run"](s, 5), 10 + 100 + 7)

    def test_define_items_and_funcs(self):
        s = self.store
        linker = Linker(self.engine)
        linker.define_func("env", "double", FuncType([i32], [i32]), lambda x: 3 * x)  # not quite doubling
        linker.define(s, "env", "base", Global(s, GlobalType(i32, False), 1))
        linker.define(s, "env", "memory", Memory(s, MemoryType(Limits(1))))
        module = Module(self.engine, USER)
        self.assertEqual(linker.instantiate(s, module).exports(s)["run"](s, 5), 15 + 1 + 0)
        # the same linker in another store: its host function is made there too
        with Store(self.engine) as other:
            with self.assertRaises(LinkError) as cm:  # base and memory are the first store's
                linker.instantiate(other, module)
            self.assertIn("(env, base)", str(cm.exception))
            self.assertIsInstance(linker.get(other, "env", "double"), Func)

    def test_missing_import_names_it(self):
        linker = Linker(self.engine)
        linker.define_func("env", "double", FuncType([i32], [i32]), abs)
        with self.assertRaises(LinkError) as cm:
            linker.instantiate(self.store, Module(self.engine, USER))
        self.assertEqual(str(cm.exception), "import (env, base): (global i32) is not defined in this Linker")
        with self.assertRaises(LinkError):
            linker.get(self.store, "env", "nothing")

    def test_wrong_type_is_a_link_error(self):
        s = self.store
        linker = Linker(self.engine)
        linker.define_func("env", "double", FuncType([i32], [i32, i32]), lambda x: (x, x))
        linker.define(s, "env", "base", Global(s, GlobalType(i32, False), 1))
        linker.define(s, "env", "memory", Memory(s, MemoryType(Limits(1))))
        with self.assertRaises(LinkError) as cm:
            linker.instantiate(s, Module(self.engine, USER))
        self.assertEqual(str(cm.exception), "import (env, double): expected (func (param i32) (result i32)), "
                                            "got (func (param i32) (result i32 i32))")

    def test_shadowing(self):
        linker = Linker(self.engine)
        ty = FuncType([i32], [i32])
        linker.define_func("env", "f", ty, abs)
        with self.assertRaises(LinkError) as cm:
            linker.define_func("env", "f", ty, abs)
        self.assertIn("defined twice", str(cm.exception))
        linker.allow_shadowing = True
        linker.define_func("env", "f", ty, lambda x: 42)
        self.assertEqual(linker.get(self.store, "env", "f")(self.store, 1), 42)

    def test_bad_arguments(self):
        linker = Linker(self.engine)
        ty = FuncType([i32], [i32])
        for call in (lambda: Linker("engine"), lambda: linker.define_func(1, "f", ty, abs),
                     lambda: linker.define_func("m", "f", "ty", abs), lambda: linker.define_func("m", "f", ty, 3),
                     lambda: linker.define(self.store, "m", "x", 5), lambda: linker.instantiate(self.store, "mod"),
                     lambda: linker.define_instance(self.store, "m", "inst")):
            with self.assertRaises(TypeError):
                call()

    def test_define_wasi(self):
        s = self.store
        module = Module(self.engine, WASI_HELLO)
        linker = Linker(self.engine)
        with self.assertRaises(LinkError) as cm:
            linker.instantiate(s, module)
        self.assertIn("define_wasi()", str(cm.exception))
        linker.define_wasi()
        with WasiConfig(capture_stdout=True) as wasi:
            s.set_wasi(wasi)
            linker.instantiate(s, module).exports(s)["_start"](s)
            self.assertEqual(wasi.stdout_bytes, b"linked\n")

    def test_default_engine(self):
        self.assertIs(Linker().engine, Engine.default())


class DictImportsTest(unittest.TestCase):
    def test_dict_form(self):
        with Store() as s:
            lib = Instance(s, Module(s.engine, LIB))
            ex = lib.exports(s)
            user = Instance(s, Module(s.engine, USER),
                            {"env": {"double": ex["double"], "base": ex["base"], "memory": ex["memory"]}})
            self.assertEqual(user.exports(s)["run"](s, 1), 2 + 100 + 7)
            with self.assertRaises(LinkError) as cm:
                Instance(s, Module(s.engine, USER), {"env": {"double": ex["double"]}})
            self.assertEqual(str(cm.exception), "import (env, base): (global i32) not given")
            with self.assertRaises(TypeError):
                Instance(s, Module(s.engine, USER), {"env": [ex["double"]]})


class CallerTest(unittest.TestCase):
    def test_caller_reaches_the_calling_instance(self):
        with Store() as s:
            seen = []

            def peek(caller, i):
                seen.append(caller)
                self.assertIsInstance(caller, Caller)
                self.assertIsNone(caller.get("nope"))
                self.assertNotIn("nope", caller)
                with self.assertRaises(KeyError):
                    caller["nope"]
                return caller["memory"].read(s, i, i + 1)[0]

            linker = Linker(s.engine)
            linker.define_func("host", "peek", FuncType([i32], [i32]), peek, access_caller=True)
            a = linker.instantiate(s, Module(s.engine, PEEKER % "abc"))
            b = linker.instantiate(s, Module(s.engine, PEEKER % "xyz"))
            self.assertEqual(a.exports(s)["run"](s, 1), ord("b"))
            self.assertEqual(b.exports(s)["run"](s, 1), ord("y"))
            # after the call: a clear error, never a crash
            with self.assertRaises(ValueError):
                seen[0].get("memory")
            self.assertIn("returned", repr(seen[0]))

    def test_host_call_from_python_has_no_caller_instance(self):
        with Store() as s:
            f = Func(s, FuncType([], [i32]), lambda caller: 0 if caller.get("memory") is None else 1,
                     access_caller=True)
            self.assertEqual(f(s), 0)
            with self.assertRaises(TypeError):
                Func(s, FuncType([], []), lambda: None, access_caller="yes")

    def test_c_functions(self):
        self.assertFalse(ffi.wamr_caller_export(None, b"memory"))  # NULL
        self.assertFalse(ffi.wamr_store_set_limits(None, -1, -1, -1, -1, -1))


if __name__ == "__main__":
    unittest.main()
