"""Hatchling build hook: builds libiwasm.so with cargo and ships it inside the wheel, and puts
the Rust sources it is built from into the sdist.

The Rust tree (the cargo workspace holding capi/, the iwasm crate) is the repository root,
the directory above python/, in a checkout; in an unpacked sdist it is the sdist's own root,
laid out as in the repository.

Wheel (not editable): runs `cargo build --release -p iwasm` in the Rust tree, then adds

    wamr/libs/libiwasm.so            the library wamr.wasmcapi.ffi loads first
    wamr/include/wasm_c_api.h        the C header, as package data

and tags the wheel py3-none-<platform>: the package is pure Python (ctypes) around a
native library, so it fits every Python 3 of that platform, but not other platforms. On
glibc Linux the platform is the PEP 600 tag manylinux_X_Y_<arch>, X.Y read from the library
itself: the newest GLIBC_X.Y symbol version it requires (its ELF .gnu.version_r section,
what `objdump -T` lists), and at least 2.17, Rust's minimum glibc. It is the tag
`auditwheel show` reports for the wheel (the other libraries it needs, libgcc_s, libc and
the dynamic loader, are on every manylinux system). A library that needs anything
else (or no glibc, e.g. musl) gets the plain linux_<arch> tag, which PyPI refuses.

Sdist: besides python/'s own files, the Rust tree (SDIST_RUST_TREE): the workspace
manifest with its members cut down to capi (the others are tests and benchmarks, which stay
in the repository), Cargo.lock, capi/, include/ and the patched crates in third_party/
that the manifest's [patch.crates-io] selects. Unpacked anywhere, it builds the wheel
(cargo fetches the crates.io dependencies, the versions of Cargo.lock).

Output: before cargo starts, one line on stderr, "wamr: building libiwasm.so with cargo
...". Cargo's own progress follows on stderr. pip captures a build backend's output and
shows it only with -v (or when the build fails), so when stderr is not a terminal but the
build runs in the foreground of one (a plain `pip install ./python` typed in a shell),
the line is also written to that terminal (/dev/tty), where pip's user sees it. In logs:
`pip install -v` / `pip wheel -v` and `python -m build` show the line and cargo's output.

Environment:
  CARGO               the cargo to run (default: cargo on PATH)
  CARGO_TARGET_DIR    where cargo builds (cargo's own variable; default <Rust tree>/target)
  WAMR_CARGO_PROFILE  release (default) or debug: which build goes into the wheel
                      (debug is for quick local test builds only)
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LIBRARY = "libiwasm.so"
LIBRARY_IN_WHEEL = "wamr/libs/" + LIBRARY
HEADER = os.path.join("include", "wasm_c_api.h")
HEADER_IN_WHEEL = "wamr/include/wasm_c_api.h"
PROFILES = {"release": ["--release"], "debug": []}

# What the sdist carries of the Rust tree besides Cargo.toml (rewritten, see sdist_manifest):
# everything `cargo build -p iwasm` reads. Directories go in whole, less SDIST_SKIP.
SDIST_RUST_TREE = ["Cargo.lock", "capi", "include", "third_party/wasmi", "third_party/wasmi_core", "samples/python"]
# The Python samples ship in the wheel as wamr/samples/ (programs to copy and run).
SAMPLES = os.path.join("samples", "python")
SAMPLES_IN_WHEEL = "wamr/samples"
SDIST_SKIP = {"target", ".git", "__pycache__", ".mypy_cache", ".pytest_cache"}
SDIST_MANIFEST_NOTE = ("# The sdist's workspace manifest: the repository's Cargo.toml with only capi as\n"
                       "# a member (python/hatch_build.py writes it when it builds the sdist).\n")

# manylinux: Rust's standard library needs glibc 2.17 whatever symbols a library binds.
RUST_MIN_GLIBC = (2, 17)
GLIBC_VERSION = re.compile(r"GLIBC_(\d+)\.(\d+)(?:\.\d+)*")
# The libraries every manylinux system has (auditwheel's policies list them): a library
# needing only these (and the dynamic loader, ld-linux*.so / ld64.so) qualifies.
MANYLINUX_LIBRARIES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
                       "libutil.so.1", "libgcc_s.so.1", "libstdc++.so.6", "libresolv.so.2",
                       "libnsl.so.1"}


class BuildError(RuntimeError):
    """The wheel cannot be built; the message says why and what to do."""


def _is_rust_tree(path):
    needed = ("Cargo.toml", os.path.join("capi", "Cargo.toml"), HEADER)
    return all(os.path.isfile(os.path.join(path, p)) for p in needed)


def repo_root(project_root):
    """The Rust tree: the parent of python/ in a checkout, the project root itself in an
    unpacked sdist."""
    project_root = os.path.abspath(project_root)
    for root in (project_root, os.path.dirname(project_root)):
        if _is_rust_tree(root):
            return root
    raise BuildError(
        "wamr builds libiwasm.so from its Rust sources: Cargo.toml, capi/Cargo.toml and %s "
        "are neither in %s (an sdist of wamr) nor in its parent directory (a checkout, "
        "python/ beside capi/)" % (HEADER, project_root))


def platform_tag():
    """The most general platform tag of this interpreter that is not manylinux/musllinux,
    e.g. linux_x86_64."""
    from packaging.tags import sys_tags

    for tag in sys_tags():
        if "manylinux" not in tag.platform and "musllinux" not in tag.platform:
            return tag.platform
    raise BuildError("cannot tell this machine's wheel platform tag")


def elf_dependencies(path):
    """(the DT_NEEDED libraries, the set of symbol versions required) of an ELF shared
    library, read from its .dynamic and .gnu.version_r sections."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        raise BuildError("%s is not an ELF file" % path)
    e = "<" if data[5] == 1 else ">"
    if data[4] == 2:  # ELFCLASS64
        (shoff,) = struct.unpack_from(e + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(e + "HH", data, 0x3A)
        section, dyn = e + "IIQQQQIIQQ", e + "qQ"
    else:
        (shoff,) = struct.unpack_from(e + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(e + "HH", data, 0x2E)
        section, dyn = e + "IIIIIIIIII", e + "iI"
    # (name, type, flags, addr, offset, size, link, info, addralign, entsize)
    sections = [struct.unpack_from(section, data, shoff + i * shentsize) for i in range(shnum)]

    def string(table, offset):
        start = sections[table][4] + offset
        return data[start:data.index(b"\0", start)].decode("utf-8", "replace")

    needed, versions = [], set()
    for _, kind, _, _, offset, size, link, info, _, _ in sections:
        if kind == 6:  # SHT_DYNAMIC: (tag, value) up to DT_NULL; DT_NEEDED is 1
            step = struct.calcsize(dyn)
            for pos in range(offset, offset + size - step + 1, step):
                tag, value = struct.unpack_from(dyn, data, pos)
                if tag == 0:
                    break
                if tag == 1:
                    needed.append(string(link, value))
        elif kind == 0x6FFFFFFE:  # SHT_GNU_verneed: `info` Verneed entries, each with Vernaux
            pos = offset
            for _ in range(info):
                _, count, _, aux, next_need = struct.unpack_from(e + "HHIII", data, pos)
                at = pos + aux
                for _ in range(count):
                    _, _, _, name, next_aux = struct.unpack_from(e + "IHHII", data, at)
                    versions.add(string(link, name))
                    at += next_aux
                pos += next_need
    return needed, versions


def wheel_platform_tag(lib, warn=None):
    """The wheel's platform tag for the library lib: manylinux_X_Y_<arch> when it qualifies
    (see the module's docstring), else this interpreter's plain platform tag."""
    plain = platform_tag()
    if not plain.startswith("linux_"):
        return plain
    needed, versions = elf_dependencies(lib)
    glibc = [tuple(int(n) for n in m.groups()[:2])
             for m in (GLIBC_VERSION.fullmatch(v) for v in versions) if m]
    foreign = sorted(n for n in needed if n not in MANYLINUX_LIBRARIES
                     and not n.startswith(("ld-linux", "ld64.so")))
    why = ("it needs no glibc symbol version" if not glibc else
           "it needs %s" % ", ".join(foreign) if foreign else
           "it needs GLIBC_PRIVATE" if "GLIBC_PRIVATE" in versions else None)
    if why:
        if warn:
            warn("wamr: %s is not manylinux (%s): tagging the wheel %s" % (lib, why, plain))
        return plain
    major, minor = max(glibc + [RUST_MIN_GLIBC])
    return "manylinux_%d_%d_%s" % (major, minor, plain[len("linux_"):])


def notice(message):
    """Shows message to whoever runs the build: on stderr and, when stderr is captured (by
    pip) but the build runs in the foreground of a terminal, on that terminal too."""
    print(message, file=sys.stderr, flush=True)
    try:
        if os.name != "posix" or sys.stderr.isatty():
            return
        fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
    except (OSError, AttributeError, ValueError):
        return  # no controlling terminal (CI, cron, ...): stderr is all there is
    try:
        # only in the foreground: a background job writing to its terminal may be stopped
        if os.tcgetpgrp(fd) == os.getpgrp():
            os.write(fd, ("\n" + message + "\n").encode())  # after pip's "Building wheel ..."
    except OSError:
        pass
    finally:
        os.close(fd)


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
                         "it compiles libiwasm.so from the Rust sources")
    cmd = [cargo, "build", "-p", "iwasm"] + PROFILES[profile]
    notice("wamr: building libiwasm.so with cargo (%s%s; `pip install -v` shows cargo's "
           "progress)..." % (profile, ", ~2 min on 2 cores the first time" if profile == "release" else ""))
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


def sdist_manifest(text):
    """The sdist's Cargo.toml from the repository's: workspace members (and default
    members) only capi. Applying it again changes nothing."""
    text, members = re.subn(r"(?m)^(members\s*=\s*)\[[^\]]*\]", r'\1["capi"]', text)
    text, _ = re.subn(r"(?m)^(default-members\s*=\s*)\[[^\]]*\]", r'\1["capi"]', text)
    if members != 1:
        raise BuildError("Cargo.toml: expected one `members = [...]` line in [workspace]")
    try:
        import tomllib
    except ImportError:  # Python < 3.11: the check is for whoever builds the sdist
        tomllib = None
    if tomllib is not None and tomllib.loads(text)["workspace"]["members"] != ["capi"]:
        raise BuildError("Cargo.toml: cutting the workspace down to capi failed")
    return text if text.startswith(SDIST_MANIFEST_NOTE) else SDIST_MANIFEST_NOTE + text


def sdist_files(root):
    """{absolute path: path in the sdist} for SDIST_RUST_TREE under root."""
    files = {}
    for entry in SDIST_RUST_TREE:
        path = os.path.join(root, entry)
        if os.path.isfile(path):
            files[path] = entry
            continue
        if not os.path.isdir(path):
            raise BuildError("the sdist needs %s, which is missing" % path)
        for parent, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in SDIST_SKIP)
            for name in sorted(names):
                if not name.endswith((".pyc", ".pyo")):
                    full = os.path.join(parent, name)
                    files[full] = os.path.relpath(full, root).replace(os.sep, "/")
    return files


class CargoBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name == "sdist":
            self._add_rust_tree(build_data)
        elif self.target_name == "wheel" and version != "editable":
            self._add_library(build_data)
        # an editable install finds target/{release,debug}/libiwasm.so itself

    def _add_library(self, build_data):
        root = repo_root(self.root)
        profile = os.environ.get("WAMR_CARGO_PROFILE", "release")
        log = self.app.display_info if self.app is not None else None
        warn = self.app.display_warning if self.app is not None else notice
        lib = build_library(root, profile, log)
        build_data["force_include"][lib] = LIBRARY_IN_WHEEL
        build_data["force_include"][os.path.join(root, HEADER)] = HEADER_IN_WHEEL
        samples = os.path.join(root, SAMPLES)
        for name in sorted(os.listdir(samples)) if os.path.isdir(samples) else []:
            if name.endswith((".py", ".wat")):
                build_data["force_include"][os.path.join(samples, name)] = SAMPLES_IN_WHEEL + "/" + name
        build_data["pure_python"] = False
        build_data["infer_tag"] = False
        build_data["tag"] = "py3-none-" + wheel_platform_tag(lib, warn)

    def _add_rust_tree(self, build_data):
        root = repo_root(self.root)
        with open(os.path.join(root, "Cargo.toml")) as f:
            manifest = sdist_manifest(f.read())
        self._tmp = tempfile.mkdtemp(prefix="wamr-sdist-")
        path = os.path.join(self._tmp, "Cargo.toml")
        with open(path, "w") as f:
            f.write(manifest)
        build_data["force_include"][path] = "Cargo.toml"
        build_data["force_include"].update(sdist_files(root))

    def finalize(self, version, build_data, artifact_path):
        tmp = getattr(self, "_tmp", None)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
            self._tmp = None


if __name__ == "__main__":  # `python hatch_build.py`: just the cargo step, for debugging
    here = os.path.dirname(os.path.abspath(__file__))
    built = build_library(repo_root(here), os.environ.get("WAMR_CARGO_PROFILE", "release"),
                          lambda m: print(m, file=sys.stderr))
    print(built)
    print(wheel_platform_tag(built, lambda m: print(m, file=sys.stderr)))
