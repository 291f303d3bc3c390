#!/usr/bin/env python3
"""Calls every function of the binding with NULL pointers and zero numbers, printing
"CALL name" before and "RET name value" after each call, so a crash names its function.
Run by test_null_sweep.py in a subprocess; also runnable by hand."""
import ctypes as c
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "python"))

from wamr.wasmcapi import binding, ffi  # noqa: E402


def null_args(fn):
    args = []
    for t in fn.argtypes:
        if hasattr(t, "functype") or issubclass(t, (c._Pointer, c._CFuncPtr, c.c_void_p, c.c_char_p)):
            args.append(None)
        elif issubclass(t, (c.c_float, c.c_double)):
            args.append(0.0)
        else:
            args.append(0)
    return args


def describe(ret):
    if ret is None:
        return "None"
    if isinstance(ret, (c._Pointer, c._CFuncPtr)):
        return "NULL" if not ret else "PTR"
    return repr(ret)


def main(names):
    for name in names or binding.FUNCTIONS:
        raw = getattr(binding, "_" + name)
        if getattr(raw, "missing", False):
            print("MISSING %s" % name, flush=True)
            continue
        print("CALL %s" % name, flush=True)
        ret = getattr(binding, name)(*null_args(raw))
        print("RET %s %s" % (name, describe(ret)), flush=True)
        # the few constructors that succeed without arguments: release what they made
        if isinstance(ret, c._Pointer) and ret:
            deleter = {"wasm_config_new": "wasm_config_delete",
                       "wasm_valtype_new": "wasm_valtype_delete",
                       "wasm_functype_new": "wasm_functype_delete",
                       "wasm_func_call": "wasm_trap_delete"}.get(name)
            if name.startswith("wasm_engine_new"):
                deleter = "wasm_engine_delete"
            if deleter:
                getattr(binding, deleter)(ret)
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
