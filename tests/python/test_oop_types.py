"""Object layer: ValType, Limits, FuncType, GlobalType, TableType, MemoryType,
ImportType, ExportType (plain immutable values), and the lazy `wamr` package."""
import os
import pickle
import subprocess
import sys
import unittest

from wasmtest import PYTHON_DIR, ffi  # noqa: F401  (puts python/ on sys.path)

import wamr
from wamr import *  # noqa: F401,F403
from wamr import (Engine, ExportType, FuncType, GlobalType, ImportType, Limits, MemoryType, Module,
                  TableType, ValType)


class PackageTest(unittest.TestCase):
    def test_star_import_names(self):
        ns = {}
        exec("from wamr import *", ns)
        for name in ("Engine", "Store", "Module", "Instance", "Func", "FuncType", "ValType", "GlobalType",
                     "TableType", "MemoryType", "Limits", "ImportType", "ExportType", "Global", "Table",
                     "Memory", "Trap", "WasiConfig", "WasiExit", "WasmError", "Frame", "InstanceExports",
                     "wat2wasm"):
            self.assertIn(name, ns)
        self.assertIs(ns["Engine"], wamr.Engine)
        self.assertTrue(issubclass(ns["Trap"], Exception))

    def test_import_wamr_loads_nothing(self):
        env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
        code = ("import sys, wamr; print('wamr.wasmcapi' in sys.modules, 'wamr._func' in sys.modules);"
                "wamr.Engine; print('wamr.wasmcapi' in sys.modules)")
        out = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                             universal_newlines=True, check=True).stdout
        self.assertEqual(out.split(), ["False", "False", "True"])

    def test_compat_import_paths(self):
        from wamr.wasmcapi import binding
        from wamr.wasmcapi import ffi as ffi2
        self.assertTrue(callable(ffi2.wasm_engine_new))
        self.assertTrue(callable(binding.wasm_engine_new))
        self.assertIs(wamr.wasmcapi.ffi, ffi2)

    def test_unknown_attribute(self):
        with self.assertRaises(AttributeError):
            wamr.NoSuchThing  # noqa: B018
        self.assertIn("Engine", dir(wamr))

    def test_py_typed_shipped(self):
        self.assertTrue(os.path.isfile(os.path.join(PYTHON_DIR, "wamr", "py.typed")))

    def test_public_api_has_type_hints(self):
        import inspect
        for cls in (wamr.Engine, wamr.Store, wamr.Module, wamr.Instance, wamr.Func, wamr.Global, wamr.Table,
                    wamr.Memory, wamr.WasiConfig, wamr.FuncType, wamr.Limits):
            for name, member in vars(cls).items():
                if name.startswith("_") and name != "__init__":
                    continue
                fn = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                if not inspect.isfunction(fn):
                    continue
                hints = fn.__annotations__
                self.assertIn("return", hints, "%s.%s has no return annotation" % (cls.__name__, name))
                params = [p for p in inspect.signature(fn).parameters.values()
                          if p.name not in ("self", "cls") and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
                for p in params:
                    self.assertIn(p.name, hints, "%s.%s: parameter %s unannotated" % (cls.__name__, name, p.name))


class ValTypeTest(unittest.TestCase):
    def test_constructors(self):
        kinds = [(ValType.i32(), 0, "i32"), (ValType.i64(), 1, "i64"), (ValType.f32(), 2, "f32"),
                 (ValType.f64(), 3, "f64"), (ValType.v128(), 4, "v128"), (ValType.externref(), 128, "externref"),
                 (ValType.funcref(), 129, "funcref")]
        for t, kind, text in kinds:
            self.assertEqual(t.kind, kind)
            self.assertEqual(str(t), text)
            self.assertEqual(repr(t), "ValType.%s()" % text)
            self.assertIs(ValType(kind), t)
            self.assertEqual(t.is_ref, kind >= 128)
            self.assertEqual(t.is_num, kind < 128)
        self.assertIs(ValType.anyref(), ValType.externref())
        self.assertEqual(ValType.i32(), ValType.i32())
        self.assertNotEqual(ValType.i32(), ValType.i64())
        self.assertEqual(len({ValType.i32(), ValType.i32(), ValType.f32()}), 2)
        self.assertIs(pickle.loads(pickle.dumps(ValType.f64())), ValType.f64())

    def test_negative(self):
        for bad in (5, -1, 130, "i32", None, 1.0, True):
            with self.assertRaises(TypeError):
                ValType(bad)
        with self.assertRaises(AttributeError):
            ValType.i32()._kind = 1
        self.assertNotEqual(ValType.i32(), 0)


class LimitsTest(unittest.TestCase):
    def test_limits(self):
        lim = Limits(1, 2)
        self.assertEqual((lim.min, lim.max), (1, 2))
        self.assertEqual(Limits(3).max, None)
        self.assertEqual(Limits(3, 0xFFFFFFFF), Limits(3))  # the C "no maximum"
        self.assertEqual(str(Limits(1, 2)), "1 2")
        self.assertEqual(str(Limits(1)), "1")
        self.assertEqual(repr(Limits(1, None)), "Limits(1, None)")
        self.assertEqual(hash(Limits(1, 2)), hash(Limits(1, 2)))

    def test_negative(self):
        with self.assertRaises(ValueError):
            Limits(2, 1)
        with self.assertRaises(ValueError):
            Limits(-1)
        with self.assertRaises(ValueError):
            Limits(1 << 32)
        with self.assertRaises(TypeError):
            Limits("1")
        with self.assertRaises(TypeError):
            Limits(1, 2.0)
        with self.assertRaises(AttributeError):
            Limits(1).min = 3


class FuncTypeTest(unittest.TestCase):
    def test_functype(self):
        i32, f64 = ValType.i32(), ValType.f64()
        ft = FuncType([i32, i32], [f64])
        self.assertEqual(ft.params, [i32, i32])
        self.assertEqual(ft.results, [f64])
        self.assertEqual(str(ft), "(func (param i32 i32) (result f64))")
        self.assertEqual(str(FuncType([], [])), "(func)")
        self.assertEqual(ft, FuncType((i32, i32), (f64,)))
        self.assertNotEqual(ft, FuncType([i32], [f64]))
        self.assertEqual(eval(repr(ft)), ft)
        ft.params.append(f64)  # a copy
        self.assertEqual(len(ft.params), 2)

    def test_negative(self):
        with self.assertRaises(TypeError):
            FuncType([1], [])
        with self.assertRaises(TypeError):
            FuncType(ValType.i32(), [])
        with self.assertRaises(TypeError):
            FuncType([], None)
        with self.assertRaises(AttributeError):
            FuncType([], []).x = 1


class OtherTypesTest(unittest.TestCase):
    def test_globaltype(self):
        gt = GlobalType(ValType.i64(), True)
        self.assertEqual((gt.content, gt.mutable), (ValType.i64(), True))
        self.assertFalse(GlobalType(ValType.i64()).mutable)
        self.assertEqual(str(gt), "(global (mut i64))")
        self.assertEqual(str(GlobalType(ValType.f32(), False)), "(global f32)")
        self.assertNotEqual(gt, GlobalType(ValType.i64(), False))
        with self.assertRaises(TypeError):
            GlobalType("i32")
        with self.assertRaises(TypeError):
            GlobalType(ValType.i32(), 1)

    def test_tabletype(self):
        tt = TableType(ValType.funcref(), Limits(1, 5))
        self.assertEqual((tt.element, tt.limits), (ValType.funcref(), Limits(1, 5)))
        self.assertEqual(str(tt), "(table 1 5 funcref)")
        self.assertEqual(tt, TableType(ValType.funcref(), Limits(1, 5)))
        with self.assertRaises(TypeError):
            TableType(ValType.i32(), Limits(1))
        with self.assertRaises(TypeError):
            TableType(ValType.funcref(), (1, 2))

    def test_memorytype(self):
        mt = MemoryType(Limits(1, 2))
        self.assertEqual(mt.limits, Limits(1, 2))
        self.assertEqual(str(mt), "(memory 1 2)")
        self.assertEqual(mt, MemoryType(Limits(1, 2)))
        with self.assertRaises(TypeError):
            MemoryType(1)
        with self.assertRaises(ValueError):
            MemoryType(Limits(70000))

    def test_import_export_types(self):
        ft = FuncType([], [])
        it = ImportType("env", "f", ft)
        self.assertEqual((it.module, it.name, it.type, it.builtin), ("env", "f", ft, False))
        self.assertEqual(str(it), '(import "env" "f" (func))')
        et = ExportType("run", ft)
        self.assertEqual((et.name, et.type), ("run", ft))
        self.assertEqual(str(et), '(export "run" (func))')
        self.assertEqual(et, ExportType("run", FuncType([], [])))
        with self.assertRaises(TypeError):
            ImportType("env", 1, ft)
        with self.assertRaises(TypeError):
            ImportType("env", "f", "func")
        with self.assertRaises(TypeError):
            ExportType(b"run", ft)
        with self.assertRaises(TypeError):
            ExportType("run", None)

    def test_types_read_from_a_module(self):
        with Engine() as engine:
            m = Module(engine, """(module
                (import "env" "f" (func (param i32 f32) (result i64)))
                (import "env" "g" (global (mut f64)))
                (import "env" "t" (table 2 10 funcref))
                (import "env" "m" (memory 1 3))
                (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
                (func (export "h") (param externref) (result funcref) ref.null func)
                (global (export "c") i32 (i32.const 1))
                (table (export "et") 0 externref)
                (memory (export "memory") 0))""")
            # WAMR's order: functions, globals, memories, tables
            self.assertEqual(m.imports, [
                ImportType("env", "f", FuncType([ValType.i32(), ValType.f32()], [ValType.i64()])),
                ImportType("wasi_snapshot_preview1", "proc_exit", FuncType([ValType.i32()], [])),
                ImportType("env", "g", GlobalType(ValType.f64(), True)),
                ImportType("env", "m", MemoryType(Limits(1, 3))),
                ImportType("env", "t", TableType(ValType.funcref(), Limits(2, 10))),
            ])
            self.assertEqual([i.builtin for i in m.imports], [False, True, False, False, False])
            self.assertEqual(m.exports, [
                ExportType("h", FuncType([ValType.externref()], [ValType.funcref()])),
                ExportType("c", GlobalType(ValType.i32(), False)),
                ExportType("et", TableType(ValType.externref(), Limits(0))),
                ExportType("memory", MemoryType(Limits(0))),
            ])
            m.close()


if __name__ == "__main__":
    unittest.main()
