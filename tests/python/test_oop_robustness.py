"""Robustness of the object layer: a careless caller gets a clear Python exception (or
correct behaviour), never a crash.

- wrong argument types and values for every constructor, method and setter: an exact
  table of exception classes and messages, and a sweep that puts bad values in every
  argument position of every public call;
- every public method of a closed object raises ValueError (found by introspection, so
  new methods are covered without editing this file);
- exceptions and bad results in host functions reach the caller, and the store stays
  usable;
- objects outliving their store, engine, module or instance;
- object graphs deleted in random orders (in a subprocess: a crash fails the test and
  names its seed);
- memoryviews of a memory that is closed, whose store is gone, or that should grow;
- threads: own stores over one shared Module, and objects closed by another thread.

Risky parts run in child processes under faulthandler with MALLOC_PERTURB_ set (freed
memory is overwritten, so a use after free reads garbage or crashes), and a child's
crash is a failure with its output, not the end of the suite.
"""
import gc
import inspect
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest

from wasmtest import PYTHON_DIR, ffi

from wamr import (Engine, Frame, LinkError, ExportType, Func, FuncType, Global, GlobalType, ImportType, Instance, Limits, Memory,
                  MemoryType, Module, Store, Table, TableType, Trap, ValType, WasiConfig, WasiExit, WasmError,
                  wat2wasm)
from wamr import _lib

i32, i64, f32, f64 = ValType.i32(), ValType.i64(), ValType.f32(), ValType.f64()
externref, funcref = ValType.externref(), ValType.funcref()

MAIN = r"""
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (import "env" "cb2" (func $cb2 (param i32) (result i32 i64)))
  (import "env" "cbf" (func $cbf (result funcref)))
  (import "env" "cbn" (func $cbn))
  (memory (export "mem") (export "mem2") 1 4)
  (global (export "g") (mut i32) (i32.const 7))
  (global (export "gi") i64 (i64.const 5))
  (table $t (export "t") 2 10 funcref)
  (table $et (export "et") 2 externref)
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "call_cb") (param i32) (result i32) (call $cb (local.get 0)))
  (func (export "call_cb2") (param i32) (result i32 i64) (call $cb2 (local.get 0)))
  (func (export "call_cbf") (result funcref) (call $cbf))
  (func (export "call_cbn") (call $cbn))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "keep") (param externref) (table.set $et (i32.const 0) (local.get 0)))
  (func (export "peek") (result externref) (table.get $et (i32.const 0)))
  (func (export "fref") (param funcref) (result funcref) (local.get 0))
  (elem (table $t) (i32.const 0) func $add))
"""

SMALL = r"""
(module
  (memory (export "mem") 1 2)
  (global (export "g") (mut i32) (i32.const 1))
  (table (export "t") 1 funcref)
  (func (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))
"""

# what a careless call may raise: a clear Python exception
ALLOWED = (TypeError, ValueError, OverflowError, IndexError, KeyError, WasmError, Trap, BufferError, OSError)


class Fixture:
    """An engine, a store with an instance of MAIN (host functions whose behaviour a
    test replaces), a second store, host objects, and a closer for all of it."""

    def __init__(self):
        self.e = Engine()
        self.s = Store(self.e)
        self.s2 = Store(self.e)
        self.m = Module(self.e, MAIN)
        self.behave = {}
        self.reset()
        s = self.s
        self.hosts = [Func(s, FuncType([i32], [i32]), self._host("cb")),
                      Func(s, FuncType([i32], [i32, i64]), self._host("cb2")),
                      Func(s, FuncType([], [funcref]), self._host("cbf")),
                      Func(s, FuncType([], []), self._host("cbn"))]
        self.inst = Instance(s, self.m, self.hosts)
        self.ex = self.inst.exports(s)
        self.mem, self.g, self.gi, self.t, self.et = (self.ex[n] for n in ("mem", "g", "gi", "t", "et"))
        self.add = self.ex["add"]
        self.other_func = Func(self.s2, FuncType([], []), lambda: None)
        self.other_mem = Memory(self.s2, MemoryType(Limits(1)))
        self.hmem = Memory(s, MemoryType(Limits(1, 2)))
        self.hglob = Global(s, GlobalType(i32, True), 1)
        self.htab = Table(s, TableType(funcref, Limits(1, 3)), None)
        self.small = Module(self.e, SMALL)
        self.blob = self.small.serialize()
        self.tmp = tempfile.TemporaryDirectory(prefix="wamr-robust-")
        self.wasm_path = os.path.join(self.tmp.name, "small.wasm")
        with open(self.wasm_path, "wb") as f:
            f.write(wat2wasm(SMALL))

    def _host(self, name):
        def host(*args):
            return self.behave[name](*args)
        host.__name__ = name
        return host

    def reset(self):
        self.behave.update(cb=lambda x: x + 1, cb2=lambda x: (x, 2 * x), cbf=lambda: None, cbn=lambda: None)

    def sane(self, test):
        """The store still works: wasm, host functions through wasm, objects."""
        self.reset()
        test.assertEqual(self.add(self.s, 2, 3), 5)
        test.assertEqual(self.ex["call_cb"](self.s, 41), 42)
        test.assertEqual(self.ex["call_cb2"](self.s, 4), (4, 8))
        test.assertIsInstance(self.g.value(self.s), int)
        test.assertEqual(self.mem.size(self.s), 1)

    def objects(self):
        """Everything the fixture owns (the exports made while the instance is open)."""
        exports = [self.ex[n] for n in self.ex] if not self.inst.closed else []
        return exports + list(self.hosts) + [
            self.inst, self.other_func, self.other_mem, self.hmem, self.hglob, self.htab, self.s, self.s2, self.m,
            self.small, self.e]

    def close(self):
        for obj in self.objects():
            obj.close()
        self.tmp.cleanup()


def child_env():
    env = dict(os.environ, WAMR_LIBIWASM=ffi.LIBRARY_PATH, MALLOC_PERTURB_="165",
               PYTHONPATH=PYTHON_DIR + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return env


def run_child(test, code, timeout=600, expect=None):
    """Runs code in a fresh interpreter (faulthandler on, dev mode if we are in it);
    fails the test, with the child's output, unless it exits 0 (and prints `expect`)."""
    prelude = "import sys\nsys.path.insert(0, %r)\n" % PYTHON_DIR
    args = [sys.executable, "-X", "faulthandler"]
    if sys.flags.dev_mode:
        args += ["-X", "dev"]
    with tempfile.NamedTemporaryFile("w", suffix=".py", prefix="wamr-robust-", delete=False) as f:
        f.write(prelude + textwrap.dedent(code))
        path = f.name
    try:
        proc = subprocess.run(args + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, env=child_env(), timeout=timeout)
    finally:
        os.unlink(path)
    report = "child exited with %d\n--- stdout (tail) ---\n%s\n--- stderr (tail) ---\n%s" % (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-6000:])
    test.assertEqual(proc.returncode, 0, report)
    if expect is not None:
        test.assertIn(expect, proc.stdout, report)
    for bad in ("Exception ignored", "Warning:"):  # (dev mode shows ResourceWarning & co.)
        test.assertNotIn(bad, proc.stderr, report)
    return proc


class Base(unittest.TestCase):
    def setUp(self):
        self.fx = Fixture()
        self.addCleanup(self.fx.close)


# ---------------------------------------------------------------------------------------
# wrong types and values
# ---------------------------------------------------------------------------------------

def _exact_cases(fx):
    """(label, call, exception class, regex the message matches)."""
    s, s2, e, m = fx.s, fx.s2, fx.e, fx.m
    mem, g, gi, t, et, add = fx.mem, fx.g, fx.gi, fx.t, fx.et, fx.add
    ex = fx.ex
    ft = FuncType([i32], [i32])
    return [
        # Engine, Store
        ("Engine(1)", lambda: Engine(1), TypeError, "positional"),
        ("Store('engine')", lambda: Store("engine"), TypeError, r"Store\(\) needs an Engine, got str"),
        ("Store(store)", lambda: Store(s), TypeError, r"Store\(\) needs an Engine, got Store"),
        ("Store(module)", lambda: Store(m), TypeError, "got Module"),
        # wat2wasm, Module
        ("wat2wasm(None)", lambda: wat2wasm(None), TypeError, r"wat2wasm\(\) needs str or bytes"),
        ("wat2wasm(5)", lambda: wat2wasm(5), TypeError, "got int"),
        ("wat2wasm([1])", lambda: wat2wasm([1]), TypeError, "got list"),
        ("wat2wasm('(module')", lambda: wat2wasm("(module"), WasmError, "at line 1"),
        ("Module(e, None)", lambda: Module(e, None), TypeError, r"Module\(\) needs bytes .* got NoneType"),
        ("Module(e, 5)", lambda: Module(e, 5), TypeError, "got int"),
        ("Module(e, 1.5)", lambda: Module(e, 1.5), TypeError, "got float"),
        ("Module(e, [0])", lambda: Module(e, [0]), TypeError, "got list"),
        ("Module(s, text)", lambda: Module(s, SMALL), TypeError, r"Module\(\) needs an Engine, got Store"),
        ("Module(None, text)", lambda: Module(None, SMALL), TypeError, "got NoneType"),
        ("Module(e, b'')", lambda: Module(e, b""), WasmError, "."),
        ("Module(e, junk)", lambda: Module(e, b"\0asm\x01\0\0\0\xff"), WasmError, "."),
        ("Module(e, bad text)", lambda: Module(e, "(module (func (result i32)))"), WasmError, "."),
        ("Module.validate(e, None)", lambda: Module.validate(e, None), TypeError, r"Module\.validate\(\)"),
        ("Module.validate(s, text)", lambda: Module.validate(s, SMALL), TypeError, "got Store"),
        ("Module.validate(e, junk)", lambda: Module.validate(e, b"\0asm"), WasmError, "."),
        ("Module.deserialize(e, str)", lambda: Module.deserialize(e, "x"), TypeError, r"deserialize\(\) needs bytes"),
        ("Module.deserialize(e, None)", lambda: Module.deserialize(e, None), TypeError, "got NoneType"),
        ("Module.deserialize(None, blob)", lambda: Module.deserialize(None, fx.blob), TypeError, "got NoneType"),
        ("Module.deserialize(e, junk)", lambda: Module.deserialize(e, b"junk" * 8), WasmError, "."),
        ("Module.deserialize(e, truncated)", lambda: Module.deserialize(e, fx.blob[:len(fx.blob) // 2]),
         WasmError, "."),
        ("Module.from_file(e, None)", lambda: Module.from_file(e, None), TypeError, r"from_file\(\) needs a path"),
        ("Module.from_file(e, 5)", lambda: Module.from_file(e, 5), TypeError, "got int"),
        ("Module.from_file(e, missing)", lambda: Module.from_file(e, "/nonexistent/x.wasm"),
         FileNotFoundError, "."),
        ("Module.from_file(e, dir)", lambda: Module.from_file(e, "/"), IsADirectoryError, "."),
        ("m.name = None", lambda: setattr(m, "name", None), TypeError, r"Module\.name must be str"),
        ("m.name = b'x'", lambda: setattr(m, "name", b"x"), TypeError, "got bytes"),
        ("m.name = 'a\\0b'", lambda: setattr(m, "name", "a\0b"), ValueError, "NUL"),
        ("m.name = surrogate", lambda: setattr(m, "name", "\udc80"), UnicodeEncodeError, "."),
        # Instance
        ("Instance(None, m)", lambda: Instance(None, m, []), TypeError, r"Instance\(\) needs a Store"),
        ("Instance(m, s)", lambda: Instance(m, s, []), TypeError, "needs a Store, got Module"),
        ("Instance(s, None)", lambda: Instance(s, None, []), TypeError, "needs a Module, got NoneType"),
        ("Instance(s, m, 5)", lambda: Instance(s, m, 5), TypeError, "imports must be a list"),
        ("Instance(s, m, 'abc')", lambda: Instance(s, m, "abc"), TypeError, "imports must be a list"),
        ("Instance(s, m, {f})", lambda: Instance(s, m, {fx.hosts[0]}), TypeError, "got set"),
        ("Instance(s, m, [1, ...])", lambda: Instance(s, m, [1] + fx.hosts[1:]), TypeError,
         "import 0 must be a Func, Global, Table, Memory or None, got int"),
        ("Instance(s, m, too few)", lambda: Instance(s, m, fx.hosts[:2]), LinkError, "4 imports .* 2 given"),
        ("Instance(s, m, Memory for Func)", lambda: Instance(s, m, [mem] + fx.hosts[1:]), LinkError,
         r"import \(env, cb\): expected \(func \(param i32\) \(result i32\)\), got \(memory 1 4\)"),
        ("Instance(s, m, wrong Func type)", lambda: Instance(s, m, fx.hosts[1:2] * 2 + fx.hosts[2:]), LinkError,
         r"import \(env, cb\): expected \(func \(param i32\) \(result i32\)\), got \(func"),
        ("Instance(s, m, other store)", lambda: Instance(s, m, [Func(s2, ft, abs)] + fx.hosts[1:]), ValueError,
         "another store"),
        ("Instance(s2, m, imports of s)", lambda: Instance(s2, m, fx.hosts), ValueError, "another store"),
        ("inst.exports(None)", lambda: fx.inst.exports(None), TypeError, "expected a Store, got NoneType"),
        ("inst.exports(s2)", lambda: fx.inst.exports(s2), ValueError, "another store"),
        ("exports[None]", lambda: ex[None], TypeError, "by name .* or index"),
        ("exports[1.0]", lambda: ex[1.0], TypeError, "got float"),
        ("exports[True]", lambda: ex[True], TypeError, "got bool"),
        ("exports[2**64]", lambda: ex[2 ** 64], IndexError, "out of range"),
        ("exports[-100]", lambda: ex[-100], IndexError, "out of range"),
        ("exports['nope']", lambda: ex["nope"], KeyError, "no export named 'nope'"),
        # Func
        ("Func(None, ft, abs)", lambda: Func(None, ft, abs), TypeError, r"Func\(\) needs a Store"),
        ("Func(s, None, abs)", lambda: Func(s, None, abs), TypeError, "needs a FuncType, got NoneType"),
        ("Func(s, [i32], abs)", lambda: Func(s, [i32], abs), TypeError, "got list"),
        ("Func(s, ft, 5)", lambda: Func(s, ft, 5), TypeError, "needs a callable, got int"),
        ("Func(s, ft, None)", lambda: Func(s, ft, None), TypeError, "got NoneType"),
        ("add(s, None, 1)", lambda: add(s, None, 1), TypeError, r"add\(\) argument 1: expected an int"),
        ("add(s, '1', 1)", lambda: add(s, "1", 1), TypeError, "argument 1"),
        ("add(s, 1, 1.5)", lambda: add(s, 1, 1.5), TypeError, "argument 2: expected an int for i32, got float"),
        ("add(s, b'1', 1)", lambda: add(s, b"1", 1), TypeError, "got bytes"),
        ("add(s, 2**32, 1)", lambda: add(s, 2 ** 32, 1), OverflowError, "does not fit in i32"),
        ("add(s, 2**64, 1)", lambda: add(s, 2 ** 64, 1), OverflowError, "argument 1"),
        ("add(s, -2**31-1, 1)", lambda: add(s, -2 ** 31 - 1, 1), OverflowError, "argument 1"),
        ("add(s, 1)", lambda: add(s, 1), TypeError, r"add\(\) takes 2 arguments \(1 given\)"),
        ("add(s, 1, 2, 3)", lambda: add(s, 1, 2, 3), TypeError, r"\(3 given\)"),
        ("add()", lambda: add(), TypeError, "store"),
        ("add(None, 1, 2)", lambda: add(None, 1, 2), TypeError, "expected a Store, got NoneType"),
        ("add(e, 1, 2)", lambda: add(e, 1, 2), TypeError, "got Engine"),
        ("add(s2, 1, 2)", lambda: add(s2, 1, 2), ValueError, "another store"),
        ("add.type(None)", lambda: add.type(None), TypeError, "expected a Store"),
        ("add.param_arity(s2)", lambda: add.param_arity(s2), ValueError, "another store"),
        ("fref(s, 5)", lambda: ex["fref"](s, 5), TypeError, "expected a Func or None for funcref, got int"),
        ("fref(s, memory)", lambda: ex["fref"](s, mem), TypeError, "got Memory"),
        ("fref(s, Func of s2)", lambda: ex["fref"](s, fx.other_func), ValueError, "belongs to another store"),
        # Global
        ("Global(None, gt, 1)", lambda: Global(None, GlobalType(i32), 1), TypeError, r"Global\(\) needs a Store"),
        ("Global(s, None, 1)", lambda: Global(s, None, 1), TypeError, "needs a GlobalType"),
        ("Global(s, i32, 1)", lambda: Global(s, i32, 1), TypeError, "got ValType"),
        ("Global(s, i32 global, None)", lambda: Global(s, GlobalType(i32), None), TypeError,
         r"Global\(\) value: expected an int for i32, got NoneType"),
        ("Global(s, i32 global, 2**40)", lambda: Global(s, GlobalType(i32), 2 ** 40), OverflowError, "i32"),
        ("Global(s, i64 global, 2**64)", lambda: Global(s, GlobalType(i64), 2 ** 64), OverflowError, "i64"),
        ("Global(s, f64 global, '1')", lambda: Global(s, GlobalType(f64), "1"), TypeError, "expected a float"),
        ("Global(s, f64 global, 2**2000)", lambda: Global(s, GlobalType(f64), 2 ** 2000), OverflowError,
         r"Global\(\) value: int too large for f64"),
        ("Global(s, funcref global, mem)", lambda: Global(s, GlobalType(funcref), mem), TypeError, "got Memory"),
        ("Global(s, funcref global, Func of s2)", lambda: Global(s, GlobalType(funcref), fx.other_func),
         ValueError, "another store"),
        ("Global(s, v128 global, 0)", lambda: Global(s, GlobalType(ValType.v128()), 0), TypeError, "v128"),
        ("g.value(None)", lambda: g.value(None), TypeError, "expected a Store"),
        ("g.value(s2)", lambda: g.value(s2), ValueError, "another store"),
        ("g.set_value(s, None)", lambda: g.set_value(s, None), TypeError, r"Global\.set_value\(\)"),
        ("g.set_value(s, 2**32)", lambda: g.set_value(s, 2 ** 32), OverflowError, "i32"),
        ("g.set_value(s, 1.5)", lambda: g.set_value(s, 1.5), TypeError, "got float"),
        ("gi.set_value(s, 1)", lambda: gi.set_value(s, 1), TypeError, "immutable"),
        # Table
        ("Table(None, tt)", lambda: Table(None, TableType(funcref, Limits(1))), TypeError, r"Table\(\) needs a Store"),
        ("Table(s, None)", lambda: Table(s, None), TypeError, "needs a TableType"),
        ("Table(s, tt, 1)", lambda: Table(s, TableType(funcref, Limits(1)), 1), TypeError,
         r"Table\(\) init: expected a Func or None"),
        ("Table(s, tt, Func of s2)", lambda: Table(s, TableType(funcref, Limits(1)), fx.other_func), ValueError,
         "another store"),
        ("Table(s, huge)", lambda: Table(s, TableType(funcref, Limits(2 ** 32 - 1)), None), WasmError, "failed"),
        ("t.get(s, None)", lambda: t.get(s, None), TypeError, r"Table\.get\(\) index must be an int"),
        ("t.get(s, 1.0)", lambda: t.get(s, 1.0), TypeError, "got float"),
        ("t.get(s, True)", lambda: t.get(s, True), TypeError, "got bool"),
        ("t.get(s, -1)", lambda: t.get(s, -1), IndexError, "out of range"),
        ("t.get(s, 2**64)", lambda: t.get(s, 2 ** 64), IndexError, "out of range"),
        ("t.get(s, 5)", lambda: t.get(s, 5), IndexError, r"size 2"),
        ("t.set(s, 0, mem)", lambda: t.set(s, 0, mem), TypeError, r"Table\.set\(\) value: expected a Func"),
        ("t.set(s, 0, 'x')", lambda: t.set(s, 0, "x"), TypeError, "got str"),
        ("t.set(s, 9, None)", lambda: t.set(s, 9, None), IndexError, "out of range"),
        ("t.set(s, 0, Func of s2)", lambda: t.set(s, 0, fx.other_func), ValueError, "another store"),
        ("t.grow(s, -1)", lambda: t.grow(s, -1), ValueError, r"Table\.grow\(\): delta -1 out of range"),
        ("t.grow(s, 2**32)", lambda: t.grow(s, 2 ** 32), ValueError, "out of range"),
        ("t.grow(s, 1.0)", lambda: t.grow(s, 1.0), TypeError, "delta must be an int"),
        ("t.grow(s, 100)", lambda: t.grow(s, 100), WasmError, "cannot grow by 100"),
        ("t.grow(s, 1, mem)", lambda: t.grow(s, 1, mem), TypeError, r"Table\.grow\(\) init"),
        ("t.size(None)", lambda: t.size(None), TypeError, "expected a Store"),
        ("et.get(s, '0')", lambda: et.get(s, "0"), TypeError, "index must be an int"),
        # Memory
        ("Memory(None, mt)", lambda: Memory(None, MemoryType(Limits(1))), TypeError, r"Memory\(\) needs a Store"),
        ("Memory(s, None)", lambda: Memory(s, None), TypeError, "needs a MemoryType"),
        ("Memory(s, Limits)", lambda: Memory(s, Limits(1)), TypeError, "got Limits"),
        ("mem.grow(s, -1)", lambda: mem.grow(s, -1), ValueError, r"Memory\.grow\(\): delta -1 out of range"),
        ("mem.grow(s, 2**32)", lambda: mem.grow(s, 2 ** 32), ValueError, "out of range"),
        ("mem.grow(s, 1.0)", lambda: mem.grow(s, 1.0), TypeError, "delta must be an int"),
        ("mem.grow(s, True)", lambda: mem.grow(s, True), TypeError, "got bool"),
        ("mem.grow(s, 100)", lambda: mem.grow(s, 100), WasmError, "cannot grow by 100 pages from 1"),
        ("mem.read(s, 1.0)", lambda: mem.read(s, 1.0), TypeError, "start must be an int or None"),
        ("mem.read(s, 0, '1')", lambda: mem.read(s, 0, "1"), TypeError, "stop must be an int or None"),
        ("mem.write(s, 'x')", lambda: mem.write(s, "x"), TypeError, r"Memory\.write\(\) needs bytes, got str"),
        ("mem.write(s, [1])", lambda: mem.write(s, [1]), TypeError, "got list"),
        ("mem.write(s, None)", lambda: mem.write(s, None), TypeError, "got NoneType"),
        ("mem.write(s, b'x', 1.0)", lambda: mem.write(s, b"x", 1.0), TypeError, "start must be an int"),
        ("mem.write(s, b'x', 2**64)", lambda: mem.write(s, b"x", 2 ** 64), IndexError, "do not fit"),
        ("mem.write(s, b'x', -2**64)", lambda: mem.write(s, b"x", -2 ** 64), IndexError, "do not fit"),
        ("mem.write(s, b'xy', 65535)", lambda: mem.write(s, b"xy", 65535), IndexError, "do not fit in 65536"),
        ("mem.buffer(None)", lambda: mem.buffer(None), TypeError, "expected a Store"),
        ("mem.buffer(s2)", lambda: mem.buffer(s2), ValueError, "another store"),
        ("mem.data_ptr(e)", lambda: mem.data_ptr(e), TypeError, "got Engine"),
        # types
        ("ValType(None)", lambda: ValType(None), TypeError, "unknown value kind None"),
        ("ValType(2**64)", lambda: ValType(2 ** 64), TypeError, "unknown value kind"),
        ("ValType(True)", lambda: ValType(True), TypeError, "unknown value kind True"),
        ("ValType('i32')", lambda: ValType("i32"), TypeError, "unknown value kind"),
        ("Limits(None)", lambda: Limits(None), TypeError, "Limits min must be an int, got NoneType"),
        ("Limits(1.0)", lambda: Limits(1.0), TypeError, "got float"),
        ("Limits(-1)", lambda: Limits(-1), ValueError, r"Limits min must be in 0\.\.2\*\*32-1"),
        ("Limits(2**64)", lambda: Limits(2 ** 64), ValueError, "got 18446744073709551616"),
        ("Limits(1, 2**32)", lambda: Limits(1, 2 ** 32), ValueError, "Limits max"),
        ("Limits(1, '2')", lambda: Limits(1, "2"), TypeError, "Limits max must be an int"),
        ("Limits(2, 1)", lambda: Limits(2, 1), ValueError, "below min"),
        ("FuncType(i32, [])", lambda: FuncType(i32, []), TypeError, "a single ValType"),
        ("FuncType([1], [])", lambda: FuncType([1], []), TypeError, "FuncType params takes ValType items"),
        ("FuncType([], ['i32'])", lambda: FuncType([], ["i32"]), TypeError, "FuncType results"),
        ("FuncType(None, [])", lambda: FuncType(None, []), TypeError, "."),
        ("GlobalType(None)", lambda: GlobalType(None), TypeError, "GlobalType content must be a ValType"),
        ("GlobalType(i32, 1)", lambda: GlobalType(i32, 1), TypeError, "mutable must be a bool"),
        ("TableType(i32, Limits(1))", lambda: TableType(i32, Limits(1)), TypeError, "funcref or externref"),
        ("TableType(funcref, (1, 2))", lambda: TableType(funcref, (1, 2)), TypeError, "limits must be Limits"),
        ("MemoryType(1)", lambda: MemoryType(1), TypeError, "MemoryType limits must be Limits"),
        ("MemoryType(Limits(65537))", lambda: MemoryType(Limits(65537)), ValueError, "at most 65536 pages"),
        ("ImportType(1, 'n', ft)", lambda: ImportType(1, "n", ft), TypeError, "module and name must be str"),
        ("ImportType('m', 'n', i32)", lambda: ImportType("m", "n", i32), TypeError, "ImportType type"),
        ("ExportType(None, ft)", lambda: ExportType(None, ft), TypeError, "ExportType name must be str"),
        ("ExportType('x', None)", lambda: ExportType("x", None), TypeError, "ExportType type"),
        # errors
        ("Trap(None)", lambda: Trap(None), TypeError, "Trap message must be str"),
        ("Trap('x', 5)", lambda: Trap("x", 5), TypeError, "."),
        ("WasiExit('x')", lambda: WasiExit("x"), TypeError, "WasiExit code must be int"),
        # WasiConfig
        ("WasiConfig(argv='prog')", lambda: WasiConfig(argv="prog"), TypeError, "not a single string"),
        ("WasiConfig(argv=None)", lambda: WasiConfig(argv=None), TypeError, "argv must be a list of str"),
        ("WasiConfig(argv=[1])", lambda: WasiConfig(argv=[1]), TypeError, "argv items must be str"),
        ("WasiConfig(argv=['a\\0'])", lambda: WasiConfig(argv=["a\0"]), TypeError, "without NUL"),
        ("WasiConfig(env=5)", lambda: WasiConfig(env=5), TypeError, "env must be a mapping"),
        ("WasiConfig(env='A=1')", lambda: WasiConfig(env="A=1"), TypeError, "env must be a mapping"),
        ("WasiConfig(env={'a': 1})", lambda: WasiConfig(env={"a": 1}), TypeError, "must be str"),
        ("WasiConfig(env={'a=b': ''})", lambda: WasiConfig(env={"a=b": ""}), ValueError, "invalid environment"),
        ("WasiConfig(env=[('a',)])", lambda: WasiConfig(env=[("a",)]), TypeError, r"\(name, value\) pairs"),
        ("WasiConfig(preopen_dirs=5)", lambda: WasiConfig(preopen_dirs=5), TypeError, "preopen_dirs must be"),
        ("WasiConfig(preopen_dirs=[5])", lambda: WasiConfig(preopen_dirs=[5]), TypeError, "must be a path"),
        ("WasiConfig(preopen_dirs=missing)", lambda: WasiConfig(preopen_dirs=["/nonexistent-dir"]),
         FileNotFoundError, "no such directory"),
        ("WasiConfig(stdin=1.5)", lambda: WasiConfig(stdin=1.5), TypeError, "WasiConfig stdin"),
        ("WasiConfig(stdout=b'x')", lambda: WasiConfig(stdout=b"x"), TypeError, "WasiConfig stdout"),
        ("WasiConfig(stdout=True)", lambda: WasiConfig(stdout=True), TypeError, "got bool"),
        ("WasiConfig(stdout=-1)", lambda: WasiConfig(stdout=-1), ValueError, "invalid file descriptor -1"),
        ("WasiConfig(stdout=2**64)", lambda: WasiConfig(stdout=2 ** 64), ValueError, "invalid file descriptor"),
        ("WasiConfig(stderr=2**31)", lambda: WasiConfig(stderr=2 ** 31), ValueError, "invalid file descriptor"),
        ("WasiConfig(stdout=..., capture_stdout)", lambda: WasiConfig(stdout=1, capture_stdout=True), ValueError,
         "not both"),
        ("WasiConfig().apply(None)", lambda: WasiConfig().apply(None), TypeError, r"apply\(\) needs a Module"),
        ("WasiConfig().apply(store)", lambda: WasiConfig().apply(s), TypeError, "got Store"),
        ("WasiConfig().preopen_dir(b'/')", lambda: WasiConfig().preopen_dir(b"/"), TypeError, "must be a path"),
        ("WasiConfig().preopen_dir('/', 5)", lambda: WasiConfig().preopen_dir("/", 5), TypeError,
         "guest directory"),
        ("WasiConfig().preopen_dir('/', 'a::b')", lambda: WasiConfig().preopen_dir("/", "a::b"), ValueError,
         "invalid directory mapping"),
        ("WasiConfig().stdout_bytes", lambda: WasiConfig().stdout_bytes, ValueError, "not captured"),
    ]


def _sweep_specs(fx):
    """(label, call, good arguments): every public call, with arguments that work."""
    s, e, m = fx.s, fx.e, fx.m
    mem, g, t, et = fx.mem, fx.g, fx.t, fx.et
    ft, gt, tt, mt = FuncType([i32], [i32]), GlobalType(i32, True), TableType(funcref, Limits(1)), \
        MemoryType(Limits(1))

    def set_name(v):
        m.name = v

    def wasi(*args):
        w = WasiConfig(*args)
        w.close()
        return w

    def wasi_setter(attr):
        def set_(v):
            with WasiConfig() as w:
                setattr(w, attr, v)
        return set_

    def wasi_apply(module):
        with WasiConfig() as w:
            w.apply(module)

    def preopen(host, guest):
        with WasiConfig() as w:
            w.preopen_dir(host, guest)

    path = fx.wasm_path
    return [
        ("Store", Store, [e]),
        ("wat2wasm", wat2wasm, [SMALL]),
        ("Module", Module, [e, SMALL]),
        ("Module.validate", Module.validate, [e, SMALL]),
        ("Module.deserialize", Module.deserialize, [e, fx.blob]),
        ("Module.from_file", Module.from_file, [e, path]),
        ("Module.name=", set_name, ["robust"]),
        ("Instance", Instance, [s, fx.small, []]),
        ("Instance import", lambda x: Instance(s, m, [x] + fx.hosts[1:]), [fx.hosts[0]]),
        ("Instance.exports", fx.inst.exports, [s]),
        ("InstanceExports[]", fx.ex.__getitem__, ["add"]),
        ("Func", Func, [s, ft, abs]),
        ("Func.__call__", fx.add, [s, 1, 2]),
        ("Func.__call__ host", fx.hosts[0], [s, 1]),
        ("Func.__call__ funcref", fx.ex["fref"], [s, fx.add]),
        ("Func.__call__ externref", fx.ex["keep"], [s, object()]),
        ("Func.__call__ multi", fx.ex["call_cb2"], [s, 3]),
        ("Func.type", fx.add.type, [s]),
        ("Func.param_arity", fx.add.param_arity, [s]),
        ("Func.result_arity", fx.add.result_arity, [s]),
        ("Global", Global, [s, gt, 1]),
        ("Global funcref", lambda st, v: Global(st, GlobalType(funcref, True), v), [s, fx.add]),
        ("Global.value", g.value, [s]),
        ("Global.set_value", g.set_value, [s, 3]),
        ("Global.type", g.type, [s]),
        ("Table", Table, [s, tt, None]),
        ("Table.get", t.get, [s, 0]),
        ("Table.set", t.set, [s, 1, fx.add]),
        ("Table.set externref", et.set, [s, 1, "payload"]),
        ("Table.grow", t.grow, [s, 0, None]),
        ("Table.size", t.size, [s]),
        ("Table.type", t.type, [s]),
        ("Memory", Memory, [s, mt]),
        ("Memory.size", mem.size, [s]),
        ("Memory.data_len", mem.data_len, [s]),
        ("Memory.type", mem.type, [s]),
        ("Memory.grow", mem.grow, [s, 0]),
        ("Memory.read", mem.read, [s, 0, 4]),
        ("Memory.write", mem.write, [s, b"abc", 8]),
        ("Memory.buffer", lambda st: mem.buffer(st).release(), [s]),
        ("Memory.data_ptr", mem.data_ptr, [s]),
        ("ValType", ValType, [0]),
        ("Limits", Limits, [1, 2]),
        ("FuncType", FuncType, [[i32], [i64]]),
        ("GlobalType", GlobalType, [i32, True]),
        ("TableType", TableType, [funcref, Limits(1)]),
        ("MemoryType", MemoryType, [Limits(1)]),
        ("ImportType", ImportType, ["m", "n", ft, False]),
        ("ExportType", ExportType, ["n", ft]),
        ("Trap", Trap, ["message", []]),
        ("WasiExit", WasiExit, [3, "message", []]),
        ("WasiConfig", wasi, [["prog"], {"A": "1"}, [], None, None, None, False, False]),
        ("WasiConfig.argv=", wasi_setter("argv"), [["prog"]]),
        ("WasiConfig.env=", wasi_setter("env"), [{"A": "1"}]),
        ("WasiConfig.preopen_dir", preopen, [tempfile.gettempdir(), "/tmp"]),
        ("WasiConfig.apply", wasi_apply, [fx.small]),
    ]


def _bad_values(fx):
    return [None, "x", 1.5, 2 ** 64, -1, -2 ** 70, True, b"x", bytearray(b"\0asm"), memoryview(b"x"), [], {},
            object(), fx.other_func, fx.other_mem, fx.hmem, fx.hosts[0], fx.s2, fx.e, fx.m, i32,
            FuncType([], []), Limits(1), float("nan")]


class WrongTypesTest(Base):
    def test_exact_exceptions(self):
        failures = []
        for label, call, exc, pattern in _exact_cases(self.fx):
            try:
                got = call()
            except BaseException as e:  # noqa: B902
                if type(e) is not exc:
                    failures.append("%s: expected %s, got %s: %s" % (label, exc.__name__, type(e).__name__, e))
                elif not re.search(pattern, str(e)):
                    failures.append("%s: message %r does not match %r" % (label, str(e), pattern))
            else:
                failures.append("%s: no exception (returned %r)" % (label, got))
        self.assertEqual(failures, [], "\n".join(failures))
        self.fx.sane(self)

    def test_sweep_every_argument_position(self):
        """Every public call, with each argument in turn replaced by each bad value:
        a clear exception (or a result when the value happens to be valid), never an
        AttributeError, ctypes.ArgumentError, SystemError or a crash."""
        fx = self.fx
        keep = fx.objects()
        failures = []
        calls = 0
        for label, call, good in _sweep_specs(fx):
            good_result = call(*good)  # the arguments are right: it works
            if hasattr(good_result, "close") and not any(good_result is o for o in keep):
                good_result.close()
            for pos in range(len(good)):
                for bad in _bad_values(fx):
                    args = list(good)
                    args[pos] = bad
                    calls += 1
                    try:
                        r = call(*args)
                    except ALLOWED:
                        continue
                    except BaseException as e:  # noqa: B902
                        failures.append("%s: argument %d = %r: %s: %s" % (label, pos, bad, type(e).__name__, e))
                        continue
                    if hasattr(r, "close") and not any(r is o for o in keep):
                        r.close()  # made by the call
            fx.sane(self)
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertGreater(calls, 2000)

    def test_values_bool_and_index_objects(self):
        # a bool is an int everywhere (the fast path and the general one agree)
        fx, s = self.fx, self.fx.s
        self.assertEqual(fx.add(s, True, 1), 2)
        g = Global(s, GlobalType(i32, True), True)
        self.assertEqual(g.value(s), 1)
        g.set_value(s, False)
        self.assertEqual(g.value(s), 0)
        self.assertEqual(Global(s, GlobalType(f64), True).value(s), 1.0)

        class Idx:
            def __init__(self, v):
                self.v = v

            def __index__(self):
                return self.v

        class BadIdx:
            def __index__(self):
                return "x"
        self.assertEqual(fx.add(s, Idx(40), Idx(2)), 42)
        self.assertEqual(Global(s, GlobalType(i64), Idx(-5)).value(s), -5)
        with self.assertRaises(OverflowError):
            fx.add(s, Idx(2 ** 40), 1)
        with self.assertRaises(TypeError):
            fx.add(s, BadIdx(), 1)
        with self.assertRaises(TypeError):
            Global(s, GlobalType(i32), BadIdx())
        fx.sane(self)

    def test_trap_frames_checked(self):
        with self.assertRaises(TypeError):
            Trap("x", [1])
        with self.assertRaises(TypeError):
            Frame(None, None, None)
        with self.assertRaises(TypeError):
            Frame(1, -1, 0)
        frame = Frame(1, 2, 3)
        t = Trap("x", [frame])
        self.assertEqual(t.frames, [frame])
        self.assertIn("x", str(t))


# ---------------------------------------------------------------------------------------
# closed objects
# ---------------------------------------------------------------------------------------

# properties that are plain Python values, readable on a closed object
PLAIN_PROPERTIES = {"closed", "engine", "module", "metered", "argv", "env", "preopen_dirs", "stdin", "stdout", "stderr",
                    "stdin_file", "stdout_file", "stderr_file", "stdin_bytes", "capture_stdout", "capture_stderr"}


class ClosedTest(Base):
    def fresh_objects(self):
        """name -> a maker of a new object of each class (and kind) with a close()."""
        s, e = self.fx.s, self.fx.e
        small = Module(e, SMALL)
        self.addCleanup(small.close)

        def inst():
            return Instance(s, small)

        def export(name):
            i = inst()
            x = i.exports(s)[name]
            i.close()
            return x
        return {
            "Engine": Engine,
            "Store": lambda: Store(e),
            "Module": lambda: Module(e, SMALL),
            "Instance": inst,
            "Func (export)": lambda: export("f"),
            "Func (host)": lambda: Func(s, FuncType([i32], [i32]), abs),
            "Func (host, no params)": lambda: Func(s, FuncType([], [externref]), lambda: None),
            "Global (export)": lambda: export("g"),
            "Global (host)": lambda: Global(s, GlobalType(f32, True), 1.5),
            "Table (export)": lambda: export("t"),
            "Table (host)": lambda: Table(s, TableType(externref, Limits(1)), "x"),
            "Memory (export)": lambda: export("mem"),
            "Memory (host)": lambda: Memory(s, MemoryType(Limits(1))),
            "WasiConfig": lambda: WasiConfig(capture_stdout=True),
        }

    def sample_args(self, obj, name, fn):
        fx = self.fx
        samples = {"config": None, "store": fx.s, "delta": 1, "idx": 0, "start": 0, "stop": 1, "init": None, "fuel": 0,
                   "seconds": None, "timeout": None, "module": fx.small, "host_path": tempfile.gettempdir(),
                   "guest_path": None, "value": 0}
        per_method = {("Memory", "write", "value"): b"x", ("Table", "set", "value"): None,
                      ("Global", "set_value", "value"): 1}
        args = []
        for p in inspect.signature(fn).parameters.values():
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.default is not p.empty:
                continue
            key = (type(obj).__name__, name, p.name)
            if key in per_method:
                args.append(per_method[key])
            elif p.name in samples:
                args.append(samples[p.name])
            else:
                self.fail("no sample argument for %s.%s(%s): add one to sample_args" % (key[0], name, p.name))
        return args

    def test_every_public_method_raises_value_error(self):
        seen = set()
        for kind, make in self.fresh_objects().items():
            obj = make()
            obj.close()
            obj.close()  # twice is fine
            self.assertTrue(obj.closed, kind)
            self.assertIn("closed", repr(obj), kind)
            cls = type(obj)
            for name in dir(cls):
                if name.startswith("_") and name not in ("__call__", "__enter__"):
                    continue
                if name == "close":
                    continue
                raw = inspect.getattr_static(cls, name)
                where = "%s.%s" % (kind, name)
                if isinstance(raw, (staticmethod, classmethod)):
                    continue  # constructors: see test_closed_arguments
                if isinstance(raw, property):
                    if name in PLAIN_PROPERTIES:
                        getattr(obj, name)
                        continue
                    with self.assertRaises(ValueError, msg=where) as cm:
                        getattr(obj, name)
                    self.assertIn("closed", str(cm.exception), where)
                    seen.add(where)
                    continue
                if not callable(raw):
                    continue
                fn = getattr(obj, name)
                args = self.sample_args(obj, name, fn)
                with self.assertRaises(ValueError, msg="%s%r" % (where, tuple(args))) as cm:
                    fn(*args)
                self.assertIn("closed", str(cm.exception), where)
                seen.add(where)
        # the introspection found the methods (a sanity check, not the list it covers)
        for where in ("Memory (export).grow", "Memory (host).buffer", "Memory (host).write", "Table (host).set",
                      "Global (export).set_value", "Func (export).__call__", "Func (host).type",
                      "Instance.exports", "Module.serialize", "Module.name", "Engine.__enter__",
                      "Store.__enter__", "WasiConfig.apply", "WasiConfig.preopen_dir", "WasiConfig.stdout_bytes"):
            self.assertIn(where, seen)
        self.fx.sane(self)

    def test_closed_arguments(self):
        """A closed object given to a constructor or a call: ValueError."""
        fx, s = self.fx, self.fx.s
        e2 = Engine()
        e2.close()
        s3 = Store(fx.e)
        s3.close()
        m2 = Module(fx.e, SMALL)
        m2.close()
        f2 = Func(s, FuncType([i32], [i32]), abs)
        f2.close()
        imports = [Func(s, FuncType([i32], [i32]), abs)] + fx.hosts[1:]
        imports[0].close()
        cases = [
            ("Store(closed engine)", lambda: Store(e2)),
            ("Module(closed engine)", lambda: Module(e2, SMALL)),
            ("Module.validate(closed engine)", lambda: Module.validate(e2, SMALL)),
            ("Module.deserialize(closed engine)", lambda: Module.deserialize(e2, fx.blob)),
            ("Instance(closed store)", lambda: Instance(s3, fx.small)),
            ("Instance(closed module)", lambda: Instance(s, m2)),
            ("Instance(closed import)", lambda: Instance(s, fx.m, imports)),
            ("Func(closed store)", lambda: Func(s3, FuncType([], []), abs)),
            ("Global(closed store)", lambda: Global(s3, GlobalType(i32), 1)),
            ("Table(closed store)", lambda: Table(s3, TableType(funcref, Limits(1)))),
            ("Memory(closed store)", lambda: Memory(s3, MemoryType(Limits(1)))),
            ("call with closed store", lambda: fx.add(s3, 1, 2)),
            ("funcref argument closed", lambda: fx.ex["fref"](s, f2)),
            ("Table init closed Func", lambda: Table(s, TableType(funcref, Limits(1)), f2)),
            ("Table.set closed Func", lambda: fx.t.set(s, 0, f2)),
            ("Global funcref closed Func", lambda: Global(s, GlobalType(funcref), f2)),
            ("WasiConfig.apply(closed module)", lambda: WasiConfig().apply(m2)),
        ]
        cases.append(("Module.from_file(closed engine)", lambda: Module.from_file(e2, fx.wasm_path)))
        for label, call in cases:
            with self.assertRaises(ValueError, msg=label) as cm:
                call()
            self.assertIn("closed", str(cm.exception), label)
        fx.sane(self)

    def tracked(self, obj):
        freed = []
        real = obj._delete
        obj._delete = lambda p: (freed.append(p), real(p))
        return freed

    def test_close_while_in_use_frees_when_the_use_ends(self):
        """close() while a method holds the pointer (another thread, or a host function
        that method runs): closed at once, freed once, by the last use."""
        s = self.fx.s
        mem = Memory(s, MemoryType(Limits(1)))
        freed = self.tracked(mem)
        with mem._use() as p:
            with mem._use() as p2:
                self.assertEqual(p, p2)
                mem.close()
                mem.close()
                self.assertTrue(mem.closed)
                with self.assertRaises(ValueError):
                    mem.size(s)
                with self.assertRaises(ValueError):
                    mem._use()
            self.assertEqual(freed, [])
            self.assertEqual(_lib.memory_size(p), 1)  # still a valid handle
        self.assertEqual(freed, [p])
        mem.close()
        self.assertEqual(freed, [p])
        # not in use: freed at once
        g = Global(s, GlobalType(i32), 1)
        freed = self.tracked(g)
        g.close()
        self.assertEqual(len(freed), 1)

    def test_store_closed_by_the_start_function(self):
        """Instance() holds the store and module while instantiating: their close() by
        the start function frees them when it is done, once."""
        fx = self.fx
        s, m = Store(fx.e), Module(fx.e, '(module (import "env" "s" (func $s)) (start $s))')
        freed_s, freed_m = self.tracked(s), self.tracked(m)

        def start():
            s.close()
            m.close()
            self.assertEqual((freed_s, freed_m), ([], []))
        f = Func(s, FuncType([], []), start)
        inst = Instance(s, m, [f])
        self.assertEqual((len(freed_s), len(freed_m)), (1, 1))
        self.assertTrue(s.closed and m.closed)
        with self.assertRaises(ValueError):
            inst.exports(s)
        inst.close()
        f.close()

    def test_closed_wasi_config_blocks_instantiation(self):
        fx = self.fx
        m = Module(fx.e, '(module (import "wasi_snapshot_preview1" "sched_yield" (func (result i32))) '
                         '(memory (export "memory") 1))')
        self.addCleanup(m.close)
        w = WasiConfig(capture_stdout=True)
        w.apply(m)
        w.close()
        with self.assertRaises(ValueError):
            Instance(fx.s, m)
        WasiConfig().apply(m)  # a new config makes it usable again
        Instance(fx.s, m).close()

    def test_exports_after_instance_close(self):
        fx, s = self.fx, self.fx.s
        inst = Instance(s, fx.m, fx.hosts)
        ex = inst.exports(s)
        add = ex["add"]  # made before: own handle
        inst.close()
        self.assertEqual(add(s, 2, 2), 4)
        with self.assertRaises(ValueError):
            ex["mem"]  # not made before: its handle went with the instance
        with self.assertRaises(ValueError):
            inst.exports(s)
        self.assertEqual(len(ex), len(fx.ex))  # the names are plain data
        self.assertIn("mem", ex)

    def test_with_statement(self):
        fx = self.fx
        with Memory(fx.s, MemoryType(Limits(1))) as mem:
            mem.close()  # closing inside the block: the exit closes again, harmlessly
        with self.assertRaises(ValueError):
            with mem:
                pass
        with self.assertRaises(ZeroDivisionError):  # the block's exception comes out
            with Global(fx.s, GlobalType(i32), 1) as g:
                1 / 0
        self.assertTrue(g.closed)


# ---------------------------------------------------------------------------------------
# exceptions and bad results in host functions
# ---------------------------------------------------------------------------------------

class MyBase(BaseException):
    pass


class Plain(Exception):
    pass


class BadStr(Exception):
    def __str__(self):
        raise RuntimeError("no str for you")


class BadStrBase(Exception):
    def __str__(self):
        raise KeyboardInterrupt


class BadRepr(Exception):
    def __str__(self):
        return "\udc80 not utf-8 \0 nul"


def _recurse(n):
    return _recurse(n + 1) + 1


class CallbackTest(Base):
    RAISERS = [ValueError("v"), KeyboardInterrupt(), SystemExit(3), GeneratorExit(), MyBase("mine"),
               Plain("x" * 1000000), BadStr(), BadStrBase(), BadRepr(), StopIteration(5), MemoryError(),
               ZeroDivisionError()]

    def check_raises_through(self, name, via):
        fx = self.fx
        for exc in self.RAISERS:
            def boom(*args, exc=exc):
                raise exc
            fx.behave[name] = boom
            with self.assertRaises(type(exc), msg="%s via %s" % (type(exc).__name__, via)) as cm:
                via()
            self.assertIs(cm.exception, exc)
            fx.sane(self)

    def test_every_exception_type_through_wasm(self):
        fx, s = self.fx, self.fx.s
        self.check_raises_through("cb", lambda: fx.ex["call_cb"](s, 1))
        self.check_raises_through("cb2", lambda: fx.ex["call_cb2"](s, 1))
        self.check_raises_through("cbf", lambda: fx.ex["call_cbf"](s))
        self.check_raises_through("cbn", lambda: fx.ex["call_cbn"](s))

    def test_every_exception_type_called_directly(self):
        fx, s = self.fx, self.fx.s
        self.check_raises_through("cb", lambda: fx.hosts[0](s, 1))
        self.check_raises_through("cbf", lambda: fx.hosts[2](s))

    def test_recursion_error_in_callback(self):
        fx, s = self.fx, self.fx.s
        fx.behave["cb"] = lambda x: _recurse(0)
        with self.assertRaises(RecursionError):
            fx.ex["call_cb"](s, 1)
        fx.sane(self)

    def test_exception_while_converting_result(self):
        fx, s = self.fx, self.fx.s

        class Idx:
            def __index__(self):
                raise Plain("no index")
        fx.behave["cb"] = lambda x: Idx()
        with self.assertRaises(Plain):
            fx.ex["call_cb"](s, 1)
        fx.sane(self)

    def test_bad_results(self):
        fx, s = self.fx, self.fx.s
        closed = Func(s, FuncType([], []), abs)
        closed.close()
        cases = [
            ("cb", "x", TypeError, r"host function cb\(\) result 1: expected an int for i32, got str"),
            ("cb", None, TypeError, "got NoneType"),
            ("cb", 1.5, TypeError, "got float"),
            ("cb", [1], TypeError, "got list"),
            ("cb", (1, 2), TypeError, "got tuple"),
            ("cb", 2 ** 32, OverflowError, "does not fit in i32"),
            ("cb", -2 ** 31 - 1, OverflowError, "does not fit in i32"),
            ("cb", 2 ** 64, OverflowError, "does not fit in i32"),
            ("cb", object(), TypeError, "got object"),
            ("cb2", 1, TypeError, r"host function cb2\(\) must return a tuple of 2 values, got int"),
            ("cb2", (1,), TypeError, "must return a tuple of 2 values, got tuple"),
            ("cb2", (1, 2, 3), TypeError, "tuple of 2 values"),
            ("cb2", None, TypeError, "got NoneType"),
            ("cb2", (1, "x"), TypeError, "result 2: expected an int for i64"),
            ("cb2", (2 ** 32, 1), OverflowError, "result 1"),
            ("cb2", (1, 2 ** 64), OverflowError, "does not fit in i64"),
            ("cbf", 5, TypeError, r"host function cbf\(\) result 1: expected a Func or None for funcref"),
            ("cbf", fx.mem, TypeError, "got Memory"),
            ("cbf", fx.other_func, ValueError, "another store"),
            ("cbf", closed, ValueError, "closed"),
            ("cbn", 5, TypeError, r"host function cbn\(\) returned int, expected None"),
            ("cbn", (), TypeError, "returned tuple"),
        ]
        callers = {"cb": lambda: fx.ex["call_cb"](s, 1), "cb2": lambda: fx.ex["call_cb2"](s, 1),
                   "cbf": lambda: fx.ex["call_cbf"](s), "cbn": lambda: fx.ex["call_cbn"](s)}
        direct = {"cb": lambda: fx.hosts[0](s, 1), "cb2": lambda: fx.hosts[1](s, 1), "cbf": lambda: fx.hosts[2](s),
                  "cbn": lambda: fx.hosts[3](s)}
        for name, value, exc, pattern in cases:
            for how, call in (("through wasm", callers[name]), ("directly", direct[name])):
                fx.behave[name] = lambda *a, value=value: value
                label = "%s returning %r %s" % (name, value, how)
                with self.assertRaises(exc, msg=label) as cm:
                    call()
                self.assertRegex(str(cm.exception), pattern, label)
                fx.sane(self)
        # and the right values are taken
        for name, value, expect in (("cb", 2 ** 32 - 1, -1), ("cb", True, 1), ("cb2", [2 ** 31, -1], (-2 ** 31, -1)),
                                    ("cb2", (7, 2 ** 64 - 1), (7, -1)), ("cbf", fx.add, fx.add), ("cbn", None, None)):
            fx.behave[name] = lambda *a, value=value: value
            got = callers[name]()
            if name == "cbf":
                self.assertEqual(got(s, 20, 22), 42)
            else:
                self.assertEqual(got, expect)

    def test_callback_closing_things_it_does_not_run_in(self):
        fx, s = self.fx, self.fx.s
        victims = [Memory(s, MemoryType(Limits(1))), Global(s, GlobalType(i32), 1), Instance(s, fx.small),
                   Func(s, FuncType([], []), abs)]

        def cb(x):
            for v in victims:
                v.close()
            return x * 2
        fx.behave["cb"] = cb
        self.assertEqual(fx.ex["call_cb"](s, 21), 42)
        self.assertTrue(all(v.closed for v in victims))
        fx.sane(self)

    def test_callback_closing_objects_of_another_store(self):
        fx, s = self.fx, self.fx.s
        e2 = Engine()
        s2 = Store(e2)
        inst = Instance(s2, Module(e2, SMALL))
        f = inst.exports(s2)["f"]

        def cb(x):
            r = f(s2, x)
            f.close()
            inst.close()
            s2.close()
            e2.close()
            return r
        fx.behave["cb"] = cb
        self.assertEqual(fx.ex["call_cb"](s, 41), 42)
        with self.assertRaises(ValueError):
            fx.ex["call_cb"](s, 1)  # f is closed now: the callback's ValueError comes out
        fx.sane(self)


class CloseDuringCallTest(unittest.TestCase):
    """Closing the function being called, or every handle of its store, while the call
    runs (from its own host function, or from another thread)."""

    CODE = """
    import gc, sys, threading
    from wamr import *
    i32 = ValType.i32()
    e = Engine(); s = Store(e)
    m = Module(e, '(module (import "env" "f" (func $f (param i32) (result i32)))'
                  ' (func (export "run") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1))))')
    holder = {}
    MODE = %r
    def cb(x):
        if MODE == "thread":
            holder["go"].set()
            holder["done"].wait(30)
        else:
            for k in ("run", "f", "inst", "s", "m", "e"):
                holder[k].close()
            gc.collect()
        return x + 1
    f = Func(s, FuncType([i32], [i32]), cb)
    inst = Instance(s, m, [f])
    run = inst.exports(s)["run"]
    holder.update(run=run, f=f, inst=inst, s=s, m=m, e=e, go=threading.Event(), done=threading.Event())
    if MODE == "thread":
        def closer():
            holder["go"].wait(30)
            for k in ("run", "f", "inst", "s", "m", "e"):
                holder[k].close()
            gc.collect()
            holder["done"].set()
        t = threading.Thread(target=closer)
        t.start()
    print("result", run(s, 40))
    if MODE == "thread":
        t.join()
    """

    # The library keeps what a running call uses when a callback deletes every handle
    # of its store (capi extern.rs ExternObj::drop; tests/c/test_delete_in_call.c).
    def test_close_everything_from_own_callback(self):
        run_child(self, self.CODE % "callback", expect="result 42")

    def test_close_everything_from_another_thread(self):
        run_child(self, self.CODE % "thread", expect="result 42")

    def test_instantiation_whose_start_closes_everything(self):
        run_child(self, """
        import gc
        from wamr import *
        e = Engine(); s = Store(e)
        m = Module(e, '(module (import "env" "s" (func $s)) (global (export "g") i32 (i32.const 9)) (start $s))')
        holder = {}
        def start():
            for k in ("f", "s", "m", "e"):
                holder[k].close()
            gc.collect()
        f = Func(s, FuncType([], []), start)
        holder.update(f=f, s=s, m=m, e=e)
        inst = Instance(s, m, [f])
        print("closed store:", s.closed)
        try:
            inst.exports(s)
        except ValueError as x:
            print("exports:", x)
        inst.close()
        print("done")
        """, expect="exports: this Store is closed")


# ---------------------------------------------------------------------------------------
# objects outliving their store, engine, module, instance
# ---------------------------------------------------------------------------------------

class OutliveTest(unittest.TestCase):
    def build(self):
        e = Engine()
        s = Store(e)
        calls = []

        def cb(x):
            calls.append(x)
            return x + 1
        host = Func(s, FuncType([i32], [i32]), cb)
        m = Module(e, MAIN)
        hosts = [host, Func(s, FuncType([i32], [i32, i64]), lambda x: (x, x)),
                 Func(s, FuncType([], [funcref]), lambda: None), Func(s, FuncType([], []), lambda: None)]
        inst = Instance(s, m, hosts)
        ex = inst.exports(s)
        return e, s, m, inst, ex, host, calls

    def test_survivors_work_after_everything_else_is_dropped(self):
        e, s, m, inst, ex, host, calls = self.build()
        add, call_cb, mem, g, t, et, keep, peek = (ex[n] for n in ("add", "call_cb", "mem", "g", "t", "et", "keep",
                                                                   "peek"))
        payload = ["payload"]
        keep(s, payload)
        del e, m, inst, ex, payload
        gc.collect()
        self.assertEqual(add(s, 20, 22), 42)
        self.assertEqual(call_cb(s, 1), 2)
        self.assertEqual(host(s, 5), 6)
        self.assertEqual(calls, [1, 5])
        mem.write(s, b"abc", 10)
        self.assertEqual(bytes(mem.read(s, 10, 13)), b"abc")
        g.set_value(s, 99)
        self.assertEqual(g.value(s), 99)
        self.assertEqual(t.get(s, 0)(s, 1, 2), 3)
        self.assertEqual(peek(s), ["payload"])
        self.assertEqual(et.get(s, 0), ["payload"])
        for obj in (add, call_cb, mem, g, t, et, keep, peek, host):
            obj.close()
        s.close()

    def test_engine_closed_first(self):
        e, s, m, inst, ex, host, calls = self.build()
        e.close()
        self.assertEqual(ex["add"](s, 1, 2), 3)
        inst2 = Instance(s, m, [host] + [Func(s, FuncType([i32], [i32, i64]), lambda x: (x, x)),
                                         Func(s, FuncType([], [funcref]), lambda: None),
                                         Func(s, FuncType([], []), lambda: None)])
        self.assertEqual(inst2.exports(s)["call_cb"](s, 9), 10)  # a compiled module needs no engine handle
        with self.assertRaises(ValueError):
            Store(e)
        with self.assertRaises(ValueError):
            Module(e, SMALL)
        inst2.close()
        s.close()

    def test_module_closed_first(self):
        e, s, m, inst, ex, host, calls = self.build()
        m.close()
        self.assertEqual(inst.exports(s)["add"](s, 1, 2), 3)
        self.assertIs(inst.module, m)
        with self.assertRaises(ValueError):
            inst.module.imports
        with self.assertRaises(ValueError):
            Instance(s, m, [])
        s.close()

    def test_store_closed_first(self):
        """The Store's docstring: objects keep the native store alive; calls that pass
        the closed Store raise ValueError; the objects still close fine."""
        e, s, m, inst, ex, host, calls = self.build()
        objs = {n: ex[n] for n in ex}
        view = objs["mem"].buffer(s)
        view[0] = 42
        s.close()
        calls_ = [(objs["add"], (s, 1, 2)), (host, (s, 1)), (objs["mem"].read, (s,)), (objs["g"].value, (s,)),
                  (objs["t"].get, (s, 0)), (objs["mem"].buffer, (s,)), (inst.exports, (s,))]
        for fn, args in calls_:
            with self.assertRaises(ValueError, msg=repr(fn)) as cm:
                fn(*args)
            self.assertIn("Store is closed", str(cm.exception))
        self.assertEqual(view[0], 42)  # the view keeps the memory
        s2 = Store(e)
        with self.assertRaises(ValueError):
            objs["add"](s2, 1, 2)  # another store is no way back in
        for o in objs.values():
            o.close()
        self.assertEqual(view[0], 42)
        view.release()
        inst.close()
        host.close()
        s2.close()
        e.close()
        m.close()

    def test_store_dropped_without_close(self):
        """Dropping every reference to a Store while its objects live: they keep it."""
        e, s, m, inst, ex, host, calls = self.build()
        add = ex["add"]
        del ex, inst, host
        gc.collect()
        self.assertEqual(add(s, 1, 1), 2)
        add_store = add._store
        del s
        gc.collect()
        self.assertFalse(add_store.closed)  # the Func keeps its Store
        self.assertEqual(add(add_store, 2, 2), 4)
        add.close()
        add_store.close()

    def test_funcs_from_tables_and_refs_outlive_the_table(self):
        e, s, m, inst, ex, host, calls = self.build()
        t = ex["t"]
        f = t.get(s, 0)
        t.close()
        inst.close()
        del ex, inst
        gc.collect()
        self.assertEqual(f(s, 2, 3), 5)
        back = Instance(s, Module(e, SMALL)).exports(s)["f"]
        self.assertEqual(back(s, 1), 2)
        s.close()


# ---------------------------------------------------------------------------------------
# memory views
# ---------------------------------------------------------------------------------------

class MemoryViewTest(Base):
    def test_grow_keeps_views_valid(self):
        # The bytes never move (README, Memory): views and pointers taken before a
        # growth stay valid, whoever grows the memory.
        fx, s = self.fx, self.fx.s
        mem = fx.mem
        view = mem.buffer(s)
        part = view[10:20]
        ints = view[:16].cast("I")
        ptr = mem.data_ptr(s)
        view[3] = 42
        self.assertEqual(mem.grow(s, 1), 1)
        self.assertEqual(mem.size(s), 2)
        self.assertEqual(view[3], 42)
        view[4] = 43
        part[0] = 44
        ints[3] = 0x01020304
        self.assertEqual(mem.read(s, 3, 5), b"\x2a\x2b")
        self.assertEqual(mem.read(s, 10, 11), b"\x2c")
        self.assertEqual(mem.read(s, 12, 16), b"\x04\x03\x02\x01")
        self.assertEqual(ptr[4], 43)
        self.assertEqual(len(view), 65536)  # the size it was taken at
        self.assertEqual(len(mem.buffer(s)), 2 * 65536)
        self.assertEqual(mem.grow(s, 0), 2)
        with self.assertRaises(WasmError):
            mem.grow(s, 10)  # past the maximum
        self.assertEqual(view[3], 42)

    def test_views_keep_the_memory(self):
        fx, s = self.fx, self.fx.s
        mem = Memory(s, MemoryType(Limits(1, 2)))
        view = mem.buffer(s)
        view[5] = 55
        mem.close()  # the Memory is closed, the view keeps its own handle
        self.assertEqual(view[5], 55)
        view[6] = 66
        self.assertEqual(bytes(view[5:7]), b"\x37\x42")
        ptr = fx.mem.data_ptr(s)
        ptr[3] = 33
        self.assertEqual(fx.ex["load"](s, 3), 33)

    def test_empty_memory(self):
        s = self.fx.s
        mem = Memory(s, MemoryType(Limits(0, 1)))
        view = mem.buffer(s)
        self.assertEqual((len(view), view.readonly), (0, True))
        self.assertEqual(mem.grow(s, 1), 0)  # an empty view is not the memory's bytes
        self.assertEqual(len(mem.buffer(s)), 65536)
        mem.close()

    def test_views_outlive_everything(self):
        """A view of a 4-page memory (large enough for the allocator to unmap it when
        freed) after the memory, instance, store, module and engine are closed and
        collected: the bytes are still there, right, and writable."""
        run_child(self, """
        import gc
        from wamr import *
        for how in ("close", "del", "close+del"):
            e = Engine(); s = Store(e)
            m = Module(e, '(module (memory (export "mem") 4 8) (data (i32.const 0) "wasm")'
                          ' (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))')
            inst = Instance(s, m)
            mem = inst.exports(s)["mem"]
            view = mem.buffer(s)
            ints = view[4096:].cast("I")
            ints[0] = 0x01020304
            view[len(view) - 1] = 9
            if "close" in how:
                for o in (mem, inst, s, m, e):
                    o.close()
            if "del" in how:
                del mem, inst, s, m, e
            gc.collect()
            assert bytes(view[:4]) == b"wasm", bytes(view[:4])
            assert ints[0] == 0x01020304
            assert view[len(view) - 1] == 9
            for i in range(0, len(view), 4096):
                view[i] = i & 0xFF
            assert all(view[i] == i & 0xFF for i in range(0, len(view), 4096))
            del ints
            view.release()
            gc.collect()
        print("views ok")
        """, expect="views ok")

    def test_wasm_growth_then_fresh_view(self):
        # wasm code growing the memory cannot be refused by Python; a view taken after
        # it sees the new size and the old bytes
        fx, s = self.fx, self.fx.s
        fx.mem.write(s, b"keep", 0)
        self.assertEqual(fx.ex["grow"](s, 2), 1)
        view = fx.mem.buffer(s)
        self.assertEqual(len(view), 3 * 65536)
        self.assertEqual(bytes(view[:4]), b"keep")
        view[-1] = 5
        self.assertEqual(fx.ex["load"](s, 3 * 65536 - 1), 5)


# ---------------------------------------------------------------------------------------
# random garbage-collection orders
# ---------------------------------------------------------------------------------------

GC_FUZZ = r"""
import gc, random, sys
from wamr import *
from wamr import _func, _values

i32, i64, funcref, externref = ValType.i32(), ValType.i64(), ValType.funcref(), ValType.externref()
WAT = %r
SMALL = %r
SEEDS = range(%d)
hosts0, externs0 = len(_func._HOSTS), len(_values._EXTERN_OBJECTS)

def build():
    g = {}
    g["e"] = e = Engine()
    g["s"] = s = Store(e)
    g["m"] = m = Module(e, WAT)
    g["wasi"] = w = WasiConfig(capture_stdout=True)
    w.apply(g["m"])
    state = {"n": 0}
    def cb(x):  # a closure referring back to the store and the memory
        state["n"] += 1
        if "mem" in g and not g["mem"].closed and not s.closed:
            g["mem"].write(s, b"cb", 100)
        return x + 1
    g["cb"] = cb
    g["f"] = Func(s, FuncType([i32], [i32]), cb)
    g["f2"] = Func(s, FuncType([i32], [i32, i64]), lambda x: (x, x))
    g["f3"] = Func(s, FuncType([], [funcref]), lambda: g.get("add"))
    g["f4"] = Func(s, FuncType([], []), lambda: None)
    g["inst"] = inst = Instance(s, m, [g["f"], g["f2"], g["f3"], g["f4"]])
    g["ex"] = ex = inst.exports(s)
    for n in ("add", "call_cb", "mem", "g", "t", "et", "keep", "call_cbf"):
        g[n] = ex[n]
    g["payload"] = payload = {"store": s}  # an externref pointing back at its store
    g["keep"](s, payload)
    g["view"] = g["mem"].buffer(s)
    g["slice"] = g["view"][64:128]
    g["ptr"] = g["mem"].data_ptr(s)
    g["hmem"] = Memory(s, MemoryType(Limits(1, 2)))
    g["hview"] = g["hmem"].buffer(s)
    g["htab"] = Table(s, TableType(funcref, Limits(2)), g["f"])
    g["hglob"] = Global(s, GlobalType(funcref, True), g["add"])
    g["small"] = Instance(s, Module(e, SMALL)).exports(s)["f"]
    g["view"][0] = 7
    return g

def alive(g, *names):
    return all(n in g and not getattr(g[n], "closed", False) for n in names)

def poke(g, rng):
    # uses what is left; the right value or ValueError (a closed object), nothing else
    s = g.get("s")
    try:
        if alive(g, "add", "s"):
            assert g["add"](s, 40, 2) == 42
        if alive(g, "call_cb", "s"):
            assert g["call_cb"](s, 1) == 2
        if alive(g, "call_cbf", "s"):
            r = g["call_cbf"](s)
            assert r is None or r(s, 1, 2) == 3
        if "view" in g:
            assert g["view"][0] == 7, g["view"][0]
            g["view"][1] = 1
        if "slice" in g:
            g["slice"][0] = 3
        if "ptr" in g:
            assert g["ptr"][0] == 7
        if "hview" in g:
            g["hview"][0] = 1
            assert g["hview"][0] == 1
        if alive(g, "mem", "s"):
            assert g["mem"].read(s, 0, 1) == b"\x07"
            try:
                g["mem"].grow(s, 1)  # views and pointers stay valid (the bytes never move)
            except WasmError:
                pass  # at its maximum
        if alive(g, "g", "s"):
            g["g"].set_value(s, 5)
            assert g["g"].value(s) == 5
        if alive(g, "t", "s"):
            t0 = g["t"].get(s, 0)
            assert t0(s, 1, 1) == 2
        if alive(g, "et", "s"):
            p = g["et"].get(s, 0)
            assert p is None or p["store"] is not None
        if alive(g, "htab", "s"):
            assert g["htab"].get(s, 0)(s, 3) == 4
        if alive(g, "hglob", "s"):
            assert g["hglob"].value(s)(s, 1, 1) == 2
        if alive(g, "small", "s"):
            assert g["small"](s, 1) == 2
        if alive(g, "wasi"):
            assert g["wasi"].stdout_bytes == b""
    except ValueError as x:
        assert "closed" in str(x), x

for seed in SEEDS:
    print("seed", seed, flush=True)
    rng = random.Random(seed)
    g = build()
    names = [n for n in g if n != "cb"]
    rng.shuffle(names)
    for n in names:
        obj = g[n]
        if hasattr(obj, "close") and rng.random() < 0.4:
            obj.close()
        elif isinstance(obj, memoryview) and rng.random() < 0.3:
            obj.release()
        del g[n], obj
        if rng.random() < 0.25:
            gc.collect()
        poke(g, rng)
    del g  # (its "cb" lives on in the host function: it keeps the store, as documented)
    gc.collect()

# every store is gone unless a closure kept it: close those (their Store objects are
# only reachable from the host functions)
for h in list(_func._HOSTS.values()):
    st = h.store()
    if st is not None:
        st.close()
gc.collect()
print("hosts left", len(_func._HOSTS) - hosts0, "externrefs left", len(_values._EXTERN_OBJECTS) - externs0)
print("done", len(SEEDS))
"""


class RandomGcOrderTest(unittest.TestCase):
    def test_random_deletion_orders(self):
        proc = run_child(self, GC_FUZZ % (MAIN, SMALL, 200), expect="done 200")
        self.assertIn("hosts left 0 externrefs left 0", proc.stdout)

    def test_objects_alive_at_interpreter_exit(self):
        """Everything left in globals when the interpreter exits (modules torn down in
        any order): no crash, nothing printed on stderr."""
        proc = run_child(self, """
        from wamr import *
        i32 = ValType.i32()
        e = Engine(); s = Store(e)
        m = Module(e, %r)
        cbs = [lambda x: x + 1, lambda x: (x, x), lambda: None, lambda: None]
        tys = [FuncType([i32], [i32]), FuncType([i32], [i32, ValType.i64()]), FuncType([], [ValType.funcref()]),
               FuncType([], [])]
        inst = Instance(s, m, [Func(s, t, f) for t, f in zip(tys, cbs)])
        ex = inst.exports(s)
        view = ex["mem"].buffer(s)
        ex["keep"](s, {"store": s, "view": view})
        w = WasiConfig(capture_stdout=True); w.apply(m)
        loop = [s, inst, ex, m, e]
        loop.append(loop)
        print("exiting", ex["add"](s, 1, 2))
        """ % MAIN, expect="exiting 3")
        self.assertEqual(proc.stderr, "")


# ---------------------------------------------------------------------------------------
# threads
# ---------------------------------------------------------------------------------------

class ThreadsTest(unittest.TestCase):
    def test_own_stores_over_a_shared_module(self):
        run_child(self, r"""
        import threading
        from wamr import *
        i32 = ValType.i32()
        e = Engine()
        m = Module(e, '(module (import "env" "cb" (func $cb (param i32) (result i32)))'
                      ' (memory (export "mem") 1)'
                      ' (func (export "run") (param i32) (result i32)'
                      '   (i32.mul (call $cb (local.get 0)) (i32.const 2))))')

        class Mine(Exception):
            pass
        errors = []

        def worker(k):
            try:
                with Store(e) as s:
                    def cb(x):
                        if k == 0 and x % 7 == 0:
                            raise Mine(k, x)
                        return x + k
                    f = Func(s, FuncType([i32], [i32]), cb)
                    ex = Instance(s, m, [f]).exports(s)
                    run, mem = ex["run"], ex["mem"]
                    for x in range(3000):
                        try:
                            got = run(s, x)
                        except Mine as exc:
                            assert k == 0 and exc.args == (0, x), exc.args
                            continue
                        assert not (k == 0 and x % 7 == 0)
                        assert got == 2 * (x + k), (k, x, got)
                        if x % 500 == 0:
                            mem.write(s, bytes([k]) * 16, 0)
                            assert mem.read(s, 0, 16) == bytes([k]) * 16
                # a module compiled while others run
                Module(e, '(module (func (export "f")))').close()
            except BaseException as exc:
                errors.append(repr(exc))
        ts = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        assert not errors, errors
        print("threads ok")
        """, expect="threads ok")

    def test_closing_objects_another_thread_uses(self):
        """Thread A reads and writes memories, globals and tables, compiles modules and
        instantiates them; thread B closes those objects (and the store, module and
        engine) at random moments. A sees right values or ValueError, never a crash."""
        run_child(self, r"""
        import random, threading, time
        from wamr import *
        SMALL = %r
        errors = []
        for rep in range(30):
            rng = random.Random(rep)
            e = Engine(); s = Store(e)
            m = Module(e, SMALL)
            inst = Instance(s, m)
            ex = inst.exports(s)
            objs = {"mem": ex["mem"], "g": ex["g"], "t": ex["t"], "inst": inst, "s": s, "m": m, "e": e,
                    "hmem": Memory(s, MemoryType(Limits(1, 3)))}
            stop = threading.Event()

            def user():
                try:
                    while not stop.is_set():
                        try:
                            objs["mem"].write(s, b"abcd", 8)
                            assert objs["mem"].read(s, 8, 12) == b"abcd"
                            objs["g"].set_value(s, 3)
                            assert objs["g"].value(s) == 3
                            assert objs["t"].size(s) == 1
                            objs["t"].set(s, 0, None)
                            if objs["hmem"].size(s) < 3:
                                objs["hmem"].grow(s, 1)
                            Instance(s, m).close()
                            Module(e, SMALL).close()
                        except ValueError as x:
                            assert "closed" in str(x), x
                            time.sleep(0)
                except BaseException as x:
                    errors.append(repr(x))
            t = threading.Thread(target=user)
            t.start()
            names = list(objs)
            rng.shuffle(names)
            for n in names:
                time.sleep(rng.random() * 0.002)
                objs[n].close()
            stop.set()
            t.join()
        assert not errors, errors
        print("closing ok")
        """ % SMALL, expect="closing ok")

    def test_engine_closed_while_another_thread_compiles(self):
        run_child(self, r"""
        import threading
        from wamr import *
        text = '(module %s)' % ' '.join('(func (export "f%d") (result i32) (i32.const %d))' % (i, i)
                                        for i in range(300))
        errors = []
        for rep in range(20):
            e = Engine()
            def compile_():
                try:
                    for _ in range(5):
                        Module(e, text).close()
                except ValueError as x:
                    assert "closed" in str(x)
                except BaseException as x:
                    errors.append(repr(x))
            ts = [threading.Thread(target=compile_) for _ in range(2)]
            [t.start() for t in ts]
            e.close()
            [t.join() for t in ts]
        assert not errors, errors
        print("compile ok")
        """, expect="compile ok")


if __name__ == "__main__":
    unittest.main()
