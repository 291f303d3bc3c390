#!/usr/bin/env python3
"""Generate python/wamr/wasmcapi/binding.py and flat.py from include/wasm_c_api.h.

The header is preprocessed with `gcc -E -nostdinc` against tiny fake system headers
(stddef/stdint/stdbool/string/assert) written to a temporary directory, so no GNU
extension of the real libc headers reaches pycparser; the header's own GNU
attributes are neutralised with -D defines. pycparser then parses the result and a
c_ast.NodeVisitor walks the top-level declarations in header order and emits:

  * every struct/union as a ctypes.Structure/ctypes.Union with its real fields
    (fixed arrays as `T * N`; anonymous nested structs/unions as named classes
    `<parent>_<field>`), opaque structs as empty Structures;
  * enums as integer constants with the header's values;
  * typedefs as aliases (`wasm_module_t = POINTER(WASMModuleCommon)`),
    function-pointer typedefs as CFUNCTYPE;
  * `static const` values as constants;
  * every exported (non-static) function, resolved once at import with argtypes
    and restype, behind a thin Python function of the same name.

`static inline` helpers are not library symbols; their names are listed in
STATIC_INLINE_FUNCTIONS and ffi.py implements them.

From the same walk it writes flat.py, the flat prototypes the object layer (wamr._lib)
calls: every exported function once, in header order, named by flat_name(), with
every pointer a c_void_p and scalars at their C width (see flat_text); the few typed
exceptions are FLAT_OVERRIDES, the GIL-releasing set is RELEASES_GIL, and the results
annotated as never NULL are NON_NULL_RESULTS. Both outputs are deterministic.

The same walk binds include/wasm_export.h (with lib_export.h, which it includes: the
headers next to the one given are walked too) into python/wamr/wamrapi/iwasm.py, under the
names of WAMR's own binding of it (ctypesgen's output, `wamr.wamrapi.iwasm`), as PROFILES
says: its `char *` parameters take a `String` (str, bytes, None or a char buffer), the class
ctypesgen bindings have, defined in the file's prelude; it has no flat layer.

Usage: bindgen.py [--header include/wasm_c_api.h] [--output python/wamr/wasmcapi/binding.py]
                  [--flat-output python/wamr/wasmcapi/flat.py]
       bindgen.py --header include/wasm_export.h --output python/wamr/wamrapi/iwasm.py --flat-output ''
       (an output `-` writes that file to stdout, an empty one skips it)
"""

import argparse
import hashlib
import keyword
import os
import re
import subprocess
import sys
import tempfile

try:
    from pycparser import c_ast, c_parser
except ImportError:  # `make tools` installs it
    sys.exit("bindgen: pycparser is missing: python3 -m pip install pycparser")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_HEADER = os.path.join(REPO, "include", "wasm_c_api.h")
DEFAULT_OUTPUT = os.path.join(REPO, "python", "wamr", "wasmcapi", "binding.py")
DEFAULT_FLAT_OUTPUT = os.path.join(REPO, "python", "wamr", "wasmcapi", "flat.py")

# Fake system headers: just enough for the declarations and the bodies of the
# static inline helpers to parse. Their typedefs are not emitted; the names map
# straight to ctypes types through BUILTIN_TYPES.
FAKE_HEADERS = {
    "stddef.h": "typedef unsigned long size_t;\ntypedef long ptrdiff_t;\n#define NULL ((void*)0)\n",
    "stdint.h": (
        "typedef signed char int8_t;\ntypedef unsigned char uint8_t;\n"
        "typedef short int16_t;\ntypedef unsigned short uint16_t;\n"
        "typedef int int32_t;\ntypedef unsigned int uint32_t;\n"
        "typedef long int64_t;\ntypedef unsigned long uint64_t;\n"
        "typedef long intptr_t;\ntypedef unsigned long uintptr_t;\n"
        "#define UINT32_MAX 4294967295u\n#define UINT64_MAX 18446744073709551615ul\n"
        "#define UINTPTR_MAX UINT64_MAX\n"
    ),
    "stdbool.h": "#define bool _Bool\n#define true 1\n#define false 0\n",
    "string.h": "#include <stddef.h>\nsize_t strlen(const char *s);\n",
    "assert.h": "#define assert(x) ((void)0)\n",
}

# Neutralise compiler-specific syntax the header may use.
CPP_DEFINES = [
    "-D__attribute__(x)=",
    "-D__declspec(x)=",
    "-D__extension__=",
    "-D__inline=inline",
    "-D__inline__=inline",
    "-D__restrict=",
    "-D__restrict__=",
    "-D__asm__(x)=",
]

# Typedefs bound as another ctypes type than their C spelling: WAMR's binding design
# maps byte_t (a `char`) to c_ubyte, so byte vectors hold numbers 0..255, not 1-char bytes.
TYPEDEF_OVERRIDES = {
    "byte_t": "c_ubyte",
}

# C type spellings -> ctypes names.
BUILTIN_TYPES = {
    "void": "None",
    "_Bool": "c_bool",
    "bool": "c_bool",
    "char": "c_char",
    "signed char": "c_byte",
    "unsigned char": "c_ubyte",
    "short": "c_short",
    "short int": "c_short",
    "signed short": "c_short",
    "unsigned short": "c_ushort",
    "unsigned short int": "c_ushort",
    "int": "c_int",
    "signed": "c_int",
    "signed int": "c_int",
    "unsigned": "c_uint",
    "unsigned int": "c_uint",
    "long": "c_long",
    "long int": "c_long",
    "signed long": "c_long",
    "unsigned long": "c_ulong",
    "unsigned long int": "c_ulong",
    "long long": "c_longlong",
    "long long int": "c_longlong",
    "unsigned long long": "c_ulonglong",
    "unsigned long long int": "c_ulonglong",
    "float": "c_float",
    "double": "c_double",
    "long double": "c_longdouble",
    "size_t": "c_size_t",
    "ptrdiff_t": "c_ssize_t",
    "int8_t": "c_int8",
    "uint8_t": "c_uint8",
    "int16_t": "c_int16",
    "uint16_t": "c_uint16",
    "int32_t": "c_int32",
    "uint32_t": "c_uint32",
    "int64_t": "c_int64",
    "uint64_t": "c_uint64",
    "intptr_t": "c_ssize_t",
    "uintptr_t": "c_size_t",
}

# ---- the flat layer (flat.py) --------------------------------------------------------

# The prefixes flat_name() drops.
FLAT_NAME_PREFIXES = ("wasm_", "wamr_")

# The functions that release the GIL while they run, in one place: they run wasm code
# (which may call back into Python) or may take long (compilation, validation,
# instantiation with its start function). Every other flat function keeps the GIL, so
# a call that only reads or changes an object cannot overlap a close() of that object
# by another Python thread. A released call's arguments must stay valid by other means.
RELEASES_GIL = (
    "wamr_wat_to_wasm",
    "wasm_module_new",
    "wasm_module_validate",
    "wasm_module_deserialize",
    "wasm_instance_new",
    "wasm_instance_new_with_args",
    "wasm_func_call",
)

# Where flat.py keeps a parameter (or, under the key "return", the result) as another
# ctypes type than c_void_p, on purpose:
#   "c_char_p"   a C string (`char *`) the object layer passes or receives as bytes;
#   a NAME       a function pointer, as the CFUNCTYPE of its flattened signature, which
#                flat.py defines once under NAME: the object layer builds its C thunks
#                from that very class.
# Checked against the header: the parameter must exist and be of that kind.
FLAT_OVERRIDES = {
    ("wasm_module_get_name", "return"): "c_char_p",
    ("wasm_module_set_name", "name"): "c_char_p",
    ("wasm_func_new_with_env", "callback"): "CALLBACK_WITH_ENV",
    ("wasm_func_new_with_env", "finalizer"): "FINALIZER",
    ("wasm_foreign_set_host_info_with_finalizer", "finalizer"): "FINALIZER",
}

# Pointer results the object layer may take as never NULL for valid arguments (views
# into the argument object, casts of it): annotated IntFn (int) in flat.py, where any
# other pointer result is a PtrFn (Optional[int]). An entry covers the function and its
# `_const` form (the same view, read-only).
NON_NULL_RESULTS = (
    "wasm_importtype_module",
    "wasm_importtype_name",
    "wasm_importtype_type",
    "wasm_exporttype_name",
    "wasm_exporttype_type",
    "wasm_externtype_as_functype",
    "wasm_externtype_as_globaltype",
    "wasm_externtype_as_tabletype",
    "wasm_externtype_as_memorytype",
    "wasm_functype_params",
    "wasm_functype_results",
    "wasm_globaltype_content",
    "wasm_tabletype_element",
    "wasm_tabletype_limits",
    "wasm_memorytype_limits",
    "wasm_extern_as_func",
    "wasm_extern_as_global",
    "wasm_extern_as_table",
    "wasm_extern_as_memory",
    "wasm_func_as_extern",
    "wasm_global_as_extern",
    "wasm_table_as_extern",
    "wasm_memory_as_extern",
    "wasm_func_as_ref",
    "wasm_foreign_as_ref",
)

# The annotation of a flat function, by its (flat) ctypes result type.
FLAT_ANNOTATIONS = {
    "None": "VoidFn",
    "P": "PtrFn",  # IntFn for NON_NULL_RESULTS
    "c_bool": "BoolFn",
    "c_char_p": "BytesFn",
    "c_float": "FloatFn",
    "c_double": "FloatFn",
    "c_longdouble": "FloatFn",
}
FLAT_INT_TYPES = frozenset(t for t in BUILTIN_TYPES.values()
                           if t not in ("None", "c_bool", "c_char", "c_float", "c_double", "c_longdouble"))


# ctypesgen's C string type, which WAMR's binding of wasm_export.h (and code written for it)
# uses: the prelude of iwasm.py defines it.
STRING_CLASS = '''

class String(c_char_p):
    """A C string argument or field, as in ctypesgen's bindings (WAMR's own is one):
    `String.from_param(x)` takes a str (encoded as UTF-8), bytes, None, or what c_char_p
    takes (a char buffer, an address), so every `char *` parameter accepts a str; for a str
    or bytes it is a String, which a `const char *` struct field also takes (and keeps
    alive), e.g. `NativeSymbol(symbol=String.from_param("f"), ...)`."""

    @classmethod
    def from_param(cls, obj):
        if isinstance(obj, str):
            obj = obj.encode("utf-8")
        if isinstance(obj, bytes):
            return cls(obj)
        if obj is None or isinstance(obj, cls):
            return obj
        return c_char_p.from_param(obj)

    def __str__(self):
        return (self.value or b"").decode("utf-8", "replace")
'''

# What differs between the bindings, by header name (any other header: wasm_c_api.h's):
#   char_param     the argtype of a `char *` parameter;
#   library        how the module gets the loaded library (ffi.py loads it, once);
#   lookup         how _resolve gets a function of it (wasm_export.h declares a few functions
#                  wasm_c_api.h does too: each binding sets the prototype of its own object);
#   hand_written   the module holding the hand-written half;
#   extra          code of the prelude, after the generic helpers.
CAPI_PROFILE = {"char_param": "c_char_p", "library": "from .ffi import libiwasm as _libiwasm",
                "lookup": "getattr(_libiwasm, name)", "hand_written": "ffi.py", "extra": ""}
PROFILES = {
    "wasm_export.h": {"char_param": "String", "library": "from ..wasmcapi.ffi import libiwasm as _libiwasm",
                      "lookup": "_libiwasm[name]  # a new object: wamr.wasmcapi's prototypes stay",
                      "hand_written": "wamr.py", "extra": STRING_CLASS},
}


class BindgenError(Exception):
    pass


def flat_name(c_name):
    """The name of a C function in flat.py: without its `wasm_` or `wamr_` prefix
    (wasm_engine_new -> engine_new, wamr_wat_to_wasm -> wat_to_wasm); a name with neither
    prefix is kept. The rest of the C name stays, `_const` included, so a flat name is
    exactly one C function (two C names giving one flat name are an error)."""
    for prefix in FLAT_NAME_PREFIXES:
        if c_name.startswith(prefix) and len(c_name) > len(prefix):
            return c_name[len(prefix):]
    return c_name


def preprocess(header):
    """Runs gcc -E on the header against the fake system headers."""
    with tempfile.TemporaryDirectory(prefix="wamr-bindgen-") as tmp:
        for name, text in FAKE_HEADERS.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        cmd = ["gcc", "-E", "-nostdinc", "-I", tmp, "-undef", "-D__GNUC__=4",
               "-D__x86_64__=1", "-D__LP64__=1"] + CPP_DEFINES + [header]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        if proc.returncode != 0:
            raise BindgenError("gcc -E failed:\n" + proc.stderr)
        return proc.stdout


def parse_header(header):
    """Returns the pycparser AST of the preprocessed header."""
    text = preprocess(header)
    try:
        return c_parser.CParser().parse(text, filename=header)
    except Exception as e:  # pycparser raises ParseError; keep the message
        raise BindgenError("pycparser failed on %s: %s" % (header, e))


def _const_value(node, env):
    """Evaluates an integer constant expression of an enum or static const."""
    if isinstance(node, c_ast.Constant):
        s = node.value.rstrip("uUlL")
        if node.type == "char":
            return ord(s.strip("'"))
        if s.lower().startswith("0x"):
            return int(s, 16)
        if len(s) > 1 and s.startswith("0") and s.isdigit():
            return int(s, 8)
        try:
            return int(s)
        except ValueError:
            return float(node.value.rstrip("fFlL"))
    if isinstance(node, c_ast.ID):
        if node.name not in env:
            raise BindgenError("unknown constant %s" % node.name)
        return env[node.name]
    if isinstance(node, c_ast.UnaryOp):
        v = _const_value(node.expr, env)
        return {"-": lambda: -v, "+": lambda: v, "~": lambda: ~v, "!": lambda: int(not v)}[node.op]()
    if isinstance(node, c_ast.BinaryOp):
        a, b = _const_value(node.left, env), _const_value(node.right, env)
        ops = {"+": a + b, "-": a - b, "*": a * b, "<<": a << b if b >= 0 else 0,
               ">>": a >> b if b >= 0 else 0, "|": a | b, "&": a & b, "^": a ^ b}
        if node.op in ops:
            return ops[node.op]
        if node.op in ("/", "%"):
            return int(a / b) if node.op == "/" else a - int(a / b) * b
    if isinstance(node, c_ast.Cast):
        return _const_value(node.expr, env)
    raise BindgenError("unsupported constant expression: %r" % (node,))


def _pyname(name, used):
    """A parameter name usable in Python, unique in its function."""
    if not name or keyword.iskeyword(name) or name in used:
        base = (name or "arg") + "_"
        name, i = base, 0
        while name in used or keyword.iskeyword(name):
            i += 1
            name = "%s%d" % (base, i)
    used.add(name)
    return name


class Visitor(c_ast.NodeVisitor):
    """Walks the top-level declarations in header order and collects output lines."""

    def __init__(self, header):
        self.header = os.path.abspath(header)
        self.profile = PROFILES.get(os.path.basename(header), CAPI_PROFILE)
        self.lines = []            # type/constant section, in header order
        self.func_lines = []       # function section
        self.typedefs = {}         # C typedef name -> python expression
        self.records = {}          # struct/union tag -> "Structure"/"Union"
        self.defined = set()       # records whose _fields_ are set
        self.forwarded = set()     # records emitted as `class X: pass` before their fields
        self.in_progress = {}      # record being defined -> line index where it starts
        self.funcptr_typedefs = set()  # typedef names of function-pointer types
        self.c_spelling = {}       # record class -> how C names it (none for anonymous members)
        self.enum_consts = {}      # enumerator -> value (for constant expressions)
        self.functions = []        # exported function names, header order
        self.static_inline = []    # static inline helper names, header order
        self.constants = []        # static const names
        self.prototypes = []       # (name, FuncDecl) of the exported functions, header order
        self.typedef_nodes = {}    # C typedef name -> its declarator node
        self.flat_typedefs = {}    # C typedef name -> flat ctypes name (None: a struct/union)
        self.enum_widths = {}      # enum tag -> c_uint/c_int
        self.callbacks = {}        # FLAT_OVERRIDES callback NAME -> its flat CFUNCTYPE(...)

    # -- helpers ---------------------------------------------------------------

    def _from_header(self, node):
        """Whether a node comes from the header or one next to it (lib_export.h)."""
        coord = getattr(node, "coord", None)
        return (coord is None or coord.file is None
                or os.path.dirname(os.path.abspath(coord.file)) == os.path.dirname(self.header))

    def _record(self, node, hint=None, hint_is_member=True):
        """Returns the class name of a struct/union, declaring/defining it as needed."""
        kind = "Union" if isinstance(node, c_ast.Union) else "Structure"
        name = node.name or hint
        if name is None:
            raise BindgenError("anonymous %s without a name hint at %s" % (kind, node.coord))
        if name in self.records:
            if self.records[name] != kind:
                raise BindgenError("%s is both a struct and a union" % name)
        elif name in BUILTIN_TYPES or name in self.typedefs:
            raise BindgenError("tag %s collides with a typedef name" % name)
        if name not in self.records:
            self.records[name] = kind
            if node.name:
                self.c_spelling[name] = "%s %s" % ("union" if kind == "Union" else "struct", node.name)
            elif hint and not hint_is_member:
                self.c_spelling[name] = hint  # `typedef struct {...} hint;`
            if node.decls is not None:
                self._define_new(name, kind, node)
                return name
            self._forward(name, kind, len(self.lines))
        elif node.decls is not None and name not in self.defined:
            if name in self.in_progress:
                raise BindgenError("%s is defined inside itself" % name)
            self.defined.add(name)
            fields = self._fields(name, node)
            self.lines.append("")
            self.lines.append("%s._fields_ = [" % name)
            self.lines.extend(fields)
            self.lines.append("]")
        elif name in self.in_progress and name not in self.forwarded:
            # a pointer to a record being defined: declare the class first
            self._forward(name, self.records[name], self.in_progress[name])
        return name

    def _forward(self, name, kind, at):
        self.forwarded.add(name)
        self.lines[at:at] = ["", "", "class %s(%s):" % (name, kind), "    pass"]
        for other, pos in self.in_progress.items():
            if pos > at:
                self.in_progress[other] = pos + 4

    def _fields(self, name, node):
        fields = []
        for d in node.decls:
            if d.name is None:
                raise BindgenError("unnamed member in %s at %s" % (name, d.coord))
            ftype = self._type(d.type, hint="%s_%s" % (name, d.name))
            fields.append("    (%r, %s)," % (d.name, ftype))
        return fields

    def _define_new(self, name, kind, node):
        """First appearance of a record with its members: one class statement,
        unless a member points back at it (then a forward class plus _fields_)."""
        self.in_progress[name] = len(self.lines)
        fields = self._fields(name, node)
        del self.in_progress[name]
        self.defined.add(name)
        if name in self.forwarded:
            self.lines.append("")
            self.lines.append("%s._fields_ = [" % name)
            self.lines.extend(fields)
            self.lines.append("]")
        else:
            self.lines.append("")
            self.lines.append("")
            self.lines.append("class %s(%s):" % (name, kind))
            if fields:
                self.lines.append("    _fields_ = [")
                self.lines.extend("    " + f for f in fields)
                self.lines.append("    ]")
            else:
                self.lines.append("    _fields_ = []")

    def _enum(self, node, typedef_name=None):
        values = []
        if node.values is not None:
            nxt = 0
            for e in node.values.enumerators:
                v = nxt if e.value is None else _const_value(e.value, self.enum_consts)
                self.enum_consts[e.name] = v
                values.append((e.name, v))
                nxt = v + 1
        self.lines.append("")
        self.lines.append("# enum %s" % (node.name or typedef_name or "(anonymous)"))
        for n, v in values:
            self.lines.append("%s = %d" % (n, v))
        # gcc gives an enum without negative values the type unsigned int
        width = "c_int" if any(v < 0 for _, v in values) else "c_uint"
        if node.name and node.values is not None:
            self.enum_widths[node.name] = width
        return width

    def _ident(self, names):
        spelled = " ".join(names)
        if spelled in BUILTIN_TYPES:
            return BUILTIN_TYPES[spelled]
        if spelled in self.typedefs:
            return spelled
        raise BindgenError("unknown type %r" % spelled)

    def _base(self, node, hint):
        """Python expression for the type under a TypeDecl."""
        t = node.type
        if isinstance(t, c_ast.IdentifierType):
            return self._ident(t.names)
        if isinstance(t, (c_ast.Struct, c_ast.Union)):
            return self._record(t, hint)
        if isinstance(t, c_ast.Enum):
            return self._enum(t)
        raise BindgenError("unsupported type node %s" % type(t).__name__)

    def _functype(self, fdecl, callback):
        """(restype, [argtypes], [param names], variadic) of a FuncDecl."""
        ret = self._type(fdecl.type)
        if callback and ret.startswith("POINTER("):
            # ctypes callbacks may only return simple types: pointers travel as c_void_p
            ret = "c_void_p"
        args, names, variadic = [], [], False
        params = fdecl.args.params if fdecl.args is not None else []
        for p in params:
            if isinstance(p, c_ast.EllipsisParam):
                variadic = True
                continue
            ptype = p.type
            if (isinstance(ptype, c_ast.TypeDecl) and isinstance(ptype.type, c_ast.IdentifierType)
                    and ptype.type.names == ["void"] and len(params) == 1):
                break  # (void)
            if isinstance(ptype, c_ast.ArrayDecl):  # arrays decay to pointers
                ptype = c_ast.PtrDecl([], ptype.type)
            if isinstance(ptype, c_ast.FuncDecl):  # functions decay to function pointers
                ptype = c_ast.PtrDecl([], ptype)
            arg = self._type(ptype)
            if not callback and (arg.startswith("CFUNCTYPE(") or arg in self.funcptr_typedefs):
                arg = "_nullable(%s)" % arg  # NULL (None) is a valid function pointer
            if not callback and arg == "c_char_p":
                arg = self.profile["char_param"]
            args.append(arg)
            names.append(getattr(p, "name", None))
        return ret, args, names, variadic

    def _type(self, node, hint=None):
        """Python expression for a declarator type."""
        if isinstance(node, c_ast.TypeDecl):
            return self._base(node, hint)
        if isinstance(node, c_ast.PtrDecl):
            inner = node.type
            if isinstance(inner, c_ast.FuncDecl):
                ret, args, _, _ = self._functype(inner, callback=True)
                return "CFUNCTYPE(%s)" % ", ".join([ret] + args)
            if isinstance(inner, c_ast.TypeDecl) and isinstance(inner.type, c_ast.IdentifierType):
                if inner.type.names == ["void"]:
                    return "c_void_p"
                if inner.type.names == ["char"]:
                    return "c_char_p"
            return "POINTER(%s)" % self._type(inner, hint)
        if isinstance(node, c_ast.ArrayDecl):
            if node.dim is None:
                return "POINTER(%s)" % self._type(node.type, hint)
            return "%s * %d" % (self._type(node.type, hint), _const_value(node.dim, self.enum_consts))
        if isinstance(node, c_ast.FuncDecl):
            ret, args, _, _ = self._functype(node, callback=True)
            return "CFUNCTYPE(%s)" % ", ".join([ret] + args)
        raise BindgenError("unsupported declarator %s" % type(node).__name__)

    # -- the flat layer --------------------------------------------------------

    def _flat(self, node, typedef=False):
        """The flat ctypes name of a declarator type: P (c_void_p) for any pointer, array
        or function (they decay to pointers as parameters), "None" for void, a scalar at
        its C width; a struct or union by value is an error (None for a typedef)."""
        if isinstance(node, (c_ast.PtrDecl, c_ast.ArrayDecl, c_ast.FuncDecl)):
            return "P"
        if isinstance(node, c_ast.TypeDecl):
            t = node.type
            if isinstance(t, c_ast.IdentifierType):
                spelled = " ".join(t.names)
                if spelled in BUILTIN_TYPES:
                    return BUILTIN_TYPES[spelled]
                if spelled not in self.flat_typedefs:
                    raise BindgenError("unknown type %r" % spelled)
                if self.flat_typedefs[spelled] is not None:
                    return self.flat_typedefs[spelled]
            elif isinstance(t, c_ast.Enum):
                return self.enum_widths.get(t.name, "c_uint")
            if typedef:
                return None
            raise BindgenError("the flat layer takes no struct or union by value (at %s)" % node.coord)
        raise BindgenError("unsupported declarator %s" % type(node).__name__)

    @staticmethod
    def _params(fdecl):
        """[(name, declarator node)] of a FuncDecl's parameters, without `...`/(void)."""
        params = fdecl.args.params if fdecl.args is not None else []
        out = []
        for p in params:
            if isinstance(p, c_ast.EllipsisParam):
                continue
            t = p.type
            if (isinstance(t, c_ast.TypeDecl) and isinstance(t.type, c_ast.IdentifierType)
                    and t.type.names == ["void"] and len(params) == 1):
                break  # (void)
            out.append((getattr(p, "name", None), t))
        return out

    def _funcdecl(self, node):
        """The FuncDecl a function-pointer type points at (through typedefs), else None."""
        if isinstance(node, c_ast.PtrDecl) and isinstance(node.type, c_ast.FuncDecl):
            return node.type
        if isinstance(node, c_ast.FuncDecl):
            return node
        if isinstance(node, c_ast.TypeDecl) and isinstance(node.type, c_ast.IdentifierType):
            target = self.typedef_nodes.get(" ".join(node.type.names))
            if target is not None:
                return self._funcdecl(target)
        return None

    def flat_prototype(self, name, fdecl):
        """(restype, [argtypes]) of an exported function in the flat layer, with its
        FLAT_OVERRIDES applied (and checked against the header)."""
        ret = self._flat(fdecl.type)
        params = self._params(fdecl)
        args = [self._flat(t) for _, t in params]
        for (fname, pname), value in sorted(FLAT_OVERRIDES.items()):
            if fname != name:
                continue  # (a function the header does not declare is simply not there)
            if pname == "return":
                node, index = fdecl.type, None
            else:
                index = next((i for i, (n, _) in enumerate(params) if n == pname), None)
                if index is None:
                    raise BindgenError("FLAT_OVERRIDES: %s has no parameter %s" % (name, pname))
                node = params[index][1]
            if value == "c_char_p":
                if not (isinstance(node, c_ast.PtrDecl) and isinstance(node.type, c_ast.TypeDecl)
                        and isinstance(node.type.type, c_ast.IdentifierType)
                        and node.type.type.names == ["char"]):
                    raise BindgenError("FLAT_OVERRIDES: %s of %s is not a char *" % (pname, name))
            else:
                target = self._funcdecl(node)
                if target is None:
                    raise BindgenError("FLAT_OVERRIDES: %s of %s is not a function pointer" % (pname, name))
                sig = "CFUNCTYPE(%s)" % ", ".join(
                    [self._flat(target.type)] + [self._flat(t) for _, t in self._params(target)])
                if self.callbacks.setdefault(value, sig) != sig:
                    raise BindgenError("FLAT_OVERRIDES: %s is both %s and %s"
                                       % (value, self.callbacks[value], sig))
            if index is None:
                ret = value
            else:
                args[index] = value
        return ret, args

    # -- visitor ---------------------------------------------------------------

    def visit_FileAST(self, node):
        for ext in node.ext:  # header order; never descend into function bodies
            if self._from_header(ext):
                self.visit(ext)

    def visit_FuncDef(self, node):
        # a function with a body in a header is a static inline helper
        self.static_inline.append(node.decl.name)

    def visit_Typedef(self, node):
        name = node.name
        t = node.type
        self.typedef_nodes.setdefault(name, t)
        if isinstance(t, c_ast.TypeDecl) and isinstance(t.type, (c_ast.Struct, c_ast.Union)):
            tag = self._record(t.type, hint=name, hint_is_member=False)
            if tag != name:
                self._alias(name, tag)
            else:
                self.typedefs[name] = tag  # `typedef struct X X;`: the class is the alias
            self.flat_typedefs.setdefault(name, None)
        elif isinstance(t, c_ast.TypeDecl) and isinstance(t.type, c_ast.Enum):
            width = self._enum(t.type, typedef_name=name)
            self._alias(name, width)
            self.flat_typedefs.setdefault(name, width)
        elif name in TYPEDEF_OVERRIDES:
            self._alias(name, TYPEDEF_OVERRIDES[name])
            self.flat_typedefs.setdefault(name, TYPEDEF_OVERRIDES[name])
        else:
            self._alias(name, self._type(t, hint=name))
            self.flat_typedefs.setdefault(name, self._flat(t, typedef=True))

    def _alias(self, name, expr):
        if name in self.records or name in self.typedefs:
            if self.typedefs.get(name, name) == expr:
                return  # a repeated identical typedef is legal C11
            raise BindgenError("typedef %s redefined" % name)
        self.typedefs[name] = expr
        if expr.startswith("CFUNCTYPE(") or expr in self.funcptr_typedefs:
            self.funcptr_typedefs.add(name)
        self.lines.append("")
        self.lines.append("%s = %s" % (name, expr))

    def visit_Decl(self, node):
        t = node.type
        if isinstance(t, (c_ast.Struct, c_ast.Union)):
            self._record(t)
        elif isinstance(t, c_ast.Enum):
            self._enum(t)
        elif isinstance(t, c_ast.FuncDecl):
            if "static" in node.storage:
                self.static_inline.append(node.name)
            else:
                self._function(node.name, t)
        elif "static" in node.storage and node.init is not None:
            # static const values of the header
            value = _const_value(node.init, self.enum_consts)
            self.constants.append(node.name)
            self.lines.append("")
            self.lines.append("%s = %s" % (node.name, hex(value) if isinstance(value, int) and value > 9 else value))
        # extern variables are not part of the API surface: ignored

    def _function(self, name, fdecl):
        if name in self.functions:
            return  # a repeated prototype
        ret, args, names, variadic = self._functype(fdecl, callback=False)
        used = set()
        params = [_pyname(n, used) for n in names]
        self.functions.append(name)
        self.prototypes.append((name, fdecl))
        f = self.func_lines
        f.append("")
        f.append("_%s = _resolve(%r, %s, [%s])" % (name, name, ret, ", ".join(args)))
        if variadic:
            params.append("*varargs")
        f.append("")
        f.append("def %s(%s):" % (name, ", ".join(params)))
        f.append("    return _%s(%s)" % (name, ", ".join(params)))


PRELUDE = '''\
# GENERATED FILE - DO NOT EDIT.
# Generated by bindgen/bindgen.py (pycparser) from include/{header},
# sha256 {digest}.
# Regenerate with `make binding`; `make check-binding` fails when this file is stale.
# Hand-written helpers belong in {hand_written}.
#
# ctypes mirror of the header: structs, unions, enums, typedefs, callbacks, and one thin
# wrapper per exported function, resolved once at import with argtypes and restype.
# `static inline` helpers are not library symbols; {hand_written} implements them.
# pylint: skip-file
# flake8: noqa

from ctypes import *  # noqa: F401,F403

{library}


def _resolve(name, restype, argtypes):
    """The library symbol `name` with its prototype, or a stub raising NotImplementedError
    when the loaded library does not export it (e.g. WAMR's own libiwasm.so)."""
    try:
        fn = {lookup}
    except AttributeError:
        def fn(*args):
            raise NotImplementedError("%s is not exported by %s" % (name, _libiwasm._name))
        fn.missing = True
        return fn
    fn.restype = restype
    fn.argtypes = argtypes
    return fn


def _nullable(functype):
    """A function-pointer argument type that also takes None (NULL)."""
    class NullableFunctionPointer(object):
        @classmethod
        def from_param(cls, obj):
            return None if obj is None else functype.from_param(obj)
    NullableFunctionPointer.__name__ = "nullable_" + getattr(functype, "__name__", "CFUNCTYPE")
    NullableFunctionPointer.functype = functype
    return NullableFunctionPointer
{extra}'''


def _layout(lines):
    """PEP 8 spacing: two blank lines around top-level class/def blocks, at most one
    blank line elsewhere, none at the end."""
    out = []
    in_block = False
    pending = 0
    for line in lines:
        if not line.strip():
            pending += 1
            continue
        top = not line[0].isspace() and not line.startswith((")", "]"))
        if top and (line.startswith(("class ", "def ")) or in_block):
            want = 2
        else:
            want = min(pending, 1)
        if top:
            in_block = line.startswith(("class ", "def "))
        if out:
            out.extend([""] * want)
        out.append(line)
        pending = 0
    return out


def visit(header):
    """Parses the header and walks it once; the visitor also carries the header's sha256."""
    ast = parse_header(header)
    v = Visitor(header)
    v.visit(ast)
    with open(header, "rb") as f:
        v.digest = hashlib.sha256(f.read()).hexdigest()
    return v


def binding_text(v):
    """binding.py of a visited header."""
    out = [PRELUDE.format(digest=v.digest, header=os.path.basename(v.header), **v.profile)]
    out.append("")
    out.append("# ---- types, enums and constants, in header order " + "-" * 36)
    out.extend(v.lines)
    out.append("")
    out.append("")
    out.append("# ---- functions, in header order " + "-" * 53)
    out.extend(v.func_lines)
    out.append("")
    out.append("")
    out.append("# Every function the header exports, in header order.")
    out.append("FUNCTIONS = (")
    out.extend("    %r," % n for n in v.functions)
    out.append(")")
    out.append("")
    out.append("# The header's static inline helpers (implemented in %s)." % v.profile["hand_written"])
    out.append("STATIC_INLINE_FUNCTIONS = (")
    out.extend("    %r," % n for n in v.static_inline)
    out.append(")")
    out.append("")
    return "\n".join(_layout("\n".join(out).split("\n"))) + "\n"


def generate(header):
    """(binding.py's text, the visitor) of a header."""
    v = visit(header)
    return binding_text(v), v


FLAT_PRELUDE = '''\
# GENERATED FILE - DO NOT EDIT.
# Generated by bindgen/bindgen.py (pycparser) from include/wasm_c_api.h,
# sha256 {digest}.
# Regenerate with `make binding`; `make check-binding` fails when this file is stale.
# Hand-written helpers belong in wamr/_lib.py, the rules in bindgen.py's constants.
"""The flat prototypes of the library for the object layer (wamr._lib re-exports them).

One ctypes function per function the header exports, in header order, resolved once at
import and named without its `wasm_`/`wamr_` prefix (`engine_new` is wasm_engine_new,
`externtype_as_functype_const` is wasm_externtype_as_functype_const).

Flat: every pointer (to data, a string or a function) is a c_void_p (P), so a call
converts nothing it does not need to and a pointer result is an int (None for NULL);
scalars keep their C width (wasm_valkind_t c_uint8, size_t c_size_t, bool c_bool). The
few exceptions are bindgen.py's FLAT_OVERRIDES: C strings as c_char_p and the callback
types below.

The calls keep the GIL, except those bindgen.py's RELEASES_GIL lists (`_released`: they
run wasm code or may take long). A function the loaded library does not export (WAMR's
own libiwasm has no wamr_* extension) raises NotImplementedError when called.
"""

{ctypes_import}
from typing import Any, Callable, Optional

from .ffi import LIBRARY_PATH, libiwasm as _dll

# The same library, called without releasing the GIL: a call that only reads or changes
# an object (a memory's size, a global's value, a delete, ...) then cannot overlap a
# close() of that object by another Python thread, which would free it under the call.
_dll_gil = PyDLL(LIBRARY_PATH, handle=_dll._handle)

P = c_void_p  # every pointer

# What a call returns, for the type checker.
PtrFn = Callable[..., Optional[int]]  # a pointer, None for NULL
IntFn = Callable[..., int]  # a number, or a pointer bindgen.py's NON_NULL_RESULTS lists
BoolFn = Callable[..., bool]
FloatFn = Callable[..., float]
BytesFn = Callable[..., Optional[bytes]]  # a C string, None for NULL
VoidFn = Callable[..., None]


def _missing(name: str) -> Callable[..., Any]:
    """What stands for a function the loaded library does not export."""
    def fn(*args: Any) -> Any:
        raise NotImplementedError("%s is not exported by %s" % (name, LIBRARY_PATH))
    fn.__name__ = name
    return fn


def _fn(name: str, restype: Any, *argtypes: Any, release_gil: bool = False) -> Any:
    """The library function `name` with this prototype, keeping the GIL unless
    release_gil (or _missing(name) when the library lacks it)."""
    try:
        # a new function object: the binding's prototypes stay untouched
        f = (_dll if release_gil else _dll_gil)[name]
    except AttributeError:
        return _missing(name)
    f.restype = restype
    f.argtypes = argtypes
    return f


def _released(name: str, restype: Any, *argtypes: Any) -> Any:
    """A function that releases the GIL while it runs (it runs wasm code, which may call
    back into Python, or may take long): its arguments must stay valid by other means."""
    return _fn(name, restype, *argtypes, release_gil=True)
'''

FLAT_ANNOTATION_NAMES = ("PtrFn", "IntFn", "BoolFn", "FloatFn", "BytesFn", "VoidFn")
FLAT_PRELUDE_NAMES = frozenset(("P", "Any", "Callable", "Optional", "LIBRARY_PATH", "CFUNCTYPE", "PyDLL")
                               + FLAT_ANNOTATION_NAMES)


def _wrap(head, items, width=100):
    """`head` + items joined by ", " + ")", continued under the first item past width."""
    line = head + ", ".join(items) + ")"
    if len(line) <= width:
        return [line]
    lines, cur = [], head
    for i, item in enumerate(items):
        piece = item + (")" if i == len(items) - 1 else ",")
        if cur == head:
            cur += piece
        elif len(cur) + 1 + len(piece) > width:
            lines.append(cur)
            cur = " " * len(head) + piece
        else:
            cur += " " + piece
    lines.append(cur)
    return lines


def flat_text(v):
    """flat.py of a visited header: `name: Annotation = _fn("c_name", restype, *argtypes)`
    per exported function (`_released` for RELEASES_GIL), named by flat_name()."""
    body, names, seen = [], [], {}
    for c_name, fdecl in v.prototypes:
        name = flat_name(c_name)
        if name in seen or name in FLAT_PRELUDE_NAMES or keyword.iskeyword(name) or not name.isidentifier():
            raise BindgenError("flat name %s of %s is taken (by %s)"
                               % (name, c_name, seen.get(name, "flat.py itself")))
        seen[name] = c_name
        ret, args = v.flat_prototype(c_name, fdecl)
        base = c_name[:-len("_const")] if c_name.endswith("_const") else c_name
        if ret == "P" and base in NON_NULL_RESULTS:
            note = "IntFn"
        elif ret in FLAT_ANNOTATIONS:
            note = FLAT_ANNOTATIONS[ret]
        elif ret in FLAT_INT_TYPES:
            note = "IntFn"
        else:
            raise BindgenError("no annotation for %s's result type %s" % (c_name, ret))
        if c_name in NON_NULL_RESULTS and ret != "P":
            raise BindgenError("NON_NULL_RESULTS: %s returns no pointer" % c_name)
        call = "_released" if c_name in RELEASES_GIL else "_fn"
        body.extend(_wrap("%s: %s = %s(" % (name, note, call), ['"%s"' % c_name, ret] + args))
        names.append(name)
    for cb in v.callbacks:
        if cb in seen or cb in FLAT_PRELUDE_NAMES or not cb.isidentifier():
            raise BindgenError("callback type name %s is taken" % cb)
    used = set(re.findall(r"\bc_\w+", "\n".join(body + list(v.callbacks.values()))))
    ctypes_names = sorted(used | {"PyDLL", "c_void_p"} | ({"CFUNCTYPE"} if v.callbacks else set()))
    ctypes_import = "\n".join(_wrap("from ctypes import (", ctypes_names))
    out = [FLAT_PRELUDE.format(digest=v.digest, ctypes_import=ctypes_import)]
    if v.callbacks:
        out.append("")
        out.append("# The callback types (function-pointer parameters typed on purpose, FLAT_OVERRIDES):")
        out.append("# the object layer builds its C thunks from these very classes.")
        out.extend("%s = %s" % (cb, v.callbacks[cb]) for cb in sorted(v.callbacks))
    out.append("")
    out.append("# ---- functions, in header order " + "-" * 53)
    out.extend(body)
    out.append("")
    out.append("# What `from wamr.wasmcapi.flat import *` gives.")
    out.append("__all__ = [")
    out.extend('    "%s",' % n for n in ("P",) + FLAT_ANNOTATION_NAMES + tuple(sorted(v.callbacks)) + tuple(names))
    out.append("]")
    return "\n".join(out) + "\n"


def generate_flat(header):
    """(flat.py's text, the visitor) of a header."""
    v = visit(header)
    return flat_text(v), v


def _write(path, text):
    if path == "-":
        sys.stdout.write(text)
        return
    tmp = path + ".tmp"
    with open(tmp, "w", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--header", default=DEFAULT_HEADER)
    ap.add_argument("--output", default=DEFAULT_OUTPUT,
                    help="where binding.py goes ('-': stdout, '': not written)")
    ap.add_argument("--flat-output", default=DEFAULT_FLAT_OUTPUT,
                    help="where flat.py goes ('-': stdout, '': not written)")
    args = ap.parse_args(argv)
    if args.output == "-" and args.flat_output == "-":
        ap.error("only one of --output and --flat-output can be '-'")
    try:
        v = visit(args.header)
        binding = binding_text(v) if args.output else None
        flat = flat_text(v) if args.flat_output else None
    except BindgenError as e:
        print("bindgen: %s" % e, file=sys.stderr)
        return 1
    if binding is not None:
        _write(args.output, binding)
        if args.output != "-":
            print("bindgen: %s: %d functions, %d records, %d static inline helpers skipped"
                  % (os.path.relpath(args.output), len(v.functions), len(v.records), len(v.static_inline)),
                  file=sys.stderr)
    if flat is not None:
        _write(args.flat_output, flat)
        if args.flat_output != "-":
            print("bindgen: %s: %d flat functions, %d releasing the GIL"
                  % (os.path.relpath(args.flat_output), len(v.prototypes),
                     sum(1 for n, _ in v.prototypes if n in RELEASES_GIL)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
