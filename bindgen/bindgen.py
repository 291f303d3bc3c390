#!/usr/bin/env python3
"""Generate python/wamr/wasmcapi/binding.py from include/wasm_c_api.h.

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
STATIC_INLINE_FUNCTIONS and ffi.py implements them. The output is deterministic.

Usage: bindgen.py [--header include/wasm_c_api.h] [--output python/wamr/wasmcapi/binding.py]
       (--output - writes to stdout)
"""

import argparse
import hashlib
import keyword
import os
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


class BindgenError(Exception):
    pass


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

    # -- helpers ---------------------------------------------------------------

    def _from_header(self, node):
        coord = getattr(node, "coord", None)
        return coord is None or coord.file is None or os.path.abspath(coord.file) == self.header

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
        return "c_int" if any(v < 0 for _, v in values) else "c_uint"

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
        if isinstance(t, c_ast.TypeDecl) and isinstance(t.type, (c_ast.Struct, c_ast.Union)):
            tag = self._record(t.type, hint=name, hint_is_member=False)
            if tag != name:
                self._alias(name, tag)
            else:
                self.typedefs[name] = tag  # `typedef struct X X;`: the class is the alias
        elif isinstance(t, c_ast.TypeDecl) and isinstance(t.type, c_ast.Enum):
            self._alias(name, self._enum(t.type, typedef_name=name))
        elif name in TYPEDEF_OVERRIDES:
            self._alias(name, TYPEDEF_OVERRIDES[name])
        else:
            self._alias(name, self._type(t, hint=name))

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
# Generated by bindgen/bindgen.py (pycparser) from include/wasm_c_api.h,
# sha256 {digest}.
# Regenerate with `make binding`; `make check-binding` fails when this file is stale.
# Hand-written helpers belong in ffi.py.
#
# ctypes mirror of the header: structs, unions, enums, typedefs, callbacks, and one thin
# wrapper per exported function, resolved once at import with argtypes and restype.
# `static inline` helpers are not library symbols; ffi.py implements them.
# pylint: skip-file
# flake8: noqa

from ctypes import *  # noqa: F401,F403

from .ffi import libiwasm as _libiwasm


def _resolve(name, restype, argtypes):
    """The library symbol `name` with its prototype, or a stub raising NotImplementedError
    when the loaded library does not export it (e.g. WAMR's own libiwasm.so)."""
    try:
        fn = getattr(_libiwasm, name)
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
'''


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


def generate(header):
    ast = parse_header(header)
    v = Visitor(header)
    v.visit(ast)
    with open(header, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    out = [PRELUDE.format(digest=digest)]
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
    out.append("# The header's static inline helpers (implemented in ffi.py).")
    out.append("STATIC_INLINE_FUNCTIONS = (")
    out.extend("    %r," % n for n in v.static_inline)
    out.append(")")
    out.append("")
    text = "\n".join(_layout("\n".join(out).split("\n"))) + "\n"
    return text, v


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--header", default=DEFAULT_HEADER)
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="'-' for stdout")
    args = ap.parse_args(argv)
    try:
        text, v = generate(args.header)
    except BindgenError as e:
        print("bindgen: %s" % e, file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.write(text)
    else:
        tmp = args.output + ".tmp"
        with open(tmp, "w", newline="\n") as f:
            f.write(text)
        os.replace(tmp, args.output)
        print("bindgen: %s: %d functions, %d records, %d static inline helpers skipped"
              % (os.path.relpath(args.output), len(v.functions), len(v.records), len(v.static_inline)),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
