"""wasm_trap_*, wasm_frame_*: runtime traps, their messages, origins and traces."""
import ctypes as c
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest

TRAPS = r"""
(module
  (type $ret_i32 (func (result i32)))
  (type $takes_i64 (func (param i64)))
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $one)
  (func $one (result i32) i32.const 1)
  (func (export "unreachable") unreachable)
  (func (export "div0") (result i32) i32.const 1 i32.const 0 i32.div_u)
  (func (export "overflow") (result i32) i32.const 0x80000000 i32.const -1 i32.div_s)
  (func (export "trunc_nan") (result i32) f32.const nan i32.trunc_f32_s)
  (func (export "oob_load") (result i32) i32.const 65536 i32.load)
  (func (export "call_mismatch") i64.const 1 i32.const 0 call_indirect (type $takes_i64))
  (func (export "call_undefined") (result i32) i32.const 5 call_indirect (type $ret_i32))
  (func (export "call_null") (result i32) i32.const 1 call_indirect (type $ret_i32))
  (func $inner (param i32) (result i32) local.get 0 if unreachable end i32.const 0)
  (func (export "nested") (result i32) i32.const 1 call $inner)
)
"""

EXPECTED = [
    ("unreachable", "Exception: unreachable"),
    ("div0", "Exception: integer divide by zero"),
    ("overflow", "Exception: integer overflow"),
    ("trunc_nan", "Exception: invalid conversion to integer"),
    ("oob_load", "Exception: out of bounds memory access"),
    ("call_mismatch", "Exception: indirect call type mismatch"),
    ("call_undefined", "Exception: undefined element"),
    ("call_null", "Exception: uninitialized element"),
]


def message(trap):
    msg = wasm_byte_vec_t()
    wasm_trap_message(trap, msg)
    data = name_bytes(msg)
    wasm_byte_vec_delete(msg)
    return data


class TrapTest(StoreTest):
    def setUp(self):
        super().setUp()
        self.inst = self.instance(TRAPS)
        self.funcs = [wasm_extern_as_func(e) for e in self.exports(self.inst)]

    def trap_of(self, index):
        args = wasm_val_vec_t()
        res = wasm_val_vec_t()
        wasm_val_vec_new_uninitialized(res, 1)
        trap = wasm_func_call(self.funcs[index], args, res)
        wasm_val_vec_delete(res)
        self.assertTrue(trap)
        self.addCleanup(wasm_trap_delete, trap)
        return trap

    def test_runtime_trap_messages(self):
        for i, (name, expected) in enumerate(EXPECTED):
            data = message(self.trap_of(i))
            self.assertEqual(data, expected.encode() + b"\0", name)  # the NUL is counted

    def test_wasm_trap_new_and_message(self):
        msg = wasm_byte_vec_t()
        wasm_name_new_from_string_nt(msg, "custom trap")
        trap = wasm_trap_new(self.store, msg)
        wasm_byte_vec_delete(msg)
        self.assertTrue(trap)
        self.assertEqual(message(trap), b"custom trap\0")
        self.assertEqual(repr(trap.contents), '(trap "custom trap")')
        self.assertFalse(wasm_trap_origin(trap))  # a host trap has no frames
        trace = wasm_frame_vec_t()
        wasm_trap_trace(trap, trace)
        self.assertEqual(trace.size, 0)
        wasm_frame_vec_delete(trace)
        wasm_trap_delete(trap)

    def test_trap_negative(self):
        self.assertFalse(wasm_trap_new(None, None))
        t = wasm_trap_new(self.store, None)  # NULL message: an empty one
        self.assertTrue(t)
        self.assertEqual(message(t), b"")
        wasm_trap_delete(t)
        out = wasm_byte_vec_t()
        wasm_trap_message(None, out)
        self.assertEqual(out.size, 0)
        wasm_trap_message(self.trap_of(0), None)
        self.assertFalse(wasm_trap_origin(None))
        tr = wasm_frame_vec_t()
        wasm_trap_trace(None, tr)
        self.assertEqual(tr.size, 0)
        wasm_trap_trace(self.trap_of(0), None)
        self.assertIsNone(wasm_trap_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_trap_message(self.trap_of(0), wasm_val_vec_t())

    def test_wasm_trap_copy_same(self):
        t = self.trap_of(1)
        cp = wasm_trap_copy(t)
        self.assertTrue(cp)
        self.assertNotEqual(addr(cp), addr(t))
        self.assertTrue(wasm_trap_same(cp, t))
        self.assertFalse(wasm_trap_same(cp, self.trap_of(0)))
        self.assertEqual(message(cp), b"Exception: integer divide by zero\0")
        wasm_trap_delete(cp)
        self.assertFalse(wasm_trap_copy(None))
        self.assertFalse(wasm_trap_same(None, t))

    def frames_or_skip(self, trap):
        origin = wasm_trap_origin(trap)
        trace = wasm_frame_vec_t()
        wasm_trap_trace(trap, trace)
        self.addCleanup(wasm_frame_vec_delete, trace)
        if not origin:
            self.assertEqual(trace.size, 0)  # consistent: no origin, no trace
            self.skipTest("this engine reports no frames (as WAMR without DUMP_CALL_STACK)")
        self.addCleanup(wasm_frame_delete, origin)
        return origin, trace

    def test_wasm_trap_origin_and_trace(self):
        trap = self.trap_of(len(EXPECTED))  # nested: $inner traps, called from "nested"
        origin, trace = self.frames_or_skip(trap)
        frames = wasm_vec_to_list(trace)
        self.assertGreaterEqual(len(frames), 2)
        self.assertEqual(wasm_frame_func_index(origin), 9)  # $inner: innermost first
        self.assertEqual([wasm_frame_func_index(f) for f in frames[:2]], [9, 10])
        self.assertTrue(wasm_instance_same(wasm_frame_instance(origin), self.inst))
        self.assertGreater(wasm_frame_module_offset(origin), 0)
        self.assertGreaterEqual(wasm_frame_func_offset(origin), 0)

    def test_wasm_frame_copy_delete(self):
        trap = self.trap_of(0)
        origin, trace = self.frames_or_skip(trap)
        cp = wasm_frame_copy(origin)
        self.assertEqual(wasm_frame_func_index(cp), wasm_frame_func_index(origin))
        self.assertEqual(wasm_frame_module_offset(cp), wasm_frame_module_offset(origin))
        self.assertEqual(repr(cp.contents), repr(origin.contents))
        wasm_frame_delete(cp)
        fv = wasm_frame_vec_t()
        wasm_frame_vec_copy(fv, trace)
        self.assertEqual(fv.size, trace.size)
        wasm_frame_vec_delete(fv)

    def test_frame_negative(self):
        self.assertFalse(wasm_frame_copy(None))
        self.assertFalse(wasm_frame_instance(None))
        self.assertEqual(wasm_frame_func_index(None), 0)
        self.assertEqual(wasm_frame_func_offset(None), 0)
        self.assertEqual(wasm_frame_module_offset(None), 0)
        self.assertIsNone(wasm_frame_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_frame_func_index(self.trap_of(0))

    def test_deep_recursion_is_a_trap(self):
        inst = self.instance(r'''(module (func $r (export "r") (param i32) (result i32)
            local.get 0 i32.const 1 i32.add call $r))''')
        res, msg = self.call(self.export_func(inst, 0), wasm_i32_val(0))
        self.assertIsNone(res)
        self.assertIn("stack overflow", msg)


if __name__ == "__main__":
    unittest.main()
