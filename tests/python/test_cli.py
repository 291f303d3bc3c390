"""The `wamr` command line (`python -m wamr run ...`), run as a subprocess.

Covers: a WASI command module (argv, --env, --dir HOST and GUEST::HOST, exit codes), .wat
and .wasm input, --invoke with i32/i64/f32/f64 arguments and results, and every error
(missing file, invalid module, invalid text, missing export, bad arguments, traps), each a
single `wamr: error:` line on stderr with its exit status.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from wasmtest import PYTHON_DIR, ffi, wat  # (puts python/ on sys.path)
from wamr import _cli  # the pure-Python helpers of the command line

CALC = r"""
(module
  (memory (export "mem") 1)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "mulf") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
  (func (export "div") (param f64 f64) (result f64) (f64.div (local.get 0) (local.get 1)))
  (func (export "two") (result i32 f64) (i32.const -7) (f64.const 2.5))
  (func (export "nothing"))
  (func (export "fail") unreachable)
  (func (export "divz") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "takes_ref") (param externref))
)
"""

# _start prints argv then the environment, one entry per line, and exits with argc - 1;
# cat prints the name of preopen fd 3 and the contents of data.txt in it, returning the
# first WASI errno (0 on success); quit(code) calls proc_exit(code).
WASI = r"""
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: iovec, 8: nwritten, 16/20: argc/argv_buf_size, 24/28: environ count/size,
  ;; 40: prestat, 48: read iovec, 56: nread, 100: "\n", 200: "data.txt", 300: opened fd,
  ;; 512: preopen name, 1024: argv pointers, 2048: environ pointers, 4096: argv strings,
  ;; 16384: environ strings, 32768: file contents
  (data (i32.const 100) "\n")
  (data (i32.const 200) "data.txt")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $n))
  (func $print_lines (param $ptrs i32) (param $count i32) (local $i i32) (local $s i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
      (local.set $s (i32.load (i32.add (local.get $ptrs) (i32.shl (local.get $i) (i32.const 2)))))
      (call $print (local.get $s) (call $strlen (local.get $s)))
      (call $print (i32.const 100) (i32.const 1))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 1024) (i32.const 4096)))
    (call $print_lines (i32.const 1024) (i32.load (i32.const 16)))
    (drop (call $environ_sizes_get (i32.const 24) (i32.const 28)))
    (drop (call $environ_get (i32.const 2048) (i32.const 16384)))
    (call $print_lines (i32.const 2048) (i32.load (i32.const 24)))
    (call $proc_exit (i32.sub (i32.load (i32.const 16)) (i32.const 1))))
  (func (export "cat") (result i32) (local $err i32)
    (local.set $err (call $fd_prestat_get (i32.const 3) (i32.const 40)))
    (if (local.get $err) (then (return (local.get $err))))
    (local.set $err (call $fd_prestat_dir_name (i32.const 3) (i32.const 512) (i32.load (i32.const 44))))
    (if (local.get $err) (then (return (local.get $err))))
    (call $print (i32.const 512) (i32.load (i32.const 44)))
    (call $print (i32.const 100) (i32.const 1))
    (local.set $err (call $path_open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const 8)
                      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 300)))
    (if (local.get $err) (then (return (local.get $err))))
    (i32.store (i32.const 48) (i32.const 32768))
    (i32.store (i32.const 52) (i32.const 1000))
    (local.set $err (call $fd_read (i32.load (i32.const 300)) (i32.const 48) (i32.const 1) (i32.const 56)))
    (if (local.get $err) (then (return (local.get $err))))
    (call $print (i32.const 32768) (i32.load (i32.const 56)))
    (i32.const 0))
  (func (export "quit") (param i32) (call $proc_exit (local.get 0)))
)
"""

RETURNS = '(module (memory (export "memory") 1) (func (export "_start")))'
START_TRAP = '(module (memory (export "memory") 1) (func $f unreachable) (start $f) (func (export "_start")))'
START_EXIT = r"""
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1) (func $f (call $exit (i32.const 5))) (start $f) (func (export "_start")))
"""
IMPORTS_MEMORY = '(module (import "env" "mem" (memory 1)) (export "memory" (memory 0)) (func (export "_start")))'
IMPORTS_FUNC = r"""
(module (import "env" "f" (func $f)) (memory (export "memory") 1) (func (export "_start")) (func (export "g") (call $f)))
"""
BAD_START = '(module (func (export "_start") (param i32)))'

EBADF = 8  # WASI errno of fd 3 when nothing is preopened


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="wamr-cli-")
        cls.files = {}
        for name, text in [("calc.wat", CALC), ("wasi.wat", WASI), ("returns.wat", RETURNS),
                           ("start_trap.wat", START_TRAP), ("start_exit.wat", START_EXIT),
                           ("imports_memory.wat", IMPORTS_MEMORY), ("imports_func.wat", IMPORTS_FUNC),
                           ("bad_start.wat", BAD_START), ("bad.wat", "(module (func"),
                           ("wat_no_suffix", CALC)]:
            cls.files[name] = cls.write(name, text.encode())
        cls.files["calc.wasm"] = cls.write("calc.wasm", wat(CALC))
        cls.files["calc.bin"] = cls.write("calc.bin", wat(CALC))
        cls.files["garbage.wasm"] = cls.write("garbage.wasm", b"garbage!")
        cls.files["truncated.wasm"] = cls.write("truncated.wasm", b"\0asm\1\0\0\0\5")
        cls.files["empty.wasm"] = cls.write("empty.wasm", b"")
        cls.data_dir = os.path.join(cls.tmp, "data")
        os.mkdir(cls.data_dir)
        with open(os.path.join(cls.data_dir, "data.txt"), "w") as f:
            f.write("file contents\n")
        cls.env = dict(os.environ)
        cls.env["PYTHONPATH"] = os.pathsep.join(
            [PYTHON_DIR] + ([cls.env["PYTHONPATH"]] if cls.env.get("PYTHONPATH") else []))
        cls.env["WAMR_LIBIWASM"] = ffi.LIBRARY_PATH  # the library the other tests use

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def write(cls, name, data):
        path = os.path.join(cls.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def wamr(self, *args, env=None):
        """Runs `python -m wamr ARGS` in the temp dir; returns (status, stdout, stderr)."""
        proc = subprocess.run([sys.executable, "-m", "wamr"] + list(args), cwd=self.tmp,
                              env=env or self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=120)
        return proc.returncode, proc.stdout, proc.stderr

    def assertError(self, result, status, *fragments):
        """One `wamr: error:` line on stderr containing each fragment, nothing on stdout."""
        code, out, err = result
        self.assertEqual(code, status, err)
        self.assertEqual(out, "")
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertTrue(err.startswith("wamr: error: "), err)
        for fragment in fragments:
            self.assertIn(fragment, err)

    # --- WASI command modules ---------------------------------------------------------

    def test_run_prints_argv_and_exits_with_its_code(self):
        code, out, err = self.wamr("run", "wasi.wat", "a", "b c", "--not-an-option")
        self.assertEqual((code, err), (3, ""))  # proc_exit(argc - 1)
        self.assertEqual(out, "wasi.wat\na\nb c\n--not-an-option\n")

    def test_run_exit_code_zero(self):
        self.assertEqual(self.wamr("run", "wasi.wat"), (0, "wasi.wat\n", ""))

    def test_run_start_that_returns_exits_zero(self):
        self.assertEqual(self.wamr("run", self.files["returns.wat"]), (0, "", ""))

    def test_env_is_only_what_is_given(self):
        code, out, err = self.wamr("run", "--env", "A=1", "--env", "B=x=y", "--env", "EMPTY=",
                                   "wasi.wat")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "wasi.wat\nA=1\nB=x=y\nEMPTY=\n")
        self.assertNotIn("PATH=", out)  # the host environment is not passed through

    def test_bad_env(self):
        for bad in ("NOEQUALS", "=value"):
            self.assertError(self.wamr("run", "--env", bad, "wasi.wat"), 2, "--env", "KEY=VALUE")

    def test_dir_preopens_under_the_host_path(self):
        code, out, err = self.wamr("run", "--dir", self.data_dir, "--invoke", "cat", "wasi.wat")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "%s\nfile contents\n0\n" % self.data_dir)

    def test_dir_guest_host_mapping(self):
        code, out, err = self.wamr("run", "--dir", "/sandbox::" + self.data_dir,
                                   "--invoke", "cat", "wasi.wat")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out, "/sandbox\nfile contents\n0\n")

    def test_without_dir_nothing_is_preopened(self):
        self.assertEqual(self.wamr("run", "--invoke", "cat", "wasi.wat"), (0, "%d\n" % EBADF, ""))

    def test_bad_dir(self):
        missing = os.path.join(self.tmp, "no-such-dir")
        self.assertError(self.wamr("run", "--dir", missing, "wasi.wat"), 2, missing,
                         "not a directory")
        self.assertError(self.wamr("run", "--dir", "/guest::", "wasi.wat"), 2, "GUEST::HOST")
        self.assertError(self.wamr("run", "--dir", "::" + self.data_dir, "wasi.wat"), 2,
                         "GUEST::HOST")

    def test_proc_exit_from_invoke(self):
        self.assertEqual(self.wamr("run", "--invoke", "quit", "wasi.wat", "7"), (7, "", ""))
        self.assertEqual(self.wamr("run", "--invoke", "quit", "wasi.wat", "0"), (0, "", ""))

    def test_proc_exit_in_the_start_function(self):
        self.assertEqual(self.wamr("run", self.files["start_exit.wat"]), (5, "", ""))

    def test_no_start_function(self):
        self.assertError(self.wamr("run", "calc.wat"), 1, "no _start function", "--invoke",
                         "add, add64")

    def test_start_with_a_wrong_type(self):
        # refused when loaded, as WAMR's loader does
        self.assertError(self.wamr("run", "bad_start.wat"), 1, "the signature of builtin _start function is wrong")

    # --- --invoke ---------------------------------------------------------------------

    def invoke(self, name, *args, module="calc.wat"):
        return self.wamr("run", "--invoke", name, module, *args)

    def test_invoke_i32(self):
        self.assertEqual(self.invoke("add", "1", "2"), (0, "3\n", ""))
        self.assertEqual(self.invoke("add", "-5", "0x10"), (0, "11\n", ""))
        self.assertEqual(self.invoke("add", "4294967295", "0"), (0, "-1\n", ""))  # unsigned spelling
        self.assertEqual(self.invoke("add", "2147483647", "1"), (0, "-2147483648\n", ""))

    def test_invoke_i64(self):
        self.assertEqual(self.invoke("add64", "9223372036854775807", "1"),
                         (0, "-9223372036854775808\n", ""))
        self.assertEqual(self.invoke("add64", "-3", "010"), (0, "7\n", ""))  # 010 is decimal

    def test_invoke_floats(self):
        self.assertEqual(self.invoke("mulf", "0.5", "3"), (0, "1.5\n", ""))
        self.assertEqual(self.invoke("mulf", "0.1", "1"), (0, "0.1\n", ""))  # shortest f32 form
        self.assertEqual(self.invoke("div", "1", "3"), (0, "0.3333333333333333\n", ""))
        self.assertEqual(self.invoke("div", "0x1.8p1", "2"), (0, "1.5\n", ""))
        self.assertEqual(self.invoke("div", "-1", "0"), (0, "-inf\n", ""))
        self.assertEqual(self.invoke("div", "nan", "1"), (0, "nan\n", ""))

    def test_invoke_several_results_one_per_line(self):
        self.assertEqual(self.invoke("two"), (0, "-7\n2.5\n", ""))

    def test_invoke_no_results(self):
        self.assertEqual(self.invoke("nothing"), (0, "", ""))

    def test_invoke_binary_and_text_inputs(self):
        for module in ("calc.wasm", "calc.bin", "wat_no_suffix", self.files["calc.wat"]):
            self.assertEqual(self.invoke("add", "20", "22", module=module), (0, "42\n", ""), module)

    def test_invoke_missing_export(self):
        self.assertError(self.invoke("nope"), 1, "no export named 'nope'", "add, add64")

    def test_invoke_export_that_is_not_a_function(self):
        self.assertError(self.invoke("mem"), 1, "'mem' is not a function")

    def test_invoke_wrong_argument_count(self):
        self.assertError(self.invoke("add", "1"), 2, "add expects 2 arguments (i32, i32), got 1")
        self.assertError(self.invoke("nothing", "1"), 2, "nothing expects 0 arguments (), got 1")

    def test_invoke_bad_argument_values(self):
        self.assertError(self.invoke("add", "1", "x"), 2, "argument 2 of add", "'x' is not an integer")
        self.assertError(self.invoke("add", "1.5", "1"), 2, "argument 1 of add")
        self.assertError(self.invoke("add", "1", "4294967296"), 2, "does not fit in i32")
        self.assertError(self.invoke("add", "-2147483649", "1"), 2, "does not fit in i32")
        self.assertError(self.invoke("add64", "1", "18446744073709551616"), 2, "does not fit in i64")
        self.assertError(self.invoke("div", "one", "1"), 2, "'one' is not a number")
        self.assertError(self.invoke("takes_ref", "x"), 2, "externref parameters cannot be given")

    def test_trap(self):
        self.assertError(self.invoke("fail"), 134, "trap in fail: Exception: unreachable")
        self.assertError(self.invoke("divz", "1", "0"), 134, "integer divide by zero")
        self.assertEqual(self.invoke("divz", "7", "2"), (0, "3\n", ""))

    def test_trap_in_the_start_function(self):
        self.assertError(self.wamr("run", "start_trap.wat"), 134, "cannot instantiate",
                         "Exception: unreachable")

    def test_unprovided_imports(self):
        # a function import is left unlinked (it traps only when called, as in WAMR) ...
        self.assertEqual(self.wamr("run", "imports_func.wat"), (0, "", ""))
        self.assertError(self.invoke("g", module="imports_func.wat"), 134,
                         "unlinked import function (env, f)")
        # ... but a memory cannot be instantiated without one
        self.assertError(self.wamr("run", "imports_memory.wat"), 1, "imports memory env.mem")

    # --- bad input files and command lines --------------------------------------------

    def test_missing_file(self):
        self.assertError(self.wamr("run", "nowhere.wasm"), 1, "cannot read nowhere.wasm",
                         "No such file or directory")

    def test_directory_as_module(self):
        self.assertError(self.wamr("run", self.data_dir), 1, "cannot read")

    def test_invalid_module(self):
        self.assertError(self.wamr("run", "garbage.wasm"), 1, "invalid module garbage.wasm",
                         "magic")
        self.assertError(self.wamr("run", "truncated.wasm"), 1, "invalid module truncated.wasm")
        self.assertError(self.wamr("run", "empty.wasm"), 1, "empty.wasm", "empty")

    def test_invalid_text(self):
        self.assertError(self.wamr("run", "bad.wat"), 1, "bad.wat:1:14:", "expected")

    def test_usage_errors(self):
        self.assertError(self.wamr("run"), 2, "MODULE")
        self.assertError(self.wamr(), 2, "a command is required: run")
        self.assertError(self.wamr("run", "--bogus", "calc.wat"), 2, "--bogus")
        self.assertError(self.wamr("frobnicate"), 2, "frobnicate")
        self.assertError(self.wamr("run", "--invoke"), 2, "--invoke")

    def test_help_and_version(self):
        code, out, err = self.wamr("run", "--help")
        self.assertEqual((code, err), (0, ""))
        for option in ("--dir", "--env", "--invoke", "MODULE"):
            self.assertIn(option, out)
        code, out, err = self.wamr("--version")
        self.assertEqual((code, err), (0, ""))
        self.assertRegex(out, r"^wamr \d+\.\d+\.\d+ ")


class CliHelpersTest(unittest.TestCase):
    """The argument parsing and result formatting of wamr._cli, in process."""

    def test_parse_value(self):
        self.assertEqual(_cli.parse_value("i32", "-0x10"), -16)
        self.assertEqual(_cli.parse_value("i32", "0b101"), 5)
        self.assertEqual(_cli.parse_value("i64", "18446744073709551615"), (1 << 64) - 1)
        self.assertEqual(_cli.parse_value("f32", "1e3"), 1000.0)
        self.assertEqual(_cli.parse_value("f64", "-0x1p-1"), -0.5)
        self.assertEqual(_cli.parse_value("f64", "inf"), float("inf"))

    def test_parse_value_negative(self):
        for kind, text in [("i32", ""), ("i32", "1e3"), ("i32", "0x"), ("i64", "1" * 30),
                           ("f32", "1,5"), ("v128", "0"), ("funcref", "0")]:
            with self.assertRaises(ValueError, msg=(kind, text)):
                _cli.parse_value(kind, text)

    def test_format_f32(self):
        self.assertEqual(_cli.format_f32(0.10000000149011612), "0.1")
        self.assertEqual(_cli.format_f32(16777216.0), "16777216.0")
        self.assertEqual(_cli.format_f32(float("-inf")), "-inf")
        self.assertEqual(_cli.format_f32(float("nan")), "nan")

    def test_parse_dirs(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertEqual(_cli.parse_dirs([d, "/g::" + d]), ([d], ["/g::" + d]))
            with self.assertRaises(_cli.CliError) as cm:
                _cli.parse_dirs([os.path.join(d, "missing")])
            self.assertEqual(cm.exception.code, 2)

    def test_parse_env(self):
        self.assertEqual(_cli.parse_env(["A=1", "B="]), ["A=1", "B="])
        with self.assertRaises(_cli.CliError):
            _cli.parse_env(["A"])


if __name__ == "__main__":
    unittest.main()
