"""Object layer: Engine, Store, Module (binary, WAT, files, validate, imports/exports,
serialize/deserialize, name) and the close()/with/use-after-close rules."""
import gc
import os
import tempfile
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import (Engine, ExportType, FuncType, Instance, Module, Store, ValType, WasmError, wat2wasm)

ADD = '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'


class EngineStoreTest(unittest.TestCase):
    def test_engine(self):
        e = Engine()
        self.assertFalse(e.closed)
        self.assertIn("Engine", repr(e))
        e.close()
        self.assertTrue(e.closed)
        e.close()  # idempotent
        self.assertIn("closed", repr(e))
        with Engine() as e2:
            self.assertFalse(e2.closed)
        self.assertTrue(e2.closed)

    def test_engine_use_after_close(self):
        e = Engine()
        e.close()
        with self.assertRaises(ValueError):
            Store(e)
        with self.assertRaises(ValueError):
            Module(e, ADD)
        with self.assertRaises(ValueError):
            with e:
                pass

    def test_store(self):
        with Engine() as e:
            s = Store(e)
            self.assertIs(s.engine, e)
            self.assertFalse(s.closed)
            with s:
                pass
            self.assertTrue(s.closed)
            s.close()
            self.assertIn("closed", repr(s))

    def test_store_negative(self):
        for bad in ("engine", 1, Store):
            with self.assertRaises(TypeError):
                Store(bad)

    def test_store_without_engine_uses_the_default(self):
        with Store() as a, Store(None) as b:
            self.assertIs(a.engine, b.engine)
            self.assertIs(a.engine, Engine.default())
            with self.assertRaises(ValueError):
                a.engine.close()  # the default engine stays open
            inst = Instance(a, Module(a.engine, ADD))
            self.assertEqual(inst.exports(a)["add"](a, 2, 3), 5)

    def test_objects_outlive_engine_close(self):
        e = Engine()
        s = Store(e)
        m = Module(e, ADD)
        e.close()
        from wamr import Instance
        inst = Instance(s, m)
        self.assertEqual(inst.exports(s)["add"](s, 2, 3), 5)


class ModuleTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.addCleanup(self.engine.close)

    def test_from_wat_text_and_binary(self):
        binary = wat2wasm(ADD)
        self.assertEqual(binary[:4], b"\0asm")
        for source in (ADD, ADD.encode(), binary, bytearray(binary), memoryview(binary)):
            with Module(self.engine, source) as m:
                self.assertEqual([e.name for e in m.exports], ["add"])
        self.assertEqual(wat2wasm(ADD.encode()), binary)

    def test_from_file_errors_name_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.wasm")
            with open(bad, "wb") as f:
                f.write(b"\0asm\x01\0\0\0\xff")
            with self.assertRaises(WasmError) as cm:
                Module.from_file(self.engine, bad)
            self.assertTrue(str(cm.exception).startswith(bad + ": WASM module load failed"), str(cm.exception))
            good = os.path.join(d, "add.wat")
            with open(good, "w") as f:
                f.write(ADD)
            self.assertEqual(len(Module.from_file(self.engine, good).exports), 1)
            with self.assertRaises(FileNotFoundError) as cm:
                Module.from_file(self.engine, os.path.join(d, "missing.wasm"))
            self.assertIn("missing.wasm", str(cm.exception))

    def test_invalid_modules(self):
        cases = [
            (b"\0asm\x01\0\0\0\xff", "WASM module load failed"),
            (b"", "WASM module load failed"),
            ("(module (func", "expected"),
            ('(module (func (result i32)))', "type mismatch"),
            (b"\xff\xfe not wasm", "neither a wasm binary (no \\0asm magic at the start) nor WebAssembly text: "
                                   "the bytes start with ff fe 20 6e 6f 74 20 77"),
            (b"\x01\x02\x03\x04module", "nor WebAssembly text: the bytes start with 01 02 03 04"),
            (b"\0asn\x01\0\0\0", "no \\0asm magic"),
        ]
        for source, needle in cases:
            with self.assertRaises(WasmError) as cm:
                Module(self.engine, source)
            self.assertIn(needle, str(cm.exception), source)
            self.assertNotIn("\n", str(cm.exception).strip())

    def test_type_errors(self):
        for bad in (None, 1, ["(module)"]):
            with self.assertRaises(TypeError):
                Module(self.engine, bad)
        with self.assertRaises(TypeError):
            Module("engine", ADD)
        with self.assertRaises(WasmError):
            wat2wasm("(module (func)")

    def test_from_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            wasm_path = os.path.join(tmp, "add.wasm")
            wat_path = os.path.join(tmp, "add.wat")
            with open(wasm_path, "wb") as f:
                f.write(wat2wasm(ADD))
            with open(wat_path, "w") as f:
                f.write(ADD)
            import pathlib
            for p in (wasm_path, wat_path, pathlib.Path(wasm_path)):
                with Module.from_file(self.engine, p) as m:
                    self.assertEqual(m.exports[0].name, "add")
            with self.assertRaises(FileNotFoundError):
                Module.from_file(self.engine, os.path.join(tmp, "missing.wasm"))
            bad = os.path.join(tmp, "bad.wasm")
            with open(bad, "wb") as f:
                f.write(b"\0asm\x02\0\0\0")
            with self.assertRaises(WasmError):
                Module.from_file(self.engine, bad)
        with self.assertRaises(TypeError):
            Module.from_file(self.engine, 42)

    def test_validate(self):
        self.assertIsNone(Module.validate(self.engine, ADD))
        self.assertIsNone(Module.validate(self.engine, wat2wasm(ADD)))
        with self.assertRaises(WasmError) as cm:
            Module.validate(self.engine, b"\0asm\x01\0\0\0\x01")
        self.assertIn("validate failed", str(cm.exception))
        with self.assertRaises(WasmError):
            Module.validate(self.engine, "(module (func (result i32)))")
        with self.assertRaises(TypeError):
            Module.validate(None, ADD)
        with self.assertRaises(TypeError):
            Module.validate(self.engine, 3)

    def test_imports_exports(self):
        m = Module(self.engine, '(module (import "a" "b" (func)) (func (export "z")) (func (export "y")))')
        self.assertEqual([(i.module, i.name) for i in m.imports], [("a", "b")])
        self.assertEqual(m.exports, [ExportType("z", FuncType([], [])), ExportType("y", FuncType([], []))])
        self.assertIs(m.engine, self.engine)
        self.assertIn("1 imports, 2 exports", repr(m))
        empty = Module(self.engine, "(module)")
        self.assertEqual((empty.imports, empty.exports), ([], []))

    def test_name(self):
        m = Module(self.engine, ADD)
        self.assertEqual(m.name, "")
        m.name = "adder"
        self.assertEqual(m.name, "adder")
        m.name = "ünïcode"
        self.assertEqual(m.name, "ünïcode")
        with self.assertRaises(TypeError):
            m.name = 3
        with self.assertRaises(ValueError):
            m.name = "a\0b"

    def test_serialize_deserialize(self):
        m = Module(self.engine, ADD)
        m.name = "adder"
        blob = m.serialize()
        self.assertIsInstance(blob, bytes)
        m2 = Module.deserialize(self.engine, blob)
        self.assertEqual(m2.name, "adder")
        self.assertEqual(m2.exports, m.exports)
        with Store(self.engine) as s:
            from wamr import Instance
            self.assertEqual(Instance(s, m2).exports(s)["add"](s, 20, 22), 42)

    def test_deserialize_negative(self):
        blob = Module(self.engine, ADD).serialize()
        for bad in (b"", wat2wasm(ADD), blob[:-1], b"garbage" * 3):
            with self.assertRaises(WasmError):
                Module.deserialize(self.engine, bad)
        with self.assertRaises(TypeError):
            Module.deserialize(self.engine, "text")
        with self.assertRaises(TypeError):
            Module.deserialize(None, blob)

    def test_close_and_use_after_close(self):
        m = Module(self.engine, ADD)
        with m:
            pass
        self.assertTrue(m.closed)
        m.close()
        for use in (lambda: m.imports, lambda: m.exports, lambda: m.name, m.serialize):
            with self.assertRaises(ValueError):
                use()
        with self.assertRaises(ValueError):
            m.name = "x"
        with Store(self.engine) as s:
            from wamr import Instance
            with self.assertRaises(ValueError):
                Instance(s, m)
        self.assertIn("closed", repr(m))

    def test_frees_once(self):
        freed = []
        m = Module(self.engine, ADD)
        real = m._delete
        m._delete = lambda p: (freed.append(p), real(p))
        m.close()
        m.close()
        m.__del__()
        self.assertEqual(len(freed), 1)
        m2 = Module(self.engine, ADD)
        real2 = m2._delete
        m2._delete = lambda p: (freed.append(p), real2(p))
        del m2
        gc.collect()
        self.assertEqual(len(freed), 2)  # __del__ freed it

    def test_wat_error_is_one_line(self):
        with self.assertRaises(WasmError) as cm:
            Module(self.engine, "(module\n  (func (result i32)\n    i32.const))")
        self.assertNotIn("\n", str(cm.exception))
        self.assertIn("at line 3", str(cm.exception))


class ValTypeUseTest(unittest.TestCase):
    def test_every_valtype_in_a_module(self):
        with Engine() as e:
            m = Module(e, '(module (func (export "f") (param i32 i64 f32 f64 externref funcref)))')
            self.assertEqual(m.exports[0].type.params,
                             [ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64(), ValType.externref(),
                              ValType.funcref()])


if __name__ == "__main__":
    unittest.main()
