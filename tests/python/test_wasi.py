"""Extensions: wasm_runtime_set_wasi_args(_ex) and wamr_trap_exit_code."""
import ctypes as c
import tempfile
import unittest

from wasmtest import *  # noqa: F401,F403
from wasmtest import StoreTest

WASI = r"""
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "argc") (result i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4))) (i32.load (i32.const 0)))
  (func (export "envc") (result i32)
    (drop (call $env_sizes (i32.const 0) (i32.const 4))) (i32.load (i32.const 0)))
  ;; writes the argv buffer (the args, NUL-separated) to fd 1; returns the errno
  (func (export "echo_args") (result i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 16) (i32.const 256)))
    (i32.store (i32.const 8) (i32.const 256))
    (i32.store (i32.const 12) (i32.load (i32.const 4)))
    (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 1024)))
  (func (export "exit") (param i32) (call $proc_exit (local.get 0)))
  (func (export "boom") unreachable)
)
"""


def strings(*items):
    return list_to_carray(c_char_p, *[s.encode() for s in items])


class WasiTest(StoreTest):
    def wasi_instance(self, module):
        trap = POINTER(wasm_trap_t)()
        inst = wasm_instance_new(self.store, module, None, byref(trap))  # WASI linked by the library
        self.assertFalse(trap)
        self.assertTrue(inst)
        self.addCleanup(wasm_instance_delete, inst)
        return [wasm_extern_as_func(e) for e in self.exports(inst)[1:]]  # after "memory"

    def test_wasi_imports_are_linked(self):
        m = self.module(WASI)
        its = wasm_importtype_vec_t()
        wasm_module_imports(m, its)
        self.assertEqual([wasm_importtype_is_linked(i) for i in wasm_vec_to_list(its)], [True] * 5)
        wasm_importtype_vec_delete(its)

    def test_wasm_runtime_set_wasi_args_ex(self):
        m = self.module(WASI)
        argv = strings("prog", "hello", "wörld")
        env = strings("A=1", "B=2")
        with tempfile.TemporaryFile() as out:
            wasm_runtime_set_wasi_args_ex(dereference(m), None, 0, None, 0, env, 2, argv, 3,
                                          -1, out.fileno(), -1)
            del argv, env  # the library copied the strings
            argc, envc, echo, _exit, _boom = self.wasi_instance(m)
            self.assertEqual(self.call(argc), ([wasm_i32_val(3)], None))
            self.assertEqual(self.call(envc), ([wasm_i32_val(2)], None))
            self.assertEqual(self.call(echo), ([wasm_i32_val(0)], None))
            out.seek(0)
            self.assertEqual(out.read(), "prog\0hello\0wörld\0".encode())

    def test_wasm_runtime_set_wasi_args(self):
        m = self.module(WASI)
        with tempfile.TemporaryDirectory() as tmp:
            wasm_runtime_set_wasi_args(dereference(m), strings(tmp), 1, strings("/guest::" + tmp), 1,
                                       strings("ONLY=1"), 1, strings("a", "b"), 2)
            argc, envc, _echo, _exit, _boom = self.wasi_instance(m)
            self.assertEqual(self.call(argc), ([wasm_i32_val(2)], None))
            self.assertEqual(self.call(envc), ([wasm_i32_val(1)], None))

    def test_set_wasi_args_negative(self):
        self.assertIsNone(wasm_runtime_set_wasi_args(None, None, 0, None, 0, None, 0, None, 0))
        self.assertIsNone(wasm_runtime_set_wasi_args_ex(None, None, 0, None, 0, None, 0, None, 0, -1, -1, -1))
        m = self.module(WASI)
        # counts larger than zero with NULL lists, and a negative argc: ignored, no crash
        wasm_runtime_set_wasi_args(dereference(m), None, 3, None, 2, None, 1, None, -4)
        argc = self.wasi_instance(m)[0]
        self.assertEqual(self.call(argc), ([wasm_i32_val(0)], None))
        with self.assertRaises(c.ArgumentError):
            wasm_runtime_set_wasi_args(m, None, 0, None, 0, None, 0, None, 0)  # needs *m, not m
        with self.assertRaises(c.ArgumentError):
            wasm_runtime_set_wasi_args(dereference(m), [b"x"], 1, None, 0, None, 0, None, 0)

    def test_wamr_trap_exit_code(self):
        m = self.module(WASI)
        _a, _e, _echo, exit_f, boom = self.wasi_instance(m)
        for code in (3, 0):
            args = wasm_array_vec(wasm_val_vec_t, list_to_carray(wasm_val_t, wasm_i32_val(code)))
            trap = wasm_func_call(exit_f, args, wasm_val_vec_t())
            self.assertTrue(trap)
            got = c.c_int32(-1)
            self.assertTrue(wamr_trap_exit_code(trap, byref(got)))
            self.assertEqual(got.value, code)
            self.assertTrue(wamr_trap_exit_code(trap, None))
            wasm_trap_delete(trap)

    def test_wamr_trap_exit_code_negative(self):
        m = self.module(WASI)
        boom = self.wasi_instance(m)[4]
        trap = wasm_func_call(boom, wasm_val_vec_t(), wasm_val_vec_t())
        got = c.c_int32(-1)
        self.assertFalse(wamr_trap_exit_code(trap, byref(got)))
        self.assertEqual(got.value, -1)
        wasm_trap_delete(trap)
        self.assertFalse(wamr_trap_exit_code(None, byref(got)))
        with self.assertRaises(c.ArgumentError):
            wamr_trap_exit_code(None, c.c_int64(0))


if __name__ == "__main__":
    unittest.main()
