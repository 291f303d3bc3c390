"""wamr: Python binding of WAMR's WebAssembly C API (wasm_c_api.h), on libiwasm.

The procedural API lives in `wamr.wasmcapi.ffi`:

    from wamr.wasmcapi.ffi import *
    engine = wasm_engine_new()
    store = wasm_store_new(engine)
    ...

Importing `wamr` alone loads nothing; `wamr.wasmcapi` loads libiwasm.so.
"""

__version__ = "2.4.3"
__all__ = ["wasmcapi"]
