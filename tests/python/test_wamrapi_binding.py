"""wamr.wamrapi.iwasm, the binding bindgen.py generates from include/wasm_export.h (and the
lib_export.h it includes): up to date, deterministic, every function resolved, every struct
laid out as the C compiler does, and the names of WAMR's own (ctypesgen) binding that
WAMR's wamr.py and samples use, `String` foremost."""
import ctypes as c
import os
import subprocess
import sys
import tempfile
import unittest

from wasmtest import REPO

from wamr.wamrapi import iwasm  # noqa: E402

sys.path.insert(0, os.path.join(REPO, "bindgen"))
import bindgen  # noqa: E402

HEADER = os.path.join(REPO, "include", "wasm_export.h")
IWASM = os.path.join(REPO, "python", "wamr", "wamrapi", "iwasm.py")
BINDGEN = os.path.join(REPO, "bindgen", "bindgen.py")

# What WAMR's wamr.py and its samples import from wamr.wamrapi.iwasm.
WAMR_NAMES = ["String", "Alloc_With_Pool", "RuntimeInitArgs", "NativeSymbol", "wasm_exec_env_t",
              "wasm_function_inst_t", "wasm_module_inst_t", "wasm_module_t", "wasm_runtime_full_init",
              "wasm_runtime_destroy", "wasm_runtime_load", "wasm_runtime_unload", "wasm_runtime_instantiate",
              "wasm_runtime_deinstantiate", "wasm_runtime_create_exec_env", "wasm_runtime_destroy_exec_env",
              "wasm_runtime_lookup_function", "wasm_runtime_call_wasm", "wasm_runtime_call_indirect",
              "wasm_runtime_module_malloc", "wasm_runtime_module_free", "wasm_runtime_register_natives",
              "wasm_runtime_get_module_inst", "wasm_runtime_addr_app_to_native",
              "wasm_runtime_addr_native_to_app", "wasm_runtime_set_wasi_args",
              "wasm_runtime_start_debug_instance"]


class GeneratedIwasmTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text, cls.visitor = bindgen.generate(HEADER)

    def test_committed_binding_is_up_to_date(self):
        with open(IWASM) as f:
            self.assertEqual(f.read(), self.text, "iwasm.py is stale: run `make binding`")

    def test_regeneration_and_cli_give_the_same_bytes(self):
        self.assertEqual(bindgen.generate(HEADER)[0], self.text)
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "iwasm.py")
            subprocess.run([sys.executable, BINDGEN, "--header", HEADER, "--output", out, "--flat-output", ""],
                           check=True, stderr=subprocess.DEVNULL)
            with open(out) as f:
                self.assertEqual(f.read(), self.text)
            self.assertEqual(sorted(os.listdir(tmp)), ["iwasm.py"])  # no flat layer

    def test_a_changed_header_changes_the_binding(self):
        with open(HEADER) as f:
            text = f.read()
        old = "wasm_runtime_lookup_function(wasm_module_inst_t module_inst, const char *name);"
        self.assertEqual(text.count(old), 1)
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("wasm_export.h", "lib_export.h"):
                with open(os.path.join(REPO, "include", name)) as f, open(os.path.join(tmp, name), "w") as g:
                    g.write(f.read().replace(old, old.replace("const char *name", "uint32_t index")))
            other, _ = bindgen.generate(os.path.join(tmp, "wasm_export.h"))
        self.assertIn("_wasm_runtime_lookup_function = _resolve('wasm_runtime_lookup_function', "
                      "wasm_function_inst_t, [wasm_module_inst_t, String])", self.text)
        self.assertIn("[wasm_module_inst_t, c_uint32])", other)

    def test_header_comment(self):
        head = self.text.split("\n", 6)
        self.assertTrue(head[0].startswith("# GENERATED FILE"))
        self.assertIn("include/wasm_export.h", head[1])
        self.assertIn("from ..wasmcapi.ffi import libiwasm as _libiwasm\n", self.text)

    def test_every_function_is_wrapped_and_resolved(self):
        declared = self.visitor.functions
        self.assertEqual(tuple(declared), iwasm.FUNCTIONS)
        self.assertEqual(iwasm.STATIC_INLINE_FUNCTIONS, ())
        for name in ("wasm_runtime_full_init", "wasm_runtime_call_wasm", "wasm_runtime_register_natives",
                     "wasm_runtime_set_wasi_args", "get_base_lib_export_apis"):
            self.assertIn(name, declared)
        # lib_export.h's one function is declared for WAMR's app framework, defined by none
        missing = [n for n in declared if getattr(getattr(iwasm, "_" + n), "missing", False)]
        self.assertEqual(missing, ["get_base_lib_export_apis"])
        with self.assertRaisesRegex(NotImplementedError, "get_base_lib_export_apis is not exported"):
            iwasm.get_base_lib_export_apis(None)

    def test_wamr_binding_names(self):
        for name in WAMR_NAMES:
            self.assertTrue(hasattr(iwasm, name), name)
        self.assertEqual((iwasm.Alloc_With_Pool, iwasm.Alloc_With_Allocator, iwasm.Alloc_With_System_Allocator),
                         (0, 1, 2))
        self.assertIs(iwasm.wasm_module_t, c.POINTER(iwasm.WASMModuleCommon))
        self.assertIs(iwasm.wasm_exec_env_t, c.POINTER(iwasm.WASMExecEnv))
        self.assertIs(iwasm.wasm_function_inst_t, c.c_void_p)  # WASMFunctionInstanceCommon is void
        self.assertIs(iwasm.wasm_valkind_t, c.c_uint8)
        self.assertEqual((iwasm.Package_Type_Unknown, iwasm.WASM_LOG_LEVEL_VERBOSE, iwasm.WASM_FUNCREF),
                         (0xFFFF, 4, 129))

    def test_prototypes(self):
        self.assertEqual(iwasm._wasm_runtime_call_wasm.argtypes,
                         [iwasm.wasm_exec_env_t, c.c_void_p, c.c_uint32, c.POINTER(c.c_uint32)])
        self.assertIs(iwasm._wasm_runtime_call_wasm.restype, c.c_bool)
        self.assertIs(iwasm._wasm_runtime_module_malloc.restype, c.c_uint64)
        self.assertIs(iwasm._wasm_runtime_get_exception.restype, c.c_char_p)  # results stay bytes
        self.assertEqual(iwasm._wasm_runtime_register_natives.argtypes,
                         [iwasm.String, c.POINTER(iwasm.NativeSymbol), c.c_uint32])
        # `char *` parameters take a String, `char **` ones stay arrays of c_char_p
        self.assertEqual(iwasm._wasm_runtime_set_wasi_args.argtypes[1], c.POINTER(c.c_char_p))
        self.assertIs(iwasm._wasm_runtime_set_module_reader.argtypes[0].functype, iwasm.module_reader)

    def test_prototypes_of_its_own(self):
        """wasm_export.h declares functions wasm_c_api.h does too (wasm_runtime_set_wasi_args):
        each binding sets the prototype of its own function object."""
        from wamr.wasmcapi import binding
        ours, theirs = iwasm._wasm_runtime_set_wasi_args, binding._wasm_runtime_set_wasi_args
        self.assertIsNot(ours, theirs)
        self.assertIs(ours.argtypes[0], iwasm.wasm_module_t)
        self.assertIs(theirs.argtypes[0], c.POINTER(binding.WASMModuleCommon))
        self.assertIsNot(iwasm.wasm_module_t, c.POINTER(binding.WASMModuleCommon))

    def test_field_types(self):
        fields = dict(iwasm.NativeSymbol._fields_)
        self.assertEqual([n for n, _ in iwasm.NativeSymbol._fields_], ["symbol", "func_ptr", "signature", "attachment"])
        self.assertIs(fields["symbol"], c.c_char_p)
        ra = dict(iwasm.RuntimeInitArgs._fields_)
        self.assertIs(ra["ip_addr"], c.c_char * 128)
        self.assertIs(ra["mem_alloc_option"], iwasm.MemAllocOption)
        self.assertIs(dict(iwasm.MemAllocOption._fields_)["pool"], iwasm.MemAllocOption_pool)

    def test_layouts_match_the_c_compiler(self):
        """sizeof/offsetof of every struct and union with members, as gcc sees the header."""
        checks = []
        for name, spelling in sorted(self.visitor.c_spelling.items()):
            cls = getattr(iwasm, name)
            if "_fields_" not in cls.__dict__:
                continue
            checks.append(("sizeof(%s)" % spelling, c.sizeof(cls)))

            def walk(k, prefix, base):
                for fname, ftype in k._fields_:
                    path, off = prefix + fname, base + getattr(k, fname).offset
                    checks.append(("offsetof(%s, %s)" % (spelling, path), off))
                    checks.append(("sizeof(((%s*)0)->%s)" % (spelling, path), c.sizeof(ftype)))
                    if isinstance(ftype, type) and issubclass(ftype, (c.Structure, c.Union)) \
                            and ftype.__name__ not in self.visitor.c_spelling:
                        walk(ftype, path + ".", off)
            walk(cls, "", 0)
        self.assertGreater(len(checks), 100)
        self.assertIn(("sizeof(struct RuntimeInitArgs)", c.sizeof(iwasm.RuntimeInitArgs)), checks)
        prog = ["#include <stdio.h>", "#include <stddef.h>", '#include "wasm_export.h"', "int main(void) {"]
        prog += ['  printf("%%zu\\n", (size_t)(%s));' % expr for expr, _ in checks]
        prog.append("  return 0;\n}")
        with tempfile.TemporaryDirectory() as tmp:
            src, exe = os.path.join(tmp, "layout.c"), os.path.join(tmp, "layout")
            with open(src, "w") as f:
                f.write("\n".join(prog))
            subprocess.run(["gcc", "-w", "-I", os.path.join(REPO, "include"), src, "-o", exe], check=True)
            out = subprocess.run([exe], stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
        got = [int(x) for x in out.split()]
        self.assertEqual(len(got), len(checks))
        for (expr, py), cval in zip(checks, got):
            self.assertEqual(py, cval, expr)


class StringTest(unittest.TestCase):
    """String: ctypesgen's C string type, as WAMR's samples use it."""

    def test_from_param(self):
        s = iwasm.String.from_param("python_func")
        self.assertIsInstance(s, iwasm.String)
        self.assertEqual((s.value, str(s)), (b"python_func", "python_func"))
        self.assertEqual(iwasm.String.from_param(b"\xc3\xa9").value, "é".encode())
        self.assertEqual(str(iwasm.String.from_param("é")), "é")
        self.assertIs(iwasm.String.from_param(s), s)
        self.assertIsNone(iwasm.String.from_param(None))
        self.assertEqual(str(iwasm.String()), "")
        buf = c.create_string_buffer(8)
        self.assertIsNotNone(iwasm.String.from_param(buf))  # a char buffer, as c_char_p takes it

    def test_from_param_refuses_other_types(self):
        for bad in (1.5, ["x"], object(), c.c_int(3)):
            with self.assertRaises(TypeError, msg=repr(bad)):
                iwasm.String.from_param(bad)

    def test_as_struct_field_keeps_the_bytes_alive(self):
        symbols = (iwasm.NativeSymbol * 2)(
            iwasm.NativeSymbol(symbol=iwasm.String.from_param("f" * 100), signature=iwasm.String.from_param("(i)i")),
            iwasm.NativeSymbol(symbol=b"g", signature=None))
        import gc
        gc.collect()
        self.assertEqual(symbols[0].symbol, b"f" * 100)
        self.assertEqual((symbols[0].signature, symbols[1].symbol, symbols[1].signature), (b"(i)i", b"g", None))
        with self.assertRaises(TypeError):
            iwasm.NativeSymbol(symbol="a str is no char *: String.from_param() it")

    def test_char_pointer_parameters_take_str(self):
        # wasm_runtime_find_module_registered(const char *): str, bytes, String, None
        self.assertTrue(iwasm.wasm_runtime_init())
        try:
            for name in ("no-such-module", b"no-such-module", iwasm.String.from_param("x"), None):
                self.assertFalse(iwasm.wasm_runtime_find_module_registered(name))
            with self.assertRaises(c.ArgumentError):
                iwasm.wasm_runtime_find_module_registered(42.0)
        finally:
            iwasm.wasm_runtime_destroy()

    def test_runtime_init_args(self):
        args = iwasm.RuntimeInitArgs()
        args.mem_alloc_type = iwasm.Alloc_With_Pool
        heap = (c.c_char * 4096)()
        args.mem_alloc_option.pool.heap_buf = c.cast(heap, c.c_void_p)
        args.mem_alloc_option.pool.heap_size = 4096
        args.ip_addr = b"127.0.0.1"
        args.instance_port = 1234
        self.assertEqual((args.ip_addr, args.instance_port, args.mem_alloc_option.pool.heap_size),
                         (b"127.0.0.1", 1234, 4096))
        with self.assertRaises(ValueError):
            args.ip_addr = b"x" * 129
        self.assertTrue(iwasm.wasm_runtime_full_init(c.byref(args)))
        iwasm.wasm_runtime_destroy()
        self.assertFalse(iwasm.wasm_runtime_full_init(None))


if __name__ == "__main__":
    unittest.main()
