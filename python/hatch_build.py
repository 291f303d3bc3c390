"""Hatchling build hook: builds libiwasm.so with cargo and ships it inside the wheel.

For a (non-editable) wheel it runs `cargo build --release -p iwasm` at the repository root
(the directory above python/), then adds to the wheel

    wamr/libs/libiwasm.so            the library wamr.wasmcapi.ffi loads first
    wamr/include/wasm_c_api.h        the C header, as package data

and tags the wheel py3-none-<platform>: the package is pure Python (ctypes) around a
native library, so it fits every Python 3 of that platform, but not other platforms.

Environment:
  CARGO               the cargo to run (default: cargo on PATH)
  WAMR_CARGO_PROFILE  release (default) or debug: which build goes into the wheel
                      (debug is for quick local test builds only)
"""
import json
import os
import shutil
import subprocess
import sys

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LIBRARY = "libiwasm.so"
LIBRARY_IN_WHEEL = "wamr/libs/" + LIBRARY
HEADER = os.path.join("include", "wasm_c_api.h")
HEADER_IN_WHEEL = "wamr/include/wasm_c_api.h"
PROFILES = {"release": ["--release"], "debug": []}


class BuildError(RuntimeError):
    """The wheel cannot be built; the message says why and what to do."""


def repo_root(project_root):
    """The repository holding the Rust crates: the parent of python/."""
    root = os.path.dirname(os.path.abspath(project_root))
    needed = ("Cargo.toml", os.path.join("capi", "Cargo.toml"), HEADER)
    missing = [p for p in needed if not os.path.isfile(os.path.join(root, p))]
    if missing:
        raise BuildError(
            "wamr's wheel is built from a checkout of its repository (python/ beside capi/); "
            "%s not found under %s (an sdist cannot build the native library: build the "
            "wheel from the checkout, `pip install ./python` or `python -m build --wheel python`)"
            % (", ".join(missing), root))
    return root


def platform_tag():
    """The most general platform tag of this interpreter that is not manylinux/musllinux
    (those promise an auditwheel-checked build), e.g. linux_x86_64."""
    from packaging.tags import sys_tags

    for tag in sys_tags():
        if "manylinux" not in tag.platform and "musllinux" not in tag.platform:
            return tag.platform
    raise BuildError("cannot tell this machine's wheel platform tag")


def cargo_target_dir(cargo, root):
    """Where cargo puts its output ($CARGO_TARGET_DIR, .cargo/config, or target/)."""
    out = subprocess.run([cargo, "metadata", "--format-version", "1", "--no-deps", "--offline"],
                         cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         universal_newlines=True)
    if out.returncode == 0:
        try:
            return json.loads(out.stdout)["target_directory"]
        except (ValueError, KeyError):
            pass
    return os.environ.get("CARGO_TARGET_DIR") or os.path.join(root, "target")


def build_library(root, profile, log=None):
    """Runs cargo for libiwasm.so and returns the library's path."""
    if profile not in PROFILES:
        raise BuildError("WAMR_CARGO_PROFILE must be one of %s, not %r"
                         % (", ".join(sorted(PROFILES)), profile))
    cargo = os.environ.get("CARGO") or shutil.which("cargo")
    if not cargo:
        raise BuildError("building wamr needs Rust's cargo on PATH (or $CARGO): "
                         "it compiles libiwasm.so from this repository")
    cmd = [cargo, "build", "-p", "iwasm"] + PROFILES[profile]
    if log:
        log("wamr: %s (in %s)" % (" ".join(cmd), root))
    done = subprocess.run(cmd, cwd=root)
    if done.returncode != 0:
        raise BuildError("`%s` failed with exit code %d" % (" ".join(cmd), done.returncode))
    lib = os.path.join(cargo_target_dir(cargo, root), profile, LIBRARY)
    if not os.path.isfile(lib):
        raise BuildError("cargo succeeded but %s is missing (wamr supports platforms whose "
                         "shared libraries are .so files)" % lib)
    return lib


class CargoBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install finds target/{release,debug}/libiwasm.so itself
        root = repo_root(self.root)
        profile = os.environ.get("WAMR_CARGO_PROFILE", "release")
        log = self.app.display_info if self.app is not None else None
        lib = build_library(root, profile, log)
        build_data["force_include"][lib] = LIBRARY_IN_WHEEL
        build_data["force_include"][os.path.join(root, HEADER)] = HEADER_IN_WHEEL
        build_data["pure_python"] = False
        build_data["infer_tag"] = False
        build_data["tag"] = "py3-none-" + platform_tag()


if __name__ == "__main__":  # `python hatch_build.py`: just the cargo step, for debugging
    here = os.path.dirname(os.path.abspath(__file__))
    print(build_library(repo_root(here), os.environ.get("WAMR_CARGO_PROFILE", "release"),
                        lambda m: print(m, file=sys.stderr)))
