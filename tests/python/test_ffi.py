"""ffi.py: library loading, helpers, static inline helpers and macros, decorators,
__eq__/__repr__."""
import ctypes as c
import os
import subprocess
import sys
import tempfile
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import REPO, PYTHON_DIR, StoreTest, byte_vec, ffi, binding, wat


def run_python(code, env_extra):
    env = dict(os.environ)
    env.update(env_extra)
    env["PYTHONPATH"] = PYTHON_DIR
    return subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, env=env)


class LoadingTest(unittest.TestCase):
    def test_loaded_library_exports_the_api(self):
        self.assertTrue(os.path.isfile(ffi.LIBRARY_PATH))
        self.assertTrue(hasattr(ffi.libiwasm, "wasm_engine_new"))

    def test_env_var_wins(self):
        proc = run_python("from wamr.wasmcapi import ffi; print(ffi.LIBRARY_PATH)",
                          {"WAMR_LIBIWASM": ffi.LIBRARY_PATH})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), ffi.LIBRARY_PATH)

    def test_default_search_order(self):
        env = dict(os.environ)
        env.pop("WAMR_LIBIWASM", None)
        saved = os.environ.pop("WAMR_LIBIWASM", None)
        try:
            paths = ffi.library_candidates()
        finally:
            if saved is not None:
                os.environ["WAMR_LIBIWASM"] = saved
        pkg = os.path.join(PYTHON_DIR, "wamr")
        self.assertEqual(paths, [
            os.path.join(pkg, "wasmcapi", "libiwasm.so"),
            os.path.join(pkg, "libs", "libiwasm.so"),
            os.path.join(REPO, "target", "release", "libiwasm.so"),
            os.path.join(REPO, "target", "debug", "libiwasm.so"),
        ])

    def test_missing_library_is_a_clear_import_error(self):
        proc = run_python("import wamr.wasmcapi.ffi", {"WAMR_LIBIWASM": "/nonexistent/libiwasm.so"})
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("LibraryNotFoundError", proc.stderr)
        self.assertIn("/nonexistent/libiwasm.so (no such file)", proc.stderr)
        self.assertIn("WAMR_LIBIWASM", proc.stderr)

    def test_unloadable_library_names_the_reason(self):
        header = os.path.join(REPO, "include", "wasm_c_api.h")
        proc = run_python("import wamr.wasmcapi.ffi", {"WAMR_LIBIWASM": header})
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn(header + " (", proc.stderr)

    def test_missing_symbol_raises_when_called(self):
        stub = binding._resolve("wasm_no_such_function", None, [])
        self.assertTrue(stub.missing)
        with self.assertRaises(NotImplementedError):
            stub()
        real = binding._resolve("wasm_engine_new", c.POINTER(wasm_engine_t), [])
        self.assertFalse(getattr(real, "missing", False))

    def test_import_star_exposes_the_procedural_api(self):
        ns = {}
        exec("from wamr.wasmcapi.ffi import *", ns)
        for name in binding.FUNCTIONS + binding.STATIC_INLINE_FUNCTIONS:
            self.assertIn(name, ns)
        for name in ("wasm_val_t", "wasm_byte_vec_t", "WASM_I32", "wasm_i32_val", "wasm_func_cb_decl",
                     "dereference", "POINTER", "byref", "wasm_limits_new", "load_module_file"):
            self.assertIn(name, ns)

    def test_import_order_does_not_matter(self):
        proc = run_python("import wamr.wasmcapi.binding as b; print(b.wasm_engine_new.__name__)", {})
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.strip(), "wasm_engine_new")


class PointerHelpersTest(unittest.TestCase):
    def test_dereference(self):
        x = c.c_int(7)
        self.assertEqual(dereference(c.pointer(x)).value, 7)
        vt = wasm_valtype_new_i64()
        self.assertEqual(c.addressof(dereference(vt)), addr(vt))
        wasm_valtype_delete(vt)

    def test_dereference_rejects_null_and_non_pointers(self):
        with self.assertRaises(ValueError):
            dereference(create_null_pointer(wasm_valtype_t))
        with self.assertRaises(TypeError):
            dereference(None)
        with self.assertRaises(TypeError):
            dereference(5)

    def test_create_null_pointer(self):
        p = create_null_pointer(wasm_func_t)
        self.assertIsInstance(p, POINTER(wasm_func_t))
        self.assertFalse(p)
        self.assertTrue(is_null_pointer(p))
        with self.assertRaises(TypeError):
            create_null_pointer(int)
        with self.assertRaises(TypeError):
            create_null_pointer("wasm_func_t")

    def test_is_null_pointer(self):
        self.assertTrue(is_null_pointer(None))
        self.assertTrue(is_null_pointer(c.c_void_p()))
        self.assertFalse(is_null_pointer(c.c_void_p(16)))
        self.assertFalse(is_null_pointer(c.pointer(c.c_int(1))))
        self.assertTrue(is_null_pointer(wasm_func_callback_t()))
        with self.assertRaises(TypeError):
            is_null_pointer(0)
        with self.assertRaises(TypeError):
            is_null_pointer(wasm_val_t())

    def test_list_to_carray(self):
        arr = list_to_carray(c.c_int32, 1, 2, 3)
        self.assertEqual(list(arr), [1, 2, 3])
        self.assertEqual(list(list_to_carray(c.c_int32, [4, 5])), [4, 5])
        self.assertEqual(len(list_to_carray(POINTER(wasm_valtype_t))), 0)
        vals = list_to_carray(wasm_val_t, wasm_i32_val(1), wasm_f64_val(2.5))
        self.assertEqual(vals[1].of.f64, 2.5)

    def test_list_to_carray_rejects_bad_input(self):
        with self.assertRaises(TypeError):
            list_to_carray(int, 1)
        with self.assertRaises(TypeError):
            list_to_carray(POINTER(wasm_valtype_t), wasm_val_t())
        with self.assertRaises(TypeError):
            list_to_carray(c.c_int32, "x")


class VecHelpersTest(unittest.TestCase):
    def test_wasm_vec_to_list_bytes_and_vals(self):
        v = byte_vec(b"ab\x00\xff")
        self.assertEqual(wasm_vec_to_list(v), [0x61, 0x62, 0, 0xff])
        self.assertEqual(wasm_vec_to_list(c.pointer(v)), [0x61, 0x62, 0, 0xff])
        wasm_byte_vec_delete(v)
        vals = wasm_val_vec_t()
        wasm_val_vec_new(vals, 2, list_to_carray(wasm_val_t, wasm_i32_val(3), wasm_i64_val(-4)))
        got = wasm_vec_to_list(vals)
        wasm_val_vec_delete(vals)  # the list holds copies
        self.assertEqual([g.of.i32 for g in got[:1]] + [got[1].of.i64], [3, -4])
        self.assertEqual(got, [wasm_i32_val(3), wasm_i64_val(-4)])

    def test_wasm_vec_to_list_pointers(self):
        vec = wasm_valtype_vec_t()
        ts = [wasm_valtype_new_i32(), wasm_valtype_new_funcref()]
        wasm_valtype_vec_new(vec, 2, list_to_carray(POINTER(wasm_valtype_t), *ts))
        items = wasm_vec_to_list(vec)
        self.assertEqual([wasm_valtype_kind(t) for t in items], [WASM_I32, WASM_FUNCREF])
        self.assertEqual([addr(t) for t in items], [addr(t) for t in ts])
        wasm_valtype_vec_delete(vec)

    def test_wasm_vec_to_list_empty_and_invalid(self):
        for t in VEC_TYPES:
            self.assertEqual(wasm_vec_to_list(t()), [], t.__name__)
        bad = wasm_byte_vec_t()
        bad.size = 3  # data NULL
        with self.assertRaises(ValueError):
            wasm_vec_to_list(bad)
        with self.assertRaises(ValueError):
            wasm_vec_to_list(create_null_pointer(wasm_val_vec_t))
        with self.assertRaises(TypeError):
            wasm_vec_to_list([1, 2])
        with self.assertRaises(TypeError):
            wasm_vec_to_list(wasm_limits_t())

    def test_vec_types_cover_every_vec(self):
        names = sorted(t.__name__ for t in VEC_TYPES)
        self.assertEqual(names, sorted(["wasm_byte_vec_t", "wasm_val_vec_t", "wasm_valtype_vec_t",
                                        "wasm_functype_vec_t", "wasm_globaltype_vec_t",
                                        "wasm_tabletype_vec_t", "wasm_memorytype_vec_t",
                                        "wasm_externtype_vec_t", "wasm_importtype_vec_t",
                                        "wasm_exporttype_vec_t", "wasm_frame_vec_t", "wasm_extern_vec_t"]))

    def test_empty_and_array_vec_macros(self):
        v = wasm_empty_vec(wasm_extern_vec_t)
        self.assertEqual((v.size, bool(v.data), v.num_elems, v.size_of_elem), (0, False, 0, 0))
        arr = list_to_carray(wasm_val_t, wasm_i32_val(1), wasm_i32_val(2))
        av = wasm_array_vec(wasm_val_vec_t, arr)
        self.assertEqual((av.size, av.num_elems, av.size_of_elem), (2, 2, 16))
        self.assertEqual(av.data[1].of.i32, 2)
        with self.assertRaises(TypeError):
            wasm_empty_vec(wasm_val_t)
        with self.assertRaises(TypeError):
            wasm_array_vec(wasm_val_vec_t, [wasm_i32_val(1)])
        with self.assertRaises(TypeError):
            wasm_array_vec(wasm_byte_vec_t, arr)

    def test_deleting_a_python_owned_vec_raises(self):
        arr = list_to_carray(wasm_val_t, wasm_i32_val(1))
        av = wasm_array_vec(wasm_val_vec_t, arr)
        for how in (av, c.byref(av), c.pointer(av)):
            with self.assertRaises(ValueError):
                wasm_val_vec_delete(how)
        self.assertEqual(av.data[0], wasm_i32_val(1))  # untouched
        owned = wasm_val_vec_t()
        wasm_val_vec_new(owned, 1, arr)  # the library copies: its own buffer
        wasm_val_vec_delete(owned)
        self.assertEqual(owned.size, 0)
        wasm_val_vec_delete(wasm_array_vec(wasm_val_vec_t, list_to_carray(wasm_val_t)))  # empty: fine

    def test_load_module_file(self):
        data = wat("(module (func (export \"f\")))")
        v = load_module_file(data)
        self.assertEqual(name_bytes(v), data)
        self.assertEqual(v.size, len(data))
        wasm_byte_vec_delete(v)
        with tempfile.NamedTemporaryFile(suffix=".wasm") as f:
            f.write(data)
            f.flush()
            v = load_module_file(f.name)
            self.assertEqual(name_bytes(v), data)
            wasm_byte_vec_delete(v)
        empty = load_module_file(b"")
        self.assertEqual(empty.size, 0)
        wasm_byte_vec_delete(empty)

    def test_load_module_file_rejects_bad_input(self):
        with self.assertRaises(TypeError):
            load_module_file(123)
        with self.assertRaises(TypeError):
            load_module_file(None)
        with self.assertRaises(OSError):
            load_module_file("/nonexistent/module.wasm")


class InlineHelpersTest(unittest.TestCase):
    def test_wasm_name_new_from_string(self):
        n = wasm_byte_vec_t()
        wasm_name_new_from_string(n, "héllo")
        self.assertEqual(name_bytes(n), "héllo".encode())
        self.assertEqual(n.size, 6)
        wasm_name_delete(n)
        wasm_name_new_from_string(n, b"a\0b")  # strlen stops at the NUL
        self.assertEqual(name_bytes(n), b"a")
        wasm_name_delete(n)
        wasm_name_new_from_string(n, "")
        self.assertEqual(n.size, 0)
        wasm_name_delete(n)

    def test_wasm_name_new_from_string_wamr_form(self):
        # WAMR's binding: (s) returns the new name
        n = wasm_name_new_from_string("abc")
        self.assertIsInstance(n, wasm_name_t)
        self.assertEqual(wasm_name_to_bytes(n), b"abc")
        wasm_name_delete(n)
        n = wasm_name_new_from_string_nt("ab")
        self.assertEqual(wasm_name_to_bytes(n), b"ab\0")
        wasm_name_delete(n)
        with self.assertRaises(TypeError):
            wasm_name_new_from_string()
        with self.assertRaises(TypeError):
            wasm_name_new_from_string(wasm_name_t(), "a", "b")

    def test_byte_t_is_ubyte_and_finalizer_alias(self):
        self.assertIs(wasm_byte_t, c.c_ubyte)
        v = wasm_byte_vec_t()
        wasm_byte_vec_new(v, 3, b"\x00\xff\x10")  # bytes accepted
        self.assertEqual([v.data[i] for i in range(3)], [0, 255, 16])
        wasm_byte_vec_delete(v)
        self.assertIs(wasm_finalizer, wasm_finalizer_t)

    def test_wasm_name_new_from_string_nt(self):
        n = wasm_byte_vec_t()
        wasm_name_new_from_string_nt(n, "hi")
        self.assertEqual((n.size, name_bytes(n)), (3, b"hi\0"))
        self.assertEqual(wasm_name_to_str(n), "hi")
        wasm_name_delete(n)
        wasm_name_new_from_string_nt(n, "")
        self.assertEqual((n.size, name_bytes(n)), (1, b"\0"))
        wasm_name_delete(n)

    def test_name_helpers_reject_bad_input(self):
        n = wasm_byte_vec_t()
        with self.assertRaises(TypeError):
            wasm_name_new_from_string(n, None)
        with self.assertRaises(TypeError):
            wasm_name_new_from_string_nt(n, 42)
        with self.assertRaises(c.ArgumentError):
            wasm_name_new_from_string(wasm_val_t(), "x")
        with self.assertRaises(TypeError):
            wasm_name_to_bytes(wasm_val_vec_t())

    def test_name_aliases(self):
        self.assertIs(wasm_name_new, wasm_byte_vec_new)
        self.assertIs(wasm_name_new_empty, wasm_byte_vec_new_empty)
        self.assertIs(wasm_name_new_new_uninitialized, wasm_byte_vec_new_uninitialized)
        self.assertIs(wasm_name_copy, wasm_byte_vec_copy)
        self.assertIs(wasm_name_delete, wasm_byte_vec_delete)

    def test_valkind_predicates(self):
        for k in (WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_V128):
            self.assertTrue(wasm_valkind_is_num(k))
            self.assertFalse(wasm_valkind_is_ref(k))
        for k in (WASM_EXTERNREF, WASM_FUNCREF):
            self.assertFalse(wasm_valkind_is_num(k))
            self.assertTrue(wasm_valkind_is_ref(k))
        with self.assertRaises(OverflowError):
            wasm_valkind_is_num(256)
        with self.assertRaises(TypeError):
            wasm_valkind_is_ref("i32")

    def test_valtype_predicates(self):
        i, r = wasm_valtype_new_f64(), wasm_valtype_new_anyref()
        self.assertTrue(wasm_valtype_is_num(i))
        self.assertFalse(wasm_valtype_is_ref(i))
        self.assertTrue(wasm_valtype_is_ref(r))
        self.assertFalse(wasm_valtype_is_num(r))
        wasm_valtype_delete(i)
        wasm_valtype_delete(r)
        with self.assertRaises(c.ArgumentError):
            wasm_valtype_is_num(wasm_i32_val(1))

    def test_valtype_new_helpers(self):
        table = [(wasm_valtype_new_i32, WASM_I32), (wasm_valtype_new_i64, WASM_I64),
                 (wasm_valtype_new_f32, WASM_F32), (wasm_valtype_new_f64, WASM_F64),
                 (wasm_valtype_new_v128, WASM_V128), (wasm_valtype_new_anyref, WASM_EXTERNREF),
                 (wasm_valtype_new_funcref, WASM_FUNCREF)]
        for make, kind in table:
            t = make()
            self.assertTrue(t, make.__name__)
            self.assertEqual(wasm_valtype_kind(t), kind, make.__name__)
            wasm_valtype_delete(t)
        with self.assertRaises(TypeError):
            wasm_valtype_new_i32(1)

    def test_functype_new_helpers(self):
        makers = {
            (0, 0): wasm_functype_new_0_0, (1, 0): wasm_functype_new_1_0, (2, 0): wasm_functype_new_2_0,
            (3, 0): wasm_functype_new_3_0, (0, 1): wasm_functype_new_0_1, (1, 1): wasm_functype_new_1_1,
            (2, 1): wasm_functype_new_2_1, (3, 1): wasm_functype_new_3_1, (0, 2): wasm_functype_new_0_2,
            (1, 2): wasm_functype_new_1_2, (2, 2): wasm_functype_new_2_2, (3, 2): wasm_functype_new_3_2,
        }
        kinds = [WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF]
        for (np, nr), make in makers.items():
            ks = kinds[:np + nr]
            ft = make(*[wasm_valtype_new(k) for k in ks])
            self.assertTrue(ft, make.__name__)
            params = [wasm_valtype_kind(t) for t in wasm_vec_to_list(wasm_functype_params(ft))]
            results = [wasm_valtype_kind(t) for t in wasm_vec_to_list(wasm_functype_results(ft))]
            self.assertEqual((params, results), (ks[:np], ks[np:]), make.__name__)
            wasm_functype_delete(ft)

    def test_functype_new_helpers_reject_bad_input(self):
        with self.assertRaises(TypeError):
            wasm_functype_new_1_1(wasm_valtype_new_i32())  # one valtype short
        with self.assertRaises(TypeError):
            wasm_functype_new_1_0(None)
        with self.assertRaises(TypeError):
            wasm_functype_new_0_1(wasm_i32_val(1))

    def test_value_macros(self):
        v = wasm_i32_val(-7)
        self.assertEqual((v.kind, v.of.i32, bytes(v._paddings)), (WASM_I32, -7, b"\0" * 7))
        self.assertEqual(wasm_i32_val(0xffffffff).of.i32, -1)
        self.assertEqual(wasm_i64_val(-(1 << 63)).of.i64, -(1 << 63))
        self.assertEqual(wasm_i64_val((1 << 64) - 1).of.i64, -1)
        self.assertEqual((wasm_f32_val(1.5).kind, wasm_f32_val(1.5).of.f32), (WASM_F32, 1.5))
        self.assertEqual((wasm_f64_val(-0.25).kind, wasm_f64_val(-0.25).of.f64), (WASM_F64, -0.25))
        r = wasm_ref_val(None)
        self.assertEqual((r.kind, bool(r.of.ref)), (WASM_EXTERNREF, False))
        self.assertEqual(wasm_init_val(), wasm_ref_val(None))
        self.assertIs(WASM_I32_VAL, wasm_i32_val)
        self.assertIs(WASM_F64_VAL, wasm_f64_val)

    def test_value_macros_reject_bad_input(self):
        with self.assertRaises(OverflowError):
            wasm_i32_val(1 << 32)
        with self.assertRaises(OverflowError):
            wasm_i32_val(-(1 << 31) - 1)
        with self.assertRaises(OverflowError):
            wasm_i64_val(1 << 64)
        with self.assertRaises(TypeError):
            wasm_i32_val(1.5)
        with self.assertRaises(TypeError):
            wasm_i64_val(True)
        with self.assertRaises(TypeError):
            wasm_f32_val("1.0")
        with self.assertRaises(TypeError):
            wasm_f64_val(None)
        with self.assertRaises(TypeError):
            wasm_ref_val(5)
        with self.assertRaises(TypeError):
            wasm_ref_val(create_null_pointer(wasm_func_t))

    def test_val_ptr_round_trip(self):
        v = wasm_val_t()
        buf = c.create_string_buffer(8)
        wasm_val_init_ptr(v, buf)
        self.assertEqual(v.kind, WASM_I64)
        self.assertEqual(wasm_val_ptr(v), c.addressof(buf))
        wasm_val_init_ptr(c.pointer(v), None)
        self.assertIsNone(wasm_val_ptr(c.pointer(v)))
        with self.assertRaises(TypeError):
            wasm_val_ptr(3)
        with self.assertRaises(TypeError):
            wasm_val_init_ptr(wasm_limits_t(), None)

    def test_limits_new(self):
        lim = wasm_limits_new(1, 5)
        self.assertEqual((lim.min, lim.max), (1, 5))
        # a pointer, as in WAMR's binding: dereference() and C functions take it
        self.assertIsInstance(lim, c.POINTER(wasm_limits_t))
        self.assertEqual(dereference(lim), wasm_limits_t(1, 5))
        mt = wasm_memorytype_new(lim)
        self.assertEqual(dereference(wasm_memorytype_limits(mt)), dereference(lim))
        wasm_memorytype_delete(mt)
        self.assertEqual(lim, wasm_limits_new(1, 5))
        self.assertNotEqual(lim, wasm_limits_new(1, 6))
        self.assertEqual(wasm_limits_new(2).max, wasm_limits_max_default)
        with self.assertRaises(OverflowError):
            wasm_limits_new(-1)
        with self.assertRaises(OverflowError):
            wasm_limits_new(0, 1 << 32)
        with self.assertRaises(TypeError):
            wasm_limits_new("1")

    def test_constants(self):
        self.assertEqual(KILOBYTE(4), 4096)
        self.assertEqual(MEMORY_PAGE_SIZE, 65536)
        self.assertEqual(wasm_limits_max_default, 0xffffffff)


class DecoratorTest(unittest.TestCase):
    def test_wasm_func_cb_decl(self):
        @wasm_func_cb_decl
        def cb(args, results):
            results.contents.data[0] = wasm_i32_val(args.contents.data[0].of.i32 + 1)
        self.assertIsInstance(cb, wasm_func_callback_t)
        a = list_to_carray(wasm_val_t, wasm_i32_val(41))
        r = list_to_carray(wasm_val_t, wasm_val_t())
        av, rv = wasm_array_vec(wasm_val_vec_t, a), wasm_array_vec(wasm_val_vec_t, r)
        self.assertIsNone(cb(c.pointer(av), c.pointer(rv)))  # called through C
        self.assertEqual(r[0].of.i32, 42)

    def test_wasm_func_with_env_cb_decl(self):
        seen = []

        @wasm_func_with_env_cb_decl
        def cb(env, args, results):
            seen.append(env)
        self.assertIsInstance(cb, wasm_func_callback_with_env_t)
        cb(c.c_void_p(1234), None, None)
        self.assertEqual(seen, [1234])

    def test_bad_returns_and_exceptions_give_null(self):
        @wasm_func_cb_decl
        def returns_junk(args, results):
            return "not a trap"

        @wasm_func_cb_decl
        def raises(args, results):
            raise RuntimeError("boom")
        import io
        import contextlib
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertIsNone(returns_junk(None, None))
            self.assertIsNone(raises(None, None))
        self.assertIn("boom", err.getvalue())
        self.assertIn("returns_junk must return None or a wasm_trap_t pointer, not str", err.getvalue())

    def test_decorators_reject_non_callables(self):
        with self.assertRaises(TypeError):
            wasm_func_cb_decl(42)
        with self.assertRaises(TypeError):
            wasm_func_with_env_cb_decl("f")
        with self.assertRaises(TypeError):
            wasm_finalizer_decl(None)

    def test_finalizer_decl(self):
        got = []
        fin = wasm_finalizer_decl(lambda p: got.append(p))
        self.assertIsInstance(fin, wasm_finalizer_t)
        fin(c.c_void_p(99))
        self.assertEqual(got, [99])


class ReprEqTest(unittest.TestCase):
    def types(self):
        ft = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(), wasm_valtype_new_i64())
        self.addCleanup(wasm_functype_delete, ft)
        return ft

    def test_valtype(self):
        a, b, f = wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_funcref()
        self.assertEqual(repr(a.contents), "i32")
        self.assertEqual(repr(f.contents), "funcref")
        self.assertEqual(a.contents, b.contents)
        self.assertNotEqual(a.contents, f.contents)
        self.assertNotEqual(a.contents, 0)
        for t in (a, b, f):
            wasm_valtype_delete(t)

    def test_functype(self):
        ft = self.types()
        self.assertEqual(repr(ft.contents), "(func (param i32 f64) (result i64))")
        other = wasm_functype_copy(ft)
        self.assertEqual(ft.contents, other.contents)
        e = wasm_functype_new_0_0()
        self.assertEqual(repr(e.contents), "(func)")
        self.assertNotEqual(ft.contents, e.contents)
        wasm_functype_delete(other)
        wasm_functype_delete(e)

    def test_global_table_memory_types(self):
        g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR)
        g2 = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST)
        self.assertEqual(repr(g.contents), "(global (mut f32))")
        self.assertEqual(repr(g2.contents), "(global f32)")
        self.assertNotEqual(g.contents, g2.contents)
        t = wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(1, 10))
        self.assertEqual(repr(t.contents), "(table 1 10 funcref)")
        m = wasm_memorytype_new(wasm_limits_new(2))
        self.assertEqual(repr(m.contents), "(memory 2)")
        m2 = wasm_memorytype_copy(m)
        self.assertEqual(m.contents, m2.contents)
        self.assertEqual(repr(wasm_memorytype_as_externtype(m).contents), "(memory 2)")
        self.assertEqual(wasm_memorytype_as_externtype(m).contents, wasm_memorytype_as_externtype(m2).contents)
        self.assertNotEqual(wasm_memorytype_as_externtype(m).contents, wasm_tabletype_as_externtype(t).contents)
        for d, x in ((wasm_globaltype_delete, g), (wasm_globaltype_delete, g2), (wasm_tabletype_delete, t),
                     (wasm_memorytype_delete, m), (wasm_memorytype_delete, m2)):
            d(x)

    def test_import_export_types(self):
        ft = self.types()
        mod, nm = wasm_byte_vec_t(), wasm_byte_vec_t()
        wasm_name_new_from_string(mod, "env")
        wasm_name_new_from_string(nm, "f")
        it = wasm_importtype_new(mod, nm, wasm_functype_as_externtype(wasm_functype_copy(ft)))
        self.assertEqual(repr(it.contents), '(import "env" "f" (func (param i32 f64) (result i64)))')
        it2 = wasm_importtype_copy(it)
        self.assertEqual(it.contents, it2.contents)
        en = wasm_byte_vec_t()
        wasm_name_new_from_string(en, "g")
        et = wasm_exporttype_new(en, wasm_globaltype_as_externtype(
            wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST)))
        self.assertEqual(repr(et.contents), '(export "g" (global i64))')
        et2 = wasm_exporttype_copy(et)
        self.assertEqual(et.contents, et2.contents)
        wasm_importtype_delete(it)
        wasm_importtype_delete(it2)
        wasm_exporttype_delete(et)
        wasm_exporttype_delete(et2)

    def test_values(self):
        self.assertEqual(repr(wasm_i32_val(42)), "(i32.const 42)")
        self.assertEqual(repr(wasm_i64_val(-1)), "(i64.const -1)")
        self.assertEqual(repr(wasm_f32_val(1.5)), "(f32.const 1.5)")
        self.assertEqual(repr(wasm_f64_val(0.1)), "(f64.const 0.1)")
        self.assertEqual(repr(wasm_ref_val(None)), "(ref.null extern)")
        self.assertEqual(wasm_i32_val(3), wasm_i32_val(3))
        self.assertNotEqual(wasm_i32_val(3), wasm_i64_val(3))
        self.assertNotEqual(wasm_f64_val(0.0), wasm_f64_val(-0.0))
        self.assertEqual(wasm_f64_val(float("nan")), wasm_f64_val(float("nan")))
        self.assertNotEqual(wasm_i32_val(1), 1)

    def test_limits_names_vecs(self):
        self.assertEqual(repr(wasm_limits_new(1, 2)), "1 2")
        self.assertEqual(repr(wasm_limits_new(1)), "1")
        self.assertEqual(wasm_limits_new(1, 2), wasm_limits_new(1, 2))
        self.assertNotEqual(wasm_limits_new(1, 2), wasm_limits_new(1))
        n = wasm_byte_vec_t()
        wasm_name_new_from_string_nt(n, 'a"b')
        self.assertEqual(repr(n), '"a\\"b\\00"')
        n2 = wasm_byte_vec_t()
        wasm_byte_vec_copy(n2, n)
        self.assertEqual(n, n2)
        self.assertNotEqual(n, wasm_byte_vec_t())
        wasm_byte_vec_delete(n)
        wasm_byte_vec_delete(n2)
        vals = wasm_array_vec(wasm_val_vec_t, list_to_carray(wasm_val_t, wasm_i32_val(1), wasm_f32_val(2.0)))
        self.assertEqual(repr(vals), "[(i32.const 1), (f32.const 2.0)]")
        ft = self.types()
        self.assertEqual(repr(wasm_functype_params(ft).contents), "[i32, f64]")
        self.assertEqual(repr(wasm_valtype_vec_t()), "[]")
        bad = wasm_frame_vec_t()
        bad.size = 2
        self.assertEqual(repr(bad), "<wasm_frame_vec_t size=2 data=NULL>")
        self.assertNotEqual(bad, wasm_frame_vec_t())

    def test_opaque_types_made_in_python_go_as_null(self):
        # WAMR's tests make them (`wasm_ref_t()`); the library must never read one
        for t in (wasm_engine_t, wasm_store_t, wasm_func_t, wasm_valtype_t, wasm_trap_t):
            self.assertEqual(c.sizeof(t()), 0)
        wasm_ref_delete(wasm_ref_t())           # a NULL ref: nothing happens
        self.assertEqual(wasm_valtype_kind(wasm_valtype_t()), WASM_I32)  # the NULL answer
        self.assertFalse(wasm_func_param_arity(wasm_func_t()))
        # a view of a real object still goes as itself
        vt = wasm_valtype_new(WASM_F64)
        self.addCleanup(wasm_valtype_delete, vt)
        self.assertEqual(wasm_valtype_kind(vt.contents), WASM_F64)
        self.assertIn(wasm_module_t._type_, OPAQUE_TYPES)
        self.assertNotIn(wasm_val_t, OPAQUE_TYPES)


class ArgumentCheckingTest(StoreTest):
    """Python-side misuse is a Python exception, never a call into C."""

    def test_wrong_pointer_kinds_raise(self):
        g = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST)
        with self.assertRaises(c.ArgumentError):
            wasm_func_call(g, None, None)
        with self.assertRaises(c.ArgumentError):
            wasm_globaltype_content(wasm_valtype_new)  # a Python function
        with self.assertRaises(c.ArgumentError):
            wasm_module_new(self.engine, None)
        with self.assertRaises(c.ArgumentError):
            wasm_store_new(12345)
        with self.assertRaises(c.ArgumentError):
            wasm_byte_vec_new(wasm_val_vec_t(), 1, b"x")
        with self.assertRaises(TypeError):
            wasm_valtype_kind()
        wasm_globaltype_delete(g)

    def test_wrong_scalar_types_raise(self):
        with self.assertRaises(c.ArgumentError):
            wasm_valtype_new("i32")
        with self.assertRaises(c.ArgumentError):
            wasm_byte_vec_new_uninitialized(wasm_byte_vec_t(), "10")
        with self.assertRaises(c.ArgumentError):
            wasm_func_new(self.store, None, lambda a, r: None)  # not a CFUNCTYPE


if __name__ == "__main__":
    unittest.main()
