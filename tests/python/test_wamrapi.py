"""wamr.wamrapi.wamr: Engine, Module, Instance and ExecEnv over wasm_export.h, as WAMR's
Python samples use them: calls with 32-bit cells, natives registered from Python (which
call back into wasm through ExecEnv.wrap), the app heap and addresses, deletion order, and
the exceptions bad input raises instead of reaching C."""
import contextlib
import ctypes as c
import gc
import io
import os
import tempfile
import unittest

from wasmtest import captured_stderr, wat

from wamr.wamrapi import iwasm, wamr  # noqa: E402
from wamr.wamrapi.iwasm import NativeSymbol, String  # noqa: E402
from wamr.wamrapi.wamr import Engine, ExecEnv, Instance, Module, WamrError  # noqa: E402

CALC = r"""
(module
  (memory (export "memory") 1)
  (table 3 funcref)
  (elem (i32.const 0) $add $div $pair)
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $pair (export "pair") (param i64 f64) (result f64 i64)
    (f64.add (local.get 1) (f64.convert_i64_s (local.get 0))) (i64.mul (local.get 0) (i64.const 3)))
  (func (export "nothing"))
  (func (export "v128") (param v128))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
"""

# Imports natives of "env": python_func as in WAMR's native-symbol sample, plus a string
# and a buffer native, and one whose signature the registration gets wrong.
NATIVES = r"""
(module
  (import "env" "python_func" (func $py (param i32) (result i32)))
  (import "env" "strlen_host" (func $strlen (param i32) (result i32)))
  (import "env" "sum_bytes" (func $sum (param i32 i32) (result i32)))
  (import "env" "mistyped" (func $mistyped (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\00")
  (data (i32.const 32) "\01\02\03\04")
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "c_func") (param i32) (result i32) (i32.add (call $py (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "strlen") (result i32) (call $strlen (i32.const 16)))
  (func (export "sum") (param i32) (result i32) (call $sum (i32.const 32) (local.get 0)))
  (func (export "mistyped") (result i32) (call $mistyped (i32.const 1))))
"""

NATIVE = c.CFUNCTYPE(c.c_int32, c.c_void_p, c.c_int32)


def cells(*values):
    return (c.c_uint * len(values))(*values)


_PRINT_DELETIONS = wamr.PRINT_DELETIONS


def setUpModule():
    wamr.PRINT_DELETIONS = False  # but where a test checks what is printed


def tearDownModule():
    gc.collect()
    wamr.PRINT_DELETIONS = _PRINT_DELETIONS


class Base(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.tmp = tempfile.TemporaryDirectory(prefix="wamrapi-")

    def tearDown(self):
        self.tmp.cleanup()
        wamr.PRINT_DELETIONS = False
        # natives are the runtime's, seen by every Engine: this test's go with its Engine
        # (their closures hold the test case: a cycle, hence the collection)
        for name in ("engine", "symbols", "mistyped", "seen", "inst", "env"):
            self.__dict__.pop(name, None)
        gc.collect()

    def instance(self, source, **kwargs):
        return Instance(Module(self.engine, wat(source)), **kwargs)


class ModuleTest(Base):
    def test_from_file_and_bytes(self):
        path = os.path.join(self.tmp.name, "calc.wasm")
        with open(path, "wb") as f:
            f.write(wat(CALC))
        for module in (Module.from_file(self.engine, path), Module.from_file(self.engine, path.encode()),
                       Module(self.engine, wat(CALC)), Module(self.engine, bytearray(wat(CALC)))):
            self.assertIs(module.engine, self.engine)
            self.assertTrue(module.module)

    def test_invalid_modules_raise_the_loader_message(self):
        with self.assertRaisesRegex(WamrError, "^WASM module load failed: "):
            Module(self.engine, b"\0asm\x01\0\0\0\x7f")
        with self.assertRaisesRegex(WamrError, "^WASM module load failed"):
            Module(self.engine, b"")
        with self.assertRaises(FileNotFoundError):
            Module.from_file(self.engine, os.path.join(self.tmp.name, "absent.wasm"))

    def test_bad_arguments(self):
        with self.assertRaisesRegex(TypeError, "engine must be an Engine"):
            Module(None, wat(CALC))
        with self.assertRaisesRegex(TypeError, "wasm must be bytes"):
            Module(self.engine, "(module)")


class InstanceTest(Base):
    def test_lookup_function(self):
        inst = self.instance(CALC)
        add = inst.lookup_function("add")
        self.assertIsInstance(add, int)
        self.assertEqual(inst.lookup_function(b"add"), add)
        self.assertNotEqual(inst.lookup_function("div"), add)
        with self.assertRaisesRegex(WamrError, "'absent' is not exported"):
            inst.lookup_function("absent")
        with self.assertRaisesRegex(WamrError, "is not exported"):
            inst.lookup_function("memory")  # not a function
        with self.assertRaises(TypeError):
            inst.lookup_function(3)

    def test_instantiation_failure(self):
        module = Module(self.engine, wat('(module (func $s unreachable) (start $s))'))
        with self.assertRaisesRegex(WamrError, "(?i)^(instantiate wasm module|wasm module instantiate) failed: .*unreachable"):
            Instance(module)

    def test_bad_arguments(self):
        module = Module(self.engine, wat(CALC))
        with self.assertRaisesRegex(TypeError, "module must be a Module"):
            Instance(self.engine)
        with self.assertRaisesRegex(ValueError, "stack_size must be in"):
            Instance(module, stack_size=-1)
        with self.assertRaisesRegex(ValueError, "heap_size must be in"):
            Instance(module, heap_size=1 << 32)
        with self.assertRaisesRegex(TypeError, "heap_size must be an int"):
            Instance(module, heap_size="16k")

    def test_app_heap_and_addresses(self):
        inst = self.instance(CALC, heap_size=4096)
        native = c.c_void_p()
        offset = inst.malloc(100, c.byref(native))
        self.assertGreater(offset, 0)
        self.assertEqual(inst.app_addr_to_native_addr(offset), native.value)
        self.assertEqual(inst.native_addr_to_app_addr(native.value), offset)
        self.assertEqual(inst.native_addr_to_app_addr(native), offset)
        inst.write(offset, b"\x2a\0\0\0")
        self.assertEqual(inst.read(offset, 4), b"\x2a\0\0\0")
        self.assertEqual(c.string_at(native.value, 4), b"\x2a\0\0\0")
        argv = cells(offset)
        ExecEnv(inst).call(inst.lookup_function("load"), 1, argv)
        self.assertEqual(argv[0], 42)
        second = inst.malloc(8)
        self.assertNotEqual(second, offset)
        inst.free(offset)
        inst.free(second)
        self.assertEqual(inst.malloc(100), offset)  # the freed block, again

    def test_app_heap_exhausted(self):
        inst = self.instance(CALC, heap_size=1024)
        none = self.instance(CALC, heap_size=0)
        with captured_stderr() as err:  # (the library warns: "allocate 4096 bytes memory failed")
            with self.assertRaisesRegex(WamrError, "app heap exhausted: no 4096 bytes|^Exception: "):
                inst.malloc(4096)
            with self.assertRaisesRegex(WamrError, "app heap exhausted: no 16 bytes|^Exception: "):
                none.malloc(16)
        self.assertIn("allocate 4096 bytes memory failed", err[0])
        self.assertEqual(inst.malloc(512) % 8, 0)  # what fits still does
        with self.assertRaisesRegex(ValueError, "nbytes must be in"):
            inst.malloc(-1)

    def test_addresses_out_of_memory_raise(self):
        inst = self.instance(CALC, heap_size=0)  # (an app heap grows the memory for itself)
        base = inst.app_addr_to_native_addr(0)
        self.assertEqual(inst.app_addr_to_native_addr(65535), base + 65535)
        with self.assertRaisesRegex(ValueError, "outside the instance's memory"):
            inst.app_addr_to_native_addr(65536)
        with self.assertRaisesRegex(ValueError, "outside the instance's memory"):
            inst.native_addr_to_app_addr(base + 65536)
        with self.assertRaisesRegex(ValueError, "outside the instance's memory"):
            inst.native_addr_to_app_addr(0)
        with self.assertRaisesRegex(ValueError, "outside the instance's memory"):
            inst.read(65530, 7)
        with self.assertRaisesRegex(ValueError, "outside the instance's memory"):
            inst.write(65535, b"ab")
        self.assertIsNone(inst.get_exception())  # the checks leave no exception behind
        memoryless = self.instance("(module)", heap_size=0)
        with self.assertRaisesRegex(ValueError, "outside"):
            memoryless.app_addr_to_native_addr(0)

    def test_wasi_dir_list(self):
        inst = self.instance(r"""
        (module
          (import "wasi_snapshot_preview1" "fd_prestat_get" (func $get (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "prestat") (param i32) (result i32) (call $get (local.get 0) (i32.const 0))))
        """, dir_list=[self.tmp.name])
        env = ExecEnv(inst)
        argv = cells(3)
        env.call(inst.lookup_function("prestat"), 1, argv)
        self.assertEqual(argv[0], 0)  # fd 3 is the preopened directory
        self.assertEqual(inst.read(4, 4), len(self.tmp.name).to_bytes(4, "little"))
        argv = cells(4)
        env.call(inst.lookup_function("prestat"), 1, argv)
        self.assertEqual(argv[0], 8)  # EBADF: no fd 4
        with self.assertRaises(TypeError):
            Instance(inst.module, dir_list=self.tmp.name)


class CallTest(Base):
    def setUp(self):
        super().setUp()
        self.inst = self.instance(CALC)
        self.env = ExecEnv(self.inst)

    def test_call_writes_results_back(self):
        argv = cells(10, 11)
        self.env.call(self.inst.lookup_function("add"), len(argv), argv)
        self.assertEqual(list(argv), [21, 11])
        one = c.c_uint(7)
        argv = (c.c_int32 * 2)(-7, 2)  # signed cells work too
        self.env.call(self.inst.lookup_function("div"), 2, argv)
        self.assertEqual(argv[0], -3)
        self.env.call(self.inst.lookup_function("nothing"), 0, one)
        self.assertEqual(one.value, 7)  # no results: argv untouched

    def test_i64_and_f64_take_two_cells(self):
        argv = (c.c_uint32 * 4)()
        c.cast(argv, c.POINTER(c.c_int64))[0] = -5
        c.cast(c.byref(argv, 8), c.POINTER(c.c_double))[0] = 0.5
        self.env.call(self.inst.lookup_function("pair"), 4, argv)
        self.assertEqual(c.cast(argv, c.POINTER(c.c_double))[0], -4.5)
        self.assertEqual(c.cast(c.byref(argv, 8), c.POINTER(c.c_int64))[0], -15)
        wide = (c.c_uint64 * 2)(3, 0)  # any ctypes array: its bytes are the cells
        c.cast(c.byref(wide, 8), c.POINTER(c.c_double))[0] = 1.0
        self.env.call(self.inst.lookup_function("pair"), 4, wide)
        self.assertEqual(c.cast(wide, c.POINTER(c.c_double))[0], 4.0)

    def test_argv_without_room_is_refused_before_the_call(self):
        add, pair = self.inst.lookup_function("add"), self.inst.lookup_function("pair")
        with self.assertRaisesRegex(ValueError, "room for 1 cells; the function takes 2 and returns 1"):
            self.env.call(add, 1, c.c_uint(1))
        with self.assertRaisesRegex(ValueError, "room for 2 cells; the function takes 4 and returns 4"):
            self.env.call(pair, 2, cells(1, 2))
        with self.assertRaisesRegex(ValueError, "argc is 3 but argv holds 2 cells"):
            self.env.call(add, 3, cells(1, 2))
        with self.assertRaisesRegex(WamrError, "invalid argument count 1, must be no smaller than 2"):
            self.env.call(add, 1, cells(1, 2))
        for bad in ([1, 2], c.pointer(c.c_uint(1)), c.c_void_p(0), b"\0" * 8, None):
            with self.assertRaisesRegex(TypeError, "argv must be a ctypes array or number"):
                self.env.call(add, 2, bad)
        with self.assertRaisesRegex(ValueError, "argc must be in"):
            self.env.call(add, -1, cells(1, 2))

    def test_traps_and_bad_functions_raise(self):
        with self.assertRaisesRegex(WamrError, "^Exception: integer divide by zero$"):
            self.env.call(self.inst.lookup_function("div"), 2, cells(1, 0))
        self.assertIsNone(self.inst.get_exception())  # raised, so cleared
        argv = cells(1, 2)
        self.env.call(self.inst.lookup_function("add"), 2, argv)  # usable after a trap
        self.assertEqual((argv[0], self.inst.get_exception()), (3, None))
        # an exception left on the instance (a native sets one, say) fails the next call, once
        iwasm.wasm_runtime_set_exception(self.inst.module_inst, "left over")
        self.assertEqual(self.inst.get_exception(), "Exception: left over")
        with self.assertRaisesRegex(WamrError, "^Exception: left over$"):
            self.env.call(self.inst.lookup_function("add"), 2, argv)
        argv = cells(2, 3)
        self.env.call(self.inst.lookup_function("add"), 2, argv)
        self.assertEqual(argv[0], 5)
        iwasm.wasm_runtime_set_exception(self.inst.module_inst, "cleared")
        self.inst.clear_exception()
        self.assertIsNone(self.inst.get_exception())
        with self.assertRaisesRegex(WamrError, "conversion"):
            self.env.call(self.inst.lookup_function("v128"), 4, cells(0, 0, 0, 0))
        other = self.instance(CALC)
        with self.assertRaisesRegex(WamrError, "^Exception: invalid function$"):
            self.env.call(other.lookup_function("add"), 2, cells(1, 2))  # another instance's
        with self.assertRaisesRegex(ValueError, "func is NULL"):
            self.env.call(0, 0, cells(0))
        with self.assertRaisesRegex(TypeError, "func must be a function"):
            self.env.call("add", 2, cells(1, 2))

    def test_call_indirect(self):
        argv = cells(40, 2)
        self.env.call_indirect(0, 2, argv)
        self.assertEqual(argv[0], 42)
        self.env.call_indirect(1, 2, argv)
        self.assertEqual(argv[0], 21)
        with self.assertRaisesRegex(WamrError, "integer divide by zero"):
            self.env.call_indirect(1, 2, cells(1, 0))
        with self.assertRaisesRegex(WamrError, "Exception: "):
            self.env.call_indirect(3, 2, cells(1, 2))  # past the table
        # results past argv's room are dropped, never written past it
        small = (c.c_uint32 * 4)(2, 0, 0, 0)
        c.cast(c.byref(small, 8), c.POINTER(c.c_double))[0] = 0.5
        self.env.call_indirect(2, 4, small)
        self.assertEqual(c.cast(small, c.POINTER(c.c_double))[0], 2.5)
        with self.assertRaisesRegex(ValueError, "argc is 2 but argv holds 1 cells"):
            self.env.call_indirect(0, 2, c.c_uint(1))
        with self.assertRaisesRegex(ValueError, "element_index"):
            self.env.call_indirect(-1, 2, cells(1, 2))

    def test_get_module_inst_and_debugging(self):
        self.assertIs(self.env.get_module_inst(), self.inst)
        self.assertEqual(self.env.start_debugging(), 0)  # no debugger on wasmi
        with self.assertRaisesRegex(TypeError, "module_inst must be an Instance"):
            ExecEnv(self.inst.module)


class NativesTest(Base):
    def setUp(self):
        super().setUp()
        self.seen = []

        def python_func(env, value):
            exec_env = ExecEnv.wrap(env)
            self.seen.append((env, exec_env))
            add = exec_env.get_module_inst().lookup_function("add")
            argv = cells(value, 1000)
            exec_env.call(add, 2, argv)
            return argv[0] + 1

        def strlen_host(env, s):
            return len(c.string_at(s))

        def sum_bytes(env, buf, n):
            return sum(c.string_at(buf, n))

        self.symbols = (NativeSymbol * 3)(
            NativeSymbol(symbol=String.from_param("python_func"), func_ptr=c.cast(NATIVE(python_func), c.c_void_p),
                         signature=String.from_param("(i)i")),
            NativeSymbol(symbol=String.from_param("strlen_host"),
                         func_ptr=c.cast(c.CFUNCTYPE(c.c_int32, c.c_void_p, c.c_char_p)(strlen_host), c.c_void_p),
                         signature=String.from_param("($)i")),
            NativeSymbol(symbol=String.from_param("sum_bytes"),
                         func_ptr=c.cast(c.CFUNCTYPE(c.c_int32, c.c_void_p, c.c_void_p, c.c_int32)(sum_bytes),
                                         c.c_void_p),
                         signature=String.from_param("(*~)i")))
        self.mistyped = [NativeSymbol(symbol=String.from_param("mistyped"), func_ptr=c.cast(NATIVE(python_func),
                                                                                              c.c_void_p),
                                      signature=String.from_param("(I)i"))]

    def test_native_calls_back_into_wasm_on_its_exec_env(self):
        self.engine.register_natives("env", self.symbols)
        del self.symbols  # the Engine keeps its copy, strings and callbacks alive
        gc.collect()
        inst = self.instance(NATIVES)
        env = ExecEnv(inst)
        argv = c.c_uint(10)
        env.call(inst.lookup_function("c_func"), 1, argv)
        self.assertEqual(argv.value, 1013)
        # the native got the very exec env create_exec_env returned, and wrap() its ExecEnv
        [(raw, wrapped)] = self.seen
        self.assertEqual(raw, c.cast(env.exec_env, c.c_void_p).value)
        self.assertIs(wrapped, env)

    def test_string_and_buffer_natives(self):
        self.engine.register_natives("env", list(self.symbols))
        inst = self.instance(NATIVES)
        env = ExecEnv(inst)
        argv = c.c_uint(0)
        env.call(inst.lookup_function("strlen"), 0, argv)
        self.assertEqual(argv.value, 5)
        argv = c.c_uint(3)
        env.call(inst.lookup_function("sum"), 1, argv)
        self.assertEqual(argv.value, 6)
        with self.assertRaisesRegex(WamrError, "out of bounds memory access"):
            env.call(inst.lookup_function("sum"), 1, c.c_uint(1 << 20))  # checked before the native runs

    def test_unresolved_and_mistyped_imports_trap_when_called(self):
        inst = self.instance(NATIVES)  # loaded before any registration: nothing linked
        with self.assertRaisesRegex(WamrError, "^Exception: failed to call unlinked import function"):
            ExecEnv(inst).call(inst.lookup_function("c_func"), 1, c.c_uint(1))
        self.engine.register_natives("env", self.symbols)
        self.engine.register_natives("env", self.mistyped)
        with captured_stderr() as err:
            inst = self.instance(NATIVES)
        self.assertEqual(err, ["warning: failed to check signature '(I)i' and resolve pointer params for import "
                               "function (env, mistyped)\n"])
        with self.assertRaisesRegex(WamrError, "unlinked import"):  # "(I)i" does not fit (i32) -> i32
            ExecEnv(inst).call(inst.lookup_function("mistyped"), 0, c.c_uint(0))
        argv = c.c_uint(10)
        ExecEnv(inst).call(inst.lookup_function("c_func"), 1, argv)  # the others are linked
        self.assertEqual(argv.value, 1013)

    def test_wrap_of_an_exec_env_made_elsewhere(self):
        self.engine.register_natives("env", self.symbols)
        inst = self.instance(NATIVES)
        raw = iwasm.wasm_runtime_create_exec_env(inst.module_inst, 65536)
        try:
            argv = cells(10)
            self.assertTrue(iwasm.wasm_runtime_call_wasm(raw, inst.lookup_function("c_func"), 1, argv))
            self.assertEqual(argv[0], 1013)
            [(address, wrapped)] = self.seen
            self.assertEqual(address, c.cast(raw, c.c_void_p).value)
            self.assertIsInstance(wrapped, ExecEnv)
            self.assertIs(wrapped.get_module_inst(), inst)  # its Instance, found by its module instance
            self.assertIs(ExecEnv.wrap(raw).get_module_inst(), inst)
            self.assertIs(ExecEnv.wrap(c.c_void_p(address)).get_module_inst(), inst)
        finally:
            iwasm.wasm_runtime_destroy_exec_env(raw)
        for null in (0, None, c.c_void_p(), iwasm.wasm_exec_env_t()):
            with self.assertRaisesRegex(ValueError, "NULL exec env"):
                ExecEnv.wrap(null)

    def test_registration_errors(self):
        with self.assertRaisesRegex(TypeError, "must hold NativeSymbol"):
            self.engine.register_natives("env", [1])
        with self.assertRaisesRegex(TypeError, "module_name must be a str"):
            self.engine.register_natives(None, self.symbols)
        with self.assertRaisesRegex(ValueError, "needs a symbol name and a func_ptr"):
            self.engine.register_natives("env", [NativeSymbol(symbol=b"x")])
        with self.assertRaises(TypeError):
            self.engine.register_natives("env", 5)

    def test_natives_die_with_their_engine(self):
        """An Engine's natives are unregistered when it is collected, though the runtime
        lives on in another Engine: later modules find no dangling symbols."""
        other = Engine()
        self.engine.register_natives("env", self.symbols)
        del self.symbols
        self.engine = None
        gc.collect()
        inst = Instance(Module(other, wat(NATIVES)))
        with self.assertRaisesRegex(WamrError, "unlinked import"):
            ExecEnv(inst).call(inst.lookup_function("c_func"), 1, c.c_uint(1))
        self.engine = other


class LifetimeTest(Base):
    def test_children_keep_their_parents_and_go_first(self):
        wamr.PRINT_DELETIONS = True
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            engine = Engine()
            module = Module(engine, wat(CALC))
            inst = Instance(module)
            env = ExecEnv(inst)
            add = inst.lookup_function("add")
            del engine, module, inst
            gc.collect()
            self.assertEqual(out.getvalue(), "")  # all kept by env
            argv = cells(1, 2)
            env.call(add, 2, argv)
            self.assertEqual(argv[0], 3)
            del env
        self.assertEqual(out.getvalue(), "deleting ExecEnv\ndeleting Instance\ndeleting Module\ndeleting Engine\n")

    def test_a_cycle_through_a_native_is_freed_children_first(self):
        """A native whose closure holds its Instance: Engine, natives, closure, Instance,
        Module, Engine make a cycle; the collector frees it, the runtime's objects still
        in order, and no native is left registered."""
        wamr.PRINT_DELETIONS = True
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            engine = Engine()
            box = {}

            def python_func(env, value, box=box):
                return value * 2 + (box["inst"] is ExecEnv.wrap(env).get_module_inst())

            engine.register_natives("env", [NativeSymbol(symbol=b"python_func", func_ptr=c.cast(
                NATIVE(python_func), c.c_void_p), signature=b"(i)i")])
            box["inst"] = inst = Instance(Module(engine, wat(
                '(module (import "env" "python_func" (func $f (param i32) (result i32)))'
                ' (func (export "run") (param i32) (result i32) (call $f (local.get 0))))')), heap_size=0)
            box["env"] = ExecEnv(inst)
            argv = c.c_uint(20)
            box["env"].call(inst.lookup_function("run"), 1, argv)
            self.assertEqual(argv.value, 41)
            gc.disable()  # (no collection before the check)
            try:
                del engine, inst, python_func, box
                self.assertEqual(out.getvalue(), "")  # a cycle: refcounts free nothing
            finally:
                gc.enable()
            gc.collect()
        self.assertEqual(out.getvalue(), "deleting ExecEnv\ndeleting Instance\ndeleting Module\ndeleting Engine\n")
        wamr.PRINT_DELETIONS = False
        inst = self.instance('(module (import "env" "python_func" (func $f (param i32) (result i32)))'
                             ' (func (export "run") (param i32) (result i32) (call $f (local.get 0))))', heap_size=0)
        with self.assertRaisesRegex(WamrError, "unlinked import"):
            ExecEnv(inst).call(inst.lookup_function("run"), 1, c.c_uint(1))

    def test_print_deletions_off(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            ExecEnv(self.instance(CALC))
            gc.collect()
        self.assertEqual(out.getvalue(), "")

    def test_exec_envs_are_forgotten_when_collected(self):
        inst = self.instance(CALC)
        env = ExecEnv(inst)
        address = c.cast(env.exec_env, c.c_void_p).value
        self.assertIs(ExecEnv.wrap(address), env)
        del env
        gc.collect()
        self.assertNotIn(address, ExecEnv._live)

    def test_many_engines_share_the_runtime(self):
        engines = [Engine() for _ in range(3)]
        inst = Instance(Module(engines[1], wat(CALC)))
        del engines
        gc.collect()
        argv = cells(2, 3)
        ExecEnv(inst).call(inst.lookup_function("add"), 2, argv)
        self.assertEqual(argv[0], 5)


if __name__ == "__main__":
    unittest.main()
