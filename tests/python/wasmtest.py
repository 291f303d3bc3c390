"""Shared helpers of the Python tests: import path, WAT -> wasm, a store per test.

Imported by every test_*.py. The package is taken from python/ in this repo; the library
is whatever wamr.wasmcapi.ffi loads ($WAMR_LIBIWASM first; `make test-python` sets it).
"""
import contextlib
import ctypes as c
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PYTHON_DIR = os.path.join(REPO, "python")
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)

from wamr.wasmcapi.ffi import *  # noqa: E402,F401,F403
from wamr.wasmcapi import ffi, binding  # noqa: E402,F401

_WASM_CACHE = {}
_WAT2WASM = None


def wat2wasm_path():
    """$WAT2WASM, else the newest target/{debug,release}/wat2wasm, else build it."""
    global _WAT2WASM
    if _WAT2WASM:
        return _WAT2WASM
    env = os.environ.get("WAT2WASM")
    if env:
        _WAT2WASM = env
        return env
    found = [p for p in (os.path.join(REPO, "target", d, "wat2wasm") for d in ("debug", "release"))
             if os.path.isfile(p)]
    if not found:
        subprocess.run(["cargo", "build", "-q", "-p", "wat2wasm"], cwd=REPO, check=True)
        found = [os.path.join(REPO, "target", "debug", "wat2wasm")]
    _WAT2WASM = max(found, key=os.path.getmtime)
    return _WAT2WASM


def wat(source):
    """The wasm bytes of a WAT text (compiled with the project's wat2wasm, cached)."""
    if source not in _WASM_CACHE:
        with tempfile.TemporaryDirectory(prefix="wamr-pytest-") as tmp:
            src, out = os.path.join(tmp, "m.wat"), os.path.join(tmp, "m.wasm")
            with open(src, "w") as f:
                f.write(source)
            proc = subprocess.run([wat2wasm_path(), src, "-o", out], stderr=subprocess.PIPE,
                                  universal_newlines=True)
            if proc.returncode != 0:
                raise ValueError("wat2wasm failed: " + proc.stderr)
            with open(out, "rb") as f:
                _WASM_CACHE[source] = f.read()
    return _WASM_CACHE[source]


@contextlib.contextmanager
def captured_stderr():
    """Captures what the library writes to fd 2; yields a list that receives the text."""
    sys.stderr.flush()
    out = []
    with tempfile.TemporaryFile(mode="w+b") as tmp:
        saved = os.dup(2)
        os.dup2(tmp.fileno(), 2)
        try:
            yield out
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            out.append(tmp.read().decode("utf-8", "replace"))


def byte_vec(data):
    """A library-owned wasm_byte_vec_t of data (caller deletes)."""
    v = wasm_byte_vec_t()
    wasm_byte_vec_new(v, len(data), data)
    return v


def name_bytes(p):
    """The bytes of a wasm_name_t* / wasm_name_t (trailing NUL kept)."""
    return wasm_name_to_bytes(p)


def addr(p):
    return c.cast(p, c.c_void_p).value


class StoreTest(unittest.TestCase):
    """A fresh engine and store per test, with helpers that clean up after themselves."""

    def setUp(self):
        self.engine = wasm_engine_new()
        self.assertTrue(self.engine)
        self.store = wasm_store_new(self.engine)
        self.assertTrue(self.store)
        self.addCleanup(self._teardown_store)

    def _teardown_store(self):
        wasm_store_delete(self.store)
        wasm_engine_delete(self.engine)

    def binary(self, source):
        """A wasm_byte_vec_t of a WAT module, deleted at cleanup."""
        v = byte_vec(wat(source))
        self.addCleanup(wasm_byte_vec_delete, v)
        return v

    def module(self, source):
        binary = self.binary(source)
        m = wasm_module_new(self.store, binary)
        self.assertTrue(m, "module did not compile")
        self.addCleanup(wasm_module_delete, m)
        return m

    def instance(self, source, imports=(), expect_trap=None):
        """Instantiates a module with a list of wasm_extern_t pointers as imports."""
        m = self.module(source)
        # WASM_ARRAY_VEC: a Python-owned vec borrowing the externs (never deleted)
        vec = wasm_array_vec(wasm_extern_vec_t, list_to_carray(POINTER(wasm_extern_t), *imports))
        trap = POINTER(wasm_trap_t)()
        inst = wasm_instance_new(self.store, m, vec, byref(trap))
        if trap:
            msg = wasm_byte_vec_t()
            wasm_trap_message(trap, msg)
            text = wasm_name_to_str(msg)
            wasm_byte_vec_delete(msg)
            wasm_trap_delete(trap)
            if expect_trap is None:
                self.fail("instantiation trapped: %s" % text)
            return inst, text
        self.assertTrue(inst, "instantiation failed without a trap")
        self.addCleanup(wasm_instance_delete, inst)
        return (inst, None) if expect_trap is not None else inst

    def exports(self, inst):
        """The instance's exports as a list of wasm_extern_t pointers (vec deleted at cleanup)."""
        vec = wasm_extern_vec_t()
        wasm_instance_exports(inst, vec)
        self.addCleanup(wasm_extern_vec_delete, vec)
        return wasm_vec_to_list(vec)

    def export_func(self, inst, index):
        f = wasm_extern_as_func(self.exports(inst)[index])
        self.assertTrue(f)
        return f

    def call(self, func, *args, nresults=None):
        """Calls func with wasm_val_t args; returns (results list, trap message or None)."""
        if nresults is None:
            nresults = wasm_func_result_arity(func)
        a = wasm_val_vec_t()
        if args:
            wasm_val_vec_new(a, len(args), list_to_carray(wasm_val_t, *args))
        else:
            wasm_val_vec_new_empty(a)
        r = wasm_val_vec_t()
        wasm_val_vec_new_uninitialized(r, nresults)
        trap = wasm_func_call(func, a, r)
        try:
            if trap:
                msg = wasm_byte_vec_t()
                wasm_trap_message(trap, msg)
                text = wasm_name_to_str(msg)
                wasm_byte_vec_delete(msg)
                wasm_trap_delete(trap)
                return None, text
            out = []
            for v in wasm_vec_to_list(r):  # own copies: deleting r releases its refs
                mine = wasm_val_t()
                wasm_val_copy(mine, v)
                if mine.kind in (WASM_EXTERNREF, WASM_FUNCREF) and mine.of.ref:
                    self.addCleanup(wasm_val_delete, mine)
                out.append(mine)
            return out, None
        finally:
            wasm_val_vec_delete(a)
            wasm_val_vec_delete(r)

    def host_func(self, functype, callback):
        """A host wasm_func_t (functype is consumed), deleted at cleanup."""
        f = wasm_func_new(self.store, functype, callback)
        wasm_functype_delete(functype)
        self.assertTrue(f)
        self.addCleanup(wasm_func_delete, f)
        return f
