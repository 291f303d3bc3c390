"""make compat, wasm_export.h phase (issue 16): WAMR 2.4.3's embedding-API samples, unchanged.

basic (its main and free_buffer_early), native-lib (run by our iwasm_runner.c with its four
plugins), file, multi-module and wasm-c-api/globalexportimport: their wasm apps are compiled
from WAMR's C at test time with Debian's clang, lld and wasi-libc (installed if missing), with
the flags WAMR's own build scripts use; their hosts are built with cc against the export-API
headers and library (ours by default, WAMR's to prove the harness), with our stand-ins for the
WAMR-internal helper headers (shims/), then run, compared with tests/compat/expected/export
and run again under valgrind.
"""
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXPECTED = os.path.join(HERE, "expected", "export")
SHIMS = os.path.join(HERE, "shims")
SAMPLES = ["basic", "free_buffer_early", "native-lib", "file", "multi-module", "globalexportimport"]

# Debian's packages for the wasm apps: clang (the compiler; it drives wasm-ld), lld (wasm-ld),
# wasi-libc (headers and libc for wasm32-wasi) and libclang-rt-dev-wasm32 (the compiler-rt
# builtins clang links into every wasi-libc program).
WASM_APT = ["clang", "lld", "wasi-libc", "libclang-rt-dev-wasm32"]
WASI_INCLUDE = "/usr/include/wasm32-wasi"
# Only wasi-libc's headers, none of the host's /usr/include.
WASM_CC = ["clang", "--target=wasm32-wasi", "-nostdlibinc", "-isystem", WASI_INCLUDE]
# Apps for WAMR's libc-builtin (printf, malloc... imported from the runtime's "env" module):
# no libc linked, undefined functions become imports (WAMR links them against its
# libc-builtin sysroot with -nostdlib and --allow-undefined).
BUILTIN = ["-nostdlib", "-Wl,--allow-undefined"]
# WAMR's runtime log records ("[hh:mm:ss:ms - thread]: ...", printed on stdout by its loader
# and linker) are diagnostics, not what a sample prints: left out of the comparison.
LOG_RECORD = re.compile(r"^\[\d\d:\d\d:\d\d:\d\d\d - [0-9A-Fa-f]+\]: ")


def ensure_toolchain(report):
    """Installs the missing WASM_APT packages (as bench-peers does: sudo only when not root)."""
    if shutil.which("dpkg") and shutil.which("apt-get"):
        missing = [p for p in WASM_APT if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode]
        if missing:
            print("installing " + " ".join(missing))
            sudo = [] if os.geteuid() == 0 else ["sudo"]
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(sudo + ["apt-get", "install", "-y", "-qq"] + missing, env=env, capture_output=True)
    absent = [what for what, ok in (("clang", shutil.which("clang")), ("wasm-ld (lld)", shutil.which("wasm-ld")),
                                    ("wasi-libc (%s)" % WASI_INCLUDE, os.path.isdir(WASI_INCLUDE))) if not ok]
    report(not absent, "export samples: wasm32 toolchain", "missing " + ", ".join(absent) +
           " (Debian packages: %s)" % " ".join(WASM_APT))
    return not absent


def comparable(text):
    """The output without WAMR's log records (and the blank line a record ending in a newline leaves)."""
    kept, after_record = [], False
    for line in text.split("\n"):
        if LOG_RECORD.match(line) or (after_record and line == ""):
            after_record = True
            continue
        after_record = False
        kept.append(line)
    return "\n".join(kept)


def same_output(got, want):
    # {ptr} stands for an address the runtime chooses (app heap offsets, host pointers), {int}
    # for a number that depends on one (the length of a message that prints a host pointer).
    pattern = re.escape(want).replace(re.escape("{ptr}"), "0x[0-9a-f]+").replace(re.escape("{int}"), "[0-9]+")
    return re.fullmatch(pattern, comparable(got)) is not None


class Builder:
    def __init__(self, args, run, work):
        self.args, self.run, self.work = args, run, work
        self.lib = os.path.abspath(args.export_lib)
        self.include = os.path.abspath(args.export_include)
        self.src = os.path.join(args.wamr_src, "samples")

    def wasm(self, out, source, flags):
        """WAMR's C app `source` (under samples/) to out/<name>.wasm; an error text or None."""
        name = os.path.splitext(os.path.basename(source))[0]
        built = self.run(WASM_CC + flags + [os.path.join(self.src, source), "-o", os.path.join(out, name + ".wasm")], out)
        return built.returncode and "clang %s: %s" % (source, built.stderr.strip()[-600:])

    def host(self, out, exe, sources, flags=(), shared=False, link=True):
        """A host program or plugin (shared) from WAMR's (samples/...) and our (shims/, tests/compat)
        C files, linked with the library unless link is false."""
        paths = [s if os.path.isabs(s) else os.path.join(self.src, s) for s in sources]
        cmd = [self.args.cc, "-std=gnu11", "-g", "-O1", "-I" + self.include, "-I" + SHIMS] + list(flags)
        cmd += ["-shared", "-fPIC"] if shared else []
        cmd += paths + ["-o", os.path.join(out, exe)]
        cmd += [self.lib, "-Wl,-rpath," + os.path.dirname(self.lib)] if link else []
        cmd += ["-lm", "-ldl", "-lpthread"]
        built = self.run(cmd, out)
        return built.returncode and "cc %s: %s" % (exe, built.stderr.strip()[-1500:])


SHIM_READ = os.path.join(SHIMS, "bh_read_file.c")
PLUGINS = ["test_add", "test_sqrt", "test_hello", "test_hello2"]


def build(b, name, out):
    """Builds sample `name` into out; returns (command, error text or None)."""
    if name in ("basic", "free_buffer_early"):
        # basic/build.sh: libc-builtin app, 4 KiB stack, one page, its four functions exported.
        err = b.wasm(out, "basic/wasm-apps/testapp.c", BUILTIN + [
            "-O0", "-z", "stack-size=4096", "-Wl,--initial-memory=65536", "-Wl,--strip-all,--no-entry",
            "-Wl,--export=generate_float", "-Wl,--export=float_to_string", "-Wl,--export=calculate",
            "-Wl,--export=mul7"])
        srcs = ["basic/src/main.c", "basic/src/native_impl.c"] if name == "basic" else ["basic/src/free_buffer_early.c"]
        return ["./" + name, "-f", "testapp.wasm"], err or b.host(out, name, srcs + [SHIM_READ])
    if name == "native-lib":
        # native-lib/wasm-app/CMakeLists.txt: libc-builtin app whose main takes argc/argv.
        err = b.wasm(out, "native-lib/wasm-app/main.c", BUILTIN + [
            "-Wl,--max-memory=131072", "-z", "stack-size=8192", "-Wl,--no-entry,--strip-all",
            "-Wl,--export=__main_argc_argv", "-Wl,--export=__heap_base,--export=__data_end"])
        if not err:
            os.replace(os.path.join(out, "main.wasm"), os.path.join(out, "test.wasm"))
        # As its CMakeLists: only test_hello2 calls the runtime and links with the library.
        for p in PLUGINS:
            err = err or b.host(out, "lib%s.so" % p, ["native-lib/%s.c" % p], shared=True, link=p == "test_hello2")
        err = err or b.host(out, "iwasm_runner", [os.path.join(HERE, "iwasm_runner.c")])
        return ["./iwasm_runner"] + ["--native-lib=./lib%s.so" % p for p in PLUGINS] + ["test.wasm"], err
    if name == "file":
        # file/wasm-app: a wasi-libc command, CMake Debug (-g); run with -d . as its README says.
        err = b.wasm(out, "file/wasm-app/main.c", ["-g"])
        if not err:
            os.replace(os.path.join(out, "main.wasm"), os.path.join(out, "file.wasm"))
        return ["./file", "-f", "file.wasm", "-d", "."], err or b.host(out, "file", ["file/src/main.c", SHIM_READ])
    if name == "multi-module":
        # multi-module/wasm-apps/CMakeLists.txt (Release): mA and mB reactors, mC the command
        # the host loads; mD/mE (C++, libc++) are not used by the sample's run.
        common = ["-O3", "-DNDEBUG", "-fno-exceptions"]
        err = (b.wasm(out, "multi-module/wasm-apps/mA.c", common + ["-mexec-model=reactor"])
               or b.wasm(out, "multi-module/wasm-apps/mB.c", common + ["-mexec-model=reactor"])
               or b.wasm(out, "multi-module/wasm-apps/mC.c", common))
        # The host's #if blocks follow the build it is for (interpreter, multi-module).
        return ["./multi_module", "mC.wasm"], err or b.host(out, "multi_module", ["multi-module/src/main.c", SHIM_READ],
                                                            ["-DWASM_ENABLE_INTERP=1", "-DWASM_ENABLE_MULTI_MODULE=1"])
    if name == "globalexportimport":
        src = os.path.join(b.src, "wasm-c-api", "src")
        for i in ("0", "1"):
            w = b.run([b.args.wat2wasm, os.path.join(src, "globalexportimport-%s.wat" % i), "-o",
                       os.path.join(out, "globalexportimport-%s.wasm" % i)], out)
            if w.returncode:
                return [], "wat2wasm: " + w.stderr.strip()
        # Its reader has the old callback signature: see shims/module_reader_adapter.c (GCC 14
        # would make the mismatch it leaves in the sample's own call an error).
        obj = b.run([b.args.cc, "-std=gnu11", "-g", "-O1", "-I" + b.include, "-I" + SHIMS, "-DWASM_ENABLE_INTERP=1",
                     "-DWASM_ENABLE_AOT=0", "-Dreader=compat_module_reader", "-Wno-error=incompatible-pointer-types",
                     "-c", os.path.join(src, "globalexportimport.c"), "-o", os.path.join(out, "globalexportimport.o")], out)
        if obj.returncode:
            return [], "cc globalexportimport.c: " + obj.stderr.strip()[-1500:]
        return ["./globalexportimport"], b.host(out, "globalexportimport", [
            os.path.join(out, "globalexportimport.o"), "wasm-c-api/src/utils/multi_module_utils.c",
            os.path.join(SHIMS, "module_reader_adapter.c"), SHIM_READ])
    raise ValueError(name)


def export_samples(args, work, report, run):
    names = args.export_sample or SAMPLES
    if not os.path.isfile(os.path.join(args.export_include, "wasm_export.h")):
        for name in names:
            report(False, "export/%s" % name, "no wasm_export.h in %s: the library's wasm_export.h API is "
                   "not there yet (or point --export-include at it)" % args.export_include)
        return
    if not ensure_toolchain(report):
        return
    b = Builder(args, run, work)
    for name in names:
        out = os.path.join(work, "export", name)
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        what = "export/%s" % name
        cmd, err = build(b, name, out)
        if err:
            report(False, what, err)
            continue
        with open(os.path.join(EXPECTED, name + ".txt")) as f:
            want = f.read()
        ran = run(cmd, out)
        report(ran.returncode == 0 and same_output(ran.stdout, want), what,
               "exit %d\n--- got\n%s--- expected\n%s%s" % (ran.returncode, ran.stdout, want, ran.stderr[-2000:]))
        if args.valgrind:
            supp = ["--suppressions=" + os.path.join(REPO, "tests", "c", "valgrind.supp")]
            kinds = "definite,indirect,possible"
            if name == "globalexportimport":
                supp.append("--suppressions=" + os.path.join(HERE, "export_samples.supp"))
                # its never-deleted instance (suppressed) holds the rest indirectly; every
                # indirect leak has a definite root, so definite ones still catch any other
                kinds = "definite"
            vg = run(["valgrind", "-q", "--fair-sched=yes", "--error-exitcode=99", "--leak-check=full",
                      "--show-leak-kinds=" + kinds, "--errors-for-leak-kinds=" + kinds] + supp + cmd, out,
                     timeout=900)
            report(vg.returncode == 0 and same_output(vg.stdout, want), "%s under valgrind" % what,
                   "exit %d\n%s" % (vg.returncode, vg.stderr[-3000:]))
