"""Static types: `mypy --strict samples/python` passes from the repository root (its
mypy.ini finds the package in python/), and on python/README.md's snippets; the types users see are the precise ones (`with
Engine() as e` gives an Engine, an export is Func | Global | Table | Memory, ...).
Skipped when mypy is not installed."""
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest

from wasmtest import REPO

SAMPLES = os.path.join(REPO, "samples", "python")
CONFIG = os.path.join(REPO, "mypy.ini")
HAVE_MYPY = importlib.util.find_spec("mypy") is not None

# Each reveal_type() line says, in its comment, the type mypy must reveal (module paths
# left out); each line ending in `# error: CODE` must give that error, and no other line
# may give one.
SNIPPET = textwrap.dedent('''\
    from wamr import (Caller, Engine, Func, Instance, Linker, Memory, Module, Store, Trap,
                      WasiConfig)


    def check(caller: Caller, trap: Trap) -> None:
        with Engine() as engine:
            reveal_type(engine)  # Engine
            with Store(engine) as store:
                reveal_type(store)  # Store
                module = Module(engine, "(module)")
                with module as same_module:
                    reveal_type(same_module)  # Module
                instance = Instance(store, module, [])
                with instance as same_instance:
                    reveal_type(same_instance)  # Instance
                export = instance.exports(store)["f"]
                reveal_type(export)  # Func | Global | Table | Memory
                if isinstance(export, Func):
                    with export as func:
                        reveal_type(func)  # Func
                with WasiConfig() as wasi:
                    reveal_type(wasi)  # WasiConfig
                    reveal_type(wasi.stdout_bytes)  # bytes
                reveal_type(Linker(engine).instantiate(store, module))  # Instance
                reveal_type(store.get_fuel())  # int
                reveal_type(caller.get("memory"))  # Func | Global | Table | Memory | None
                reveal_type(trap.trap_code)  # TrapCode | None
                assert isinstance(export, Memory)
                reveal_type(export.read(store, 0, 4))  # bytearray
                reveal_type(export.buffer(store))  # memoryview
                Store("not an engine")  # error: arg-type
                instance.exports(store)["f"](store)  # error: operator
    ''')


def simplify(t):
    """mypy's spelling of a type, as the comments above write it: no module paths,
    `A | B` for Union[A, B] / Optional[A], no memoryview item type."""
    t = re.sub(r"\b[A-Za-z_][\w]*\.(?=[A-Za-z_])", "", t)
    for _ in range(3):
        t = re.sub(r"Optional\[([^\[\]]*)\]", r"\1 | None", t)
        t = re.sub(r"Union\[([^\[\]]*)\]", lambda m: " | ".join(m.group(1).split(", ")), t)
    return re.sub(r"memoryview\[int\]", "memoryview", t)


def mypy(*args, cwd):
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", CONFIG, "--cache-dir", MypyTest.cache,
                           "--no-color-output", "--no-error-summary", "--show-error-codes"] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, cwd=cwd,
                          timeout=600)


@unittest.skipUnless(HAVE_MYPY, "mypy is not installed (pip install mypy): static type checks skipped")
class MypyTest(unittest.TestCase):
    cache = None

    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix="wamr-mypy-")
        MypyTest.cache = os.path.join(cls._tmp.name, "cache")  # not in the repository

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def test_samples_pass_strict(self):
        proc = mypy(SAMPLES, cwd=REPO)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(proc.stdout.strip(), "")

    def test_the_plain_command_from_the_root(self):
        # what a reader types: no --config-file (mypy finds mypy.ini in the root)
        proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", MypyTest.cache,
                               "samples/python"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, cwd=REPO, timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_readme_snippets_pass_strict(self):
        # python/README.md's runnable blocks, as the one program they form
        from test_readme import README, python_blocks
        with open(README, encoding="utf-8") as f:
            blocks = [src for _, src, run in python_blocks(f.read()) if run]
        path = os.path.join(self._tmp.name, "readme_snippets.py")
        with open(path, "w") as f:
            f.write("\n".join(blocks))
        proc = mypy(path, cwd=self._tmp.name)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_config_is_strict(self):
        with open(CONFIG) as f:
            self.assertRegex(f.read(), r"(?m)^strict = True$")

    def test_user_facing_types(self):
        path = os.path.join(self._tmp.name, "typed_snippet.py")
        with open(path, "w") as f:
            f.write(SNIPPET)
        proc = mypy(path, cwd=self._tmp.name)
        lines = SNIPPET.splitlines()
        revealed, errors = {}, {}
        for out in proc.stdout.splitlines():
            m = re.match(r".*typed_snippet\.py:(\d+): (note|error): (.*)$", out)
            if not m:
                continue
            line, kind, text = int(m.group(1)), m.group(2), m.group(3)
            if kind == "note" and text.startswith("Revealed type is "):
                revealed[line] = simplify(text[len("Revealed type is "):].strip('"'))
            elif kind == "error":
                errors.setdefault(line, []).append(text)
        for i, src in enumerate(lines, 1):
            if "reveal_type(" in src:
                want = src.split("# ", 1)[1]
                self.assertEqual(revealed.get(i), want, "line %d: %s\n%s" % (i, src.strip(), proc.stdout))
            m = re.search(r"# error: ([\w-]+)$", src)
            got = errors.pop(i, [])
            if m:
                self.assertTrue(got and all(e.endswith("[%s]" % m.group(1)) for e in got),
                                "line %d: %s\n%s" % (i, src.strip(), proc.stdout))
            else:
                self.assertEqual(got, [], "line %d: %s" % (i, src.strip()))
        self.assertEqual(errors, {})


if __name__ == "__main__":
    unittest.main()
