#!/usr/bin/env python3
"""Procedural hello world of the wamr binding: a wasm module calls back into Python.

    python3 samples/python/hello_procedural.py [hello.wasm]

Without an argument the module is compiled from hello.wat beside this file with the
project's wat2wasm ($WAT2WASM, or target/{debug,release}/wat2wasm).
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
try:
    import wamr  # noqa: F401  (installed)
except ImportError:
    sys.path.insert(0, os.path.join(REPO, "python"))  # the source tree

from wamr.wasmcapi.ffi import *  # noqa: E402,F401,F403


def wasm_bytes(argv):
    if len(argv) > 1:
        with open(argv[1], "rb") as f:
            return f.read()
    tool = os.environ.get("WAT2WASM") or next(
        (p for p in (os.path.join(REPO, "target", d, "wat2wasm") for d in ("debug", "release"))
         if os.path.isfile(p)), None)
    if tool is None:
        sys.exit("no wat2wasm: build it with `cargo build -p wat2wasm` or pass a .wasm file")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "hello.wasm")
        subprocess.run([tool, os.path.join(HERE, "hello.wat"), "-o", out], check=True)
        with open(out, "rb") as f:
            return f.read()


@wasm_func_cb_decl
def hello_callback(args, results):
    x = args.contents.data[0].of.i32
    print("Calling back...")
    print("> Hello World! (from Python, got %d)" % x)
    results.contents.data[0] = wasm_i32_val(x * 2)
    return None  # no trap


def main(argv):
    print("Initializing...")
    engine = wasm_engine_new()
    store = wasm_store_new(engine)

    print("Loading binary...")
    binary = load_module_file(wasm_bytes(argv))

    print("Compiling module...")
    module = wasm_module_new(store, binary)
    wasm_byte_vec_delete(binary)
    if is_null_pointer(module):
        sys.exit("> Error compiling module!")

    print("Creating callback...")
    hello_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32())
    hello_func = wasm_func_new(store, hello_type, hello_callback)
    wasm_functype_delete(hello_type)

    print("Instantiating module...")
    imports = wasm_array_vec(wasm_extern_vec_t, list_to_carray(POINTER(wasm_extern_t),
                                                               wasm_func_as_extern(hello_func)))
    trap = create_null_pointer(wasm_trap_t)
    instance = wasm_instance_new(store, module, imports, byref(trap))
    if is_null_pointer(instance):
        sys.exit("> Error instantiating module!")

    print("Extracting export...")
    exports = wasm_extern_vec_t()
    wasm_instance_exports(instance, exports)
    run = wasm_extern_as_func(exports.data[0])
    run_type = wasm_func_type(run)
    print("  run: %r" % dereference(run_type))
    wasm_functype_delete(run_type)

    print("Calling export...")
    args = wasm_array_vec(wasm_val_vec_t, list_to_carray(wasm_val_t, wasm_i32_val(20)))
    results = wasm_val_vec_t()
    wasm_val_vec_new_uninitialized(results, 1)
    trap = wasm_func_call(run, args, results)
    if not is_null_pointer(trap):
        print("> Error calling export: %r" % dereference(trap))
        wasm_trap_delete(trap)
        sys.exit(1)
    print("run(20) = %d" % results.data[0].of.i32)

    print("Shutting down...")
    wasm_val_vec_delete(results)
    wasm_extern_vec_delete(exports)
    wasm_instance_delete(instance)
    wasm_func_delete(hello_func)
    wasm_module_delete(module)
    wasm_store_delete(store)
    wasm_engine_delete(engine)
    print("Done.")


if __name__ == "__main__":
    main(sys.argv)
