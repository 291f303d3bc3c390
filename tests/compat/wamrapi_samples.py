"""make compat, wamr-api phase (issue 16): WAMR 2.4.3's Python samples of `wamr.wamrapi`
(language-bindings/python/wamr-api/samples: basic, native-symbol), unchanged, on our package.

Each sample's wasm app is compiled from its C with Debian's clang, lld and wasi-libc
(export_samples.py's toolchain) and the flags of its own compile.sh (read from it; only
wasi-sdk's clang becomes ours), into a work folder where a symlink stands for the sample's
main.py, so that the script, which opens the .wasm next to itself, runs unchanged and
where it lies. It runs with our package on PYTHONPATH and WAMR_LIBIWASM set, and its
stdout is compared with tests/compat/expected/python/wamr-api/<sample>.txt.

native-symbol prints from Python and from wasm (wasi-libc's printf) in turn, and the order
its README shows is a terminal's: there wasi-libc's stdout is line-buffered. So it runs
twice, with `python -u`: under a pseudo-terminal (native-symbol.txt: the README's output),
and into a pipe (native-symbol.pipe.txt), where wasi-libc buffers stdout whole after its
first write and flushes it when an export returns (wasm-ld wraps each export of a command
module in its constructors and destructors, and the destructors flush stdio).
"""
import os
import pty
import select
import shlex
import shutil
import subprocess
import sys

from export_samples import Builder, ensure_toolchain

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected", "python", "wamr-api")
SAMPLES = {"basic": "sum.c", "native-symbol": "func.c"}
# Samples run under a pseudo-terminal too (see the docstring).
ON_TERMINAL = {"native-symbol"}


def compile_flags(script, source):
    """The clang flags of a sample's compile.sh, without its output and source arguments."""
    with open(script) as f:
        words = shlex.split(f.read().replace("\\\n", " "), comments=True)
    clang = next(i for i, w in enumerate(words) if os.path.basename(w) == "clang")
    flags, rest = [], iter(words[clang + 1:])
    for w in rest:
        if w == "-o":
            out = next(rest)
            if out != os.path.splitext(source)[0] + ".wasm":
                raise ValueError("%s: unexpected output %s" % (script, out))
        elif w != source:
            flags.append(w)
    return flags


def run_on_terminal(cmd, cwd, env, timeout=120):
    """(exit status, output) of cmd run with a pseudo-terminal as its stdout and stderr."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    finally:
        os.close(slave)
    out = b""
    try:
        while select.select([master], [], [], timeout)[0]:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            out += data
    finally:
        os.close(master)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # the terminal turns each "\n" into "\r\n"
    return proc.returncode, out.decode("utf-8", "replace").replace("\r\n", "\n")


def wamrapi_samples(args, work, report, run, env):
    src = os.path.join(args.wamr_src, "language-bindings", "python", "wamr-api", "samples")
    # (export_samples.py reported the toolchain already: only a failure is news)
    if not ensure_toolchain(lambda ok, what, detail="": ok or report(ok, what, detail)):
        return
    b = Builder(args, run, work)
    for name, source in SAMPLES.items():
        what = "python wamr-api sample %s" % name
        sample = os.path.join(src, name)
        out = os.path.join(work, "wamr-api", name)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        # Builder.wasm takes sources relative to samples/
        err = b.wasm(out, os.path.relpath(os.path.join(sample, source), b.src),
                     compile_flags(os.path.join(sample, "compile.sh"), source))
        if err:
            report(False, what, err)
            continue
        os.symlink(os.path.join(sample, "main.py"), os.path.join(out, "main.py"))
        cmd = [sys.executable, "-u", os.path.join(out, "main.py")]
        with open(os.path.join(EXPECTED, name + (".pipe.txt" if name in ON_TERMINAL else ".txt"))) as f:
            want = f.read()
        ran = run(cmd, out, env)
        report(ran.returncode == 0 and ran.stdout == want, what + (" (stdout a pipe)" if name in ON_TERMINAL else ""),
               "exit %d\n--- got\n%s--- expected\n%s%s" % (ran.returncode, ran.stdout, want, ran.stderr[-2000:]))
        if name in ON_TERMINAL:
            with open(os.path.join(EXPECTED, name + ".txt")) as f:
                want = f.read()
            try:
                status, got = run_on_terminal(cmd, out, env)
            except OSError as e:
                print("skip %s (stdout a terminal): no pseudo-terminal: %s" % (what, e))
                continue
            report(status == 0 and got == want, what + " (stdout a terminal)",
                   "exit %d\n--- got\n%s--- expected\n%s" % (status, got, want))
