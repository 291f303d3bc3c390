"""The object-layer samples in samples/python/ run and print what they should."""
import os
import subprocess
import sys
import tempfile
import unittest

from wasmtest import REPO, ffi

from wamr import wat2wasm

SAMPLES = os.path.join(REPO, "samples", "python")

try:
    import numpy  # noqa: F401
    HAVE_NUMPY = True
except ImportError:  # pragma: no cover
    HAVE_NUMPY = False


def run(name, *args, block_numpy=False, spy_numpy=False, cwd=None, isolated_path=False):
    """Runs a sample; block_numpy: as if numpy were not installed; spy_numpy: counts the
    sample's numpy.frombuffer calls, printed last as `numpy.frombuffer calls: N`;
    isolated_path: without $PYTHONPATH."""
    path = os.path.join(SAMPLES, name)
    env = dict(os.environ, WAMR_LIBIWASM=ffi.LIBRARY_PATH)
    if isolated_path:
        env.pop("PYTHONPATH", None)
    if block_numpy or spy_numpy:
        code = ("import sys; p = sys.argv[1]; sys.argv = sys.argv[1:];"
                "f = open(p); src = f.read(); f.close();"
                "exec(compile(src, p, 'exec'), {'__name__': '__main__', '__file__': p})")
        if block_numpy:
            code = "import sys; sys.modules['numpy'] = None;" + code
        if spy_numpy:
            code = ("import numpy; calls = []; real = numpy.frombuffer;"
                    "numpy.frombuffer = lambda *a, **k: calls.append(1) or real(*a, **k);"
                    + code + ";print('numpy.frombuffer calls: %d' % len(calls))")
        cmd = [sys.executable, "-c", code, path] + list(args)
    else:
        cmd = [sys.executable, path] + list(args)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          env=env, timeout=120, cwd=cwd)
    return proc


HELLO = """Initializing...
Loading binary...
Compiling module...
Creating callback...
Instantiating module...
Extracting export...
Calling export...
Calling back...
> Hello World!
Shutting down...
Done.
"""


class SamplesTest(unittest.TestCase):
    def check(self, proc, expected):
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        self.assertEqual(proc.stdout, expected)

    def test_hello_oop(self):
        self.check(run("hello_oop.py"), HELLO)

    def test_hello_oop_from_wasm_file(self):
        with open(os.path.join(SAMPLES, "hello_oop.wat")) as f:
            binary = wat2wasm(f.read())
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "hello.wasm"), "wb") as f:
                f.write(binary)
            self.check(run("hello_oop.py", "hello.wasm", cwd=tmp), HELLO)

    def test_hello_oop_bad_module(self):
        with tempfile.NamedTemporaryFile(suffix=".wasm") as f:
            f.write(b"\0asm\x01\0\0\0\xff")
            f.flush()
            proc = run("hello_oop.py", f.name)
        self.assertNotEqual(proc.returncode, 0)
        # Module.from_file's error names the file, then the compiler's reason
        self.assertIn("> Error compiling module: %s: WASM module load failed" % f.name, proc.stderr)
        self.assertNotIn("Done.", proc.stdout)

    def memory_expected(self, with_numpy):
        wrote = "numpy wrote" if with_numpy else "memoryview wrote"
        return ("pages: 1, bytes: 65536\n"
                "read: b'hello from wasm'\n"
                "after write: b'HELLO from wasm'\n"
                "%s: [1, 2, 3, 4, 5, 6, 7, 8]\n"
                "sum in wasm: 36\n"
                "scaled by wasm, seen through the view: [10, 20, 30, 40, 50, 60, 70, 80]\n"
                "grew from 1 to 2 pages\n"
                "view length: 131072, first bytes: b'HELLO'\n"
                "cannot grow past the maximum: Memory.grow(): cannot grow by 10 pages from 2\n"
                "write past the end: Memory.write(): 1 bytes at 131072 do not fit in 131072 bytes\n" % wrote)

    def test_memory_without_numpy(self):
        self.check(run("memory_oop.py", block_numpy=True), self.memory_expected(False))

    @unittest.skipUnless(HAVE_NUMPY, "numpy is not installed")
    def test_memory_with_numpy(self):
        self.check(run("memory_oop.py"), self.memory_expected(True))

    def test_host_functions(self):
        self.check(run("host_functions_oop.py"),
                   "divmod_sum(17, 5) = 5\n"
                   "  wasm says: code=7 value=2.500\n"
                   "the host's exception came back: Refused: division by zero refused by the host\n"
                   "wrong call: divmod_sum() takes 2 arguments (1 given)\n")

    def test_globals_tables(self):
        self.check(run("globals_tables_oop.py"),
                   "bump() = 42, counter seen from Python: 42\n"
                   "after set_value(100): bump() = 101\n"
                   "exported pi = 3.14159 ((global f64))\n"
                   "pi is immutable: cannot set an immutable global (global f64)\n"
                   "table 'own': size 1, element 0 is <Func func (func (result i32))>, calling it: 102\n"
                   "call_slot(0) -> bump via table: 103\n"
                   "call_slot(1) -> Python lambda via table: 42\n"
                   "grew host table from 2 to 4\n"
                   "call_slot(3) = 42\n")

    def test_traps(self):
        self.check(run("traps_oop.py"),
                   "unreachable(): unreachable [UNREACHABLE] (0 frames)\n"
                   "div(1, 0): integer divide by zero [INTEGER_DIVISION_BY_ZERO] (0 frames)\n"
                   "load(1048576): out of bounds memory access [MEMORY_OUT_OF_BOUNDS] (0 frames)\n"
                   "recurse(): wasm operand stack overflow [STACK_OVERFLOW] (0 frames)\n"
                   "div(7, 2) = 3\n"
                   "invalid module: WASM module load failed: type mismatch: expected i32 but nothing on stack "
                   "(at offset 0x1f)\n")

    def test_limits(self):
        self.check(run("limits_oop.py"),
                   "count(1000) = 1000\n"
                   "fuel used by count(1000): 10012\n"
                   "forever() with fuel: all fuel consumed (fuel left: 0)\n"
                   "forever() with a 0.1 s timeout: timeout\n"
                   "count(1000) under a 1 s timeout = 1000\n"
                   "forever() interrupted: interrupted\n"
                   "all of these are Traps: True\n"
                   "the store still works: count(5) = 5\n")

    def test_wasi(self):
        self.check(run("wasi_oop.py"),
                   "exit code: 3\n"
                   "captured stdout:\n"
                   "prog\nhello\nworld\n"
                   "a file from the host\n")


# The samples equivalent to wasmtime-py's examples (gcd, hello, memory, multi, linking).

GCD = """gcd has type (func (param i32 i32) (result i32))
gcd(6, 27) = 3
gcd(1071, 462) = 21
gcd(17, 5) = 1
gcd(0, 9) = 9
"""

HELLO_WASMTIME_STYLE = """the module imports: host.hello
calling run(3)...
Hello from Python! (call #1)
Hello from Python! (call #2)
Hello from Python! (call #3)
done
"""

# the same with numpy (a numpy array over the memory) and without (a memoryview)
MEMORY = """1 page(s), 65536 bytes; wasm's memory.size says 1
the data segment at 0x1000: [1, 2, 3, 4]
written by Python, loaded by wasm: b'wasm'
stored by wasm, read by Python: b'Wasm'
load(0x10000): out of bounds memory access (TrapCode.MEMORY_OUT_OF_BOUNDS)
write past the end: Memory.write(): 4 bytes at 65534 do not fit in 65536 bytes
read(0xfffe, 0x10010) gives 2 bytes
grow(1) from Python: was 1 page(s), now 2
load(0x10000) after growing: 0
memory.grow in wasm past the maximum gives -1
grow() from Python past the maximum: Memory.grow(): cannot grow by 1 pages from 2
wasm loads what the view wrote: [10, 20, 30, 40]
the view sees what wasm stored: [10, 20, 30, 99]
"""

MULTI = """split has type (func (param f64) (result i64 f64))
split(3.75) = (3, 0.75)
split(-2.5) = (-2, -0.5)
calling sort3(30, 10, 20)...
  host minmax(30, 10) -> (10, 30)
  host minmax(30, 20) -> (20, 30)
  host minmax(10, 20) -> (10, 20)
sort3(30, 10, 20) = (10, 20, 30)
"""

LINKING = """app with an empty Linker: import (lib, puts): (func (param i32 i32)) is not defined in this Linker
lib's puts() ran 2 times
app's data in lib's memory: b'Hello from the app module!'
captured stdout:
  | Hello from the app module!
  | The lib module wrote this line through WASI.
"""


class WasmtimeStyleSamplesTest(unittest.TestCase):
    check = SamplesTest.check

    def test_gcd(self):
        self.check(run("gcd.py"), GCD)

    def test_hello(self):
        self.check(run("hello.py"), HELLO_WASMTIME_STYLE)

    def test_memory_without_numpy(self):
        self.check(run("memory.py", block_numpy=True), MEMORY)

    @unittest.skipUnless(HAVE_NUMPY, "numpy is not installed")
    def test_memory_with_numpy(self):
        # the same output, and the view really went through numpy
        self.check(run("memory.py", spy_numpy=True), MEMORY + "numpy.frombuffer calls: 1\n")

    def test_multi(self):
        self.check(run("multi.py"), MULTI)

    def test_linking(self):
        self.check(run("linking.py"), LINKING)

    def test_standalone_from_another_directory(self):
        # run as `python3 samples/python/gcd.py` from anywhere: without wamr installed,
        # the sample puts the source tree's python/ on sys.path itself
        with tempfile.TemporaryDirectory() as tmp:
            self.check(run("gcd.py", cwd=tmp, isolated_path=True), GCD)


if __name__ == "__main__":
    unittest.main()
