"""wasm_config_*, wasm_engine_*, wasm_store_*."""
import ctypes as c
import unittest

from wasmtest import *  # noqa: F401,F403


class ConfigTest(unittest.TestCase):
    def setUp(self):
        self.config = wasm_config_new()
        self.assertTrue(self.config)
        self.addCleanup(wasm_config_delete, self.config)

    def test_wasm_config_new_defaults(self):
        cfg = self.config.contents
        self.assertEqual(cfg.mem_alloc_type, Alloc_With_System_Allocator)
        self.assertEqual((cfg.segue_flags, cfg.enable_linux_perf), (0, False))
        self.assertEqual(bytes(cfg.mem_alloc_option), b"\0" * 32)

    def test_wasm_config_delete_null(self):
        self.assertIsNone(wasm_config_delete(None))

    def test_wasm_config_set_mem_alloc_opt(self):
        opt = MemAllocOption()
        buf = c.create_string_buffer(1024)
        opt.pool.heap_buf = c.addressof(buf)
        opt.pool.heap_size = 1024
        ret = wasm_config_set_mem_alloc_opt(self.config, Alloc_With_Pool, opt)
        self.assertEqual(addr(ret), addr(self.config))
        cfg = self.config.contents
        self.assertEqual(cfg.mem_alloc_type, Alloc_With_Pool)
        self.assertEqual((cfg.mem_alloc_option.pool.heap_buf, cfg.mem_alloc_option.pool.heap_size),
                         (c.addressof(buf), 1024))
        # NULL options: the type changes, the options stay
        wasm_config_set_mem_alloc_opt(self.config, Alloc_With_System_Allocator, None)
        self.assertEqual(cfg.mem_alloc_type, Alloc_With_System_Allocator)

    def test_wasm_config_set_mem_alloc_opt_null_config(self):
        self.assertFalse(wasm_config_set_mem_alloc_opt(None, Alloc_With_Pool, MemAllocOption()))
        with self.assertRaises(c.ArgumentError):
            wasm_config_set_mem_alloc_opt(self.config, Alloc_With_Pool, wasm_limits_t())

    def test_wasm_config_set_linux_perf_opt(self):
        ret = wasm_config_set_linux_perf_opt(self.config, True)
        self.assertEqual(addr(ret), addr(self.config))
        self.assertTrue(self.config.contents.enable_linux_perf)
        wasm_config_set_linux_perf_opt(self.config, False)
        self.assertFalse(self.config.contents.enable_linux_perf)
        self.assertFalse(wasm_config_set_linux_perf_opt(None, True))

    def test_wasm_config_set_segue_flags(self):
        ret = wasm_config_set_segue_flags(self.config, 0x1F1F)
        self.assertEqual(addr(ret), addr(self.config))
        self.assertEqual(self.config.contents.segue_flags, 0x1F1F)
        self.assertFalse(wasm_config_set_segue_flags(None, 1))
        with self.assertRaises(c.ArgumentError):
            wasm_config_set_segue_flags(self.config, "1")


class EngineTest(unittest.TestCase):
    def test_wasm_engine_new_is_a_refcounted_singleton(self):
        a = wasm_engine_new()
        b = wasm_engine_new()
        self.assertTrue(a)
        self.assertEqual(addr(a), addr(b))
        wasm_engine_delete(b)
        s = wasm_store_new(a)  # still alive after one delete
        self.assertTrue(s)
        wasm_store_delete(s)
        wasm_engine_delete(a)

    def test_wasm_engine_new_with_config(self):
        cfg = wasm_config_new()
        e = wasm_engine_new_with_config(cfg)
        self.assertTrue(e)
        self.assertEqual(cfg.contents.mem_alloc_type, Alloc_With_System_Allocator)  # not consumed
        wasm_config_delete(cfg)
        e2 = wasm_engine_new_with_config(None)  # NULL config: the defaults
        self.assertEqual(addr(e), addr(e2))
        wasm_engine_delete(e2)
        wasm_engine_delete(e)
        with self.assertRaises(c.ArgumentError):
            wasm_engine_new_with_config(MemAllocOption())

    def test_wasm_engine_new_with_args(self):
        e = wasm_engine_new_with_args(Alloc_With_System_Allocator, None)
        self.assertTrue(e)
        e2 = wasm_engine_new_with_args(Alloc_With_Pool, MemAllocOption())
        self.assertEqual(addr(e), addr(e2))
        wasm_engine_delete(e2)
        wasm_engine_delete(e)
        with self.assertRaises(c.ArgumentError):
            wasm_engine_new_with_args(Alloc_With_Pool, wasm_config_t)

    def test_wasm_engine_delete_null(self):
        self.assertIsNone(wasm_engine_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_engine_delete(5)


class StoreTestCase(unittest.TestCase):
    def test_wasm_store_new_and_delete(self):
        e = wasm_engine_new()
        s1, s2 = wasm_store_new(e), wasm_store_new(e)
        self.assertTrue(s1)
        self.assertTrue(s2)
        self.assertNotEqual(addr(s1), addr(s2))
        # a store is usable: it makes objects
        f = wasm_foreign_new(s1)
        self.assertTrue(f)
        wasm_foreign_delete(f)
        wasm_store_delete(s1)
        wasm_store_delete(s2)
        wasm_engine_delete(e)

    def test_wasm_store_new_null_engine(self):
        self.assertFalse(wasm_store_new(None))
        self.assertIsNone(wasm_store_delete(None))
        with self.assertRaises(c.ArgumentError):
            wasm_store_new(wasm_limits_t())


if __name__ == "__main__":
    unittest.main()
