"""samples/python/hello_procedural.py runs and prints what it should."""
import os
import subprocess
import sys
import tempfile
import unittest

from wasmtest import REPO, ffi, wat

SAMPLE = os.path.join(REPO, "samples", "python", "hello_procedural.py")
EXPECTED = """Initializing...
Loading binary...
Compiling module...
Creating callback...
Instantiating module...
Extracting export...
  run: (func (param i32) (result i32))
Calling export...
Calling back...
> Hello World! (from Python, got 20)
run(20) = 41
Shutting down...
Done.
"""


def run_sample(*args):
    env = dict(os.environ)
    env["WAMR_LIBIWASM"] = ffi.LIBRARY_PATH
    return subprocess.run([sys.executable, SAMPLE] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, env=env, timeout=120)


class SampleTest(unittest.TestCase):
    def test_hello_procedural_from_wat(self):
        proc = run_sample()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, EXPECTED)

    def test_hello_procedural_from_wasm_file(self):
        with open(os.path.join(REPO, "samples", "python", "hello.wat")) as f:
            data = wat(f.read())
        with tempfile.NamedTemporaryFile(suffix=".wasm") as w:
            w.write(data)
            w.flush()
            proc = run_sample(w.name)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, EXPECTED)

    def test_hello_procedural_rejects_bad_module(self):
        with tempfile.NamedTemporaryFile(suffix=".wasm") as w:
            w.write(b"\0asm\x01\0\0\0\xff")
            w.flush()
            proc = run_sample(w.name)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("> Error compiling module!", proc.stderr)
        self.assertNotIn("Done.", proc.stdout)


if __name__ == "__main__":
    unittest.main()
