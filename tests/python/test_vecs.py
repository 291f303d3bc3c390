"""The five functions of every wasm_X_vec_t (new_empty, new_uninitialized, new, copy, delete)."""
import ctypes as c
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest


def _name(s):
    n = wasm_byte_vec_t()
    wasm_name_new_from_string(n, s)
    return n


# vec type -> (new_empty, new_uninitialized, new, copy, delete)
VEC_FUNCS = {
    wasm_byte_vec_t: (wasm_byte_vec_new_empty, wasm_byte_vec_new_uninitialized, wasm_byte_vec_new,
                      wasm_byte_vec_copy, wasm_byte_vec_delete),
    wasm_val_vec_t: (wasm_val_vec_new_empty, wasm_val_vec_new_uninitialized, wasm_val_vec_new,
                     wasm_val_vec_copy, wasm_val_vec_delete),
    wasm_valtype_vec_t: (wasm_valtype_vec_new_empty, wasm_valtype_vec_new_uninitialized, wasm_valtype_vec_new,
                         wasm_valtype_vec_copy, wasm_valtype_vec_delete),
    wasm_functype_vec_t: (wasm_functype_vec_new_empty, wasm_functype_vec_new_uninitialized,
                          wasm_functype_vec_new, wasm_functype_vec_copy, wasm_functype_vec_delete),
    wasm_globaltype_vec_t: (wasm_globaltype_vec_new_empty, wasm_globaltype_vec_new_uninitialized,
                            wasm_globaltype_vec_new, wasm_globaltype_vec_copy, wasm_globaltype_vec_delete),
    wasm_tabletype_vec_t: (wasm_tabletype_vec_new_empty, wasm_tabletype_vec_new_uninitialized,
                           wasm_tabletype_vec_new, wasm_tabletype_vec_copy, wasm_tabletype_vec_delete),
    wasm_memorytype_vec_t: (wasm_memorytype_vec_new_empty, wasm_memorytype_vec_new_uninitialized,
                            wasm_memorytype_vec_new, wasm_memorytype_vec_copy, wasm_memorytype_vec_delete),
    wasm_externtype_vec_t: (wasm_externtype_vec_new_empty, wasm_externtype_vec_new_uninitialized,
                            wasm_externtype_vec_new, wasm_externtype_vec_copy, wasm_externtype_vec_delete),
    wasm_importtype_vec_t: (wasm_importtype_vec_new_empty, wasm_importtype_vec_new_uninitialized,
                            wasm_importtype_vec_new, wasm_importtype_vec_copy, wasm_importtype_vec_delete),
    wasm_exporttype_vec_t: (wasm_exporttype_vec_new_empty, wasm_exporttype_vec_new_uninitialized,
                            wasm_exporttype_vec_new, wasm_exporttype_vec_copy, wasm_exporttype_vec_delete),
    wasm_frame_vec_t: (wasm_frame_vec_new_empty, wasm_frame_vec_new_uninitialized, wasm_frame_vec_new,
                       wasm_frame_vec_copy, wasm_frame_vec_delete),
    wasm_extern_vec_t: (wasm_extern_vec_new_empty, wasm_extern_vec_new_uninitialized, wasm_extern_vec_new,
                        wasm_extern_vec_copy, wasm_extern_vec_delete),
}


class VecTest(StoreTest):
    def elements(self, vec_type):
        """Two fresh elements for a vec of vec_type, and a Python description of each."""
        if vec_type is wasm_byte_vec_t:
            return [b"a", b"\xff"], [0x61, 0xff]
        if vec_type is wasm_val_vec_t:
            return [wasm_i32_val(7), wasm_f64_val(2.5)], ["(i32.const 7)", "(f64.const 2.5)"]
        if vec_type is wasm_valtype_vec_t:
            return [wasm_valtype_new_i64(), wasm_valtype_new_funcref()], ["i64", "funcref"]
        if vec_type is wasm_functype_vec_t:
            return ([wasm_functype_new_0_0(), wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32())],
                    ["(func)", "(func (param i32) (result i32))"])
        if vec_type is wasm_globaltype_vec_t:
            return ([wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST),
                     wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR)],
                    ["(global i32)", "(global (mut f32))"])
        if vec_type is wasm_tabletype_vec_t:
            return ([wasm_tabletype_new(wasm_valtype_new_funcref(), wasm_limits_new(1)),
                     wasm_tabletype_new(wasm_valtype_new_anyref(), wasm_limits_new(0, 4))],
                    ["(table 1 funcref)", "(table 0 4 externref)"])
        if vec_type is wasm_memorytype_vec_t:
            return ([wasm_memorytype_new(wasm_limits_new(1)), wasm_memorytype_new(wasm_limits_new(2, 3))],
                    ["(memory 1)", "(memory 2 3)"])
        if vec_type is wasm_externtype_vec_t:
            return ([wasm_memorytype_as_externtype(wasm_memorytype_new(wasm_limits_new(1))),
                     wasm_functype_as_externtype(wasm_functype_new_0_0())], ["(memory 1)", "(func)"])
        if vec_type is wasm_importtype_vec_t:
            return ([wasm_importtype_new(_name("m"), _name("f"), wasm_functype_as_externtype(wasm_functype_new_0_0())),
                     wasm_importtype_new(_name("m"), _name("g"), wasm_globaltype_as_externtype(
                         wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR)))],
                    ['(import "m" "f" (func))', '(import "m" "g" (global (mut i64)))'])
        if vec_type is wasm_exporttype_vec_t:
            return ([wasm_exporttype_new(_name("a"), wasm_functype_as_externtype(wasm_functype_new_0_0())),
                     wasm_exporttype_new(_name("b"), wasm_memorytype_as_externtype(
                         wasm_memorytype_new(wasm_limits_new(1))))],
                    ['(export "a" (func))', '(export "b" (memory 1))'])
        if vec_type is wasm_frame_vec_t:
            return None, None  # frames only come from traps: see test_trap.py
        if vec_type is wasm_extern_vec_t:
            g = wasm_global_new(self.store, wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST), wasm_i32_val(5))
            m = wasm_memory_new(self.store, wasm_memorytype_new(wasm_limits_new(1)))
            return [wasm_global_as_extern(g), wasm_memory_as_extern(m)], [WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY]
        raise AssertionError(vec_type)

    def describe(self, vec_type, vec):
        items = wasm_vec_to_list(vec)
        if vec_type is wasm_byte_vec_t:
            return items
        if vec_type is wasm_val_vec_t:
            return [repr(v) for v in items]
        if vec_type is wasm_extern_vec_t:
            return [wasm_extern_kind(e) for e in items]
        return [repr(p.contents) for p in items]

    def carray(self, vec_type, elems):
        elem = dict(vec_type._fields_)["data"]._type_
        if vec_type is wasm_byte_vec_t:
            return b"".join(elems)
        return list_to_carray(elem, *elems)

    def test_new_empty(self):
        for vt, (new_empty, _, _, _, delete) in VEC_FUNCS.items():
            v = vt()
            v.size = 99  # garbage in out is ignored
            new_empty(v)
            self.assertEqual((v.size, bool(v.data), v.num_elems), (0, False, 0), vt.__name__)
            delete(v)
            new_empty(None)  # negative: NULL out

    def test_new_uninitialized(self):
        for vt, (_, new_uninit, _, _, delete) in VEC_FUNCS.items():
            v = vt()
            new_uninit(v, 3)
            self.assertEqual((v.size, v.num_elems), (3, 3), vt.__name__)
            self.assertTrue(v.data)
            self.assertEqual(v.size_of_elem, c.sizeof(dict(vt._fields_)["data"]._type_), vt.__name__)
            self.assertEqual(bytes(c.string_at(v.data, 3 * v.size_of_elem)), b"\0" * 3 * v.size_of_elem)
            delete(v)  # zeroed (NULL) elements are skipped
            self.assertEqual((v.size, bool(v.data)), (0, False))
            new_uninit(v, 0)
            self.assertEqual((v.size, bool(v.data)), (0, False))
            delete(v)

    def test_new_uninitialized_out_of_memory_gives_empty(self):
        for vt, (_, new_uninit, _, _, delete) in VEC_FUNCS.items():
            v = vt()
            new_uninit(v, 1 << 60)
            self.assertEqual((v.size, bool(v.data)), (0, False), vt.__name__)
            delete(v)
            new_uninit(None, 4)

    def test_new_copy_delete(self):
        for vt, (_, _, new, copy, delete) in VEC_FUNCS.items():
            elems, expect = self.elements(vt)
            if elems is None:
                continue
            v = vt()
            new(v, 2, self.carray(vt, elems))
            self.assertEqual((v.size, v.num_elems), (2, 2), vt.__name__)
            self.assertEqual(self.describe(vt, v), expect, vt.__name__)
            cp = vt()
            copy(cp, v)
            self.assertEqual((cp.size, cp.num_elems), (2, 2))
            if vt not in (wasm_byte_vec_t, wasm_val_vec_t):  # a deep copy: new elements
                self.assertNotEqual(addr(cp.data[0]), addr(v.data[0]), vt.__name__)
            delete(v)
            self.assertEqual((v.size, bool(v.data)), (0, False), vt.__name__)
            self.assertEqual(self.describe(vt, cp), expect, vt.__name__)  # survives the original
            delete(cp)

    def test_new_with_null_data_and_copy_of_null(self):
        for vt, (_, _, new, copy, delete) in VEC_FUNCS.items():
            v = vt()
            new(v, 2, None)  # NULL data: no crash, zeroed elements
            self.assertIn(v.size, (0, 2), vt.__name__)
            delete(v)
            copy(v, None)
            self.assertEqual((v.size, bool(v.data)), (0, False), vt.__name__)
            copy(None, v)
            new(None, 1, None)
            delete(None)

    def test_delete_tolerates_caller_nulled_data(self):
        for vt, (_, new_uninit, _, _, delete) in VEC_FUNCS.items():
            v = vt()
            new_uninit(v, 2)
            v2 = vt()
            c.memmove(c.byref(v2), c.byref(v), c.sizeof(vt))
            v2.data = None  # the caller took the buffer
            delete(v2)
            delete(v)

    def test_wrong_vec_type_raises(self):
        with self.assertRaises(c.ArgumentError):
            wasm_valtype_vec_new_empty(wasm_byte_vec_t())
        with self.assertRaises(c.ArgumentError):
            wasm_extern_vec_copy(wasm_extern_vec_t(), wasm_frame_vec_t())
        with self.assertRaises(c.ArgumentError):
            wasm_val_vec_new(wasm_val_vec_t(), 1, list_to_carray(c.c_int, 1))
        with self.assertRaises(TypeError):
            wasm_functype_vec_new(wasm_functype_vec_t(), 1)

    def test_val_vec_holds_refs(self):
        f = wasm_foreign_new(self.store)
        r = wasm_foreign_as_ref(f)
        v = wasm_val_vec_t()
        wasm_val_vec_new(v, 1, list_to_carray(wasm_val_t, wasm_ref_val(wasm_ref_copy(r))))
        cp = wasm_val_vec_t()
        wasm_val_vec_copy(cp, v)
        got = wasm_vec_to_list(cp)[0]
        self.assertEqual(got.kind, WASM_EXTERNREF)
        self.assertTrue(wasm_ref_same(got.of.ref, r))
        wasm_val_vec_delete(v)
        wasm_val_vec_delete(cp)
        wasm_foreign_delete(f)


class ValTest(StoreTest):
    def test_wasm_val_copy_and_delete(self):
        out = wasm_val_t()
        wasm_val_copy(out, wasm_i64_val(1 << 40))
        self.assertEqual(out, wasm_i64_val(1 << 40))
        wasm_val_delete(out)  # a number: nothing to free
        f = wasm_foreign_new(self.store)
        src = wasm_ref_val(wasm_foreign_as_ref(f))
        wasm_val_copy(out, src)
        self.assertEqual(out.kind, WASM_EXTERNREF)
        self.assertTrue(out.of.ref)
        self.assertEqual(addr(out.of.ref), addr(src.of.ref))  # plain data, as WAMR's memcpy
        wasm_val_delete(out)  # leaves the ref alone: still the foreign's owner's
        self.assertTrue(wasm_ref_same(out.of.ref, src.of.ref))
        wasm_foreign_delete(f)

    def test_val_negative(self):
        out = wasm_i32_val(9)
        wasm_val_copy(out, None)  # NULL source: a zero value
        self.assertEqual(out.of.i64, 0)
        wasm_val_copy(None, wasm_i32_val(1))
        wasm_val_delete(None)
        with self.assertRaises(c.ArgumentError):
            wasm_val_copy(wasm_limits_t(), wasm_i32_val(1))


if __name__ == "__main__":
    unittest.main()
