"""Object layer: WasiConfig (argv, env, preopened directories, stdio to files, to
descriptors, or captured), WasiExit, and Trap/Frame."""
import os
import pickle
import subprocess
import sys
import tempfile
import unittest

from wasmtest import wat  # (also puts python/ on sys.path)

from wamr import Engine, Frame, Instance, Module, Store, Trap, WasiConfig, WasiExit

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WAMR_LIB = os.path.join(REPO, "build", "bench", "libiwasm_wamr.so")

PROGRAM = r"""
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $env_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $prestat_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $out (param $fd i32) (param $p i32) (param $n i32) (result i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.load (i32.const 8)))
  ;; the argv buffer (NUL-separated) to fd
  (func (export "args") (param $fd i32) (result i32)
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (call $out (local.get $fd) (i32.const 2048) (i32.load (i32.const 20))))
  ;; the environ buffer to stdout
  (func (export "env") (result i32)
    (drop (call $env_sizes (i32.const 16) (i32.const 20)))
    (drop (call $env_get (i32.const 1024) (i32.const 2048)))
    (call $out (i32.const 1) (i32.const 2048) (i32.load (i32.const 20))))
  ;; copies up to 100 bytes of stdin to stdout
  (func (export "cat") (result i32)
    (i32.store (i32.const 32) (i32.const 4096))
    (i32.store (i32.const 36) (i32.const 100))
    (drop (call $fd_read (i32.const 0) (i32.const 32) (i32.const 1) (i32.const 40)))
    (call $out (i32.const 1) (i32.const 4096) (i32.load (i32.const 40))))
  ;; the guest name of preopened fd 3 to stdout (errno if none, as a negative count)
  (func (export "dir") (result i32) (local $e i32)
    (local.set $e (call $prestat (i32.const 3) (i32.const 48)))
    (if (local.get $e) (then (return (i32.sub (i32.const 0) (local.get $e)))))
    (drop (call $prestat_name (i32.const 3) (i32.const 4096) (i32.load (i32.const 52))))
    (call $out (i32.const 1) (i32.const 4096) (i32.load (i32.const 52))))
  (func (export "exit") (param i32) (call $proc_exit (local.get 0)))
  (func (export "boom") unreachable))
"""


class WasiBase(unittest.TestCase):
    def setUp(self):
        self.engine = Engine()
        self.store = Store(self.engine)
        self.addCleanup(self.engine.close)
        self.addCleanup(self.store.close)
        self.module = Module(self.engine, PROGRAM)

    def run_wasi(self, wasi, name, *args):
        wasi.apply(self.module)
        ex = Instance(self.store, self.module, []).exports(self.store)
        return ex[name](self.store, *args)


class WasiConfigTest(WasiBase):
    def test_capture_argv(self):
        with WasiConfig(argv=["prog", "a b", "wörld"], capture_stdout=True, capture_stderr=True) as w:
            self.assertEqual(w.stdout_bytes, b"")  # nothing yet
            self.run_wasi(w, "args", 1)
            self.assertEqual(w.stdout_bytes, "prog\0a b\0wörld\0".encode())
            self.assertEqual(w.stderr_bytes, b"")
            ex = Instance(self.store, self.module, []).exports(self.store)
            ex["args"](self.store, 2)
            self.assertEqual(w.stderr_bytes, "prog\0a b\0wörld\0".encode())
            ex["args"](self.store, 1)  # both instances append to the same capture
            self.assertEqual(w.stdout_bytes, "prog\0a b\0wörld\0".encode() * 2)
        self.assertTrue(w.closed)
        with self.assertRaises(ValueError):
            w.stdout_bytes

    def test_env(self):
        with WasiConfig(env={"A": "1", "B": "x=y"}, capture_stdout=True) as w:
            self.run_wasi(w, "env")
            self.assertEqual(w.stdout_bytes, b"A=1\0B=x=y\0")
        w2 = WasiConfig(env=[("ONLY", "")], capture_stdout=True)
        self.addCleanup(w2.close)
        self.run_wasi(w2, "env")
        self.assertEqual(w2.stdout_bytes, b"ONLY=\0")
        self.assertEqual(w2.env, [("ONLY", "")])

    def test_stdout_to_file_and_fd(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.txt")
            with WasiConfig(argv=["x"], stdout=path) as w:
                self.run_wasi(w, "args", 1)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"x\0")
            with open(os.path.join(tmp, "fd.txt"), "w+b") as f:
                with WasiConfig(argv=["y"], stderr=f.fileno()) as w:
                    self.run_wasi(w, "args", 2)
                f.seek(0)
                self.assertEqual(f.read(), b"y\0")
            with open(os.path.join(tmp, "obj.txt"), "w+b") as f:
                with WasiConfig(argv=["z"], stdout=f) as w:
                    self.run_wasi(w, "args", 1)
                f.seek(0)
                self.assertEqual(f.read(), b"z\0")

    def test_stdin(self):
        with WasiConfig(stdin=b"from python", capture_stdout=True) as w:
            self.run_wasi(w, "cat")
            self.assertEqual(w.stdout_bytes, b"from python")
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"from a file")
            f.flush()
            with WasiConfig(stdin=f.name, capture_stdout=True) as w:
                self.run_wasi(w, "cat")
                self.assertEqual(w.stdout_bytes, b"from a file")

    def test_preopen_dirs(self):
        with tempfile.TemporaryDirectory() as tmp:
            with WasiConfig(capture_stdout=True) as w:
                w.preopen_dir(tmp, "/sandbox")
                self.assertEqual(w.preopen_dirs, [(tmp, "/sandbox")])
                self.run_wasi(w, "dir")
                self.assertEqual(w.stdout_bytes, b"/sandbox")
            with WasiConfig(preopen_dirs={"/g": tmp}, capture_stdout=True) as w:
                self.run_wasi(w, "dir")
                self.assertEqual(w.stdout_bytes, b"/g")
            with WasiConfig(preopen_dirs=[tmp], capture_stdout=True) as w:
                self.run_wasi(w, "dir")
                self.assertEqual(w.stdout_bytes, tmp.encode())
            with WasiConfig(preopen_dirs=[(tmp, "/pair")], capture_stdout=True) as w:
                self.run_wasi(w, "dir")
                self.assertEqual(w.stdout_bytes, b"/pair")
        with WasiConfig(capture_stdout=True) as w:  # no preopens: EBADF (8)
            self.assertEqual(self.run_wasi(w, "dir"), -8)

    def test_settings(self):
        w = WasiConfig()
        self.addCleanup(w.close)
        self.assertEqual((w.argv, w.env, w.preopen_dirs), ([], [], []))
        w.argv = ("a", "b")
        self.assertEqual(w.argv, ["a", "b"])
        w.env = {"K": "V"}
        self.assertEqual(w.env, [("K", "V")])
        self.assertIn("argv", repr(w))
        with self.assertRaises(ValueError):
            w.stdout_bytes  # not captured

    def test_negative(self):
        for kwargs, exc in (({"argv": "prog"}, TypeError), ({"argv": [1]}, TypeError),
                            ({"argv": ["a\0b"]}, TypeError), ({"env": {"A": 1}}, TypeError),
                            ({"env": {"A=B": "1"}}, ValueError), ({"env": ["A=1"]}, TypeError),
                            ({"stdout": 1.5}, TypeError), ({"stdout": -1}, ValueError),
                            ({"stdin": True}, TypeError), ({"stdout": "x", "capture_stdout": True}, ValueError),
                            ({"stderr": 2, "capture_stderr": True}, ValueError),
                            ({"preopen_dirs": ["/no/such/dir"]}, FileNotFoundError)):
            with self.assertRaises(exc, msg=repr(kwargs)):
                WasiConfig(**kwargs)
        w = WasiConfig()
        with self.assertRaises(TypeError):
            w.preopen_dir(3)
        with self.assertRaises(TypeError):
            w.apply("module")
        w.close()
        w.close()
        with self.assertRaises(ValueError):
            w.apply(self.module)
        with self.assertRaises(ValueError):
            with w:
                pass

    def test_closed_config_blocks_instantiation(self):
        w = WasiConfig(capture_stdout=True)
        w.apply(self.module)
        w.close()
        with self.assertRaises(ValueError):
            Instance(self.store, self.module, [])

    def test_module_keeps_config_alive(self):
        w = WasiConfig(argv=["kept"], capture_stdout=True)
        w.apply(self.module)
        del w  # the module holds it: its capture file stays open
        ex = Instance(self.store, self.module, []).exports(self.store)
        ex["args"](self.store, 1)
        self.assertEqual(self.module._wasi.stdout_bytes, b"kept\0")
        self.module._wasi.close()


class StoreWasiTest(WasiBase):
    """wasmtime-py's model: attributes, inherit_*, the config set on the store."""

    def run_in_store(self, store, name, *args):
        return Instance(store, self.module, []).exports(store)[name](store, *args)

    def test_attributes_and_store(self):
        with tempfile.TemporaryDirectory() as d, WasiConfig() as w:
            w.argv = ["prog", "x"]
            w.env = [("A", "1"), ("B", "2")]
            w.stdout_file = os.path.join(d, "out.txt")
            self.store.set_wasi(w)
            self.run_in_store(self.store, "args", 1)
            self.run_in_store(self.store, "env")
            with open(os.path.join(d, "out.txt"), "rb") as f:
                self.assertEqual(f.read(), b"prog\0x\0A=1\0B=2\0")
            with self.assertRaises(ValueError):  # the files are fixed once used
                w.stdout_file = os.path.join(d, "other.txt")

    def test_misspelt_attribute_raises(self):
        w = WasiConfig()
        with self.assertRaises(AttributeError):
            w.stdout_fiel = "out.txt"
        with self.assertRaises(AttributeError):
            w.preopen = "/"
        w.close()

    def test_stdin_bytes_and_capture(self):
        with WasiConfig() as w:
            w.stdin_bytes = b"typed"
            w.capture_stdout = True
            self.assertTrue(w.capture_stdout)
            self.store.set_wasi(w)
            self.run_in_store(self.store, "cat")
            self.assertEqual(w.stdout_bytes, b"typed")
        with self.assertRaises(TypeError):
            WasiConfig().stdin_bytes = "text"
        with self.assertRaises(TypeError):
            WasiConfig().capture_stdout = 1

    def test_inherit(self):
        with WasiConfig(capture_stdout=True) as w:
            w.inherit_argv()
            w.inherit_env()
            self.assertEqual(w.argv, sys.argv)
            self.assertEqual(dict(w.env), dict(os.environ))
            w.inherit_stdout()  # cancels the capture
            self.assertFalse(w.capture_stdout)
            w.inherit_stdin()
            w.inherit_stderr()
            self.assertIsNone(w.stdin)

    def test_store_config_wins_and_stores_keep_their_own(self):
        with WasiConfig(argv=["module"], capture_stdout=True) as own, \
                WasiConfig(argv=["store"], capture_stdout=True) as mine, Store(self.engine) as plain:
            own.apply(self.module)
            self.store.set_wasi(mine)
            self.run_in_store(self.store, "args", 1)
            self.run_in_store(plain, "args", 1)  # no config of its own: the module's
            self.assertEqual((mine.stdout_bytes, own.stdout_bytes), (b"store\0", b"module\0"))
            self.store.set_wasi(None)
            self.run_in_store(self.store, "args", 1)
            self.assertEqual(own.stdout_bytes, b"module\0module\0")

    def test_store_config_leaves_no_trace_on_the_module(self):
        # a store without a config then runs with the library's default (no argv), on
        # the process's stdout: checked in a child whose stdout we read
        code = ("from wamr import *\n"
                "m = Module(Engine(), open(%r).read())\n"
                "with WasiConfig(argv=['store'], capture_stdout=True) as w:\n"
                "    a, b = Store(), Store()\n"
                "    a.set_wasi(w)\n"
                "    Instance(a, m).exports(a)['args'](a, 1)\n"
                "    Instance(b, m).exports(b)['args'](b, 1)\n"
                "    print(w.stdout_bytes, flush=True)\n")
        with tempfile.NamedTemporaryFile("w", suffix=".wat", delete=False) as f:
            f.write(PROGRAM)
        self.addCleanup(os.unlink, f.name)
        env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "python"))
        out = subprocess.run([sys.executable, "-c", code % f.name], env=env, capture_output=True, timeout=60)
        self.assertEqual((out.returncode, out.stdout), (0, b"b'store\\x00'\n"), out.stderr)

    def test_set_wasi_negative(self):
        with self.assertRaises(TypeError):
            self.store.set_wasi("config")
        w = WasiConfig()
        w.close()
        with self.assertRaises(ValueError):
            self.store.set_wasi(w)

    def test_arrays_outlive_apply(self):
        # WAMR's own library reads them at instantiation: they must still be there
        with WasiConfig(argv=["a"]) as w:
            w.apply(self.module)
            maps, env, argv = self.module._wasi_args
            self.assertEqual(argv[0], b"a")

    @unittest.skipUnless(os.path.exists(WAMR_LIB), "WAMR's libiwasm is not built (make bench builds it)")
    def test_on_wamrs_own_library(self):
        # WAMR's library has no WAT parser (a wamr_ extension): the child gets a binary
        code = ("from wamr import *\n"
                "import gc\n"
                "m = Module(Engine(), open(%r, 'rb').read())\n"
                "w = WasiConfig(argv=['p', 'q'], capture_stdout=True)\n"
                "w.apply(m)\n"
                "gc.collect()\n"
                "s = Store()\n"
                "Instance(s, m).exports(s)['args'](s, 1)\n"
                "print(w.stdout_bytes)\n")
        with tempfile.NamedTemporaryFile("wb", suffix=".wasm", delete=False) as f:
            f.write(wat(PROGRAM))
        self.addCleanup(os.unlink, f.name)
        # freed memory is overwritten at once (a dangling argv would read garbage)
        env = dict(os.environ, WAMR_LIBIWASM=WAMR_LIB, PYTHONPATH=os.path.join(REPO, "python"),
                   PYTHONMALLOC="malloc", MALLOC_PERTURB_="165")
        out = subprocess.run([sys.executable, "-c", code % f.name], env=env, capture_output=True, timeout=60)
        # (WAMR also prints a warning of its own on stdout: the last line is ours)
        self.assertEqual((out.returncode, out.stdout.splitlines()[-1:]), (0, [b"b'p\\x00q\\x00'"]), out.stderr)


class WasiExitTest(WasiBase):
    def test_exit_codes(self):
        with WasiConfig(capture_stdout=True) as w:
            w.apply(self.module)
            ex = Instance(self.store, self.module, []).exports(self.store)
            for code in (0, 3, 255, -1):
                with self.assertRaises(WasiExit) as cm:
                    ex["exit"](self.store, code)
                self.assertEqual(cm.exception.code, code)
                self.assertIsInstance(cm.exception, Trap)
                self.assertIn("wasi proc exit(%d)" % code, cm.exception.message)
            with self.assertRaises(Trap) as cm:
                ex["boom"](self.store)
            self.assertNotIsInstance(cm.exception, WasiExit)

    def test_exit_in_start(self):
        m = Module(self.engine, '(module (import "wasi_snapshot_preview1" "proc_exit" (func $e (param i32)))'
                                ' (memory (export "memory") 1) (func $s (call $e (i32.const 7))) (start $s))')
        with self.assertRaises(WasiExit) as cm:
            Instance(self.store, m, [])
        self.assertEqual(cm.exception.code, 7)

    def test_wasi_exit_class(self):
        e = WasiExit(2)
        self.assertEqual((e.code, e.message, e.frames), (2, "wasi proc exit(2)", []))
        e2 = pickle.loads(pickle.dumps(e))
        self.assertEqual((type(e2), e2.code, e2.message), (WasiExit, 2, e.message))
        with self.assertRaises(TypeError):
            WasiExit("2")


class TrapTest(unittest.TestCase):
    def test_trap_class(self):
        t = Trap("Exception: boom", [Frame(1, 2, 3)])
        self.assertIsInstance(t, Exception)
        self.assertEqual(t.message, "Exception: boom")
        self.assertEqual(t.frames, [Frame(1, 2, 3)])
        self.assertIn("func[1]+0x2", str(t))
        self.assertEqual(str(Trap("plain")), "plain")
        self.assertEqual(repr(Frame(1, 2, 3)), "Frame(func_index=1, func_offset=0x2, module_offset=0x3)")
        self.assertNotEqual(Frame(1, 2, 3), Frame(1, 2, 4))
        t2 = pickle.loads(pickle.dumps(t))
        self.assertEqual((t2.message, t2.frames), (t.message, t.frames))
        with self.assertRaises(TypeError):
            Trap(3)

    def test_runtime_traps(self):
        with Engine() as e, Store(e) as s:
            ex = Instance(s, Module(e, """(module (memory 1)
                (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
                (func (export "oob") (result i32) (i32.load (i32.const 70000)))
                (func $r (export "rec") (call $r)))""")).exports(s)
            for name, args, reason in (("div", (0,), "integer divide by zero"), ("oob", (), "out of bounds memory"),
                                       ("rec", (), "stack overflow")):
                with self.assertRaises(Trap) as cm:
                    ex[name](s, *args)
                self.assertIn(reason, cm.exception.message)
                self.assertFalse(cm.exception.message.startswith("Exception: "))
                self.assertIsNotNone(cm.exception.trap_code)
                self.assertIsInstance(cm.exception.frames, list)
            self.assertEqual(ex["div"](s, 1), 1)


if __name__ == "__main__":
    unittest.main()
