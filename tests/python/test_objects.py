"""wasm_global_*, wasm_table_*, wasm_memory_*, wasm_extern_*: from the host and from wasm."""
import ctypes as c
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest

OBJECTS = r"""
(module
  (func $inc (export "inc") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (global (export "g") (mut i32) (i32.const 10))
  (global (export "gc") f64 (f64.const 1.5))
  (table (export "t") 2 4 funcref)
  (memory (export "mem") 1 3)
  (elem (i32.const 0) $inc)
  (data (i32.const 16) "hello")
  (func (export "get_g") (result i32) global.get 0)
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "size") (result i32) memory.size)
)
"""

IMPORTS = r"""
(module
  (import "env" "g" (global $g (mut i64)))
  (import "env" "t" (table $t 1 externref))
  (import "env" "m" (memory $m 1))
  (func (export "bump") (result i64) global.get $g i64.const 1 i64.add global.set $g global.get $g)
  (func (export "get_t") (param i32) (result externref) local.get 0 table.get $t)
  (func (export "poke") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "pages") (result i32) memory.size)
)
"""


class ObjectsTest(StoreTest):
    def setUp(self):
        super().setUp()
        self.inst = self.instance(OBJECTS)
        self.ex = self.exports(self.inst)
        (self.inc_e, self.g_e, self.gc_e, self.t_e, self.mem_e, self.get_g_e, self.load8_e,
         self.size_e) = self.ex

    # ---- globals -------------------------------------------------------------------
    def test_wasm_global_get_set_type(self):
        g = wasm_extern_as_global(self.g_e)
        out = wasm_val_t()
        wasm_global_get(g, out)
        self.assertEqual(out, wasm_i32_val(10))
        wasm_global_set(g, wasm_i32_val(77))
        wasm_global_get(g, out)
        self.assertEqual(out, wasm_i32_val(77))
        self.assertEqual(self.call(wasm_extern_as_func(self.get_g_e)), ([wasm_i32_val(77)], None))
        gt = wasm_global_type(g)
        self.assertEqual(repr(gt.contents), "(global (mut i32))")
        wasm_globaltype_delete(gt)

    def test_global_negative(self):
        gc = wasm_extern_as_global(self.gc_e)
        wasm_global_set(gc, wasm_f64_val(9.0))  # immutable: unchanged
        out = wasm_val_t()
        wasm_global_get(gc, out)
        self.assertEqual(out, wasm_f64_val(1.5))
        g = wasm_extern_as_global(self.g_e)
        wasm_global_set(g, wasm_f64_val(1.0))  # wrong kind: unchanged
        wasm_global_set(g, None)
        wasm_global_get(g, out)
        self.assertEqual(out, wasm_i32_val(10))
        wasm_global_get(None, out)
        wasm_global_get(g, None)
        wasm_global_set(None, wasm_i32_val(1))
        self.assertFalse(wasm_global_type(None))
        with self.assertRaises(c.ArgumentError):
            wasm_global_get(g, wasm_limits_t())

    def test_wasm_global_new(self):
        gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR)
        g = wasm_global_new(self.store, gt, wasm_i64_val(-5))
        wasm_globaltype_delete(gt)
        self.assertTrue(g)
        out = wasm_i32_val(77)
        wasm_global_get(g, out)  # no instance imported it yet: untouched, as in WAMR
        self.assertEqual(out, wasm_i32_val(77))
        wamr_global_value(g, out)  # ours reads it anyway
        self.assertEqual(out, wasm_i64_val(-5))
        inst = self.instance(IMPORTS, [wasm_global_as_extern(g), self._ext_table(), self._ext_memory()])
        bump = self.export_func(inst, 0)
        self.assertEqual(self.call(bump), ([wasm_i64_val(-4)], None))
        wasm_global_get(g, out)  # the host sees what wasm wrote
        self.assertEqual(out, wasm_i64_val(-4))
        wasm_global_delete(g)

    def _ext_table(self):
        t = wasm_table_new(self.store, wasm_tabletype_new(wasm_valtype_new_anyref(), wasm_limits_new(1)), None)
        self.addCleanup(wasm_table_delete, t)
        return wasm_table_as_extern(t)

    def _ext_memory(self):
        m = wasm_memory_new(self.store, wasm_memorytype_new(wasm_limits_new(1)))
        self.addCleanup(wasm_memory_delete, m)
        return wasm_memory_as_extern(m)

    def test_wasm_global_new_negative(self):
        gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST)
        self.assertFalse(wasm_global_new(self.store, gt, wasm_ref_val(None)))  # a ref for a number
        relaxed = wasm_global_new(self.store, gt, wasm_i64_val(7))  # another number kind: read as i32 (WAMR)
        self.assertTrue(relaxed)
        out = wasm_val_t()
        wamr_global_value(relaxed, out)
        self.assertEqual(out, wasm_i32_val(7))
        wasm_global_delete(relaxed)
        self.assertFalse(wasm_global_new(self.store, gt, None))
        self.assertFalse(wasm_global_new(None, gt, wasm_i32_val(1)))
        self.assertFalse(wasm_global_new(self.store, None, wasm_i32_val(1)))
        wasm_globaltype_delete(gt)
        self.assertIsNone(wasm_global_delete(None))

    # ---- tables --------------------------------------------------------------------
    def test_wasm_table_get_set_size_grow_type(self):
        t = wasm_extern_as_table(self.t_e)
        self.assertEqual(wasm_table_size(t), 2)
        r = wasm_table_get(t, 0)
        self.assertTrue(r)
        f = wasm_ref_as_func(r)
        self.assertEqual(self.call(f, wasm_i32_val(4)), ([wasm_i32_val(5)], None))
        self.assertFalse(wasm_table_get(t, 1))  # null element
        self.assertTrue(wasm_table_set(t, 1, r))
        r1 = wasm_table_get(t, 1)
        self.assertTrue(wasm_ref_same(r1, r))
        self.assertTrue(wasm_table_grow(t, 2, r))
        self.assertEqual(wasm_table_size(t), 4)
        r3 = wasm_table_get(t, 3)
        self.assertTrue(wasm_ref_same(r3, r))
        self.assertTrue(wasm_table_set(t, 0, None))  # clear
        self.assertFalse(wasm_table_get(t, 0))
        tt = wasm_table_type(t)
        self.assertEqual(repr(tt.contents), "(table 2 4 funcref)")  # the declared type, as in WAMR
        for x in (r, r1, r3):
            wasm_ref_delete(x)
        wasm_tabletype_delete(tt)

    def test_table_negative(self):
        t = wasm_extern_as_table(self.t_e)
        self.assertFalse(wasm_table_get(t, 2))       # out of range
        self.assertFalse(wasm_table_get(t, 0xffffffff))
        self.assertFalse(wasm_table_set(t, 2, None))
        self.assertFalse(wasm_table_grow(t, 3, None))  # past max 4
        self.assertEqual(wasm_table_size(t), 2)
        f = wasm_foreign_new(self.store)
        self.assertFalse(wasm_table_set(t, 0, wasm_foreign_as_ref(f)))  # a foreign is not a funcref
        wasm_foreign_delete(f)
        self.assertFalse(wasm_table_get(None, 0))
        self.assertFalse(wasm_table_set(None, 0, None))
        self.assertFalse(wasm_table_grow(None, 1, None))
        self.assertEqual(wasm_table_size(None), 0)
        self.assertFalse(wasm_table_type(None))
        with self.assertRaises(c.ArgumentError):
            wasm_table_size(self.t_e)

    def test_wasm_table_new_externref_and_import(self):
        tt = wasm_tabletype_new(wasm_valtype_new_anyref(), wasm_limits_new(1, 5))
        fo = wasm_foreign_new(self.store)
        t = wasm_table_new(self.store, tt, wasm_foreign_as_ref(fo))
        wasm_tabletype_delete(tt)
        self.assertTrue(t)
        self.assertEqual(wasm_table_size(t), 1)
        g = wasm_global_new(self.store, wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR), wasm_i64_val(0))
        self.addCleanup(wasm_global_delete, g)
        inst = self.instance(IMPORTS, [wasm_global_as_extern(g), wasm_table_as_extern(t), self._ext_memory()])
        res, trap = self.call(self.export_func(inst, 1), wasm_i32_val(0))
        self.assertIsNone(trap)
        self.assertTrue(wasm_ref_same(res[0].of.ref, wasm_foreign_as_ref(fo)))  # the host's externref, back
        self.assertTrue(wasm_table_grow(t, 1, None))  # the host grows an imported table
        self.assertEqual(wasm_table_size(t), 2)
        wasm_table_delete(t)
        wasm_foreign_delete(fo)

    def test_wasm_table_new_negative(self):
        tt = wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(3, 1))  # max < min
        self.assertFalse(wasm_table_new(self.store, tt, None))
        wasm_tabletype_delete(tt)
        self.assertFalse(wasm_table_new(None, None, None))
        self.assertFalse(wasm_table_new(self.store, None, None))
        self.assertIsNone(wasm_table_delete(None))

    # ---- memories ------------------------------------------------------------------
    def test_wasm_memory_data_size_grow_type(self):
        m = wasm_extern_as_memory(self.mem_e)
        self.assertEqual(wasm_memory_size(m), 1)
        self.assertEqual(wasm_memory_data_size(m), 65536)
        data = wasm_memory_data(m)
        self.assertEqual(bytes(data[16:21]), b"hello")  # byte_t is c_ubyte, as in WAMR's binding
        data[0] = 0x2a  # the host writes, wasm reads
        self.assertEqual(self.call(wasm_extern_as_func(self.load8_e), wasm_i32_val(0)), ([wasm_i32_val(42)], None))
        self.assertTrue(wasm_memory_grow(m, 2))
        self.assertEqual((wasm_memory_size(m), wasm_memory_data_size(m)), (3, 3 * 65536))
        self.assertEqual(self.call(wasm_extern_as_func(self.size_e)), ([wasm_i32_val(3)], None))
        self.assertEqual(bytes(wasm_memory_data(m)[16:21]), b"hello")
        mt = wasm_memory_type(m)
        self.assertEqual(repr(mt.contents), "(memory 1 3)")  # the declared type, as in WAMR
        wasm_memorytype_delete(mt)

    def test_memory_negative(self):
        m = wasm_extern_as_memory(self.mem_e)
        self.assertFalse(wasm_memory_grow(m, 3))  # past max 3
        self.assertTrue(wasm_memory_grow(m, 0))
        self.assertEqual(wasm_memory_size(m), 1)
        self.assertFalse(wasm_memory_data(None))
        self.assertEqual(wasm_memory_data_size(None), 0)
        self.assertEqual(wasm_memory_size(None), 0)
        self.assertFalse(wasm_memory_grow(None, 1))
        self.assertFalse(wasm_memory_type(None))
        with self.assertRaises(c.ArgumentError):
            wasm_memory_size(self.mem_e)

    def test_wasm_memory_new_and_import(self):
        mt = wasm_memorytype_new(wasm_limits_new(1, 4))
        m = wasm_memory_new(self.store, mt)
        wasm_memorytype_delete(mt)
        self.assertTrue(m)
        self.assertEqual(wasm_memory_data_size(m), 65536)
        g = wasm_global_new(self.store, wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR), wasm_i64_val(0))
        self.addCleanup(wasm_global_delete, g)
        inst = self.instance(IMPORTS, [wasm_global_as_extern(g), self._ext_table(), wasm_memory_as_extern(m)])
        poke, pages = self.export_func(inst, 2), self.export_func(inst, 3)
        self.assertEqual(self.call(poke, wasm_i32_val(100), wasm_i32_val(0x5a)), ([], None))
        self.assertEqual(wasm_memory_data(m)[100], 0x5a)  # linked for real
        self.assertTrue(wasm_memory_grow(m, 1))
        self.assertEqual(self.call(pages), ([wasm_i32_val(2)], None))
        wasm_memory_delete(m)

    def test_wasm_memory_new_negative(self):
        mt = wasm_memorytype_new(wasm_limits_new(70000))  # more than 4 GiB
        self.assertFalse(wasm_memory_new(self.store, mt))
        wasm_memorytype_delete(mt)
        self.assertFalse(wasm_memory_new(None, None))
        self.assertFalse(wasm_memory_new(self.store, None))
        self.assertIsNone(wasm_memory_delete(None))

    # ---- externs -------------------------------------------------------------------
    def test_wasm_extern_kind_and_type(self):
        self.assertEqual([wasm_extern_kind(e) for e in self.ex[:5]],
                         [WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE,
                          WASM_EXTERN_MEMORY])
        types = [wasm_extern_type(e) for e in self.ex[:5]]
        self.assertEqual([repr(t.contents) for t in types], [
            "(func (param i32) (result i32))", "(global (mut i32))", "(global f64)", "(table 2 4 funcref)",
            "(memory 1 3)"])
        for t in types:
            wasm_externtype_delete(t)

    def test_extern_as_and_back(self):
        f = wasm_extern_as_func(self.inc_e)
        g = wasm_extern_as_global(self.g_e)
        t = wasm_extern_as_table(self.t_e)
        m = wasm_extern_as_memory(self.mem_e)
        self.assertEqual(addr(wasm_func_as_extern(f)), addr(self.inc_e))
        self.assertEqual(addr(wasm_global_as_extern(g)), addr(self.g_e))
        self.assertEqual(addr(wasm_table_as_extern(t)), addr(self.t_e))
        self.assertEqual(addr(wasm_memory_as_extern(m)), addr(self.mem_e))
        self.assertEqual(addr(wasm_func_as_extern_const(f)), addr(self.inc_e))
        self.assertEqual(addr(wasm_global_as_extern_const(g)), addr(self.g_e))
        self.assertEqual(addr(wasm_table_as_extern_const(t)), addr(self.t_e))
        self.assertEqual(addr(wasm_memory_as_extern_const(m)), addr(self.mem_e))
        self.assertEqual(addr(wasm_extern_as_func_const(self.inc_e)), addr(f))
        self.assertEqual(addr(wasm_extern_as_global_const(self.g_e)), addr(g))
        self.assertEqual(addr(wasm_extern_as_table_const(self.t_e)), addr(t))
        self.assertEqual(addr(wasm_extern_as_memory_const(self.mem_e)), addr(m))

    def test_extern_wrong_kind_and_null(self):
        self.assertFalse(wasm_extern_as_func(self.g_e))
        self.assertFalse(wasm_extern_as_global(self.inc_e))
        self.assertFalse(wasm_extern_as_table(self.mem_e))
        self.assertFalse(wasm_extern_as_memory(self.t_e))
        self.assertFalse(wasm_extern_as_func_const(self.mem_e))
        self.assertFalse(wasm_extern_as_global_const(self.t_e))
        self.assertFalse(wasm_extern_as_table_const(self.inc_e))
        self.assertFalse(wasm_extern_as_memory_const(self.g_e))
        for fn in (wasm_extern_as_func, wasm_extern_as_global, wasm_extern_as_table, wasm_extern_as_memory,
                   wasm_extern_as_func_const, wasm_extern_as_global_const, wasm_extern_as_table_const,
                   wasm_extern_as_memory_const, wasm_func_as_extern, wasm_global_as_extern,
                   wasm_table_as_extern, wasm_memory_as_extern, wasm_func_as_extern_const,
                   wasm_global_as_extern_const, wasm_table_as_extern_const, wasm_memory_as_extern_const,
                   wasm_extern_type):
            self.assertFalse(fn(None), fn.__name__)
        self.assertEqual(wasm_extern_kind(None), WASM_EXTERN_FUNC)
        with self.assertRaises(c.ArgumentError):
            wasm_extern_as_func(wasm_extern_as_func(self.inc_e))

    def test_wasm_extern_copy_same_delete(self):
        cp = wasm_extern_copy(self.g_e)
        self.assertTrue(wasm_extern_same(cp, self.g_e))
        self.assertFalse(wasm_extern_same(cp, self.gc_e))
        wasm_global_set(wasm_extern_as_global(cp), wasm_i32_val(3))
        out = wasm_val_t()
        wasm_global_get(wasm_extern_as_global(self.g_e), out)
        self.assertEqual(out, wasm_i32_val(3))
        wasm_extern_delete(cp)
        self.assertFalse(wasm_extern_copy(None))
        self.assertFalse(wasm_extern_same(None, self.g_e))
        self.assertIsNone(wasm_extern_delete(None))

    def test_wasm_extern_new_empty(self):
        """an empty extern keeps an import slot for the built-in (WASI) function"""
        for kind in (WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY):
            e = wasm_extern_new_empty(self.store, kind)
            self.assertTrue(e)
            self.assertEqual(wasm_extern_kind(e), kind)
            wasm_extern_delete(e)
        e = wasm_extern_new_empty(self.store, WASM_EXTERN_FUNC)
        self.addCleanup(wasm_extern_delete, e)
        inst = self.instance(r'''(module
          (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
          (func (export "f") (result i32) i32.const 1)
          (memory (export "memory") 1))''', [e])
        self.assertEqual(self.call(self.export_func(inst, 0)), ([wasm_i32_val(1)], None))

    def test_wasm_extern_new_empty_negative(self):
        self.assertFalse(wasm_extern_new_empty(None, WASM_EXTERN_FUNC))
        self.assertFalse(wasm_extern_new_empty(self.store, 4))
        self.assertFalse(wasm_extern_new_empty(self.store, 255))


if __name__ == "__main__":
    unittest.main()
