"""The `wamr` command line (also `python -m wamr`).

    wamr run [--dir DIR]... [--env KEY=VALUE]... MODULE [ARGS...]
    wamr run [--dir DIR]... [--env KEY=VALUE]... --invoke NAME MODULE [ARGS...]

`run` loads MODULE (a .wasm binary, or WebAssembly text: .wat), sets up WASI (argv is
MODULE then ARGS; only the given environment; the preopened directories) and calls its
`_start`; the process exits with the module's exit code (`proc_exit`, 0 when `_start`
returns). With `--invoke NAME` it calls the exported function NAME instead, with ARGS
parsed as its i32/i64/f32/f64 parameters, and prints each result on its own line, like
WAMR's `iwasm -f NAME` (integers in signed decimal, floats in their shortest form).

Errors are one line on stderr, `wamr: error: ...`, with exit status
  1   missing or unreadable file, invalid module, missing export, failed instantiation
  2   bad command line: unknown option, bad --dir/--env, wrong function arguments
  134 a trap (as a native program aborting; wasmtime uses the same status)

Built on the procedural API (`wamr.wasmcapi.ffi`), which is loaded only when a module runs.
"""
import argparse
import ctypes as c
import math
import os
import re
import struct
import sys
import tempfile
from typing import Callable, List, NoReturn, Optional, Sequence, Tuple

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_TRAP = 134

PROG = "wamr"


class CliError(Exception):
    """A failure reported as one `wamr: error: ...` line and exit status `code`."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (status 2)."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write("%s: error: %s (see `%s --help`)\n" % (PROG, message, self.prog))
        sys.exit(EXIT_USAGE)


def _version() -> str:
    from . import __version__
    return "%s %s (WAMR's wasm_c_api.h on wasmi)" % (PROG, __version__)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Run WebAssembly modules with libiwasm (wasmi).")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser(
        "run", help="run a WASI command module, or call one exported function",
        description="Run a WASI command module (its _start), or call one exported function "
                    "with --invoke. Options go before MODULE; everything after MODULE is "
                    "passed to the program (or to the function).",
        epilog="exit status: the module's exit code; 1 error, 2 bad command line, 134 trap")
    run.add_argument("--dir", action="append", default=[], metavar="DIR",
                     help="preopen a host directory: HOST (seen under the same path) or "
                          "GUEST::HOST (repeatable)")
    run.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                     help="set an environment variable for the module (repeatable)")
    run.add_argument("--invoke", metavar="NAME",
                     help="call the exported function NAME with ARGS and print its results")
    run.add_argument("module", metavar="MODULE", nargs="?",
                     help="a .wasm binary or a .wat text file")
    run.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                     help="program arguments (or the function's arguments with --invoke)")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of `wamr` and `python -m wamr`; returns the exit status."""
    parser = build_parser()
    opts = parser.parse_args(argv)
    if opts.command is None:
        sys.stderr.write("%s: error: a command is required: run (see `%s --help`)\n" % (PROG, PROG))
        return EXIT_USAGE
    if opts.module is None:
        sys.stderr.write("%s: error: a MODULE to run is required (see `%s run --help`)\n"
                         % (PROG, PROG))
        return EXIT_USAGE
    try:
        return run(opts.module, opts.args, dirs=opts.dir, env=opts.env, invoke=opts.invoke)
    except CliError as e:
        return _fail(str(e), e.code)
    except NotImplementedError as e:  # e.g. WAMR's own library as $WAMR_LIBIWASM
        return _fail("the loaded libiwasm cannot do this: %s" % e, EXIT_ERROR)


def _fail(message: str, code: int) -> int:
    sys.stdout.flush()
    sys.stderr.write("%s: error: %s\n" % (PROG, message))
    sys.stderr.flush()
    return code


# ---------------------------------------------------------------------------------------
# command line values
# ---------------------------------------------------------------------------------------

def parse_dirs(dirs: Sequence[str]) -> Tuple[List[str], List[str]]:
    """--dir values -> (plain host dirs, "guest::host" mappings); each host must exist."""
    plain, mapped = [], []
    for d in dirs:
        guest, sep, host = d.partition("::")
        if not sep:
            guest, host = "", d
        elif not guest or not host:
            raise CliError("--dir %r: expected HOST or GUEST::HOST" % d, EXIT_USAGE)
        if not os.path.isdir(host):
            raise CliError("--dir %r: %s is not a directory" % (d, host), EXIT_USAGE)
        if sep:
            mapped.append("%s::%s" % (guest, host))
        else:
            plain.append(host)
    return plain, mapped


def parse_env(env: Sequence[str]) -> List[str]:
    for e in env:
        key, sep, _ = e.partition("=")
        if not sep or not key:
            raise CliError("--env %r: expected KEY=VALUE" % e, EXIT_USAGE)
    return list(env)


_INT_BITS = {"i32": 32, "i64": 64}


def parse_value(kind: str, text: str) -> object:
    """A command-line string as a Python value for a parameter of type `kind`
    (ValueError with the reason when it does not parse or fit)."""
    if kind in _INT_BITS:
        value = None
        for base in (10, 0):  # "010" is decimal; "0x1f", "-0b101" take their prefix
            try:
                value = int(text, base)
                break
            except ValueError:
                pass
        if value is None:
            raise ValueError("%r is not an integer" % text)
        bits = _INT_BITS[kind]
        if not -(1 << (bits - 1)) <= value < (1 << bits):
            raise ValueError("%s does not fit in %s" % (text, kind))
        return value
    if kind in ("f32", "f64"):
        try:
            return float(text)
        except ValueError:
            try:
                return float.fromhex(text)  # 0x1.8p3
            except ValueError:
                raise ValueError("%r is not a number" % text) from None
    raise ValueError("%s parameters cannot be given on the command line" % kind)


def format_f32(x: float) -> str:
    """The shortest decimal that reads back as the same float32."""
    if math.isnan(x) or math.isinf(x):
        return repr(x)
    for digits in range(1, 10):
        s = "%.*g" % (digits, x)
        if struct.unpack("<f", struct.pack("<f", float(s)))[0] == x:
            return repr(float(s))
    return repr(x)


# ---------------------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------------------

def _ffi():
    try:
        from .wasmcapi import ffi
    except ImportError as e:  # LibraryNotFoundError lists every path, one per line
        raise CliError(" ".join(str(e).split())) from None
    return ffi


def _capture_stderr(fn: Callable[[], object]) -> Tuple[object, str]:
    """Runs fn with fd 2 redirected; returns its result and what the library wrote."""
    sys.stderr.flush()
    with tempfile.TemporaryFile() as tmp:
        saved = os.dup(2)
        os.dup2(tmp.fileno(), 2)
        try:
            result = fn()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode("utf-8", "replace")
    return result, text


def _looks_like_wat(path: str, data: bytes) -> bool:
    if path.lower().endswith((".wat", ".wast")):
        return True
    if data.startswith(b"\0asm") or path.lower().endswith(".wasm"):
        return False
    try:
        text = data.decode("utf-8").lstrip()
    except UnicodeDecodeError:
        return False
    return text.startswith(("(", ";;", "(;"))


def _first_line(text: str, default: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return default


def wat_to_wasm(ffi, path: str, data: bytes) -> bytes:
    """WebAssembly text -> binary through the library's wamr_wat_to_wasm."""
    src, out = ffi.wasm_byte_vec_t(), ffi.wasm_byte_vec_t()
    ffi.wasm_byte_vec_new(src, len(data), data)
    try:
        ok = ffi.wamr_wat_to_wasm(src, out)
        result = c.string_at(out.data, out.size) if out.size else b""
    finally:
        ffi.wasm_byte_vec_delete(src)
        ffi.wasm_byte_vec_delete(out)
    if ok:
        return result
    message = result.rstrip(b"\0").decode("utf-8", "replace")
    where = re.search(r"-->\s*\S*?:(\d+):(\d+)", message)
    reason = _first_line(message, "invalid WebAssembly text")
    if where:
        raise CliError("%s:%s:%s: %s" % (path, where.group(1), where.group(2), reason))
    raise CliError("%s: %s" % (path, reason))


def read_module(ffi, path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise CliError("cannot read %s: %s" % (path, e.strerror or e)) from None
    if not data:
        raise CliError("invalid module %s: the file is empty" % path)
    if _looks_like_wat(path, data):
        return wat_to_wasm(ffi, path, data)
    return data


_EXTERN_KINDS = {0: "func", 1: "global", 2: "table", 3: "memory"}
_KINDS = {0: "i32", 1: "i64", 2: "f32", 3: "f64", 4: "v128", 128: "externref", 129: "funcref"}


def _kinds(ffi, valtypes) -> List[str]:
    return [_KINDS.get(ffi.wasm_valtype_kind(t), "?") for t in ffi.wasm_vec_to_list(valtypes)]


def _cstrings(items: Sequence[str]):
    if not items:
        return None
    return (c.c_char_p * len(items))(*[os.fsencode(s) for s in items])


def _trap_message(ffi, trap) -> str:
    msg = ffi.wasm_message_t()
    ffi.wasm_trap_message(trap, msg)
    try:
        return ffi.wasm_name_to_str(msg) if msg.size else "trap"
    finally:
        ffi.wasm_byte_vec_delete(msg)


def _exit_code(ffi, trap) -> Optional[int]:
    code = c.c_int32(0)
    if ffi.wamr_trap_exit_code(trap, c.byref(code)):
        return code.value
    return None


def _to_val(ffi, kind: str, value: object):
    return {"i32": ffi.wasm_i32_val, "i64": ffi.wasm_i64_val,
            "f32": ffi.wasm_f32_val, "f64": ffi.wasm_f64_val}[kind](value)


def _format_val(val) -> str:
    kind = _KINDS.get(val.kind, "?")
    if kind == "i32":
        return str(val.of.i32)
    if kind == "i64":
        return str(val.of.i64)
    if kind == "f32":
        return format_f32(val.of.f32)
    if kind == "f64":
        return repr(val.of.f64)
    if kind in ("externref", "funcref"):
        return "%s:%s" % (kind, "null" if not val.of.ref else "ref")
    return "<%s>" % kind


class _Cleanup:
    """Deletes native objects in reverse order of creation."""

    def __init__(self) -> None:
        self._items: List[Tuple[Callable, object]] = []

    def add(self, delete: Callable, obj: object) -> object:
        self._items.append((delete, obj))
        return obj

    def close(self) -> None:
        while self._items:
            delete, obj = self._items.pop()
            delete(obj)


def run(path: str, args: Sequence[str], dirs: Sequence[str] = (), env: Sequence[str] = (),
        invoke: Optional[str] = None) -> int:
    """Runs a module as `wamr run` does; returns the exit status, raises CliError."""
    plain_dirs, mapped_dirs = parse_dirs(dirs)
    env = parse_env(env)
    ffi = _ffi()
    wasm = read_module(ffi, path)
    cleanup = _Cleanup()
    try:
        return _run(ffi, cleanup, path, wasm, list(args), plain_dirs, mapped_dirs, env, invoke)
    finally:
        sys.stdout.flush()
        cleanup.close()


def _run(ffi, cleanup, path, wasm, args, plain_dirs, mapped_dirs, env, invoke) -> int:
    engine = cleanup.add(ffi.wasm_engine_delete, ffi.wasm_engine_new())
    store = cleanup.add(ffi.wasm_store_delete, ffi.wasm_store_new(engine))
    if not engine or not store:
        raise CliError("cannot create the engine")

    binary = ffi.wasm_byte_vec_t()
    ffi.wasm_byte_vec_new(binary, len(wasm), wasm)
    try:
        module, printed = _capture_stderr(lambda: ffi.wasm_module_new(store, binary))
    finally:
        ffi.wasm_byte_vec_delete(binary)
    if not module:
        reason = _first_line(printed, "not a valid WebAssembly module")
        reason = re.sub(r"^WASM module load failed:\s*", "", reason)
        reason = re.sub(r"\s*-\s*expected=\[$", "", reason)  # the rest was on the next lines
        raise CliError("invalid module %s: %s" % (path, reason))
    cleanup.add(ffi.wasm_module_delete, module)

    # WASI: argv is the module then its arguments (with --invoke, the arguments are the
    # function's), only the given environment, the preopened directories.
    argv = [path] + ([] if invoke is not None else args)
    keep = [_cstrings(plain_dirs), _cstrings(mapped_dirs), _cstrings(env), _cstrings(argv)]
    ffi.wasm_runtime_set_wasi_args(ffi.dereference(module), keep[0], len(plain_dirs), keep[1],
                                   len(mapped_dirs), keep[2], len(env), keep[3], len(argv))

    # Which export is called, checked before instantiation (which may run code).
    name = invoke if invoke is not None else "_start"
    exports = ffi.wasm_exporttype_vec_t()
    ffi.wasm_module_exports(module, exports)
    cleanup.add(ffi.wasm_exporttype_vec_delete, exports)
    names = [ffi.wasm_name_to_str(ffi.wasm_exporttype_name(e)) for e in ffi.wasm_vec_to_list(exports)]
    if name not in names:
        funcs = [n for n, e in zip(names, ffi.wasm_vec_to_list(exports))
                 if ffi.wasm_externtype_kind(ffi.wasm_exporttype_type(e)) == ffi.WASM_EXTERN_FUNC]
        listed = ", ".join(funcs) if funcs else "none"
        if invoke is None:
            raise CliError("%s has no _start function (not a WASI command module); call one of "
                           "its functions with --invoke NAME (exported functions: %s)" % (path, listed))
        raise CliError("%s has no export named %r (exported functions: %s)" % (path, name, listed))
    index = names.index(name)
    if ffi.wasm_externtype_kind(ffi.wasm_exporttype_type(exports.data[index])) != ffi.WASM_EXTERN_FUNC:
        raise CliError("%s: export %r is not a function" % (path, name))

    # Only WASI is provided: an unprovided function import traps when called (as in
    # WAMR), but an unprovided global, table or memory cannot be instantiated.
    imports = ffi.wasm_importtype_vec_t()
    ffi.wasm_module_imports(module, imports)
    cleanup.add(ffi.wasm_importtype_vec_delete, imports)
    for imp in ffi.wasm_vec_to_list(imports):
        kind = ffi.wasm_externtype_kind(ffi.wasm_importtype_type(imp))
        if kind != ffi.WASM_EXTERN_FUNC and not ffi.wasm_importtype_is_linked(imp):
            raise CliError("cannot instantiate %s: it imports %s %s.%s, which wamr run does not "
                           "provide" % (path, _EXTERN_KINDS.get(kind, "?"),
                                        ffi.wasm_name_to_str(ffi.wasm_importtype_module(imp)),
                                        ffi.wasm_name_to_str(ffi.wasm_importtype_name(imp))))

    trap = ffi.POINTER(ffi.wasm_trap_t)()
    instance = ffi.wasm_instance_new(store, module, None, c.byref(trap))
    if trap:
        cleanup.add(ffi.wasm_trap_delete, trap)
        code = _exit_code(ffi, trap)
        if code is not None:  # proc_exit from the start function or _initialize
            return code
        # the start function (or _initialize) trapped
        raise CliError("cannot instantiate %s: %s" % (path, _trap_message(ffi, trap)), EXIT_TRAP)
    if not instance:
        raise CliError("cannot instantiate %s" % path)
    cleanup.add(ffi.wasm_instance_delete, instance)

    externs = ffi.wasm_extern_vec_t()
    ffi.wasm_instance_exports(instance, externs)
    cleanup.add(ffi.wasm_extern_vec_delete, externs)
    func = ffi.wasm_extern_as_func(externs.data[index])
    functype = cleanup.add(ffi.wasm_functype_delete, ffi.wasm_func_type(func))
    params = _kinds(ffi, ffi.wasm_functype_params(functype))
    results = _kinds(ffi, ffi.wasm_functype_results(functype))

    if invoke is None and (params or results):
        raise CliError("%s: _start has type (%s) -> (%s), expected () -> ()"
                       % (path, ", ".join(params), ", ".join(results)))
    if len(args if invoke is not None else []) != len(params):
        raise CliError("%s expects %d argument%s (%s), got %d"
                       % (name, len(params), "" if len(params) == 1 else "s", ", ".join(params),
                          len(args)), EXIT_USAGE)
    values = []
    for i, (kind, text) in enumerate(zip(params, args)):
        try:
            values.append(_to_val(ffi, kind, parse_value(kind, text)))
        except (ValueError, OverflowError, TypeError, KeyError) as e:
            raise CliError("argument %d of %s: %s" % (i + 1, name, e), EXIT_USAGE) from None

    arg_array = (ffi.wasm_val_t * len(values))(*values)
    res_array = (ffi.wasm_val_t * len(results))()
    arg_vec = ffi.wasm_array_vec(ffi.wasm_val_vec_t, arg_array)
    res_vec = ffi.wasm_array_vec(ffi.wasm_val_vec_t, res_array)
    sys.stdout.flush()
    trap = ffi.wasm_func_call(func, arg_vec, res_vec)
    if trap:
        cleanup.add(ffi.wasm_trap_delete, trap)
        code = _exit_code(ffi, trap)
        if code is not None:
            return code
        raise CliError("trap in %s: %s" % (name, _trap_message(ffi, trap)), EXIT_TRAP)
    for val in res_array:
        print(_format_val(val))
    return 0


if __name__ == "__main__":
    sys.exit(main())
