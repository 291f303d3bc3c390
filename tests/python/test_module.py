"""wasm_module_*, wasm_shared_module_delete, wasm_instance_*."""
import ctypes as c
import threading
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest, captured_stderr

MODULE = r"""
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "base" (global $base i32))
  (import "env" "mem" (memory 1))
  (import "env" "tab" (table 1 funcref))
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add_base") (param i32) (result i32) local.get 0 global.get $base i32.add)
  (global (export "counter") (mut i64) (i64.const 5))
  (memory (export "mem2") 1 2)
  (table (export "tab2") 3 funcref)
)
"""

SIMPLE = r"""
(module
  (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "spin") (param i32) (result i32)
    (local $i i32)
    (loop $l local.get $i i32.const 1 i32.add local.tee $i local.get 0 i32.lt_u br_if $l)
    local.get $i)
  (global (export "g") (mut i32) (i32.const 10))
  (memory (export "mem") 1 4)
  (table (export "t") 2 funcref)
  (elem (i32.const 0) $add)
)
"""

GROW = r"""
(module
  (memory (export "mem") 1)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))
"""


class ModuleTest(StoreTest):
    def test_wasm_module_new_and_delete(self):
        binary = self.binary(SIMPLE)
        m = wasm_module_new(self.store, binary)
        self.assertTrue(m)
        self.assertTrue(m.contents)  # a wasm_module_t* pointing at a non-NULL wasm_module_t
        wasm_module_delete(m)

    def test_wasm_module_new_rejects_bad_bytes(self):
        for data in (b"", b"\0asm", b"\0asm\x01\0\0\0\x7f", b"not wasm at all"):
            v = byte_vec(data)
            with captured_stderr() as err:
                self.assertFalse(wasm_module_new(self.store, v), data)
            wasm_byte_vec_delete(v)
            lines = err[0].splitlines()
            self.assertEqual(len(lines), 1, err)  # a one-line reason
            self.assertTrue(lines[0].startswith("WASM module load failed: "), lines)
        with captured_stderr():
            self.assertFalse(wasm_module_new(self.store, None))
        self.assertFalse(wasm_module_new(None, self.binary(SIMPLE)))
        self.assertIsNone(wasm_module_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_module_new(self.store, b"\0asm")  # bytes are not a wasm_byte_vec_t

    def test_wasm_module_new_reads_size_bytes(self):
        data = wat(SIMPLE)
        v = byte_vec(data + b"garbage")
        v.size = len(data)  # the caller's size counts, not the allocation
        m = wasm_module_new(self.store, v)
        self.assertTrue(m)
        wasm_module_delete(m)
        v.size = len(data) + 7
        wasm_byte_vec_delete(v)

    def test_wasm_module_new_ex(self):
        args = LoadArgs()
        args.name = b"named"
        args.clone_wasm_binary = True
        binary = byte_vec(wat(SIMPLE))
        m = wasm_module_new_ex(self.store, binary, args)
        self.assertTrue(m)
        wasm_byte_vec_delete(binary)  # the module keeps its own copy
        self.assertEqual(wasm_module_get_name(m), b"named")
        self.assertTrue(wasm_module_is_underlying_binary_freeable(m))
        inst = wasm_instance_new(self.store, m, None, None)
        self.assertTrue(inst)
        wasm_instance_delete(inst)
        wasm_module_delete(m)

    def test_wasm_module_new_ex_negative(self):
        with captured_stderr() as err:
            self.assertFalse(wasm_module_new_ex(self.store, None, LoadArgs()))
            bad = byte_vec(b"\0asm\x02\0\0\0")
            self.assertFalse(wasm_module_new_ex(self.store, bad, LoadArgs()))
        self.assertIn("unknown binary version", err[0])
        wasm_byte_vec_delete(bad)
        m = wasm_module_new_ex(self.store, self.binary(SIMPLE), None)  # NULL args: defaults
        self.assertTrue(m)
        self.assertEqual(wasm_module_get_name(m), b"")
        wasm_module_delete(m)
        with self.assertRaises(c.ArgumentError):
            wasm_module_new_ex(self.store, self.binary(SIMPLE), wasm_config_t)

    def test_wasm_module_validate(self):
        self.assertTrue(wasm_module_validate(self.store, self.binary(SIMPLE)))
        bad = byte_vec(b"\0asm\x01\0\0\0\x01")
        with captured_stderr() as err:
            self.assertFalse(wasm_module_validate(self.store, bad))
            self.assertFalse(wasm_module_validate(self.store, None))
            self.assertFalse(wasm_module_validate(None, self.binary(SIMPLE)))
            empty = wasm_byte_vec_t()
            self.assertFalse(wasm_module_validate(self.store, empty))
        wasm_byte_vec_delete(bad)
        self.assertIn("WASM module validate failed: unexpected end-of-file", err[0])

    def test_wasm_module_imports(self):
        m = self.module(MODULE)
        out = wasm_importtype_vec_t()
        wasm_module_imports(m, out)
        self.assertEqual((out.size, out.num_elems), (4, 4))
        its = wasm_vec_to_list(out)
        self.assertEqual([name_bytes(wasm_importtype_module(i)) for i in its], [b"env\0"] * 4)
        self.assertEqual([name_bytes(wasm_importtype_name(i)) for i in its],
                         [b"log\0", b"base\0", b"mem\0", b"tab\0"])
        self.assertEqual([repr(i.contents) for i in its], [
            '(import "env" "log" (func (param i32)))', '(import "env" "base" (global i32))',
            '(import "env" "mem" (memory 1))', '(import "env" "tab" (table 1 funcref))'])
        self.assertEqual([wasm_importtype_is_linked(i) for i in its], [False] * 4)
        wasm_importtype_vec_delete(out)

    def test_wasm_module_exports(self):
        m = self.module(MODULE)
        out = wasm_exporttype_vec_t()
        wasm_module_exports(m, out)
        ets = wasm_vec_to_list(out)
        self.assertEqual([name_bytes(wasm_exporttype_name(e)) for e in ets],
                         [b"add\0", b"add_base\0", b"counter\0", b"mem2\0", b"tab2\0"])
        self.assertEqual(wasm_exporttype_name(ets[0]).contents.size, 4)
        self.assertEqual([repr(wasm_exporttype_type(e).contents) for e in ets], [
            "(func (param i32 i32) (result i32))", "(func (param i32) (result i32))",
            "(global (mut i64))", "(memory 1 2)", "(table 3 funcref)"])
        wasm_exporttype_vec_delete(out)

    def test_imports_exports_negative(self):
        out = wasm_importtype_vec_t()
        wasm_module_imports(None, out)
        self.assertEqual((out.size, bool(out.data)), (0, False))
        wasm_module_imports(self.module(SIMPLE), None)
        eout = wasm_exporttype_vec_t()
        wasm_module_exports(None, eout)
        self.assertEqual(eout.size, 0)
        wasm_module_exports(self.module(SIMPLE), None)
        empty = self.module("(module)")
        wasm_module_exports(empty, eout)
        self.assertEqual(eout.size, 0)
        wasm_exporttype_vec_delete(eout)

    def test_wasm_module_set_and_get_name(self):
        m = self.module(SIMPLE)
        self.assertEqual(wasm_module_get_name(m), b"")
        self.assertTrue(wasm_module_set_name(m, b"first"))
        self.assertEqual(wasm_module_get_name(m), b"first")
        self.assertTrue(wasm_module_set_name(m, "ünï".encode()))
        self.assertEqual(wasm_module_get_name(m).decode(), "ünï")

    def test_module_name_negative(self):
        m = self.module(SIMPLE)
        self.assertFalse(wasm_module_set_name(None, b"x"))
        self.assertFalse(wasm_module_set_name(m, None))
        self.assertIsNone(wasm_module_get_name(None))
        with self.assertRaises(c.ArgumentError):
            wasm_module_set_name(m, "str is not char*")
        self.assertEqual(wasm_module_get_name(m), b"")

    def test_wasm_module_is_underlying_binary_freeable(self):
        self.assertTrue(wasm_module_is_underlying_binary_freeable(self.module(SIMPLE)))
        self.assertFalse(wasm_module_is_underlying_binary_freeable(None))

    def test_wasm_module_serialize_and_deserialize(self):
        m = self.module(SIMPLE)
        wasm_module_set_name(m, b"ser")
        out = wasm_byte_vec_t()
        wasm_module_serialize(m, out)
        self.assertGreater(out.size, 0)
        m2 = wasm_module_deserialize(self.store, out)
        wasm_byte_vec_delete(out)
        self.assertTrue(m2)
        self.assertEqual(wasm_module_get_name(m2), b"ser")
        inst = wasm_instance_new(self.store, m2, None, None)
        res, trap = self.call(self.export_func(inst, 0), wasm_i32_val(2), wasm_i32_val(40))
        self.assertEqual(res, [wasm_i32_val(42)])
        wasm_instance_delete(inst)
        wasm_module_delete(m2)

    def test_serialize_deserialize_negative(self):
        out = wasm_byte_vec_t()
        wasm_module_serialize(None, out)
        self.assertEqual(out.size, 0)
        wasm_module_serialize(self.module(SIMPLE), None)
        for junk in (b"", b"\0asm\x01\0\0\0", b"WAMR-AOT?" * 5):
            v = byte_vec(junk)
            with captured_stderr():
                self.assertFalse(wasm_module_deserialize(self.store, v), junk)
            wasm_byte_vec_delete(v)
        with captured_stderr():
            self.assertFalse(wasm_module_deserialize(self.store, None))
        # a corrupted serialization is rejected
        good = wasm_byte_vec_t()
        wasm_module_serialize(self.module(SIMPLE), good)
        raw = bytearray(name_bytes(good))
        wasm_byte_vec_delete(good)
        raw[len(raw) // 2] ^= 0xff
        v = byte_vec(bytes(raw[:-3]))
        with captured_stderr() as err:
            self.assertFalse(wasm_module_deserialize(self.store, v))
        self.assertIn("WASM module deserialize failed", err[0])
        wasm_byte_vec_delete(v)

    def test_wasm_module_share_obtain_across_threads(self):
        m = self.module(SIMPLE)
        shared = wasm_module_share(m)
        self.assertTrue(shared)
        results = []

        def worker():
            e = wasm_engine_new()
            s = wasm_store_new(e)
            m2 = wasm_module_obtain(s, shared)
            inst = wasm_instance_new(s, m2, None, None)
            exports = wasm_extern_vec_t()
            wasm_instance_exports(inst, exports)
            f = wasm_extern_as_func(exports.data[0])
            args = wasm_array_vec(wasm_val_vec_t, list_to_carray(wasm_val_t, wasm_i32_val(20), wasm_i32_val(22)))
            res = wasm_val_vec_t()
            wasm_val_vec_new_uninitialized(res, 1)
            trap = wasm_func_call(f, args, res)
            results.append((bool(m2), bool(trap), res.data[0].of.i32))
            wasm_val_vec_delete(res)
            wasm_extern_vec_delete(exports)
            wasm_instance_delete(inst)
            wasm_module_delete(m2)
            wasm_store_delete(s)
            wasm_engine_delete(e)
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [(True, False, 42)] * 2)
        wasm_shared_module_delete(shared)

    def test_share_obtain_negative(self):
        self.assertFalse(wasm_module_share(None))
        self.assertFalse(wasm_module_obtain(self.store, None))
        shared = wasm_module_share(self.module(SIMPLE))
        self.assertFalse(wasm_module_obtain(None, shared))
        wasm_shared_module_delete(shared)
        self.assertIsNone(wasm_shared_module_delete(None))


class InstanceTest(StoreTest):
    def test_wasm_instance_new_and_exports(self):
        inst = self.instance(SIMPLE)
        exports = self.exports(inst)
        self.assertEqual([wasm_extern_kind(e) for e in exports],
                         [WASM_EXTERN_FUNC, WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY,
                          WASM_EXTERN_TABLE])
        res, _ = self.call(wasm_extern_as_func(exports[0]), wasm_i32_val(1), wasm_i32_val(2))
        self.assertEqual(res, [wasm_i32_val(3)])
        out = wasm_extern_vec_t()
        wasm_instance_exports(inst, out)
        self.assertEqual((out.size, out.num_elems), (5, 5))
        self.assertNotEqual(addr(out.data[0]), addr(exports[0]))  # new externs each time
        self.assertTrue(wasm_func_same(wasm_extern_as_func(out.data[0]), wasm_extern_as_func(exports[0])))
        wasm_extern_vec_delete(out)

    def test_wasm_instance_new_negative(self):
        m = self.module(SIMPLE)
        trap = POINTER(wasm_trap_t)()
        self.assertFalse(wasm_instance_new(None, m, None, byref(trap)))
        self.assertFalse(wasm_instance_new(self.store, None, None, byref(trap)))
        if trap:
            wasm_trap_delete(trap)
        # a missing global import fails with a trap
        inst, msg = self.instance('(module (import "env" "g" (global i32)))', expect_trap=True)
        self.assertFalse(inst)
        self.assertTrue(msg)
        out = wasm_extern_vec_t()
        wasm_instance_exports(None, out)
        self.assertEqual(out.size, 0)
        wasm_instance_exports(self.instance(SIMPLE), None)
        self.assertIsNone(wasm_instance_delete(None))

    def test_wasm_instance_new_with_args(self):
        m = self.module(SIMPLE)
        trap = POINTER(wasm_trap_t)()
        inst = wasm_instance_new_with_args(self.store, m, None, byref(trap), 64 * 1024, 0)
        self.assertTrue(inst)
        self.assertFalse(trap)
        res, _ = self.call(self.export_func(inst, 0), wasm_i32_val(5), wasm_i32_val(6))
        self.assertEqual(res, [wasm_i32_val(11)])
        wasm_instance_delete(inst)
        self.assertFalse(wasm_instance_new_with_args(self.store, None, None, None, 0, 0))
        self.assertFalse(wasm_instance_new_with_args(None, m, None, None, 0, 0))

    def test_wasm_instance_new_with_args_ex_max_memory_pages(self):
        m = self.module(GROW)
        args = InstantiationArgs(default_stack_size=64 * 1024, host_managed_heap_size=0, max_memory_pages=2)
        inst = wasm_instance_new_with_args_ex(self.store, m, None, None, args)
        self.assertTrue(inst)
        grow = self.export_func(inst, 1)
        self.assertEqual(self.call(grow, wasm_i32_val(1))[0], [wasm_i32_val(1)])   # 1 -> 2 pages
        self.assertEqual(self.call(grow, wasm_i32_val(1))[0], [wasm_i32_val(-1)])  # past the cap
        wasm_instance_delete(inst)

    def test_wasm_instance_new_with_args_ex_negative(self):
        m = self.module(SIMPLE)
        inst = wasm_instance_new_with_args_ex(self.store, m, None, None, None)  # NULL args: defaults
        self.assertTrue(inst)
        wasm_instance_delete(inst)
        self.assertFalse(wasm_instance_new_with_args_ex(self.store, None, None, None, InstantiationArgs()))
        self.assertFalse(wasm_instance_new_with_args_ex(None, m, None, None, InstantiationArgs()))
        with self.assertRaises(c.ArgumentError):
            wasm_instance_new_with_args_ex(self.store, m, None, None, LoadArgs())

    def test_exec_time(self):
        wamr_set_perf_profiling(True)
        self.addCleanup(wamr_set_perf_profiling, False)
        inst = self.instance(SIMPLE)
        spin = self.export_func(inst, 1)
        self.assertEqual(self.call(spin, wasm_i32_val(3000))[0], [wasm_i32_val(3000)])
        total = wasm_instance_sum_wasm_exec_time(inst)
        one = wasm_instance_get_wasm_func_exec_time(inst, b"spin")
        self.assertGreater(total, 0.0)
        self.assertGreater(one, 0.0)
        self.assertLessEqual(one, total + 1e-9)
        self.assertEqual(wasm_instance_get_wasm_func_exec_time(inst, b"add"), 0.0)  # never called

    def test_exec_time_negative(self):
        wamr_set_perf_profiling(True)
        self.addCleanup(wamr_set_perf_profiling, False)
        inst = self.instance(SIMPLE)
        self.assertEqual(wasm_instance_sum_wasm_exec_time(None), 0.0)
        self.assertEqual(wasm_instance_get_wasm_func_exec_time(None, b"add"), 0.0)
        self.assertEqual(wasm_instance_get_wasm_func_exec_time(inst, None), 0.0)
        self.assertEqual(wasm_instance_get_wasm_func_exec_time(inst, b"no_such_export"), 0.0)
        self.assertEqual(wasm_instance_sum_wasm_exec_time(inst), 0.0)  # nothing ran yet

    def test_wamr_set_perf_profiling(self):
        inst = self.instance(SIMPLE)
        spin = self.export_func(inst, 1)
        wamr_set_perf_profiling(True)
        self.call(spin, wasm_i32_val(3000))
        self.assertGreater(wasm_instance_sum_wasm_exec_time(inst), 0.0)
        wamr_set_perf_profiling(False)
        self.addCleanup(wamr_set_perf_profiling, False)

    def test_wamr_set_perf_profiling_negative(self):
        # off (the default, as in WAMR): -1, and calls are not timed
        wamr_set_perf_profiling(False)
        inst = self.instance(SIMPLE)
        spin = self.export_func(inst, 1)
        self.call(spin, wasm_i32_val(3000))
        self.assertEqual(wasm_instance_sum_wasm_exec_time(inst), -1.0)
        self.assertEqual(wasm_instance_get_wasm_func_exec_time(inst, b"spin"), -1.0)
        wamr_set_perf_profiling(True)
        self.addCleanup(wamr_set_perf_profiling, False)
        self.assertEqual(wasm_instance_sum_wasm_exec_time(inst), 0.0)

    def test_linking_by_position(self):
        """imports go to the i-th import of each kind, whatever their names"""
        g = wasm_global_new(self.store, wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST), wasm_i32_val(100))
        mem = wasm_memory_new(self.store, wasm_memorytype_new(wasm_limits_new(1)))
        tab = wasm_table_new(self.store, wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(1)), None)
        logged = []

        @wasm_func_cb_decl
        def log(args, results):
            logged.append(args.contents.data[0].of.i32)
        f = self.host_func(wasm_functype_new_1_0(wasm_valtype_new_i32()), log)
        inst = self.instance(MODULE, [wasm_memory_as_extern(mem), wasm_global_as_extern(g),
                                      wasm_func_as_extern(f), wasm_table_as_extern(tab)])
        res, _ = self.call(self.export_func(inst, 1), wasm_i32_val(5))
        self.assertEqual(res, [wasm_i32_val(105)])
        wasm_global_delete(g)
        wasm_memory_delete(mem)
        wasm_table_delete(tab)


if __name__ == "__main__":
    unittest.main()
