"""Every function the header declares has a wrapper and is exercised by a hand-written
test (the NULL sweep alone does not count), and so is every static inline helper."""
import os
import re
import sys
import unittest

from wasmtest import HERE, REPO, binding, ffi

sys.path.insert(0, os.path.join(REPO, "bindgen"))
import bindgen  # noqa: E402

NOT_COUNTED = {"test_coverage.py", "test_null_sweep.py", "test_bindgen.py", "null_sweep.py", "wasmtest.py"}


class CoverageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _, v = bindgen.generate(os.path.join(REPO, "include", "wasm_c_api.h"))
        cls.functions = v.functions
        cls.static_inline = v.static_inline
        texts = []
        for name in sorted(os.listdir(HERE)):
            if name.endswith(".py") and name not in NOT_COUNTED:
                with open(os.path.join(HERE, name), encoding="utf-8") as f:
                    texts.append(f.read())
        cls.mentioned = set(re.findall(r"\b[A-Za-z_][A-Za-z0-9_]*\b", "\n".join(texts)))

    def test_every_header_function_has_a_wrapper(self):
        missing = [n for n in self.functions if not callable(getattr(ffi, n, None))
                   or getattr(getattr(binding, "_" + n, None), "missing", False)]
        self.assertEqual(missing, [], "functions without a working wrapper")

    def test_every_header_function_is_tested(self):
        untested = [n for n in self.functions if n not in self.mentioned]
        self.assertEqual(untested, [], "functions no test mentions")

    def test_every_static_inline_helper_is_tested(self):
        untested = [n for n in self.static_inline if n not in self.mentioned]
        self.assertEqual(untested, [], "static inline helpers no test mentions")

    def test_counts(self):
        self.assertGreaterEqual(len(self.functions), 285)
        self.assertGreaterEqual(len(self.static_inline), 27)


if __name__ == "__main__":
    unittest.main()
