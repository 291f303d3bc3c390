"""wasm_func_*: calls into wasm, host callbacks (both directions, re-entry, multi-value,
traps), environments and finalizers."""
import ctypes as c
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest

CALLS = r"""
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "kinds") (param i64 f32 f64) (result f64 i64 f32)
    local.get 2 f64.const 1 f64.add
    local.get 0 i64.const 1 i64.add
    local.get 1 f32.const 2 f32.mul)
  (func (export "nothing"))
  (func (export "ref_id") (param externref) (result externref) local.get 0)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
)
"""

HOST = r"""
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (import "env" "three" (func $three (param i32) (result i32 i64 f64)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (import "env" "fail" (func $fail (param i32) (result i32)))
  (func (export "call_twice") (param i32) (result i32) local.get 0 call $twice i32.const 1 i32.add)
  ;; 1 when three(x) == (x+1, x*2, x/2)
  (func (export "check3") (param $x i32) (result i32)
    (local $a i32) (local $b i64) (local $c f64)
    local.get $x call $three
    local.set $c local.set $b local.set $a
    local.get $a local.get $x i32.const 1 i32.add i32.eq
    local.get $b local.get $x i64.extend_i32_s i64.const 2 i64.mul i64.eq i32.and
    local.get $c local.get $x f64.convert_i32_s f64.const 2 f64.div f64.eq i32.and)
  ;; down(n) = n == 0 ? 7 : reenter(n) * 2, with the host's reenter(n) = down(n - 1) + n
  (func (export "down") (param $n i32) (result i32)
    local.get $n i32.eqz
    if (result i32) i32.const 7 else local.get $n call $reenter i32.const 2 i32.mul end)
  (func (export "call_fail") (param i32) (result i32) local.get 0 call $fail)
)
"""


class CallTest(StoreTest):
    def setUp(self):
        super().setUp()
        self.inst = self.instance(CALLS)
        self.ex = self.exports(self.inst)
        self.add, self.kinds, self.nothing, self.ref_id, self.div = [wasm_extern_as_func(e) for e in self.ex]

    def test_wasm_func_call(self):
        args = wasm_array_vec(wasm_val_vec_t, list_to_carray(wasm_val_t, wasm_i32_val(40), wasm_i32_val(2)))
        res_arr = list_to_carray(wasm_val_t, wasm_init_val())
        res = wasm_array_vec(wasm_val_vec_t, res_arr)
        trap = wasm_func_call(self.add, args, res)
        self.assertFalse(trap)
        self.assertEqual(res_arr[0], wasm_i32_val(42))
        self.assertEqual((res.size, res.num_elems), (1, 1))

    def test_call_every_value_kind(self):
        res, trap = self.call(self.kinds, wasm_i64_val(1 << 40), wasm_f32_val(1.25), wasm_f64_val(-3.5))
        self.assertIsNone(trap)
        self.assertEqual(res, [wasm_f64_val(-2.5), wasm_i64_val((1 << 40) + 1), wasm_f32_val(2.5)])
        self.assertEqual(self.call(self.nothing), ([], None))

    def test_externref_round_trip(self):
        f = wasm_foreign_new(self.store)
        # the args vec owns what it holds: hand it a copy of the (borrowed) ref
        res, trap = self.call(self.ref_id, wasm_ref_val(wasm_ref_copy(wasm_foreign_as_ref(f))))
        self.assertIsNone(trap)
        self.assertEqual(res[0].kind, WASM_EXTERNREF)
        self.assertTrue(wasm_ref_same(res[0].of.ref, wasm_foreign_as_ref(f)))
        res, _ = self.call(self.ref_id, wasm_ref_val(None))
        self.assertEqual(res, [wasm_ref_val(None)])
        wasm_foreign_delete(f)

    def test_call_negative(self):
        # too few arguments, no room for results, a wasm trap, NULL func: all traps
        _, msg = self.call(self.add, wasm_i32_val(1))
        self.assertIn("argument", msg)
        r = wasm_val_vec_t()
        trap = wasm_func_call(self.add, wasm_array_vec(wasm_val_vec_t, list_to_carray(
            wasm_val_t, wasm_i32_val(1), wasm_i32_val(2))), r)
        self.assertTrue(trap)
        wasm_trap_delete(trap)
        _, msg = self.call(self.div, wasm_i32_val(1), wasm_i32_val(0))
        self.assertEqual(msg, "Exception: integer divide by zero")
        trap = wasm_func_call(None, None, None)
        self.assertTrue(trap)
        wasm_trap_delete(trap)
        # a wrong argument kind is a trap, not a crash
        _, msg = self.call(self.ref_id, wasm_i32_val(5))
        self.assertTrue(msg)
        with self.assertRaises(c.ArgumentError):
            wasm_func_call(self.add, [wasm_i32_val(1)], None)

    def test_wasm_func_type_and_arity(self):
        ft = wasm_func_type(self.kinds)
        self.assertEqual(repr(ft.contents), "(func (param i64 f32 f64) (result f64 i64 f32))")
        wasm_functype_delete(ft)
        self.assertEqual((wasm_func_param_arity(self.kinds), wasm_func_result_arity(self.kinds)), (3, 3))
        self.assertEqual((wasm_func_param_arity(self.nothing), wasm_func_result_arity(self.nothing)), (0, 0))

    def test_type_and_arity_negative(self):
        self.assertFalse(wasm_func_type(None))
        self.assertEqual(wasm_func_param_arity(None), 0)
        self.assertEqual(wasm_func_result_arity(None), 0)
        with self.assertRaises(c.ArgumentError):
            wasm_func_param_arity(self.ex[0])  # an extern is not a func

    def test_wasm_func_copy_same_delete(self):
        cp = wasm_func_copy(self.add)
        self.assertTrue(cp)
        self.assertNotEqual(addr(cp), addr(self.add))
        self.assertTrue(wasm_func_same(cp, self.add))
        self.assertFalse(wasm_func_same(cp, self.div))
        res, _ = self.call(cp, wasm_i32_val(1), wasm_i32_val(1))
        self.assertEqual(res, [wasm_i32_val(2)])
        wasm_func_delete(cp)
        self.assertEqual(self.call(self.add, wasm_i32_val(2), wasm_i32_val(2))[0], [wasm_i32_val(4)])

    def test_copy_same_delete_negative(self):
        self.assertFalse(wasm_func_copy(None))
        self.assertFalse(wasm_func_same(None, self.add))
        self.assertFalse(wasm_func_same(None, None))
        self.assertIsNone(wasm_func_delete(None))


class HostFuncTest(StoreTest):
    def test_wasm_func_new_called_from_python(self):
        seen = []

        @wasm_func_cb_decl
        def hello(args, results):
            seen.append([repr(v) for v in wasm_vec_to_list(args)])
            results.contents.data[0] = wasm_i64_val(99)
        f = self.host_func(wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                                                 wasm_valtype_new_i64()), hello)
        self.assertEqual((wasm_func_param_arity(f), wasm_func_result_arity(f)), (2, 1))
        res, trap = self.call(f, wasm_i32_val(3), wasm_f64_val(0.5))
        self.assertIsNone(trap)
        self.assertEqual(res, [wasm_i64_val(99)])
        self.assertEqual(seen, [["(i32.const 3)", "(f64.const 0.5)"]])

    def test_wasm_func_new_negative(self):
        @wasm_func_cb_decl
        def cb(args, results):
            pass
        ft = wasm_functype_new_0_0()
        self.assertFalse(wasm_func_new(None, ft, cb))
        self.assertFalse(wasm_func_new(self.store, None, cb))
        self.assertFalse(wasm_func_new(self.store, ft, None))
        wasm_functype_delete(ft)
        with self.assertRaises(c.ArgumentError):
            wasm_func_new(self.store, ft, wasm_func_callback_with_env_t(lambda e, a, r: None))

    def test_callbacks_from_wasm(self):
        calls = []

        @wasm_func_cb_decl
        def twice(args, results):
            x = args.contents.data[0].of.i32
            calls.append(x)
            self.assertEqual((args.contents.size, args.contents.num_elems), (1, 1))
            self.assertEqual((results.contents.size, results.contents.num_elems), (1, 1))
            self.assertEqual(results.contents.data[0].of.i64, 0)  # zeroed
            results.contents.data[0] = wasm_i32_val(x * 2)

        @wasm_func_cb_decl
        def three(args, results):
            x = args.contents.data[0].of.i32
            self.assertEqual(results.contents.size, 3)
            results.contents.data[0] = wasm_i32_val(x + 1)
            results.contents.data[1] = wasm_i64_val(x * 2)
            results.contents.data[2] = wasm_f64_val(x / 2)

        down = []

        @wasm_func_cb_decl
        def reenter(args, results):
            n = args.contents.data[0].of.i32
            res, trap = self.call(down[0], wasm_i32_val(n - 1))  # wasm -> host -> wasm
            results.contents.data[0] = wasm_i32_val(res[0].of.i32 + n)

        @wasm_func_cb_decl(store=self.store)
        def fail(args, results):
            raise ValueError("no luck with %d" % args.contents.data[0].of.i32)

        i32 = wasm_valtype_new_i32
        fs = [self.host_func(wasm_functype_new_1_1(i32(), i32()), twice),
              self.host_func(self._functype([WASM_I32], [WASM_I32, WASM_I64, WASM_F64]), three),
              self.host_func(wasm_functype_new_1_1(i32(), i32()), reenter),
              self.host_func(wasm_functype_new_1_1(i32(), i32()), fail)]
        inst = self.instance(HOST, [wasm_func_as_extern(f) for f in fs])
        call_twice, check3, down_f, call_fail = [wasm_extern_as_func(e) for e in self.exports(inst)]
        down.append(down_f)
        self.assertEqual(self.call(call_twice, wasm_i32_val(20)), ([wasm_i32_val(41)], None))
        self.assertEqual(calls, [20])
        self.assertEqual(self.call(check3, wasm_i32_val(9)), ([wasm_i32_val(1)], None))
        # down(3) = 2*(down(2)+3); down(2) = 2*(down(1)+2); down(1) = 2*(down(0)+1); down(0) = 7
        self.assertEqual(self.call(down_f, wasm_i32_val(3)), ([wasm_i32_val(2 * (2 * (2 * (7 + 1) + 2) + 3))], None))
        res, msg = self.call(call_fail, wasm_i32_val(4))
        self.assertIsNone(res)
        self.assertEqual(msg, "Exception: fail raised ValueError: no luck with 4")

    def _functype(self, params, results):
        pv, rv = wasm_valtype_vec_t(), wasm_valtype_vec_t()
        wasm_valtype_vec_new(pv, len(params), list_to_carray(POINTER(wasm_valtype_t),
                                                             *[wasm_valtype_new(k) for k in params]))
        wasm_valtype_vec_new(rv, len(results), list_to_carray(POINTER(wasm_valtype_t),
                                                              *[wasm_valtype_new(k) for k in results]))
        return wasm_functype_new(pv, rv)

    def test_host_trap_message_comes_back_whole(self):
        long_msg = "host says no " + "x" * 300

        @wasm_func_cb_decl
        def trapper(args, results):
            msg = wasm_byte_vec_t()
            wasm_name_new_from_string_nt(msg, long_msg)
            trap = wasm_trap_new(self.store, msg)
            wasm_byte_vec_delete(msg)
            return trap
        f = self.host_func(wasm_functype_new_0_0(), trapper)
        res, msg = self.call(f)
        self.assertIsNone(res)
        self.assertEqual(msg, "Exception: " + long_msg)

    def test_callback_that_returns_too_few_results(self):
        @wasm_func_cb_decl
        def shrink(args, results):
            results.contents.size = 0
            results.contents.data = None
        f = self.host_func(wasm_functype_new_0_1(wasm_valtype_new_i32()), shrink)
        res, msg = self.call(f)
        self.assertIsNone(res)
        self.assertIn("results", msg)

    def test_wasm_func_new_with_env_and_finalizer(self):
        got = []
        finalized = []

        @wasm_func_with_env_cb_decl
        def with_env(env, args, results):
            got.append(env)
            results.contents.data[0] = wasm_i32_val(env & 0xffff)

        @wasm_finalizer_decl
        def fin(env):
            finalized.append(env)
        ft = wasm_functype_new_0_1(wasm_valtype_new_i32())
        f = wasm_func_new_with_env(self.store, ft, with_env, c.c_void_p(0x1234), fin)
        wasm_functype_delete(ft)
        self.assertTrue(f)
        self.assertEqual(self.call(f), ([wasm_i32_val(0x1234)], None))
        self.assertEqual(got, [0x1234])
        cp = wasm_func_copy(f)
        wasm_func_delete(f)
        self.assertEqual(finalized, [])  # a copy is still alive
        self.assertEqual(self.call(cp), ([wasm_i32_val(0x1234)], None))
        wasm_func_delete(cp)
        wasm_store_delete(self.store)  # the store holds the function: the finalizer runs now at the latest
        self.store = wasm_store_new(self.engine)
        self.assertEqual(finalized, [0x1234])

    def test_wasm_func_new_with_env_negative(self):
        @wasm_func_with_env_cb_decl
        def cb(env, args, results):
            pass
        ft = wasm_functype_new_0_0()
        self.assertFalse(wasm_func_new_with_env(None, ft, cb, None, None))
        self.assertFalse(wasm_func_new_with_env(self.store, None, cb, None, None))
        self.assertFalse(wasm_func_new_with_env(self.store, ft, None, None, None))
        f = wasm_func_new_with_env(self.store, ft, cb, None, None)  # NULL env and finalizer are fine
        self.assertTrue(f)
        self.assertEqual(self.call(f), ([], None))
        wasm_func_delete(f)
        wasm_functype_delete(ft)
        with self.assertRaises(c.ArgumentError):
            wasm_func_new_with_env(self.store, ft, cb, None, lambda p: None)


if __name__ == "__main__":
    unittest.main()
