"""Compiled code is freed with its module: one Engine, a Store kept open, and modules
compiled, run and closed over and over keep RSS flat; code still in use stays."""
import os
import unittest

from wasmtest import wat  # noqa: F401  (puts python/ on sys.path)

from wamr import Engine, Instance, Module, Store

FUNCS = 200


def chain(funcs, k):
    """WAT of `funcs` functions f0 -> f1 -> ...; run(x) = x + k + funcs - 1."""
    body = [
        f"(func (param i32) (result i32) (i32.add (call {i + 1} (local.get 0)) (i32.const 1)))"
        for i in range(funcs - 1)
    ]
    body.append(f"(func (param i32) (result i32) (i32.add (local.get 0) (i32.const {k})))")
    return '(module (export "run" (func 0))\n' + "\n".join(body) + ")"


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGESIZE") // 1024


class CodeFreedTest(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.variants = [(FUNCS, 0), (FUNCS // 2, 1000), (FUNCS + 57, 2000)]
        self.texts = [chain(n, k) for n, k in self.variants]
        for obj in (self.engine, self.store):
            self.addCleanup(obj.close)

    def cycle(self, i):
        v = i % len(self.variants)
        with Module(self.engine, self.texts[v]) as module:
            with Instance(self.store, module, []) as inst:
                got = inst.exports(self.store)["run"](self.store, i)
        n, k = self.variants[v]
        return got, i + k + n - 1

    def test_compile_close_cycles_stay_flat(self):
        for i in range(100):
            self.assertEqual(*self.cycle(i))
        before = rss_kib()
        for i in range(2000):
            self.assertEqual(*self.cycle(i))
        # Kept for the engine's life, 2,000 modules held about 60 MiB of code.
        self.assertLess(rss_kib() - before, 8 * 1024)

    def test_code_in_use_stays(self):
        # An instance outlives its module; a module outlives its instances: both keep
        # running while other modules come, go and take their slots.
        old_module = Module(self.engine, self.texts[2])
        old_inst = Instance(self.store, old_module, [])
        old_module.close()
        kept_module = Module(self.engine, self.texts[1])
        with Instance(self.store, kept_module, []) as inst:
            self.assertEqual(inst.exports(self.store)["run"](self.store, 1), 1 + 1000 + FUNCS // 2 - 1)
        for i in range(50):
            self.assertEqual(*self.cycle(i))
        self.assertEqual(old_inst.exports(self.store)["run"](self.store, 5), 5 + 2000 + FUNCS + 57 - 1)
        old_inst.close()
        for i in range(50):
            self.assertEqual(*self.cycle(i))
        with Instance(self.store, kept_module, []) as inst:
            self.assertEqual(inst.exports(self.store)["run"](self.store, 2), 2 + 1000 + FUNCS // 2 - 1)
        kept_module.close()


if __name__ == "__main__":
    unittest.main()
