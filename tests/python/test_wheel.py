"""The wheel: `pip wheel ./python` builds libiwasm.so with cargo into a
py3-none-manylinux_X_Y_<arch> wheel, which installs into a fresh venv (offline) and works
from any directory; `auditwheel show` must agree with its tag. The sdist carries the Rust
sources: unpacked away from the checkout, it builds a working wheel (SdistTest, slow: a full
cargo release build; run when WAMR_TEST_SDIST=1, as `make test-sdist` does).

The build backend (hatchling) and auditwheel come from the running Python; when one is
missing the test installs it into a temp dir, and skips (with the reason) only if that
fails, e.g. offline. Under CI (CI set) it never skips: install them
(`pip install hatchling auditwheel`).

Which cargo profile goes into the wheel: $WAMR_CARGO_PROFILE, else the profile of the
library the other tests load (target/debug -> debug, anything else -> release), so that
`make PROFILE=debug test-python` does not start a release build.
"""
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import unittest
import zipfile

from wasmtest import PYTHON_DIR, REPO, ffi, wat

SAMPLE = os.path.join(REPO, "samples", "python", "hello_procedural.py")
HELLO_WAT = os.path.join(REPO, "samples", "python", "hello.wat")
BIN = "Scripts" if os.name == "nt" else "bin"

# What the wheel must hold (besides the rest of the package).
REQUIRED = [
    "wamr/__init__.py",
    "wamr/__main__.py",
    "wamr/_cli.py",
    "wamr/py.typed",
    "wamr/wasmcapi/__init__.py",
    "wamr/wasmcapi/binding.py",
    "wamr/wasmcapi/ffi.py",
    "wamr/wamrapi/__init__.py",
    "wamr/wamrapi/iwasm.py",
    "wamr/wamrapi/wamr.py",
    "wamr/include/wasm_c_api.h",
    "wamr/libs/libiwasm.so",
    "wamr/samples/gcd.py",
    "wamr/samples/linking.py",
    "wamr/samples/hello_oop.wat",
]

# What hatch_build.py prints before cargo runs (pip shows it with -v, or on a terminal).
NOTICE = "wamr: building libiwasm.so with cargo ("
# Rust's standard library needs glibc 2.17: the lowest manylinux tag the hook gives.
RUST_MIN_GLIBC = (2, 17)

ADD = '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))'


def _run(cmd, timeout=1800, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=timeout, **kw)


def _clean_env(**extra):
    """The environment without anything that would point Python at the source tree."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "WAMR_LIBIWASM",
                        "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV")}
    env.update(extra)
    return env


def _cargo_profile():
    profile = os.environ.get("WAMR_CARGO_PROFILE")
    if profile:
        return profile
    lib = os.path.realpath(ffi.LIBRARY_PATH)
    debug_dir = os.path.realpath(os.path.join(REPO, "target", "debug"))
    return "debug" if lib.startswith(debug_dir + os.sep) else "release"


def _importable(module, tmp, package=None):
    """A sys.path entry that makes `module` importable ("" if it already is), installing
    `package` from PyPI into a temp dir when needed; or None with the reason."""
    probe = [sys.executable, "-c", "import " + module]
    if _run(probe, cwd=tmp, env=_clean_env()).returncode == 0:
        return "", None
    package = package or module
    target = os.path.join(tmp, "site-" + package)
    got = _run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--target", target, package], timeout=600, cwd=tmp, env=_clean_env())
    if got.returncode != 0:
        last = (got.stdout.strip().splitlines() or ["pip failed"])[-1]
        return None, "%s is not installed and cannot be: %s" % (package, last)
    return target, None


def _backend_path(tmp):
    """A sys.path entry that makes hatchling importable ("" if it already is), or None
    with the reason when it cannot be installed."""
    path, why = _importable("hatchling.build", tmp, "hatchling")
    return path, why and "the build backend " + why


def _need(path, why):
    """path from _importable, or skip (fail under CI) with the reason."""
    if path is None:
        if os.environ.get("CI"):
            raise AssertionError("CI must run the wheel tests: %s (pip install it)" % why)
        raise unittest.SkipTest(why)
    return path


def _wheel_platform(wheel):
    """The platform part of a wheel's file name (e.g. manylinux_2_34_x86_64)."""
    return os.path.basename(wheel)[:-len(".whl")].split("-")[4]


def _arch():
    """This interpreter's machine in wheel tags, e.g. x86_64."""
    return sysconfig.get_platform().split("-", 1)[1].replace("-", "_").replace(".", "_")


def _run_in_terminal(cmd, env, cwd, timeout=1800):
    """Runs cmd as if typed in a shell: a pseudo-terminal is its controlling terminal and its
    stdin, stdout and stderr. Returns (exit code, everything the terminal showed)."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: a new session on the pty
        try:
            os.chdir(cwd)
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise AssertionError("%s: timed out in a terminal" % " ".join(cmd))
            if not select.select([fd], [], [], min(left, 5))[0]:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: every process holding the terminal has gone
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    return code, b"".join(chunks).decode("utf-8", "replace")


def _auditwheel_show(wheel, auditwheel, cwd):
    """(exit code, output, the platform tag `auditwheel show` finds the wheel consistent
    with, or None)."""
    env = _clean_env()
    if auditwheel:
        env["PYTHONPATH"] = auditwheel
    shown = _run([sys.executable, "-m", "auditwheel", "show", wheel], timeout=300, cwd=cwd, env=env)
    found = re.search(r'consistent\s+with\s+the\s+following\s+platform\s+tag:\s+"([^"]+)"',
                      shown.stdout)
    return shown.returncode, shown.stdout, found and found.group(1)


def _in_temp_dir(cls, prefix, build):
    """cls.tmp = a new temporary directory, then build(); the directory goes if it fails."""
    cls.tmp = tempfile.mkdtemp(prefix=prefix)
    try:
        build()
    except BaseException:
        shutil.rmtree(cls.tmp, ignore_errors=True)
        raise


class WheelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _in_temp_dir(cls, "wamr-wheel-", cls._build_and_install)

    @classmethod
    def _build_and_install(cls):
        backend = _need(*_backend_path(cls.tmp))
        cls.auditwheel, cls.no_auditwheel = _importable("auditwheel", cls.tmp)

        # the wheel, as `pip install -v ./python` builds it (cargo runs inside the build hook);
        # in a new session: no terminal for the hook to print its notice on (see
        # test_notice_reaches_a_terminal_without_verbose)
        out = os.path.join(cls.tmp, "dist")
        env = _clean_env(WAMR_CARGO_PROFILE=_cargo_profile())
        if backend:
            env["PYTHONPATH"] = backend
        cls.build_env = env
        started = time.monotonic()
        built = _run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
                      "--disable-pip-version-check", "--wheel-dir", out, PYTHON_DIR],
                     cwd=cls.tmp, env=env, start_new_session=True)
        cls.build_seconds = time.monotonic() - started
        cls.build_log = built.stdout
        if built.returncode != 0:
            raise AssertionError("building the wheel failed:\n" + built.stdout[-6000:])
        wheels = [f for f in os.listdir(out) if f.endswith(".whl")]
        if len(wheels) != 1:
            raise AssertionError("expected one wheel in %s, found %r" % (out, wheels))
        cls.wheel = os.path.join(out, wheels[0])

        # a fresh venv, the wheel installed offline
        started = time.monotonic()
        cls.venv = os.path.join(cls.tmp, "venv")
        made = _run([sys.executable, "-m", "venv", cls.venv], cwd=cls.tmp, env=_clean_env())
        if made.returncode != 0:
            raise AssertionError("python -m venv failed:\n" + made.stdout[-3000:])
        cls.python = os.path.join(cls.venv, BIN, "python")
        installed = _run([cls.python, "-m", "pip", "install", "--no-index", "--no-deps",
                          "--disable-pip-version-check", cls.wheel], cwd=cls.tmp, env=_clean_env())
        if installed.returncode != 0:
            raise AssertionError("installing the wheel failed:\n" + installed.stdout[-3000:])
        cls.install_seconds = time.monotonic() - started

        cls.elsewhere = os.path.join(cls.tmp, "elsewhere")  # not the repo, not python/
        os.mkdir(cls.elsewhere)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def venv_run(self, *args, exe=None):
        proc = _run([exe or self.python] + list(args), timeout=300, cwd=self.elsewhere,
                    env=_clean_env())
        return proc.returncode, proc.stdout

    # --- the wheel file -------------------------------------------------------------------

    def test_wheel_tag_is_manylinux(self):
        name = os.path.basename(self.wheel)
        dist, version, python_tag, abi, platform = name[:-len(".whl")].split("-")
        self.assertEqual((dist, python_tag, abi), ("wamr", "py3", "none"))
        self.assertRegex(platform, r"^manylinux_2_\d+_%s$" % re.escape(_arch()))  # PEP 600
        with zipfile.ZipFile(self.wheel) as z:
            meta = z.read("wamr-%s.dist-info/WHEEL" % version).decode()
        self.assertIn("Root-Is-Purelib: false", meta)
        self.assertEqual(re.findall(r"(?m)^Tag: (.*)$", meta), ["py3-none-%s" % platform])

    def test_auditwheel_accepts_the_tag(self):
        # auditwheel finds the lowest manylinux tag the wheel's libraries allow (their glibc
        # and libgcc_s symbol versions, the libraries they need): it must be the wheel's own
        auditwheel = _need(self.auditwheel, self.no_auditwheel)
        code, out, consistent = _auditwheel_show(self.wheel, auditwheel, self.tmp)
        self.assertEqual(code, 0, out)
        self.assertEqual(consistent, _wheel_platform(self.wheel), out)

    def test_tag_is_the_newest_glibc_the_library_needs(self):
        # the hook's own ELF reading against binutils' (readelf -V: the version needs)
        readelf = shutil.which("readelf")
        if not readelf:
            self.skipTest("readelf (binutils) is not installed")
        lib = os.path.join(self.tmp, "libiwasm.so")
        with zipfile.ZipFile(self.wheel) as z, open(lib, "wb") as f:
            f.write(z.read("wamr/libs/libiwasm.so"))
        shown = _run([readelf, "-V", "--wide", lib])
        self.assertEqual(shown.returncode, 0, shown.stdout)
        needs = {tuple(int(n) for n in v)
                 for v in re.findall(r"Name: GLIBC_(\d+)\.(\d+)", shown.stdout)}
        self.assertTrue(needs, shown.stdout)
        self.assertEqual(_wheel_platform(self.wheel),
                         "manylinux_%d_%d_%s" % (max(needs | {RUST_MIN_GLIBC}) + (_arch(),)))

    def test_build_log_says_what_it_does(self):
        # pip -v shows the hook's line, then cargo's own output (it ran, here to no-op)
        log = self.build_log
        self.assertIn(NOTICE, log)
        finished = re.search(r"Finished `(release|dev)` profile", log)
        self.assertIsNotNone(finished, log[-3000:])
        self.assertLess(log.index(NOTICE), finished.start())

    def test_notice_reaches_a_terminal_without_verbose(self):
        # a plain `pip wheel ./python` typed in a shell: pip hides the build backend's output
        # (cargo's too) unless -v, but the hook's line reaches the terminal
        out = os.path.join(self.tmp, "dist-terminal")
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
               "--disable-pip-version-check", "--wheel-dir", out, PYTHON_DIR]
        try:
            code, shown = _run_in_terminal(cmd, dict(self.build_env, TERM="dumb"), self.tmp)
        except OSError as e:
            self.skipTest("no pseudo-terminal: %s" % e)
        self.assertEqual(code, 0, shown[-3000:])
        self.assertIn(NOTICE, shown)
        self.assertNotIn("Finished `", shown)  # pip did hide cargo's output

    def test_wheel_contents(self):
        with zipfile.ZipFile(self.wheel) as z:
            names = set(z.namelist())
            for required in REQUIRED:
                self.assertIn(required, names)
            self.assertFalse([n for n in names if "__pycache__" in n or n.endswith(".pyc")])
            self.assertEqual([n for n in names if n.endswith(".so")], ["wamr/libs/libiwasm.so"])
            lib = z.read("wamr/libs/libiwasm.so")
            header = z.read("wamr/include/wasm_c_api.h")
            binding = z.read("wamr/wasmcapi/binding.py")
            scripts = z.read([n for n in names if n.endswith(".dist-info/entry_points.txt")][0])
        self.assertEqual(lib[:4], b"\x7fELF")
        for symbol in (b"wasm_engine_new", b"wasm_runtime_set_wasi_args", b"wamr_wat_to_wasm"):
            self.assertIn(symbol, lib)
        with open(os.path.join(REPO, "include", "wasm_c_api.h"), "rb") as f:
            self.assertEqual(header, f.read())
        with open(os.path.join(PYTHON_DIR, "wamr", "wasmcapi", "binding.py"), "rb") as f:
            self.assertEqual(binding, f.read())
        self.assertIn(b"wamr = wamr._cli:main", scripts)

    # --- the installed package ------------------------------------------------------------

    def test_import_from_another_directory(self):
        code, out = self.venv_run("-c", "from wamr import *\n"
                                        "import wamr, wamr.wasmcapi.ffi as ffi, wamr.wasmcapi.binding\n"
                                        "print(wamr.__file__)\nprint(ffi.LIBRARY_PATH)\n"
                                        "print(bool(ffi.wasm_engine_new()))")
        self.assertEqual(code, 0, out)
        package, library, engine = out.splitlines()[-3:]
        venv = os.path.realpath(self.venv)
        self.assertTrue(os.path.realpath(package).startswith(venv + os.sep), package)
        self.assertTrue(os.path.realpath(library).startswith(venv + os.sep), library)
        self.assertTrue(library.endswith(os.path.join("wamr", "libs", "libiwasm.so")), library)
        self.assertEqual(engine, "True")

    def test_import_fails_without_the_package(self):
        # the negative: the bare venv python of another, empty venv has no wamr
        bare = os.path.join(self.tmp, "bare")
        made = _run([sys.executable, "-m", "venv", "--without-pip", bare], env=_clean_env())
        self.assertEqual(made.returncode, 0, made.stdout)
        code, out = self.venv_run("-c", "import wamr", exe=os.path.join(bare, BIN, "python"))
        self.assertNotEqual(code, 0)
        self.assertIn("No module named 'wamr'", out)

    def test_procedural_sample_runs_on_the_installed_package(self):
        hello = os.path.join(self.elsewhere, "hello.wasm")
        with open(HELLO_WAT) as src, open(hello, "wb") as f:
            f.write(wat(src.read()))
        code, out = self.venv_run(SAMPLE, hello)
        self.assertEqual(code, 0, out)
        self.assertIn("> Hello World! (from Python, got 20)", out)
        self.assertIn("run(20) = 41", out)
        self.assertTrue(out.endswith("Done.\n"), out)

    def test_shipped_sample_runs_from_the_installed_package(self):
        code, out = self.venv_run("-c", "import os, runpy, wamr\n"
                                        "runpy.run_path(os.path.join(os.path.dirname(wamr.__file__), "
                                        "'samples', 'gcd.py'), run_name='__main__')")
        self.assertEqual(code, 0, out)
        self.assertIn("gcd(", out)

    def test_console_script_and_module(self):
        module = os.path.join(self.elsewhere, "add.wat")
        with open(module, "w") as f:
            f.write(ADD)
        script = os.path.join(self.venv, BIN, "wamr")
        self.assertEqual(self.venv_run("run", "--invoke", "add", module, "20", "22", exe=script),
                         (0, "42\n"))
        self.assertEqual(self.venv_run("-m", "wamr", "run", "--invoke", "add", module, "1", "2"),
                         (0, "3\n"))
        code, out = self.venv_run("run", "--invoke", "sub", module, exe=script)
        self.assertEqual(code, 1)
        self.assertIn("wamr: error:", out)
        self.assertIn("no export named 'sub'", out)


# Run by the installed wheel the sdist built: a module from WebAssembly text, one call.
SDIST_PROGRAM = """
import wamr
import wamr.wasmcapi.ffi as ffi
from wamr import Engine, Instance, Module, Store

engine = Engine()
store = Store(engine)
module = Module(engine, %r)
add = Instance(store, module, []).exports(store)["add"]
print(add(store, 20, 22))
print(wamr.__file__)
print(ffi.LIBRARY_PATH)
""" % ADD

# What the sdist must carry to build (besides the package), and what it must not.
SDIST_REQUIRED = [
    "PKG-INFO", "pyproject.toml", "hatch_build.py", "README.md", "wamr/__init__.py",
    "wamr/wasmcapi/binding.py", "Cargo.toml", "Cargo.lock", "capi/Cargo.toml", "capi/build.rs",
    "capi/src/lib.rs", "include/wasm_c_api.h", "third_party/wasmi/Cargo.toml",
    "third_party/wasmi/src/lib.rs", "third_party/wasmi_core/Cargo.toml",
]
# (the Python samples ship: the wheel built from the sdist carries them as wamr/samples)
SDIST_FORBIDDEN = re.compile(r"^(target|build|bench|tests|bindgen|python)/|^samples/(?!python/)"
                             r"|(^|/)(\.git|__pycache__|target)/|\.(so|pyc|whl|tar\.gz)$")
SDIST_MAX_BYTES = 2 * 1024 * 1024


@unittest.skipUnless(os.environ.get("WAMR_TEST_SDIST") == "1",
                     "the sdist -> wheel build is a full cargo release build (minutes): "
                     "`make test-sdist` runs it (WAMR_TEST_SDIST=1)")
class SdistTest(unittest.TestCase):
    """The sdist, unpacked in an empty temp dir away from the checkout, builds a wheel that
    installs into a fresh venv and runs WebAssembly.

    Cargo builds in $WAMR_SDIST_CARGO_TARGET_DIR when set (`make test-sdist` keeps one in
    build/, so crates.io dependencies are compiled once), else in a temp dir. Either way the
    crates of the sdist (iwasm, wasmi, wasmi_core) are compiled from the unpacked sources:
    they are touched after unpacking (an sdist's files carry old mtimes, which a reused
    target dir would take for up to date), and the test checks cargo's log for it."""

    @classmethod
    def setUpClass(cls):
        _in_temp_dir(cls, "wamr-sdist-", cls._build)

    @classmethod
    def _build(cls):
        backend = _need(*_backend_path(cls.tmp))
        env = _clean_env(WAMR_CARGO_PROFILE=os.environ.get("WAMR_CARGO_PROFILE", "release"))
        if backend:
            env["PYTHONPATH"] = backend

        # the sdist, through the PEP 517 hook (what `python -m build --sdist python` calls)
        dist = os.path.join(cls.tmp, "dist")
        started = time.monotonic()
        made = _run([sys.executable, "-c", "import sys, hatchling.build as b; "
                                           "print(b.build_sdist(sys.argv[1]))", dist],
                    cwd=PYTHON_DIR, env=env, timeout=300)
        cls.sdist_seconds = time.monotonic() - started
        if made.returncode != 0:
            raise AssertionError("building the sdist failed:\n" + made.stdout[-6000:])
        cls.sdist = os.path.join(dist, made.stdout.strip().splitlines()[-1])

        # unpacked where no checkout is around it (the build hook looks in its parent too)
        unpacked = os.path.join(cls.tmp, "unpacked")
        with tarfile.open(cls.sdist) as tar:
            cls.members = [m.name for m in tar.getmembers() if m.isfile()]
            kw = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(unpacked, **kw)
        (top,) = os.listdir(unpacked)
        cls.source = os.path.join(unpacked, top)
        now = time.time()
        for parent, _, names in os.walk(cls.source):
            for name in names:
                os.utime(os.path.join(parent, name), (now, now))

        # the wheel from the unpacked sdist, as `pip install -v wamr-<version>.tar.gz` does it
        out = os.path.join(cls.tmp, "wheel")
        target_dir = os.environ.get("WAMR_SDIST_CARGO_TARGET_DIR") or os.path.join(cls.tmp, "target")
        started = time.monotonic()
        built = _run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation",
                      "--disable-pip-version-check", "--wheel-dir", out, cls.source],
                     cwd=cls.tmp, env=dict(env, CARGO_TARGET_DIR=target_dir),
                     start_new_session=True)
        cls.wheel_seconds = time.monotonic() - started
        cls.build_log = built.stdout
        if built.returncode != 0:
            raise AssertionError("building the wheel from the sdist failed:\n" + built.stdout[-6000:])
        (wheel,) = os.listdir(out)
        cls.wheel = os.path.join(out, wheel)

        # a fresh venv, the wheel installed offline
        cls.venv = os.path.join(cls.tmp, "venv")
        made = _run([sys.executable, "-m", "venv", cls.venv], cwd=cls.tmp, env=_clean_env())
        if made.returncode != 0:
            raise AssertionError("python -m venv failed:\n" + made.stdout[-3000:])
        cls.python = os.path.join(cls.venv, BIN, "python")
        installed = _run([cls.python, "-m", "pip", "install", "--no-index", "--no-deps",
                          "--disable-pip-version-check", cls.wheel], cwd=cls.tmp, env=_clean_env())
        if installed.returncode != 0:
            raise AssertionError("installing the wheel failed:\n" + installed.stdout[-3000:])
        sys.stderr.write("\nsdist %s (%d bytes) built in %.1f s; its wheel in %.1f s\n"
                         % (os.path.basename(cls.sdist), os.path.getsize(cls.sdist),
                            cls.sdist_seconds, cls.wheel_seconds))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_sdist_carries_the_rust_tree_and_nothing_big(self):
        top = os.path.basename(self.source) + "/"
        self.assertTrue(all(m.startswith(top) for m in self.members))
        names = {m[len(top):] for m in self.members}
        for required in SDIST_REQUIRED:
            self.assertIn(required, names)
        self.assertEqual([n for n in sorted(names) if SDIST_FORBIDDEN.search(n)], [])
        self.assertLess(os.path.getsize(self.sdist), SDIST_MAX_BYTES)
        with open(os.path.join(self.source, "Cargo.toml")) as f:
            manifest = f.read()
        self.assertRegex(manifest, r'(?m)^members = \["capi"\]$')  # the tests stay behind
        self.assertIn('wasmi = { path = "third_party/wasmi" }', manifest)
        with open(os.path.join(REPO, "include", "wasm_c_api.h"), "rb") as a, \
                open(os.path.join(self.source, "include", "wasm_c_api.h"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_cargo_compiled_the_unpacked_sources(self):
        log = self.build_log
        self.assertIn(NOTICE, log)
        for crate, where in (("iwasm", "capi"), ("wasmi", "third_party/wasmi"),
                             ("wasmi_core", "third_party/wasmi_core")):
            self.assertRegex(log, r"Compiling %s v[\d.]+ \(%s\)"
                             % (crate, re.escape(os.path.join(self.source, where))))
        self.assertNotRegex(log, r"Compiling \S+ v\S+ \(%s/" % re.escape(REPO))  # not the checkout
        self.assertRegex(_wheel_platform(self.wheel), r"^manylinux_2_\d+_%s$" % re.escape(_arch()))

    def test_installed_wheel_runs_webassembly(self):
        elsewhere = os.path.join(self.tmp, "elsewhere")
        os.makedirs(elsewhere, exist_ok=True)
        run = _run([self.python, "-c", SDIST_PROGRAM], timeout=300, cwd=elsewhere, env=_clean_env())
        self.assertEqual(run.returncode, 0, run.stdout)
        result, package, library = run.stdout.splitlines()[-3:]
        self.assertEqual(result, "42")
        venv = os.path.realpath(self.venv)
        self.assertTrue(os.path.realpath(package).startswith(venv + os.sep), package)
        self.assertTrue(os.path.realpath(library).startswith(venv + os.sep), library)


if __name__ == "__main__":
    unittest.main()
