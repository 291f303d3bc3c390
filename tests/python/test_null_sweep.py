"""Every function of the header, called with NULL pointers and zero numbers, returns its
failure value and never crashes (run in a subprocess, so a crash names the function)."""
import os
import subprocess
import sys
import unittest

from wasmtest import HERE, binding, ffi

# The few functions that succeed without arguments, and what they give.
SUCCEEDS_WITHOUT_ARGUMENTS = {
    "wasm_config_new": "PTR",              # a default config
    "wasm_engine_new": "PTR",              # the engine singleton
    "wasm_engine_new_with_config": "PTR",  # NULL config: defaults
    "wasm_engine_new_with_args": "PTR",    # NULL options: defaults
    "wasm_valtype_new": "PTR",             # kind 0 is WASM_I32
    "wasm_functype_new": "PTR",            # NULL vecs: (func)
    "wasm_func_call": "PTR",               # a trap: "invalid function"
}
FAILURE_VALUES = {"NULL", "None", "0", "False", "0.0"}


class NullSweepTest(unittest.TestCase):
    def test_every_function_tolerates_null(self):
        env = dict(os.environ)
        env["WAMR_LIBIWASM"] = ffi.LIBRARY_PATH
        proc = subprocess.run([sys.executable, os.path.join(HERE, "null_sweep.py")], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, env=env, timeout=300)
        lines = proc.stdout.splitlines()
        if proc.returncode != 0:
            last = [l for l in lines if l.startswith("CALL ")]
            self.fail("null sweep died (rc %d) in %s\n%s" % (proc.returncode, last[-1] if last else "?",
                                                            proc.stderr[-2000:]))
        self.assertEqual(lines[-1], "DONE")
        rets = {}
        for line in lines:
            if line.startswith("RET "):
                _, name, value = line.split(" ", 2)
                rets[name] = value
            self.assertFalse(line.startswith("MISSING"), line)
        self.assertEqual(sorted(rets), sorted(binding.FUNCTIONS))
        for name, value in rets.items():
            if name in SUCCEEDS_WITHOUT_ARGUMENTS:
                self.assertEqual(value, SUCCEEDS_WITHOUT_ARGUMENTS[name], name)
            else:
                self.assertIn(value, FAILURE_VALUES, "%s(NULL...) returned %s" % (name, value))


if __name__ == "__main__":
    unittest.main()
