"""bindgen.py: binding.py is up to date, deterministic, complete, and lays out every
struct exactly as the C compiler does; flat.py (the object layer's flat prototypes) is up
to date, deterministic, complete and follows the header."""
import ctypes as c
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

from wasmtest import PYTHON_DIR, REPO, binding, ffi
from wamr import _lib  # noqa: E402
from wamr.wasmcapi import flat  # noqa: E402

sys.path.insert(0, os.path.join(REPO, "bindgen"))
import bindgen  # noqa: E402

HEADER = os.path.join(REPO, "include", "wasm_c_api.h")
BINDING = os.path.join(REPO, "python", "wamr", "wasmcapi", "binding.py")
FLAT = os.path.join(REPO, "python", "wamr", "wasmcapi", "flat.py")
BINDGEN = os.path.join(REPO, "bindgen", "bindgen.py")


class GeneratedBindingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text, cls.visitor = bindgen.generate(HEADER)

    def test_committed_binding_is_up_to_date(self):
        with open(BINDING) as f:
            committed = f.read()
        self.assertEqual(committed, self.text, "binding.py is stale: run `make binding`")

    def test_regeneration_is_byte_identical(self):
        again, _ = bindgen.generate(HEADER)
        self.assertEqual(again, self.text)

    def test_cli_writes_the_same_bytes(self):
        with tempfile.TemporaryDirectory() as tmp:
            out, flat_out = os.path.join(tmp, "binding.py"), os.path.join(tmp, "flat.py")
            subprocess.run([sys.executable, BINDGEN, "--header", HEADER, "--output", out,
                            "--flat-output", flat_out], check=True, stderr=subprocess.DEVNULL)
            with open(out) as f:
                self.assertEqual(f.read(), self.text)
            with open(flat_out) as f:
                self.assertEqual(f.read(), bindgen.generate_flat(HEADER)[0])

    def test_header_comment_names_source_and_hash(self):
        import hashlib
        with open(HEADER, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        head = self.text.split("\n", 6)
        self.assertTrue(head[0].startswith("# GENERATED FILE"))
        self.assertIn("include/wasm_c_api.h", head[1])
        self.assertIn(digest, head[2])

    def test_every_declared_function_is_wrapped(self):
        declared = self.visitor.functions
        self.assertGreaterEqual(len(declared), 285)
        with open(os.path.join(REPO, "tests", "abi", "functions.txt")) as f:
            spec = [l.strip() for l in f if l.strip()]
        for name in spec:
            self.assertIn(name, declared)
        for name in declared:
            self.assertTrue(callable(getattr(binding, name, None)), name)
            self.assertTrue(callable(getattr(ffi, name, None)), name)
        self.assertEqual(tuple(declared), binding.FUNCTIONS)

    def test_static_inline_helpers_are_skipped_and_provided_by_ffi(self):
        self.assertIn("wasm_name_new_from_string_nt", binding.STATIC_INLINE_FUNCTIONS)
        self.assertIn("wasm_functype_new_3_2", binding.STATIC_INLINE_FUNCTIONS)
        for name in binding.STATIC_INLINE_FUNCTIONS:
            self.assertNotIn("_" + name, vars(binding), name)
            self.assertNotIn(name, binding.FUNCTIONS)
            self.assertTrue(callable(getattr(ffi, name, None)), "ffi lacks %s" % name)

    def test_functions_resolved_once_with_prototypes(self):
        raw = binding._wasm_func_call
        self.assertIs(raw.restype, c.POINTER(binding.wasm_trap_t))
        self.assertEqual(raw.argtypes, [c.POINTER(binding.wasm_func_t), c.POINTER(binding.wasm_val_vec_t),
                                        c.POINTER(binding.wasm_val_vec_t)])
        self.assertIs(binding._wasm_module_new.restype, c.POINTER(binding.wasm_module_t))
        self.assertIs(binding._wasm_memory_data.restype, c.POINTER(c.c_ubyte))  # byte_t is c_ubyte, as WAMR's
        self.assertIs(binding._wasm_module_get_name.restype, c.c_char_p)
        self.assertIs(binding._wasm_instance_sum_wasm_exec_time.restype, c.c_double)
        self.assertIs(binding._wasm_func_new.argtypes[2].functype, binding.wasm_func_callback_t)

    def test_enums_and_constants(self):
        self.assertEqual((binding.WASM_I32, binding.WASM_I64, binding.WASM_F32, binding.WASM_F64,
                          binding.WASM_V128, binding.WASM_EXTERNREF, binding.WASM_FUNCREF),
                         (0, 1, 2, 3, 4, 128, 129))
        self.assertEqual((binding.WASM_EXTERN_FUNC, binding.WASM_EXTERN_GLOBAL, binding.WASM_EXTERN_TABLE,
                          binding.WASM_EXTERN_MEMORY), (0, 1, 2, 3))
        self.assertEqual((binding.WASM_CONST, binding.WASM_VAR), (0, 1))
        self.assertEqual((binding.Alloc_With_Pool, binding.Alloc_With_Allocator,
                          binding.Alloc_With_System_Allocator), (0, 1, 2))
        self.assertEqual(binding.wasm_limits_max_default, 0xffffffff)
        self.assertEqual(binding.MEMORY_PAGE_SIZE, 0x10000)

    def test_typedefs(self):
        self.assertIs(binding.wasm_module_t, c.POINTER(binding.WASMModuleCommon))
        self.assertIs(binding.wasm_shared_module_t, binding.wasm_module_t)
        self.assertIs(binding.wasm_name_t, binding.wasm_byte_vec_t)
        self.assertIs(binding.wasm_message_t, binding.wasm_byte_vec_t)
        self.assertIs(binding.wasm_valkind_t, c.c_uint8)
        self.assertIs(binding.wasm_byte_t, c.c_ubyte)
        self.assertIs(binding.float32_t, c.c_float)
        self.assertTrue(issubclass(binding.wasm_val_t_of, c.Union))
        self.assertTrue(issubclass(binding.MemAllocOption, c.Union))
        self.assertEqual(binding.wasm_func_callback_t._restype_, c.c_void_p)
        self.assertEqual(binding.wasm_func_callback_t._argtypes_,
                         (c.POINTER(binding.wasm_val_vec_t), c.POINTER(binding.wasm_val_vec_t)))

    def test_field_types(self):
        fields = dict(binding.wasm_val_t._fields_)
        self.assertIs(fields["_paddings"], c.c_uint8 * 7)
        self.assertIs(fields["of"], binding.wasm_val_t_of)
        self.assertEqual([n for n, _ in binding.wasm_byte_vec_t._fields_],
                         ["size", "data", "num_elems", "size_of_elem", "lock"])
        self.assertIs(dict(binding.wasm_extern_vec_t._fields_)["data"],
                      c.POINTER(c.POINTER(binding.wasm_extern_t)))
        self.assertEqual(binding.wasm_engine_t.__dict__.get("_fields_"), None)  # opaque

    def test_sizes(self):
        self.assertEqual(c.sizeof(binding.wasm_val_t), 16)
        self.assertEqual(c.sizeof(binding.wasm_config_t), 48)
        self.assertEqual(binding.wasm_config_t.enable_linux_perf.offset, 44)
        self.assertEqual(binding.wasm_config_t.segue_flags.offset, 40)
        self.assertEqual(binding.wasm_config_t.mem_alloc_option.offset, 8)
        self.assertEqual(c.sizeof(binding.MemAllocOption), 32)
        self.assertEqual(c.sizeof(binding.InstantiationArgs), 12)
        self.assertEqual(c.sizeof(binding.LoadArgs), 16)
        self.assertEqual(c.sizeof(binding.wasm_limits_t), 8)
        for t in ffi.VEC_TYPES:
            self.assertEqual(c.sizeof(t), 40, t.__name__)

    def test_layouts_match_the_c_compiler(self):
        """sizeof/offsetof of every named struct and union, as gcc sees the header."""
        checks = []  # (C expression, python value)
        for name, spelling in sorted(self.visitor.c_spelling.items()):
            cls = getattr(binding, name)
            if "_fields_" not in cls.__dict__:
                continue
            checks.append(("sizeof(%s)" % spelling, c.sizeof(cls)))

            def walk(k, prefix, base):
                for fname, ftype in k._fields_:
                    path = prefix + fname
                    off = base + getattr(k, fname).offset
                    checks.append(("offsetof(%s, %s)" % (spelling, path), off))
                    checks.append(("sizeof(((%s*)0)->%s)" % (spelling, path), c.sizeof(ftype)))
                    if isinstance(ftype, type) and issubclass(ftype, (c.Structure, c.Union)) \
                            and ftype.__name__ not in self.visitor.c_spelling:
                        walk(ftype, path + ".", off)
            walk(cls, "", 0)
        self.assertGreater(len(checks), 150)
        prog = ["#include <stdio.h>", "#include <stddef.h>", '#include "wasm_c_api.h"', "int main(void) {"]
        for expr, _ in checks:
            prog.append('  printf("%%zu\\n", (size_t)(%s));' % expr)
        prog.append("  return 0;\n}")
        with tempfile.TemporaryDirectory() as tmp:
            src, exe = os.path.join(tmp, "layout.c"), os.path.join(tmp, "layout")
            with open(src, "w") as f:
                f.write("\n".join(prog))
            subprocess.run(["gcc", "-w", "-I", os.path.join(REPO, "include"), src, "-o", exe], check=True)
            out = subprocess.run([exe], stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
        got = [int(x) for x in out.split()]
        for (expr, py), cval in zip(checks, got):
            self.assertEqual(py, cval, expr)


class GeneratedFlatTest(unittest.TestCase):
    """flat.py: one flat prototype per exported function, from the header only."""

    @classmethod
    def setUpClass(cls):
        cls.text, cls.visitor = bindgen.generate_flat(HEADER)

    def test_committed_flat_is_up_to_date(self):
        with open(FLAT) as f:
            committed = f.read()
        self.assertEqual(committed, self.text, "flat.py is stale: run `make binding`")

    def test_regeneration_is_byte_identical(self):
        again, _ = bindgen.generate_flat(HEADER)
        self.assertEqual(again, self.text)

    def test_header_comment_names_source_and_hash(self):
        import hashlib
        with open(HEADER, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        head = self.text.split("\n", 6)
        self.assertTrue(head[0].startswith("# GENERATED FILE"))
        self.assertIn("bindgen/bindgen.py", head[1])
        self.assertIn("include/wasm_c_api.h", head[1])
        self.assertIn(digest, head[2])

    def test_every_exported_function_once_under_its_flat_name(self):
        declared = self.visitor.functions
        self.assertGreaterEqual(len(declared), 285)
        names = [bindgen.flat_name(n) for n in declared]
        self.assertEqual(len(set(names)), len(names))
        self.assertEqual(flat.__all__[-len(names):], names)
        for c_name, name in zip(declared, names):
            self.assertEqual(getattr(flat, name).__name__, c_name)  # (a stub too)
        self.assertEqual(bindgen.flat_name("wasm_engine_new"), "engine_new")
        self.assertEqual(bindgen.flat_name("wamr_wat_to_wasm"), "wat_to_wasm")
        self.assertEqual(bindgen.flat_name("wasm_externtype_as_functype_const"),
                         "externtype_as_functype_const")
        self.assertEqual(bindgen.flat_name("strlen"), "strlen")
        for name in self.visitor.static_inline:
            self.assertFalse(hasattr(flat, bindgen.flat_name(name)), name)

    def test_pointers_are_flat_and_scalars_keep_their_width(self):
        callbacks = (flat.CALLBACK_WITH_ENV, flat.FINALIZER)
        simple = (c.c_void_p, c.c_char_p, c.c_bool, c.c_uint8, c.c_int, c.c_uint, c.c_uint32, c.c_int64,
                  c.c_uint64, c.c_size_t, c.c_double)
        for name in self.visitor.functions:
            f = getattr(flat, bindgen.flat_name(name))
            if not isinstance(f, c._CFuncPtr):
                continue  # a function the loaded library lacks
            self.assertTrue(f.restype is None or f.restype in simple, name)
            for t in f.argtypes:
                self.assertTrue(t in simple or t in callbacks, (name, t))
        self.assertEqual(flat.engine_new.argtypes, ())
        self.assertIs(flat.engine_new.restype, c.c_void_p)
        self.assertEqual(flat.valtype_new.argtypes, (c.c_uint8,))  # wasm_valkind_t is uint8_t
        self.assertIs(flat.memory_data_size.restype, c.c_size_t)
        self.assertIs(flat.memory_size.restype, c.c_uint32)  # wasm_memory_pages_t
        self.assertIs(flat.instance_sum_wasm_exec_time.restype, c.c_double)
        self.assertEqual(flat.table_get.argtypes, (c.c_void_p, c.c_uint32))
        # FLAT_OVERRIDES: C strings as bytes, callbacks typed
        self.assertIs(flat.module_get_name.restype, c.c_char_p)
        self.assertEqual(flat.module_set_name.argtypes, (c.c_void_p, c.c_char_p))
        self.assertEqual(flat.func_new_with_env.argtypes,
                         (c.c_void_p, c.c_void_p, flat.CALLBACK_WITH_ENV, c.c_void_p, flat.FINALIZER))
        self.assertIs(flat.CALLBACK_WITH_ENV, c.CFUNCTYPE(c.c_void_p, c.c_void_p, c.c_void_p, c.c_void_p))
        self.assertIs(flat.FINALIZER, c.CFUNCTYPE(None, c.c_void_p))
        self.assertEqual(flat.func_new.argtypes, (c.c_void_p, c.c_void_p, c.c_void_p))  # not overridden

    def test_only_releases_gil_releases_the_gil(self):
        released = []
        for name in self.visitor.functions:
            f = getattr(flat, bindgen.flat_name(name))
            if isinstance(f, c._CFuncPtr) and not f._flags_ & c._FUNCFLAG_PYTHONAPI:
                released.append(name)
        self.assertEqual(sorted(released), sorted(bindgen.RELEASES_GIL))
        self.assertIn("_released(\"wasm_func_call\"", self.text)

    def test_rule_tables_name_functions_of_the_header(self):
        declared = set(self.visitor.functions)
        for name in bindgen.RELEASES_GIL:
            self.assertIn(name, declared)
        for name in bindgen.NON_NULL_RESULTS:
            self.assertTrue(name in declared or name + "_const" in declared, name)
        for name, _ in bindgen.FLAT_OVERRIDES:
            self.assertIn(name, declared)

    def test_annotations(self):
        hints = flat.__annotations__
        self.assertEqual(hints["engine_new"], flat.PtrFn)
        self.assertEqual(hints["extern_as_func"], flat.IntFn)  # NON_NULL_RESULTS
        self.assertEqual(hints["externtype_as_functype_const"], flat.IntFn)  # ... and its _const form
        self.assertEqual(hints["memory_size"], flat.IntFn)
        self.assertEqual(hints["module_validate"], flat.BoolFn)
        self.assertEqual(hints["module_get_name"], flat.BytesFn)
        self.assertEqual(hints["engine_delete"], flat.VoidFn)
        self.assertEqual(hints["instance_sum_wasm_exec_time"], flat.FloatFn)

    def test_lib_uses_the_flat_prototypes(self):
        for name in ("engine_new", "instance_new", "func_call", "memory_size", "wat_to_wasm",
                     "CALLBACK_WITH_ENV", "FINALIZER", "P"):
            self.assertIs(getattr(_lib, name), getattr(flat, name), name)
        self.assertIs(_lib.externtype_as_functype, flat.externtype_as_functype_const)
        self.assertIs(_lib.func_as_ref, flat.func_as_ref_const)
        self.assertIs(_lib.global_get, flat.global_value)
        self.assertIs(_lib.set_wasi_args_ex, flat.runtime_set_wasi_args_ex)
        with open(os.path.join(PYTHON_DIR, "wamr", "_lib.py")) as f:
            source = f.read()
        for declaration in ("_fn(", "_released(", "restype", "argtypes", "CFUNCTYPE("):
            self.assertNotIn(declaration, source)  # every prototype comes from flat.py

    def test_missing_symbols_raise_not_implemented(self):
        """Against a library without the wamr_* extensions (as WAMR's own libiwasm)."""
        with tempfile.TemporaryDirectory() as tmp:
            src, lib = os.path.join(tmp, "stub.c"), os.path.join(tmp, "libstub.so")
            with open(src, "w") as f:
                f.write("void *wasm_engine_new(void) { return (void *)0; }\n")
            subprocess.run(["gcc", "-shared", "-fPIC", src, "-o", lib], check=True)
            code = ("from wamr.wasmcapi import flat\n"
                    "assert flat.engine_new() is None\n"
                    "for f in (flat.wat_to_wasm, flat.func_call):\n"
                    "    try:\n"
                    "        f(None, None)\n"
                    "    except NotImplementedError as e:\n"
                    "        print(e)\n")
            env = dict(os.environ, WAMR_LIBIWASM=lib, PYTHONPATH=PYTHON_DIR)
            proc = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, universal_newlines=True, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines(), ["wamr_wat_to_wasm is not exported by " + lib,
                                                    "wasm_func_call is not exported by " + lib])

    def _variant(self, old, new):
        """flat.py of the header with `old` replaced by `new`."""
        with open(HEADER) as f:
            text = f.read()
        self.assertEqual(text.count(old), 1, old)
        with tempfile.TemporaryDirectory() as tmp:
            h = os.path.join(tmp, "wasm_c_api.h")
            with open(h, "w") as f:
                f.write(text.replace(old, new))
            return bindgen.generate_flat(h)[0]

    def test_a_changed_prototype_changes_flat(self):
        old = "wasm_memory_pages_t wasm_memory_size("
        other = self._variant(old, "uint64_t wasm_memory_size(")
        self.assertNotEqual(other, self.text)
        self.assertIn('memory_size: IntFn = _fn("wasm_memory_size", c_uint64, P)\n', other)
        self.assertIn('memory_size: IntFn = _fn("wasm_memory_size", c_uint32, P)\n', self.text)

    def test_a_removed_function_is_absent(self):
        decl = next(l for l in open(HEADER) if " wamr_wat_to_wasm(" in l)
        other = self._variant(decl, "")
        self.assertNotIn("wat_to_wasm", other)
        self.assertIn('wat_to_wasm: BoolFn = _released("wamr_wat_to_wasm", c_bool, P, P)\n', self.text)

    def test_overrides_are_checked_against_the_header(self):
        with mock.patch.dict(bindgen.FLAT_OVERRIDES, {("wasm_module_get_name", "module"): "c_char_p"}):
            with self.assertRaisesRegex(bindgen.BindgenError, "not a char"):
                bindgen.generate_flat(HEADER)
        with mock.patch.dict(bindgen.FLAT_OVERRIDES, {("wasm_func_new", "store"): "CALLBACK"}):
            with self.assertRaisesRegex(bindgen.BindgenError, "not a function pointer"):
                bindgen.generate_flat(HEADER)
        with mock.patch.dict(bindgen.FLAT_OVERRIDES, {("wasm_func_new", "nope"): "CALLBACK"}):
            with self.assertRaisesRegex(bindgen.BindgenError, "no parameter nope"):
                bindgen.generate_flat(HEADER)
        with mock.patch.dict(bindgen.FLAT_OVERRIDES, {("wasm_func_new", "callback"): "FINALIZER"}):
            with self.assertRaisesRegex(bindgen.BindgenError, "FINALIZER is both"):
                bindgen.generate_flat(HEADER)


SYNTHETIC = r"""
#include <stdint.h>
#include <stddef.h>
#define API __attribute__((visibility("default")))
struct node;
typedef struct node { struct node *next; int32_t v[3]; } node_t;
typedef struct { union { int a; float b; } u; struct { char c; } s; } anon_t;
enum flags { F_A = 1 << 2, F_B, F_C = F_A | 1, F_D = -1 };
typedef enum { K0, K1 = 10, K2 } kind_t;
typedef void (*cb_t)(void *env, int x);
static const uint32_t LIMIT = 0x10;
API void takes_cb(cb_t cb, void (*fin)(void*), const char *s, const char **list, uint8_t bytes[4]);
API node_t *make_node(void);
API int printf_like(const char *fmt, ...);
static inline int helper(int x) { return x + 1; }
"""


class SyntheticHeaderTest(unittest.TestCase):
    """The generator on constructs the real header does not (yet) use."""

    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as tmp:
            h = os.path.join(tmp, "synthetic.h")
            with open(h, "w") as f:
                f.write(SYNTHETIC)
            cls.text, cls.visitor = bindgen.generate(h)

    def test_self_referencing_struct(self):
        self.assertIn("class node(Structure):\n    pass", self.text)
        self.assertIn("('next', POINTER(node)),", self.text)
        self.assertIn("('v', c_int32 * 3),", self.text)
        self.assertIn("node_t = node", self.text)

    def test_anonymous_members(self):
        self.assertIn("class anon_t_u(Union):", self.text)
        self.assertIn("class anon_t_s(Structure):", self.text)
        self.assertEqual(self.visitor.c_spelling["anon_t"], "anon_t")
        self.assertNotIn("anon_t_u", self.visitor.c_spelling)

    def test_enum_values(self):
        for line in ("F_A = 4", "F_B = 5", "F_C = 5", "F_D = -1", "K0 = 0", "K1 = 10", "K2 = 11",
                     "kind_t = c_uint", "LIMIT = 0x10"):
            self.assertIn(line + "\n", self.text)

    def test_functions(self):
        self.assertEqual(self.visitor.functions, ["takes_cb", "make_node", "printf_like"])
        self.assertEqual(self.visitor.static_inline, ["helper"])
        self.assertIn("cb_t = CFUNCTYPE(None, c_void_p, c_int)", self.text)
        self.assertIn("[_nullable(cb_t), _nullable(CFUNCTYPE(None, c_void_p)), c_char_p, "
                      "POINTER(c_char_p), POINTER(c_uint8)]", self.text)
        self.assertIn("def printf_like(fmt, *varargs):", self.text)
        self.assertIn("_make_node = _resolve('make_node', POINTER(node_t), [])", self.text)

    def test_generated_module_compiles(self):
        compile(self.text, "synthetic_binding.py", "exec")

    def test_flat(self):
        with tempfile.TemporaryDirectory() as tmp:
            h = os.path.join(tmp, "synthetic.h")
            with open(h, "w") as f:
                f.write(SYNTHETIC)
            text, _ = bindgen.generate_flat(h)
            with mock.patch.dict(bindgen.FLAT_OVERRIDES, {("takes_cb", "cb"): "CB", ("takes_cb", "s"): "c_char_p"}):
                typed, _ = bindgen.generate_flat(h)
        self.assertIn('takes_cb: VoidFn = _fn("takes_cb", None, P, P, P, P, P)\n', text)
        self.assertIn('make_node: PtrFn = _fn("make_node", P)\n', text)
        self.assertIn('printf_like: IntFn = _fn("printf_like", c_int, P)\n', text)
        self.assertNotIn("helper:", text)
        self.assertIn("CB = CFUNCTYPE(None, P, c_int)\n", typed)
        self.assertIn('takes_cb: VoidFn = _fn("takes_cb", None, CB, P, c_char_p, P, P)\n', typed)
        compile(text, "synthetic_flat.py", "exec")
        compile(typed, "synthetic_flat.py", "exec")

    def test_flat_rejects_structs_by_value_and_name_clashes(self):
        with tempfile.TemporaryDirectory() as tmp:
            h = os.path.join(tmp, "bad.h")
            with open(h, "w") as f:
                f.write("typedef struct { int a; } pair_t;\ntypedef pair_t alias_t;\nalias_t *f(void);\n")
            bindgen.generate_flat(h)  # fine: a pointer to it
            with open(h, "a") as f:
                f.write("void g(alias_t p);\n")
            with self.assertRaisesRegex(bindgen.BindgenError, "by value"):
                bindgen.generate_flat(h)
            with open(h, "w") as f:
                f.write("void wasm_x(void);\nvoid wamr_x(void);\n")
            with self.assertRaisesRegex(bindgen.BindgenError, "flat name x of wamr_x is taken"):
                bindgen.generate_flat(h)

    def test_unknown_type_is_an_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            h = os.path.join(tmp, "bad.h")
            with open(h, "w") as f:
                f.write("typedef struct s s;\nvoid f(s *x);\nvoid g(struct s y[]);\n")
            bindgen.generate(h)  # fine: pointers to an opaque struct
            with open(h, "w") as f:
                f.write("void f(int x) {\n")
            with self.assertRaises(bindgen.BindgenError):
                bindgen.generate(h)
            with self.assertRaises(bindgen.BindgenError):
                bindgen.generate(os.path.join(tmp, "missing.h"))

    def test_cli_reports_errors(self):
        proc = subprocess.run([sys.executable, os.path.join(REPO, "bindgen", "bindgen.py"),
                               "--header", "/nonexistent/x.h", "--output", "-"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("bindgen:", proc.stderr)
        self.assertEqual(proc.stdout, "")


if __name__ == "__main__":
    unittest.main()
