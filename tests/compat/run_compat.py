#!/usr/bin/env python3
"""make compat: WAMR 2.4.3's own samples and Python binding tests, run unchanged against us.

WAMR's files are used where they are (WAMR_SRC, never copied): each C program of
samples/wasm-c-api/src is built twice (our header / WAMR's reference header), linked with
our libiwasm.so, run in a folder holding its .wasm, compared with the output we expect of
it (tests/compat/expected, written from what each sample is meant to print) and run again
under valgrind; then WAMR's Python tests (python -m unittest in its tests folder) and its
Python samples run with our `wamr` package. With --export-samples, WAMR's wasm_export.h
samples too (export_samples.py), and the Python samples of its wamr-api binding
(wamrapi_samples.py, unless --export-sample picks some); --export-samples-only runs just those.

Exit status: 0 all passed, 1 something failed, 2 no WAMR source tree.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

from export_samples import SAMPLES as EXPORT_SAMPLES, export_samples
from wamrapi_samples import wamrapi_samples

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(HERE, "expected")

# WAMR's wasm-c-api samples: every src/*.c but globalexportimport, which needs
# wasm_export.h (module reader, runtime malloc).
C_SAMPLES = ["callback", "callback_chain", "clone", "empty_imports", "global", "hello", "hostref",
             "memory", "multi", "reflect", "serialize", "table", "threads", "trap"]
# Threads print in any order (and clone prints some lines without a newline):
# their outputs are compared as multisets of messages.
UNORDERED = {"clone", "threads"}
# WAMR's Python tests: module -> (tests run, tests skipped).
PY_TESTS = {"test_basic": (171, 0), "test_advanced": (33, 1)}
PY_SAMPLES = ["hello_procedural", "hello_oop"]

failures = []


def report(ok, what, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", what, (": " + detail) if detail and not ok else ""))
    if not ok:
        failures.append(what)


def messages(text):
    return sorted(m.strip() for m in re.split(r"\n|(?<=\.\.\.)", text) if m.strip())


def same_output(name, got, want):
    if name in UNORDERED:
        return messages(got) == messages(want)
    return got == want


def run(cmd, cwd, env=None, timeout=300):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def c_samples(args, work):
    src = os.path.join(args.wamr_src, "samples", "wasm-c-api", "src")
    libdir = os.path.dirname(args.lib)
    for header, include in (("ours", os.path.join(REPO, "include")), ("ref", args.ref_include)):
        out = os.path.join(work, "wasm-c-api", header)
        os.makedirs(out, exist_ok=True)
        for name in C_SAMPLES:
            what = "wasm-c-api/%s (%s header)" % (name, header)
            wat = os.path.join(src, name + ".wat")
            wasm = run([args.wat2wasm, wat, "-o", os.path.join(out, name + ".wasm")], out)
            if wasm.returncode:
                report(False, what, "wat2wasm: " + wasm.stderr.strip())
                continue
            build = run([args.cc, "-std=gnu11", "-g", "-O1", "-I" + include, os.path.join(src, name + ".c"),
                         "-o", os.path.join(out, name), "-L" + libdir, "-liwasm",
                         "-Wl,-rpath," + libdir, "-lpthread", "-lm"], out)
            if build.returncode:
                report(False, what, "build: " + build.stderr.strip()[-600:])
                continue
            with open(os.path.join(EXPECTED, "wasm-c-api", name + ".txt")) as f:
                want = f.read()
            ran = run(["./" + name], out)
            report(ran.returncode == 0 and same_output(name, ran.stdout, want), what,
                   "exit %d\n--- got\n%s--- expected\n%s%s" % (ran.returncode, ran.stdout, want, ran.stderr))
            if args.valgrind and header == "ours":
                vg = run(["valgrind", "-q", "--fair-sched=yes", "--error-exitcode=99", "--leak-check=full",
                          "--show-leak-kinds=definite,indirect,possible",
                          "--errors-for-leak-kinds=definite,indirect,possible",
                          "--suppressions=" + os.path.join(REPO, "tests", "c", "valgrind.supp"), "./" + name],
                         out, timeout=900)
                report(vg.returncode == 0 and same_output(name, vg.stdout, want),
                       "wasm-c-api/%s under valgrind" % name, "exit %d\n%s" % (vg.returncode, vg.stderr[-3000:]))


def python_env(args):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(REPO, "python") + os.pathsep + env.get("PYTHONPATH", "")
    env["WAMR_LIBIWASM"] = args.lib
    return env


def python_tests(args):
    tests = os.path.join(args.wamr_src, "language-bindings", "python", "wasm-c-api", "tests")
    for module, (count, skipped) in PY_TESTS.items():
        ran = run([sys.executable, "-X", "faulthandler", "-m", "unittest", "-v", module], tests, python_env(args))
        summary = ran.stderr.strip().splitlines()[-1] if ran.stderr.strip() else ""
        total = re.search(r"^Ran (\d+) tests?", ran.stderr, re.M)
        passed = (ran.returncode == 0 and total is not None and int(total.group(1)) == count
                  and ran.stderr.count("... skipped") == skipped)
        report(passed, "python %s: %s tests, %d skipped" % (module, count, skipped),
               "exit %d, %s\n%s" % (ran.returncode, summary, ran.stderr[-4000:]))


def python_samples(args, work):
    samples = os.path.join(args.wamr_src, "language-bindings", "python", "wasm-c-api", "samples")
    out = os.path.join(work, "python-samples")
    os.makedirs(out, exist_ok=True)
    run([args.wat2wasm, os.path.join(samples, "hello.wat"), "-o", os.path.join(out, "hello.wasm")], out)
    for name in PY_SAMPLES:
        with open(os.path.join(EXPECTED, "python", name + ".txt")) as f:
            want = f.read()
        ran = run([sys.executable, os.path.join(samples, name + ".py")], out, python_env(args))
        report(ran.returncode == 0 and ran.stdout == want, "python sample %s" % name,
               "exit %d\n--- got\n%s--- expected\n%s%s" % (ran.returncode, ran.stdout, want, ran.stderr[-2000:]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wamr-src", default=os.environ.get("WAMR_SRC", os.path.join(REPO, "..", "shared", "wamr-2.4.3")))
    ap.add_argument("--lib", required=True, help="our libiwasm.so")
    ap.add_argument("--wat2wasm", required=True)
    ap.add_argument("--ref-include", required=True, help="the folder of WAMR's reference wasm_c_api.h")
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("--no-valgrind", dest="valgrind", action="store_false")
    ap.add_argument("--work", help="build folder (default: a temporary one)")
    ap.add_argument("--export-samples", action="store_true",
                    help="also build and run WAMR's wasm_export.h samples (basic, native-lib, file, multi-module, globalexportimport)")
    ap.add_argument("--export-samples-only", action="store_true", help="run only the wasm_export.h samples")
    ap.add_argument("--export-sample", action="append", choices=EXPORT_SAMPLES,
                    help="run only this wasm_export.h sample (repeatable; default: all)")
    ap.add_argument("--export-lib", help="the libiwasm.so the wasm_export.h samples link (default: --lib)")
    ap.add_argument("--export-include", default=os.path.join(REPO, "include"),
                    help="the folder of the wasm_export.h, lib_export.h and wasm_c_api.h they compile against (default: ours)")
    args = ap.parse_args()
    args.export_lib = os.path.abspath(args.export_lib or args.lib)
    args.export_include = os.path.abspath(args.export_include)
    args.wamr_src = os.path.abspath(args.wamr_src)
    args.lib = os.path.abspath(args.lib)
    args.wat2wasm = os.path.abspath(args.wat2wasm)
    if not os.path.isdir(os.path.join(args.wamr_src, "samples", "wasm-c-api")):
        print("make compat needs WAMR 2.4.3's samples and Python binding tests: set WAMR_SRC to a "
              "WAMR source tree (none at %s)" % args.wamr_src, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="compat-") as tmp:
        work = os.path.abspath(args.work) if args.work else tmp
        if not args.export_samples_only:
            c_samples(args, work)
            python_tests(args)
            python_samples(args, work)
        if args.export_samples or args.export_samples_only:
            export_samples(args, work, report, run)
            if not args.export_sample:
                wamrapi_samples(args, work, report, run, python_env(args))
    print("make compat: %s" % ("all passed" if not failures else "%d failed: %s" % (len(failures), ", ".join(failures))))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
