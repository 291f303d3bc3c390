"""The reference functions of every referenceable kind (copy, same, host info, finalizers,
as_ref / ref_as and their const forms), wasm_ref_*, and wasm_foreign_*."""
import ctypes as c
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest

MODULE = r"""
(module
  (func (export "f") (result i32) i32.const 3)
  (global (export "g") (mut i32) (i32.const 1))
  (table (export "t") 1 funcref)
  (memory (export "m") 1))
"""

# kind -> (delete, copy, same, get_host_info, set_host_info, set_host_info_with_finalizer,
#          as_ref, ref_as, as_ref_const, ref_as_const)
KINDS = {
    "extern": (wasm_extern_delete, wasm_extern_copy, wasm_extern_same, wasm_extern_get_host_info,
               wasm_extern_set_host_info, wasm_extern_set_host_info_with_finalizer, wasm_extern_as_ref,
               wasm_ref_as_extern, wasm_extern_as_ref_const, wasm_ref_as_extern_const),
    "foreign": (wasm_foreign_delete, wasm_foreign_copy, wasm_foreign_same, wasm_foreign_get_host_info,
                wasm_foreign_set_host_info, wasm_foreign_set_host_info_with_finalizer, wasm_foreign_as_ref,
                wasm_ref_as_foreign, wasm_foreign_as_ref_const, wasm_ref_as_foreign_const),
    "func": (wasm_func_delete, wasm_func_copy, wasm_func_same, wasm_func_get_host_info,
             wasm_func_set_host_info, wasm_func_set_host_info_with_finalizer, wasm_func_as_ref,
             wasm_ref_as_func, wasm_func_as_ref_const, wasm_ref_as_func_const),
    "global": (wasm_global_delete, wasm_global_copy, wasm_global_same, wasm_global_get_host_info,
               wasm_global_set_host_info, wasm_global_set_host_info_with_finalizer, wasm_global_as_ref,
               wasm_ref_as_global, wasm_global_as_ref_const, wasm_ref_as_global_const),
    "instance": (wasm_instance_delete, wasm_instance_copy, wasm_instance_same, wasm_instance_get_host_info,
                 wasm_instance_set_host_info, wasm_instance_set_host_info_with_finalizer,
                 wasm_instance_as_ref, wasm_ref_as_instance, wasm_instance_as_ref_const,
                 wasm_ref_as_instance_const),
    "memory": (wasm_memory_delete, wasm_memory_copy, wasm_memory_same, wasm_memory_get_host_info,
               wasm_memory_set_host_info, wasm_memory_set_host_info_with_finalizer, wasm_memory_as_ref,
               wasm_ref_as_memory, wasm_memory_as_ref_const, wasm_ref_as_memory_const),
    "table": (wasm_table_delete, wasm_table_copy, wasm_table_same, wasm_table_get_host_info,
              wasm_table_set_host_info, wasm_table_set_host_info_with_finalizer, wasm_table_as_ref,
              wasm_ref_as_table, wasm_table_as_ref_const, wasm_ref_as_table_const),
    "trap": (wasm_trap_delete, wasm_trap_copy, wasm_trap_same, wasm_trap_get_host_info,
             wasm_trap_set_host_info, wasm_trap_set_host_info_with_finalizer, wasm_trap_as_ref,
             wasm_ref_as_trap, wasm_trap_as_ref_const, wasm_ref_as_trap_const),
}


class RefsTest(StoreTest):
    def make(self, kind):
        """Two distinct new objects of a kind (owned by the caller)."""
        if kind == "foreign":
            return wasm_foreign_new(self.store), wasm_foreign_new(self.store)
        if kind == "trap":
            msgs = []
            for s in ("a", "b"):
                m = wasm_byte_vec_t()
                wasm_name_new_from_string_nt(m, s)
                msgs.append(wasm_trap_new(self.store, m))
                wasm_byte_vec_delete(m)
            return tuple(msgs)
        if kind == "instance":
            m = self.module(MODULE)
            return (wasm_instance_new(self.store, m, None, None), wasm_instance_new(self.store, m, None, None))
        if kind == "global":
            gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR)
            made = (wasm_global_new(self.store, gt, wasm_i32_val(1)), wasm_global_new(self.store, gt, wasm_i32_val(2)))
            wasm_globaltype_delete(gt)
            return made
        if kind == "memory":
            mt = wasm_memorytype_new(wasm_limits_new(1))
            made = (wasm_memory_new(self.store, mt), wasm_memory_new(self.store, mt))
            wasm_memorytype_delete(mt)
            return made
        if kind == "table":
            tt = wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(1))
            made = (wasm_table_new(self.store, tt, None), wasm_table_new(self.store, tt, None))
            wasm_tabletype_delete(tt)
            return made
        if kind == "func":
            cb = wasm_func_cb_decl(lambda a, r: None)
            self.addCleanup(lambda: cb)  # keep the callback alive with the test
            ft = wasm_functype_new_0_0()
            made = (wasm_func_new(self.store, ft, cb), wasm_func_new(self.store, ft, cb))
            wasm_functype_delete(ft)
            return made
        if kind == "extern":
            a, b = self.make("global")
            return wasm_global_as_extern(a), wasm_global_as_extern(b)
        raise AssertionError(kind)

    def test_copy_same_delete(self):
        for kind, (delete, copy, same, *_rest) in KINDS.items():
            a, b = self.make(kind)
            self.assertTrue(a and b, kind)
            cp = copy(a)
            self.assertTrue(cp, kind)
            self.assertNotEqual(addr(cp), addr(a), kind)
            self.assertTrue(same(a, cp), kind)
            self.assertTrue(same(a, a), kind)
            self.assertFalse(same(a, b), kind)
            delete(a)
            self.assertTrue(same(cp, cp), kind)  # the copy outlives the original
            delete(cp)
            delete(b)

    def test_copy_same_delete_negative(self):
        for kind, (delete, copy, same, *_rest) in KINDS.items():
            a, b = self.make(kind)
            self.assertFalse(copy(None), kind)
            self.assertFalse(same(None, a), kind)
            self.assertFalse(same(a, None), kind)
            self.assertIsNone(delete(None), kind)
            delete(a)
            delete(b)

    def test_host_info(self):
        for kind, (delete, copy, _, get_hi, set_hi, set_hi_fin, *_rest) in KINDS.items():
            a, b = self.make(kind)
            self.assertIsNone(get_hi(a), kind)  # NULL at first
            set_hi(a, c.c_void_p(0xbeef))
            self.assertEqual(get_hi(a), 0xbeef, kind)
            cp = copy(a)
            self.assertEqual(get_hi(cp), 0xbeef, kind)  # shared with copies
            self.assertIsNone(get_hi(b), kind)
            set_hi(a, None)
            self.assertIsNone(get_hi(a), kind)
            for x in (a, b, cp):
                delete(x)

    def test_host_info_finalizer_runs_once(self):
        store_held = ("extern", "func", "global", "memory", "table", "instance")
        for kind, (delete, copy, _, get_hi, _set, set_hi_fin, *_rest) in KINDS.items():
            ran = []
            fin = wasm_finalizer_decl(lambda p: ran.append(p))
            a, b = self.make(kind)
            set_hi_fin(a, c.c_void_p(0x77), fin)
            self.assertEqual(get_hi(a), 0x77, kind)
            cp = copy(a)
            delete(a)
            self.assertEqual(ran, [], kind)  # a copy is still alive
            delete(cp)
            delete(b)
            if kind in store_held:  # the store may hold the entity: at the latest when it goes
                wasm_store_delete(self.store)
                self.store = wasm_store_new(self.engine)
            self.assertEqual(ran, [0x77], kind)

    def test_host_info_negative(self):
        for kind, (delete, _, _, get_hi, set_hi, set_hi_fin, *_rest) in KINDS.items():
            self.assertIsNone(get_hi(None), kind)
            self.assertIsNone(set_hi(None, c.c_void_p(1)), kind)
            self.assertIsNone(set_hi_fin(None, c.c_void_p(1), None), kind)
            a, b = self.make(kind)
            set_hi_fin(a, c.c_void_p(5), None)  # a NULL finalizer is fine
            self.assertEqual(get_hi(a), 5, kind)
            delete(a)
            delete(b)
        with self.assertRaises(c.ArgumentError):
            wasm_foreign_set_host_info_with_finalizer(wasm_foreign_new(self.store), None, lambda p: None)

    def test_as_ref_and_back(self):
        for kind, (delete, _, _, _, _, _, as_ref, ref_as, as_ref_const, ref_as_const) in KINDS.items():
            a, b = self.make(kind)
            r = as_ref(a)
            self.assertTrue(r, kind)
            self.assertEqual(addr(ref_as(r)), addr(a), kind)
            rc = as_ref_const(a)
            self.assertEqual(addr(rc), addr(r), kind)
            self.assertEqual(addr(ref_as_const(rc)), addr(a), kind)
            # wasm_ref_* work on any of them
            self.assertTrue(wasm_ref_same(r, as_ref(a)), kind)
            self.assertFalse(wasm_ref_same(r, as_ref(b)), kind)
            r2 = wasm_ref_copy(r)
            self.assertTrue(wasm_ref_same(r2, r), kind)
            self.assertEqual(addr(ref_as(r2)), addr(r2), kind)  # an owned ref of the same kind
            wasm_ref_set_host_info(r2, c.c_void_p(0x99))
            self.assertEqual(wasm_ref_get_host_info(r2), 0x99, kind)
            wasm_ref_delete(r2)
            delete(a)
            delete(b)

    def test_as_ref_negative(self):
        for kind, (delete, _, _, _, _, _, as_ref, ref_as, as_ref_const, ref_as_const) in KINDS.items():
            self.assertFalse(as_ref(None), kind)
            self.assertFalse(ref_as(None), kind)
            self.assertFalse(as_ref_const(None), kind)
            self.assertFalse(ref_as_const(None), kind)
        # a ref of one kind is not another kind
        fo = wasm_foreign_new(self.store)
        r = wasm_foreign_as_ref(fo)
        for fn in (wasm_ref_as_func, wasm_ref_as_global, wasm_ref_as_table, wasm_ref_as_memory,
                   wasm_ref_as_extern, wasm_ref_as_instance, wasm_ref_as_trap, wasm_ref_as_func_const,
                   wasm_ref_as_global_const, wasm_ref_as_table_const, wasm_ref_as_memory_const,
                   wasm_ref_as_extern_const, wasm_ref_as_instance_const, wasm_ref_as_trap_const):
            self.assertFalse(fn(r), fn.__name__)
        g, g2 = self.make("global")
        self.assertFalse(wasm_ref_as_foreign(wasm_global_as_ref(g)))
        self.assertFalse(wasm_ref_as_foreign_const(wasm_global_as_ref(g)))
        self.assertFalse(wasm_ref_as_memory(wasm_global_as_ref(g)))
        self.assertTrue(wasm_ref_as_extern(wasm_global_as_ref(g)))  # a global is an extern
        wasm_global_delete(g)
        wasm_global_delete(g2)
        wasm_foreign_delete(fo)
        with self.assertRaises(c.ArgumentError):
            wasm_func_as_ref(fo)

    def test_wasm_ref_functions(self):
        fo = wasm_foreign_new(self.store)
        r = wasm_ref_copy(wasm_foreign_as_ref(fo))
        self.assertTrue(r)
        self.assertTrue(wasm_ref_same(r, wasm_foreign_as_ref(fo)))
        self.assertIsNone(wasm_ref_get_host_info(r))
        ran = []
        fin = wasm_finalizer_decl(lambda p: ran.append(p))
        wasm_ref_set_host_info_with_finalizer(r, c.c_void_p(0x42), fin)
        self.assertEqual(wasm_foreign_get_host_info(fo), 0x42)  # the same entity
        wasm_ref_delete(r)
        self.assertEqual(ran, [])
        wasm_foreign_delete(fo)
        self.assertEqual(ran, [0x42])

    def test_wasm_ref_negative(self):
        self.assertFalse(wasm_ref_copy(None))
        self.assertFalse(wasm_ref_same(None, None))
        self.assertIsNone(wasm_ref_get_host_info(None))
        self.assertIsNone(wasm_ref_set_host_info(None, c.c_void_p(1)))
        self.assertIsNone(wasm_ref_set_host_info_with_finalizer(None, c.c_void_p(1), None))
        self.assertIsNone(wasm_ref_delete(None))
        fo, fo2 = self.make("foreign")
        g, g2 = self.make("global")
        self.assertFalse(wasm_ref_same(wasm_foreign_as_ref(fo), wasm_global_as_ref(g)))  # different kinds
        for x in (fo, fo2):
            wasm_foreign_delete(x)
        for x in (g, g2):
            wasm_global_delete(x)

    def test_wasm_foreign_new(self):
        fo = wasm_foreign_new(self.store)
        self.assertTrue(fo)
        self.assertTrue(wasm_foreign_same(fo, fo))
        wasm_foreign_delete(fo)
        self.assertFalse(wasm_foreign_new(None))
        with self.assertRaises(c.ArgumentError):
            wasm_foreign_new(self.engine)


if __name__ == "__main__":
    unittest.main()
