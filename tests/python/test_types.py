"""valtype, functype, globaltype, tabletype, memorytype, externtype, importtype, exporttype."""
import ctypes as c
import unittest

from wasmtest import *  # noqa: F401,F403


def name(s):
    n = wasm_byte_vec_t()
    wasm_name_new_from_string(n, s)
    return n


class ValtypeTest(unittest.TestCase):
    def test_wasm_valtype_new_kind_copy_delete(self):
        for k in (WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_V128, WASM_EXTERNREF, WASM_FUNCREF):
            t = wasm_valtype_new(k)
            self.assertTrue(t)
            self.assertEqual(wasm_valtype_kind(t), k)
            t2 = wasm_valtype_copy(t)
            self.assertNotEqual(addr(t2), addr(t))
            self.assertEqual(wasm_valtype_kind(t2), k)
            wasm_valtype_delete(t)
            self.assertEqual(wasm_valtype_kind(t2), k)  # the copy is independent
            wasm_valtype_delete(t2)

    def test_valtype_negative(self):
        for bad in (5, 127, 130, 255):
            self.assertFalse(wasm_valtype_new(bad), bad)
        self.assertEqual(wasm_valtype_kind(None), WASM_I32)  # documented failure value
        self.assertFalse(wasm_valtype_copy(None))
        self.assertIsNone(wasm_valtype_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_valtype_kind(wasm_i32_val(1))


class FunctypeTest(unittest.TestCase):
    def test_wasm_functype_new_params_results(self):
        params, results = wasm_valtype_vec_t(), wasm_valtype_vec_t()
        wasm_valtype_vec_new(params, 2, list_to_carray(POINTER(wasm_valtype_t), wasm_valtype_new_i32(),
                                                       wasm_valtype_new_anyref()))
        wasm_valtype_vec_new(results, 1, list_to_carray(POINTER(wasm_valtype_t), wasm_valtype_new_f64()))
        ft = wasm_functype_new(params, results)
        self.assertTrue(ft)
        p, r = wasm_functype_params(ft), wasm_functype_results(ft)
        self.assertEqual((p.contents.size, p.contents.num_elems, r.contents.size), (2, 2, 1))
        self.assertEqual([wasm_valtype_kind(t) for t in wasm_vec_to_list(p)], [WASM_I32, WASM_EXTERNREF])
        self.assertEqual([wasm_valtype_kind(t) for t in wasm_vec_to_list(r)], [WASM_F64])
        ft2 = wasm_functype_copy(ft)
        wasm_functype_delete(ft)
        self.assertEqual(repr(ft2.contents), "(func (param i32 externref) (result f64))")
        wasm_functype_delete(ft2)

    def test_functype_negative(self):
        ft = wasm_functype_new(None, None)  # NULL vecs: no params, no results
        self.assertEqual(repr(ft.contents), "(func)")
        wasm_functype_delete(ft)
        self.assertFalse(wasm_functype_params(None))
        self.assertFalse(wasm_functype_results(None))
        self.assertFalse(wasm_functype_copy(None))
        self.assertIsNone(wasm_functype_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_functype_new(wasm_byte_vec_t(), wasm_valtype_vec_t())


class GlobaltypeTest(unittest.TestCase):
    def test_wasm_globaltype(self):
        for mut in (WASM_CONST, WASM_VAR):
            g = wasm_globaltype_new(wasm_valtype_new_i64(), mut)
            self.assertTrue(g)
            self.assertEqual(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_I64)
            self.assertEqual(wasm_globaltype_mutability(g), mut)
            g2 = wasm_globaltype_copy(g)
            wasm_globaltype_delete(g)
            self.assertEqual(wasm_globaltype_mutability(g2), mut)
            wasm_globaltype_delete(g2)

    def test_globaltype_negative(self):
        self.assertFalse(wasm_globaltype_new(None, WASM_VAR))
        self.assertFalse(wasm_globaltype_new(wasm_valtype_new_i32(), 7))  # bad mutability
        self.assertFalse(wasm_globaltype_content(None))
        self.assertEqual(wasm_globaltype_mutability(None), WASM_CONST)
        self.assertFalse(wasm_globaltype_copy(None))
        self.assertIsNone(wasm_globaltype_delete(None))


class TabletypeTest(unittest.TestCase):
    def test_wasm_tabletype(self):
        t = wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(2, 9))
        self.assertTrue(t)
        self.assertEqual(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_FUNCREF)
        lim = wasm_tabletype_limits(t).contents
        self.assertEqual((lim.min, lim.max), (2, 9))
        t2 = wasm_tabletype_copy(t)
        wasm_tabletype_delete(t)
        self.assertEqual(repr(t2.contents), "(table 2 9 funcref)")
        wasm_tabletype_delete(t2)
        t3 = wasm_tabletype_new(wasm_valtype_new_anyref(), wasm_limits_new(0))
        self.assertEqual(repr(t3.contents), "(table 0 externref)")
        wasm_tabletype_delete(t3)

    def test_tabletype_negative(self):
        self.assertFalse(wasm_tabletype_new(wasm_valtype_new_i32(), wasm_limits_new(1)))  # not a ref
        self.assertFalse(wasm_tabletype_new(None, wasm_limits_new(1)))
        self.assertFalse(wasm_tabletype_new(wasm_valtype_new_funcref(), None))
        self.assertFalse(wasm_tabletype_element(None))
        self.assertFalse(wasm_tabletype_limits(None))
        self.assertFalse(wasm_tabletype_copy(None))
        self.assertIsNone(wasm_tabletype_delete(None))


class MemorytypeTest(unittest.TestCase):
    def test_wasm_memorytype(self):
        m = wasm_memorytype_new(wasm_limits_new(1, 3))
        self.assertTrue(m)
        lim = wasm_memorytype_limits(m).contents
        self.assertEqual((lim.min, lim.max), (1, 3))
        m2 = wasm_memorytype_copy(m)
        wasm_memorytype_delete(m)
        self.assertEqual(wasm_memorytype_limits(m2).contents, wasm_limits_new(1, 3))
        wasm_memorytype_delete(m2)

    def test_memorytype_negative(self):
        self.assertFalse(wasm_memorytype_new(None))
        self.assertFalse(wasm_memorytype_limits(None))
        self.assertFalse(wasm_memorytype_copy(None))
        self.assertIsNone(wasm_memorytype_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_memorytype_new(wasm_val_t())


class ExterntypeTest(unittest.TestCase):
    def make_all(self):
        ft = wasm_functype_new_1_0(wasm_valtype_new_i32())
        gt = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR)
        tt = wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(1))
        mt = wasm_memorytype_new(wasm_limits_new(1))
        return ft, gt, tt, mt

    def test_as_externtype_and_back(self):
        ft, gt, tt, mt = self.make_all()
        ef = wasm_functype_as_externtype(ft)
        eg = wasm_globaltype_as_externtype(gt)
        et = wasm_tabletype_as_externtype(tt)
        em = wasm_memorytype_as_externtype(mt)
        self.assertEqual([wasm_externtype_kind(e) for e in (ef, eg, et, em)],
                         [WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY])
        self.assertEqual(addr(wasm_externtype_as_functype(ef)), addr(ft))
        self.assertEqual(addr(wasm_externtype_as_globaltype(eg)), addr(gt))
        self.assertEqual(addr(wasm_externtype_as_tabletype(et)), addr(tt))
        self.assertEqual(addr(wasm_externtype_as_memorytype(em)), addr(mt))
        # const variants
        self.assertEqual(addr(wasm_functype_as_externtype_const(ft)), addr(ef))
        self.assertEqual(addr(wasm_globaltype_as_externtype_const(gt)), addr(eg))
        self.assertEqual(addr(wasm_tabletype_as_externtype_const(tt)), addr(et))
        self.assertEqual(addr(wasm_memorytype_as_externtype_const(mt)), addr(em))
        self.assertEqual(addr(wasm_externtype_as_functype_const(ef)), addr(ft))
        self.assertEqual(addr(wasm_externtype_as_globaltype_const(eg)), addr(gt))
        self.assertEqual(addr(wasm_externtype_as_tabletype_const(et)), addr(tt))
        self.assertEqual(addr(wasm_externtype_as_memorytype_const(em)), addr(mt))
        # copy / delete through the externtype
        cp = wasm_externtype_copy(eg)
        self.assertEqual(repr(cp.contents), "(global (mut f32))")
        self.assertEqual(cp.contents, eg.contents)
        for e in (cp, ef, eg, et, em):
            wasm_externtype_delete(e)

    def test_wrong_kind_conversions_give_null(self):
        ft, gt, tt, mt = self.make_all()
        ef = wasm_functype_as_externtype(ft)
        eg = wasm_globaltype_as_externtype(gt)
        self.assertFalse(wasm_externtype_as_globaltype(ef))
        self.assertFalse(wasm_externtype_as_tabletype(ef))
        self.assertFalse(wasm_externtype_as_memorytype(ef))
        self.assertFalse(wasm_externtype_as_functype(eg))
        self.assertFalse(wasm_externtype_as_functype_const(eg))
        self.assertFalse(wasm_externtype_as_globaltype_const(ef))
        self.assertFalse(wasm_externtype_as_tabletype_const(eg))
        self.assertFalse(wasm_externtype_as_memorytype_const(eg))
        for f in (wasm_functype_as_externtype, wasm_globaltype_as_externtype, wasm_tabletype_as_externtype,
                  wasm_memorytype_as_externtype, wasm_functype_as_externtype_const,
                  wasm_globaltype_as_externtype_const, wasm_tabletype_as_externtype_const,
                  wasm_memorytype_as_externtype_const, wasm_externtype_as_functype,
                  wasm_externtype_as_globaltype, wasm_externtype_as_tabletype,
                  wasm_externtype_as_memorytype, wasm_externtype_copy):
            self.assertFalse(f(None), f.__name__)
        self.assertIsNone(wasm_externtype_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_functype_as_externtype(gt)  # a globaltype is not a functype
        with self.assertRaises(c.ArgumentError):
            wasm_externtype_kind(ft)
        for e in (ef, eg):
            wasm_externtype_delete(e)
        wasm_tabletype_delete(tt)
        wasm_memorytype_delete(mt)
        self.assertEqual(wasm_externtype_kind(None), WASM_EXTERN_FUNC)


class ImportExportTypeTest(unittest.TestCase):
    def test_wasm_importtype(self):
        mod, nm = name("env"), name("mem")
        it = wasm_importtype_new(mod, nm, wasm_memorytype_as_externtype(wasm_memorytype_new(wasm_limits_new(1))))
        self.assertTrue(it)
        self.assertEqual(name_bytes(wasm_importtype_module(it)), b"env")  # taken as given
        self.assertEqual(name_bytes(wasm_importtype_name(it)), b"mem")
        self.assertEqual(wasm_externtype_kind(wasm_importtype_type(it)), WASM_EXTERN_MEMORY)
        self.assertFalse(wasm_importtype_is_linked(it))
        it2 = wasm_importtype_copy(it)
        wasm_importtype_delete(it)
        self.assertEqual(repr(it2.contents), '(import "env" "mem" (memory 1))')
        wasm_importtype_delete(it2)

    def test_wasm_importtype_is_linked_for_wasi(self):
        ft = wasm_functype_new_1_0(wasm_valtype_new_i32())
        it = wasm_importtype_new(name("wasi_snapshot_preview1"), name("proc_exit"),
                                 wasm_functype_as_externtype(ft))
        self.assertTrue(wasm_importtype_is_linked(it))
        wasm_importtype_delete(it)
        ft = wasm_functype_new_0_0()  # wrong signature: not the built-in
        it = wasm_importtype_new(name("wasi_snapshot_preview1"), name("proc_exit"),
                                 wasm_functype_as_externtype(ft))
        self.assertFalse(wasm_importtype_is_linked(it))
        wasm_importtype_delete(it)

    def test_importtype_negative(self):
        self.assertFalse(wasm_importtype_new(None, None, None))
        self.assertFalse(wasm_importtype_new(name("a"), None, wasm_functype_as_externtype(wasm_functype_new_0_0())))
        self.assertFalse(wasm_importtype_module(None))
        self.assertFalse(wasm_importtype_name(None))
        self.assertFalse(wasm_importtype_type(None))
        self.assertFalse(wasm_importtype_is_linked(None))
        self.assertFalse(wasm_importtype_copy(None))
        self.assertIsNone(wasm_importtype_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_importtype_new(name("a"), name("b"), wasm_functype_new_0_0())  # not an externtype

    def test_wasm_exporttype(self):
        et = wasm_exporttype_new(name("t"), wasm_tabletype_as_externtype(
            wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(1, 2))))
        self.assertTrue(et)
        self.assertEqual(name_bytes(wasm_exporttype_name(et)), b"t")
        self.assertEqual(wasm_externtype_kind(wasm_exporttype_type(et)), WASM_EXTERN_TABLE)
        et2 = wasm_exporttype_copy(et)
        wasm_exporttype_delete(et)
        self.assertEqual(repr(et2.contents), '(export "t" (table 1 2 funcref))')
        wasm_exporttype_delete(et2)

    def test_exporttype_negative(self):
        self.assertFalse(wasm_exporttype_new(None, None))
        self.assertFalse(wasm_exporttype_new(name("x"), None))
        self.assertFalse(wasm_exporttype_name(None))
        self.assertFalse(wasm_exporttype_type(None))
        self.assertFalse(wasm_exporttype_copy(None))
        self.assertIsNone(wasm_exporttype_delete(None))


if __name__ == "__main__":
    unittest.main()
