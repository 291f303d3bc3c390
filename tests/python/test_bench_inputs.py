"""`make bench` without its inputs fails at once, naming each missing one (and measures
nothing); with them present it does not complain."""
import os
import subprocess
import sys
import tempfile
import unittest

from wasmtest import REPO

RUN = os.path.join(REPO, "bench", "run.py")


class BenchInputsTest(unittest.TestCase):
    def run_bench(self, *args):
        return subprocess.run([sys.executable, RUN] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=60)

    def test_missing_inputs_are_named(self):
        with tempfile.TemporaryDirectory() as d:
            proc = self.run_bench("--wasm-dir", os.path.join(d, "nowhere"), "--bin-dir", d,
                                  "--json", os.path.join(d, "r.json"), "--md", os.path.join(d, "r.md"),
                                  "--png", os.path.join(d, "r.png"))
            self.assertEqual(proc.returncode, 2, proc.stderr)
            self.assertIn("bench: missing inputs, nothing measured:", proc.stderr)
            for name in ("coremark.wasm", "spidermonkey.wasm", "capi_bench_wamr", "micro.wasm"):
                self.assertIn(name, proc.stderr)
            self.assertIn("BENCH_WASM_DIR", proc.stderr)
            self.assertFalse(os.path.exists(os.path.join(d, "r.json")))

    def test_make_target_checks_the_modules_first(self):
        proc = subprocess.run(["make", "-s", "bench-inputs", "BENCH_WASM_DIR=/nonexistent"], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("/nonexistent/coremark.wasm", proc.stderr)
        with tempfile.TemporaryDirectory() as d:
            for f in ("erc20", "coremark", "bz2", "pulldown-cmark", "spidermonkey"):
                open(os.path.join(d, f + ".wasm"), "wb").close()
            ok = subprocess.run(["make", "-s", "bench-inputs", "BENCH_WASM_DIR=" + d], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
            self.assertEqual(ok.returncode, 0, ok.stderr)


if __name__ == "__main__":
    unittest.main()
