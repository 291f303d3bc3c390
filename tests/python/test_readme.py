"""python/README.md (the package's PyPI page): every ```python block runs, and prints
what its comments say.

The blocks run in order, as one program (one namespace), in a subprocess. A block
preceded by the line `<!-- no-run -->` is not run. A block that needs numpy is skipped
when numpy is not installed. Comments state outputs: on a line that calls print(), the
trailing comment is the line it prints; elsewhere `# prints: TEXT` says the statement
prints TEXT. `...` in such a comment stands for any text. The printed lines must come
in the order of the comments (other lines may come between them).
"""
import io
import json
import os
import re
import subprocess
import sys
import tokenize
import unittest

from wasmtest import REPO, ffi

README = os.path.join(REPO, "python", "README.md")
NO_RUN = "<!-- no-run -->"

# Runs the blocks given as JSON on stdin ([first line, source] each), each in the same
# namespace with its stdout captured; prints a JSON list with each block's output (None
# for a block skipped for want of numpy). A failing block's traceback names README.md
# and the line.
DRIVER = r"""
import contextlib, io, json, sys, traceback
blocks = json.load(sys.stdin)
namespace = {"__name__": "__readme__"}
outputs = []
for line, source in blocks:
    out = io.StringIO()
    try:
        code = compile("\n" * (line - 1) + source, sys.argv[1], "exec")
        with contextlib.redirect_stdout(out):
            exec(code, namespace)
    except ModuleNotFoundError as e:
        if e.name != "numpy":
            raise
        outputs.append(None)
        continue
    outputs.append(out.getvalue())
print(json.dumps(outputs))
"""


def python_blocks(text):
    """[(first line of the code, code, runnable)] for each ```python block."""
    lines = text.splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            runnable = not (j >= 0 and lines[j].strip() == NO_RUN)
            end = i + 1
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            blocks.append((i + 2, "\n".join(lines[i + 1:end]) + "\n", runnable))
            i = end
        i += 1
    return blocks


def expected_lines(source):
    """The output lines a block's comments announce, in order."""
    code_lines = source.splitlines()
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.COMMENT:
            continue
        row, col = tok.start
        code = code_lines[row - 1][:col]
        text = tok.string[1:].strip()
        if text.startswith("prints: "):
            out.append(text[len("prints: "):])
        elif "print(" in code and code.strip():
            out.append(text)
    return out


def matches(pattern, line):
    regex = ".*".join(re.escape(part) for part in pattern.split("..."))
    return re.fullmatch(regex, line) is not None


class ReadmeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(README, encoding="utf-8") as f:
            cls.text = f.read()
        cls.blocks = python_blocks(cls.text)

    def test_leads_with_a_quickstart(self):
        headings = re.findall(r"^## (.+)$", self.text, re.M)
        self.assertEqual(headings[:2], ["Quickstart", "Coming from wasmtime-py"], headings)
        first_block = self.text.index("```python")
        self.assertLess(first_block, self.text.index("## Coming from wasmtime-py"))
        # what the quickstart shows
        quickstart = self.text[self.text.index("## Quickstart"):self.text.index("## Coming from wasmtime-py")]
        for name in ("Engine(", "Store(", "Module(", "Instance(", "access_caller=True", "Caller",
                     "numpy", "set_wasi(", "define_wasi()", "capture_stdout", "metered=True",
                     "set_fuel(", "get_fuel(", "timeout=", "interrupt", "set_limits(", "trap_code",
                     "LinkError"):
            self.assertIn(name, quickstart)

    def test_wasmtime_table_names_exist(self):
        # the wamr side of the table: these attributes exist
        import wamr
        for obj, names in ((wamr.Store, "set_fuel get_fuel set_timeout interrupt set_limits set_wasi "
                                        "UNLIMITED_FUEL engine metered"),
                           (wamr.Memory, "read write size data_len grow data_ptr buffer type"),
                           (wamr.Linker, "define define_func define_wasi define_instance define_module "
                                         "instantiate get"),
                           (wamr.WasiConfig, "argv env inherit_argv inherit_env inherit_stdin inherit_stdout "
                                             "inherit_stderr stdin_file stdout_file stderr_file preopen_dir "
                                             "capture_stdout stdout_bytes capture_stderr stderr_bytes "
                                             "stdin_bytes stdin stdout stderr apply close"),
                           (wamr.Func, "call type"),
                           (wamr.Module, "from_file validate serialize deserialize imports exports"),
                           (wamr.InstanceExports, "by_index"),
                           (wamr.Caller, "get"),
                           (wamr.Trap, "__init__"),
                           (wamr.Engine, "default")):
            for name in names.split():
                self.assertTrue(hasattr(obj, name), "%s.%s" % (obj.__name__, name))
        self.assertTrue(issubclass(wamr.LinkError, wamr.WasmError))
        self.assertTrue(issubclass(wamr.F32, float))
        for code in ("TIMEOUT", "HOST_ERROR", "INTEGER_DIVISION_BY_ZERO", "OUT_OF_FUEL", "INTERRUPT"):
            self.assertTrue(hasattr(wamr.TrapCode, code), code)

    def test_python_blocks_run(self):
        runnable = [(line, src) for line, src, run in self.blocks if run]
        self.assertGreaterEqual(len(runnable), 10)  # the extraction found the quickstart
        env = dict(os.environ, WAMR_LIBIWASM=ffi.LIBRARY_PATH)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (os.path.join(REPO, "python"), env.get("PYTHONPATH"))
                                            if p)
        proc = subprocess.run([sys.executable, "-X", "dev", "-c", DRIVER, README], input=json.dumps(runnable),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                              env=env, timeout=300)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        outputs = json.loads(proc.stdout)
        self.assertEqual(len(outputs), len(runnable))
        checked = 0
        for (line, src), out in zip(runnable, outputs):
            if out is None:  # needs numpy, which is not installed
                continue
            got = out.splitlines()
            pos = 0
            for want in expected_lines(src):
                while pos < len(got) and not matches(want, got[pos]):
                    pos += 1
                self.assertLess(pos, len(got), "README.md block at line %d: no output line %r after "
                                "the previous ones; it printed:\n%s" % (line, want, out))
                pos += 1
                checked += 1
        self.assertGreaterEqual(checked, 10)

    def test_no_run_blocks_are_few(self):
        # only the procedural API's sketch (it needs a hello.wasm) is not run
        skipped = [line for line, _, run in self.blocks if not run]
        self.assertLessEqual(len(skipped), 1, skipped)


if __name__ == "__main__":
    unittest.main()
