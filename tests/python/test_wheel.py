"""The wheel: `pip wheel ./python` builds libiwasm.so with cargo into a py3-none-<platform>
wheel, which installs into a fresh venv (offline) and works from any directory.

The build backend (hatchling) comes from the running Python; when it is missing the test
installs it into a temp dir, and skips (with the reason) only if that fails, e.g. offline.
Under CI (CI set) it never skips: install hatchling (`pip install hatchling`).

Which cargo profile goes into the wheel: $WAMR_CARGO_PROFILE, else the profile of the
library the other tests load (target/debug -> debug, anything else -> release), so that
`make PROFILE=debug test-python` does not start a release build.
"""
import os
import shutil
import subprocess
import sys
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
    "wamr/include/wasm_c_api.h",
    "wamr/libs/libiwasm.so",
]

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


def _backend_path(tmp):
    """A sys.path entry that makes hatchling importable ("" if it already is), or None
    with the reason when it cannot be installed."""
    probe = [sys.executable, "-c", "import hatchling.build"]
    if _run(probe, cwd=tmp, env=_clean_env()).returncode == 0:
        return "", None
    target = os.path.join(tmp, "backend")
    got = _run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--target", target, "hatchling"], timeout=600, cwd=tmp, env=_clean_env())
    if got.returncode != 0:
        last = (got.stdout.strip().splitlines() or ["pip failed"])[-1]
        return None, "the build backend hatchling is not installed and cannot be: " + last
    return target, None


class WheelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="wamr-wheel-")
        try:
            cls._build_and_install()
        except BaseException:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise

    @classmethod
    def _build_and_install(cls):
        backend, why = _backend_path(cls.tmp)
        if backend is None:
            if os.environ.get("CI"):
                raise AssertionError("CI must run the wheel test: %s (pip install hatchling)" % why)
            raise unittest.SkipTest(why)

        # the wheel, as `pip install ./python` builds it (cargo runs inside the build hook)
        out = os.path.join(cls.tmp, "dist")
        env = _clean_env(WAMR_CARGO_PROFILE=_cargo_profile())
        if backend:
            env["PYTHONPATH"] = backend
        started = time.monotonic()
        built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                      "--disable-pip-version-check", "--wheel-dir", out, PYTHON_DIR],
                     cwd=cls.tmp, env=env)
        cls.build_seconds = time.monotonic() - started
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

    def test_wheel_tag_is_platform_specific(self):
        name = os.path.basename(self.wheel)
        dist, version, python_tag, abi, platform = name[:-len(".whl")].split("-")
        self.assertEqual((dist, python_tag, abi), ("wamr", "py3", "none"))
        self.assertNotEqual(platform, "any")
        self.assertTrue(platform.startswith(sys.platform), platform)  # e.g. linux_x86_64
        with zipfile.ZipFile(self.wheel) as z:
            meta = z.read("wamr-%s.dist-info/WHEEL" % version).decode()
        self.assertIn("Root-Is-Purelib: false", meta)
        self.assertIn("Tag: py3-none-%s" % platform, meta)
        self.assertNotIn("-any", meta)

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


if __name__ == "__main__":
    unittest.main()
