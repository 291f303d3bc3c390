"""WAMR's embedding API (wasm_export.h) for Python, under the names of WAMR's own binding:

- `wamr.wamrapi.iwasm`: the ctypes binding, generated from include/wasm_export.h (and
  lib_export.h) by bindgen/bindgen.py: every type, enum and function of the header, and
  `String`, the `char *` argument type of ctypesgen's bindings;
- `wamr.wamrapi.wamr`: the classes `Engine`, `Module`, `Instance`, `ExecEnv`.

The library is the one wamr.wasmcapi loads ($WAMR_LIBIWASM first, see wamr.wasmcapi.ffi).
Importing this package loads nothing: importing either module does.
"""
