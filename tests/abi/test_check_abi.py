#!/usr/bin/env python3
"""Self-test of check_abi.py: it must pass on an unmodified copy of our header and on harmless
respellings, and fail, in the right section, on each deliberately broken copy.

    python3 -m unittest tests/abi/test_check_abi.py      (or: python3 tests/abi/test_check_abi.py)

The reference directory comes from $WAMR_REFERENCE_INCLUDE, else from tests/reference_header.sh.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import check_abi  # noqa: E402

OUR_HEADER = REPO / "include" / "wasm_c_api.h"


def reference_dir() -> Path:
    env = os.environ.get("WAMR_REFERENCE_INCLUDE")
    if env:
        return Path(env)
    out = subprocess.run([str(REPO / "tests" / "reference_header.sh")], capture_output=True,
                         text=True, check=True).stdout.strip()
    return Path(out)


REF_DIR = reference_dir()


def replace_once(text: str, old: str, new: str) -> str:
    """Replaces `old` (which must occur exactly once)."""
    n = text.count(old)
    if n != 1:
        raise AssertionError(f"mutation target {old!r} occurs {n} times in our header")
    return text.replace(old, new)


def replace_on_line(text: str, marker: str, old: str, new: str) -> str:
    """Replaces the first `old` on the (single) line containing `marker`."""
    lines = text.splitlines(keepends=True)
    hits = [i for i, l in enumerate(lines) if marker in l]
    if len(hits) != 1:
        raise AssertionError(f"line marker {marker!r} found on {len(hits)} lines")
    i = hits[0]
    if old not in lines[i]:
        raise AssertionError(f"{old!r} not on the line of {marker!r}: {lines[i]!r}")
    lines[i] = lines[i].replace(old, new, 1)
    return "".join(lines)


def delete_line(text: str, marker: str) -> str:
    lines = text.splitlines(keepends=True)
    kept = [l for l in lines if marker not in l]
    if len(kept) != len(lines) - 1:
        raise AssertionError(f"line marker {marker!r} found on {len(lines) - len(kept)} lines")
    return "".join(kept)


def add_declaration(text: str, decl: str) -> str:
    """Adds a function declaration next to wasm_config_new's, inside extern "C"."""
    anchor = re.search(r"^.*\bwasm_config_new\(void\);\n", text, re.M)
    if not anchor:
        raise AssertionError("wasm_config_new's declaration not found")
    return text[:anchor.end()] + "\n" + decl + "\n" + text[anchor.end():]


class CheckAbiSelfTest(unittest.TestCase):
    original = OUR_HEADER.read_text()

    def run_checker(self, text: str) -> tuple[int, str]:
        with tempfile.TemporaryDirectory(prefix="abi_selftest_") as d:
            (Path(d) / "wasm_c_api.h").write_text(text)
            out = io.StringIO()
            rc = check_abi.check(Path(d), REF_DIR, out=out)
            return rc, out.getvalue()

    def assert_passes(self, text: str):
        rc, out = self.run_checker(text)
        self.assertEqual(rc, 0, f"the checker rejected a valid header:\n{out}")
        self.assertRegex(out, r"abi: 285 functions, \d+ layouts .*: OK")

    def assert_fails_in(self, text: str, section: str, message: str | None = None):
        self.assertNotEqual(text, self.original, "the mutation changed nothing")
        rc, out = self.run_checker(text)
        self.assertEqual(rc, 1, f"the checker accepted a broken header:\n{out}")
        self.assertIn(f"FAIL [{section}]", out, f"expected a failure in [{section}]:\n{out}")
        if message:
            self.assertIn(message, out)
        self.assertRegex(out, r"abi: FAILED \(\d+ problems in: ")

    # ---- positive cases -------------------------------------------------------------------

    def test_unchanged_copy_passes(self):
        self.assert_passes(self.original)

    def test_typedef_spelling_of_a_type_is_accepted(self):
        # `wasm_config_t *` and `struct wasm_config_t *` are the same type.
        self.assert_passes(replace_once(self.original, "struct wasm_config_t *wasm_config_new(void)",
                                        "wasm_config_t *wasm_config_new(void)"))

    def test_top_level_const_on_a_parameter_is_accepted(self):
        # The reference itself says `const uint32_t stack_size`: not part of the function type.
        self.assert_passes(replace_on_line(self.original, "wasm_instance_new_with_args(",
                                           "uint32_t stack_size", "const uint32_t stack_size"))

    def test_extra_wamr_function_is_accepted(self):
        self.assert_passes(add_declaration(
            self.original, "WASM_API_EXTERN int wamr_selftest_extension(const char *name);"))

    # ---- negative cases -------------------------------------------------------------------

    def test_changed_parameter_type_fails(self):
        broken = replace_on_line(self.original, "wasm_table_set(", "wasm_table_size_t", "uint64_t")
        self.assert_fails_in(broken, "functions", "wasm_table_set: different type")

    def test_changed_return_type_fails(self):
        broken = replace_on_line(self.original, "wasm_frame_func_offset(", "size_t", "uint32_t")
        self.assert_fails_in(broken, "functions", "wasm_frame_func_offset: different type")

    def test_moved_const_fails(self):
        # `T *const *` (the reference's `own T* const[]`) is not `const T **`.
        broken = replace_on_line(self.original, "void wasm_valtype_vec_new(",
                                 "struct wasm_valtype_t *const *", "const struct wasm_valtype_t **")
        self.assert_fails_in(broken, "functions", "wasm_valtype_vec_new: different type")

    def test_missing_function_fails(self):
        broken = delete_line(self.original, "wasm_frame_module_offset(")
        self.assert_fails_in(broken, "functions", "wasm_frame_module_offset: declared by the reference")

    def test_dropped_deprecation_fails(self):
        broken = replace_on_line(self.original, "wasm_engine_new_with_args(",
                                 "WASM_API_DEPRECATED ", "")
        self.assert_fails_in(broken, "functions", "deprecated functions differ")

    def test_moved_struct_field_fails(self):
        a, b = "  uint32_t segue_flags;\n", "  bool enable_linux_perf;\n"
        broken = replace_once(self.original, a + b, b + a)
        self.assert_fails_in(broken, "layouts", "offsetof(wasm_config_t, segue_flags)")

    def test_changed_field_type_fails(self):
        broken = replace_once(self.original, "    uint32_t max_memory_pages;",
                              "    uint64_t max_memory_pages;")
        self.assert_fails_in(broken, "layouts", "sizeof(InstantiationArgs)")

    def test_changed_enum_value_fails(self):
        broken = replace_once(self.original, "WASM_EXTERNREF = 128", "WASM_EXTERNREF = 127")
        self.assert_fails_in(broken, "layouts", "enum WASM_EXTERNREF")

    def test_changed_macro_fails(self):
        broken = replace_once(self.original, "((n) * 1024)", "((n) * 1000)")
        self.assert_fails_in(broken, "macros", "KILOBYTE differs")

    def test_own_left_defined_fails(self):
        broken = delete_line(self.original, "#undef own")
        self.assert_fails_in(broken, "macros", "`own`")

    def test_changed_helper_body_fails(self):
        broken = replace_once(self.original, "strlen(s) + 1", "strlen(s)")
        self.assert_fails_in(broken, "helpers", "body of wasm_name_new_from_string_nt")

    def test_changed_static_const_fails(self):
        broken = replace_once(self.original, "MEMORY_PAGE_SIZE = 0x10000", "MEMORY_PAGE_SIZE = 0x8000")
        self.assert_fails_in(broken, "helpers", "static MEMORY_PAGE_SIZE")

    def test_renamed_defined_guard_fails(self):
        broken = self.original.replace("WASM_VAL_T_DEFINED", "WASM_VAL_T_DEFINED_X")
        self.assert_fails_in(broken, "guards", "guard WASM_VAL_T_DEFINED missing in ours")

    def test_unguarded_type_fails(self):
        # The guard's #ifndef/#define kept, but the type moved out of it: pre-defining the guard
        # (as wasm_export.h does) must then clash.
        m = re.search(r"#ifndef LOAD_ARGS_OPTION_DEFINED\n#define LOAD_ARGS_OPTION_DEFINED\n"
                      r"(.*?)#endif[^\n]*\n", self.original, re.S)
        self.assertIsNotNone(m)
        broken = self.original.replace(
            m.group(0), "#ifndef LOAD_ARGS_OPTION_DEFINED\n#define LOAD_ARGS_OPTION_DEFINED\n"
                        "#endif\n" + m.group(1))
        self.assert_fails_in(broken, "guards", "LOAD_ARGS_OPTION_DEFINED")

    def test_helpers_outside_include_guard_fail(self):
        # The helpers placed after the include guard's #endif: a second #include breaks.
        broken = replace_once(self.original, "#define wasm_name wasm_byte_vec\n",
                              "#endif\n#define wasm_name wasm_byte_vec\n")
        broken = replace_once(broken, "#endif /* _WASM_C_API_H_ */\n", "")
        self.assert_fails_in(broken, "guards", "including the header twice does not compile")

    def test_extra_unprefixed_function_fails(self):
        broken = add_declaration(self.original, "WASM_API_EXTERN void wasm_selftest_extra(void);")
        self.assert_fails_in(broken, "extras", "wasm_selftest_extra is not in the reference")

    def test_wasm_runtime_name_unknown_to_wamr_fails(self):
        broken = add_declaration(self.original, "WASM_API_EXTERN void wasm_runtime_selftest(void);")
        self.assert_fails_in(broken, "extras", "wasm_runtime_selftest uses WAMR's wasm_runtime_")

    def test_extra_unprefixed_macro_fails(self):
        broken = replace_once(self.original, "#undef own\n", "#undef own\n#define SELFTEST_EXTRA 1\n")
        self.assert_fails_in(broken, "extras", "macro SELFTEST_EXTRA")

    def test_missing_extern_c_fails(self):
        lines = self.original.splitlines(keepends=True)
        kept = [l for l in lines if not re.match(r'^\s*(extern "C" \{|\}\s*// extern "C")', l)]
        self.assertGreaterEqual(len(lines) - len(kept), 2)
        self.assert_fails_in("".join(kept), "compile", 'extern "C"')


if __name__ == "__main__":
    unittest.main()
