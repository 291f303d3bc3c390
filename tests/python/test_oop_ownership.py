"""Object layer ownership: every native object is freed once (close, with, or garbage
collection), host-function and externref bookkeeping goes when the store goes, and RSS
stays flat over 100k create/close cycles."""
import gc
import os
import subprocess
import sys
import time
import unittest

from wasmtest import PYTHON_DIR

from wamr import (Engine, Func, FuncType, Global, GlobalType, Instance, Limits, Memory, MemoryType, Module,
                  Store, Table, TableType, ValType, WasiConfig)
from wamr import _func, _values

i32 = ValType.i32()
WAT = r"""
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (memory (export "m") 1)
  (global (export "g") (mut i32) (i32.const 1))
  (table (export "t") 1 externref)
  (func (export "run") (param i32) (result i32) (call $f (local.get 0)))
  (func (export "keep") (param externref) (table.set 0 (i32.const 0) (local.get 0))))
"""


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


class OwnershipTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.addCleanup(self.engine.close)
        self.module = Module(self.engine, WAT)
        self.addCleanup(self.module.close)
        self.ft = FuncType([i32], [i32])

    def light_cycle(self, n):
        """Store, host Func (called), Global, Memory, Table: made and closed n times."""
        engine, ft = self.engine, self.ft
        gt, mt = GlobalType(i32, True), MemoryType(Limits(0))
        tt = TableType(ValType.funcref(), Limits(1))
        for k in range(n):
            s = Store(engine)
            with Func(s, ft, lambda x: x + 1) as f:
                if f(s, k) != k + 1:
                    raise AssertionError("wrong result")
            Global(s, gt, k & 0xFFFF).close()
            Memory(s, mt).close()
            with Table(s, tt, None):
                pass
            s.close()

    def instance_cycle(self, n):
        """Store, host Func, Instance, exports called (one with an externref the store
        keeps): made and closed n times."""
        engine, module, ft = self.engine, self.module, self.ft
        for k in range(n):
            with Store(engine) as s:
                f = Func(s, ft, lambda x: x + 1)
                inst = Instance(s, module, [f])
                ex = inst.exports(s)
                run, keep = ex["run"], ex["keep"]
                if run(s, k) != k + 1:
                    raise AssertionError("wrong result")
                keep(s, [k])
                run.close()
                keep.close()
                inst.close()
                f.close()

    def check_flat(self, cycle, warmup, n, limit_kib):
        hosts, externs = len(_func._HOSTS), len(_values._EXTERN_OBJECTS)
        cycle(warmup)  # caches, allocator pools
        gc.collect()
        before = rss_kib()
        cycle(n)
        gc.collect()
        after = rss_kib()
        self.assertLess(after - before, limit_kib, "RSS grew from %d KiB to %d KiB" % (before, after))
        # the host functions' and externrefs' Python side went with their stores
        self.assertEqual(len(_func._HOSTS), hosts)
        self.assertEqual(len(_values._EXTERN_OBJECTS), externs)

    def test_rss_flat_over_100k_cycles(self):
        # 100k cycles of 5 native objects: a leak of 16 bytes per cycle would be 1.5 MB
        t0 = time.time()
        self.check_flat(self.light_cycle, 5000, 100000, 1536)
        self.assertLess(time.time() - t0, 120)

    def test_rss_flat_over_instance_cycles(self):
        # 10k cycles of ~10 native objects (store, function, instance, exports, refs)
        self.check_flat(self.instance_cycle, 1000, 10000, 1024)

    def test_modules_and_engines_flat(self):
        # In a process of its own: wasmi keeps every function it compiled until the
        # engine (one per process, shared by every Engine) is freed, so modules only
        # cycle flat when no other engine handle keeps it alive.
        code = r"""
import gc, os, sys
sys.path.insert(0, %r)
from wamr import Engine, Module
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
text = '(module (func (export "f") (result i32) i32.const 1))'
with Engine() as e:
    blob = Module(e, text).serialize()
def loop(n):
    for _ in range(n):
        with Engine() as e:
            Module(e, text).close()
            Module.deserialize(e, blob).close()
loop(500)
gc.collect()
before = rss()
loop(5000)
gc.collect()
print(rss() - before)
""" % PYTHON_DIR
        out = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, universal_newlines=True,
                             check=True, timeout=300).stdout
        self.assertLess(int(out), 1024)

    def test_garbage_collection_frees(self):
        freed = []

        def tracking(obj):
            real = obj._delete
            obj._delete = lambda p: (freed.append(type(obj).__name__), real(p))
            return obj
        s = tracking(Store(self.engine))
        objs = [tracking(Func(s, self.ft, abs)), tracking(Global(s, GlobalType(i32), 1)),
                tracking(Memory(s, MemoryType(Limits(1)))), tracking(Table(s, TableType(ValType.funcref(), Limits(1))))]
        objs.append(tracking(Instance(s, self.module, [objs[0]])))
        del objs, s
        gc.collect()
        self.assertEqual(sorted(freed), ["Func", "Global", "Instance", "Memory", "Store", "Table"])

    def test_close_then_del_frees_once(self):
        freed = []
        s = Store(self.engine)
        real = s._delete
        s._delete = lambda p: (freed.append(p), real(p))
        with s:
            pass
        s.close()
        del s
        gc.collect()
        self.assertEqual(len(freed), 1)

    def test_host_entries_go_with_the_store(self):
        n = len(_func._HOSTS)
        s = Store(self.engine)
        f = Func(s, self.ft, lambda x: x * 3)
        inst = Instance(s, self.module, [f])
        run = inst.exports(s)["run"]
        self.assertEqual(len(_func._HOSTS), n + 1)
        f.close()
        inst.close()
        self.assertEqual(run(s, 2), 6)  # the store (and the host function) live on
        s.close()
        self.assertEqual(len(_func._HOSTS), n + 1)  # `run` still holds the native store
        run.close()
        self.assertEqual(len(_func._HOSTS), n)  # the last handle is gone: so is the store

    def test_externref_objects_go_with_the_store(self):
        n = len(_values._EXTERN_OBJECTS)
        with Store(self.engine) as s:
            inst = Instance(s, self.module, [Func(s, self.ft, abs)])
            keep = inst.exports(s)["keep"]
            payload = object()
            keep(s, payload)  # stored in the table: alive while the store is
            keep(s, None)  # (wasm's externrefs live as long as their store)
            self.assertEqual(len(_values._EXTERN_OBJECTS), n + 1)
            self.assertIn(payload, _values._EXTERN_OBJECTS.values())
            keep.close()
            inst.close()
        gc.collect()
        self.assertEqual(len(_values._EXTERN_OBJECTS), n)  # the store is gone, so is the object

    def test_wasi_config_closes_files(self):
        w = WasiConfig(capture_stdout=True, capture_stderr=True, stdin=b"x")
        w.apply(self.module)
        fds = [f.fileno() for f in w._files]
        self.assertEqual(len(fds), 3)
        w.close()
        for fd in fds:
            with self.assertRaises(OSError):
                os.fstat(fd)


if __name__ == "__main__":
    unittest.main()
