"""ctypes binding of wasm_c_api.h: `binding` is generated from the header by
bindgen/bindgen.py, `ffi` is hand-written and re-exports everything.

ffi is imported first on purpose: it loads libiwasm.so, which binding resolves its
functions against (binding imports `libiwasm` from ffi)."""

from . import ffi  # noqa: F401  (must come before binding)
from . import binding  # noqa: F401
