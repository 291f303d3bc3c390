#!/usr/bin/env python3
"""Mechanical drop-in check of our include/wasm_export.h (and lib_export.h) against WAMR
2.4.3's reference headers, with check_abi.py's machinery:

    python3 tests/abi/check_export_abi.py --ours include --reference "$(tests/reference_header.sh)"

  functions  every function the reference's wasm_export.h declares (read from it at test
             time) is declared by ours with the same type after resolving typedefs; ours
             declares no other.
  decls      every typedef, struct/union/enum tag and enumerator (lib_export.h's
             NativeSymbol included) exists in ours with the same canonical type / fields.
  layouts    sizeof/_Alignof/offsetof of every public struct and union and every field,
             scalar typedef sizes and signedness, enum constants: identical probe output.
  macros     every macro the reference defines exists in ours with the same body.
  compile    ours compiles under every C and C++ flag set the reference compiles under, and
             a C++ object referring to every function refers to the plain C names.
  together   wasm_export.h and wasm_c_api.h included together, in either order, compile.

Exit status 0 and a one-line summary when everything matches; 1 and a diff otherwise.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import check_abi as base

base.HEADER = "wasm_export.h"


def check_export_macros(rep, work, ref_dir: Path, our_dir: Path):
    baseline = base.macro_defs(work, None, "baseline", ref_dir / base.HEADER)
    ref_defs = base.macro_defs(work, ref_dir, "reference")
    our_defs = base.macro_defs(work, our_dir, "ours")
    ref_new = {k: v for k, v in ref_defs.items() if baseline.get(k) != v}
    our_new = {k: v for k, v in our_defs.items() if baseline.get(k) != v}
    for name, (params, body) in sorted(ref_new.items()):
        if name not in our_new:
            rep.fail("macros", f"{name} missing in ours: #define {name}{params or ''} {body}")
        elif (params or "").replace(" ", "") != (our_new[name][0] or "").replace(" ", "") \
                or base.norm_body(body) != base.norm_body(our_new[name][1]):
            rep.fail("macros", f"{name} differs\n  reference: #define {name}{params or ''} {body}\n"
                     f"  ours:      #define {name}{our_new[name][0] or ''} {our_new[name][1]}")
    for name in sorted(set(our_new) - set(ref_new)):
        rep.fail("macros", f"macro {name} is not in the reference")
    rep.counts["macros"] = len(set(ref_new) & set(our_new))


def check_together(rep, work, our_dir: Path):
    for order in (("wasm_export.h", "wasm_c_api.h"), ("wasm_c_api.h", "wasm_export.h")):
        src = work.file("together_" + order[0].split(".")[0], "".join(f'#include "{h}"\n' for h in order))
        for compiler, std in ((base.CC, "-std=c99"), (base.CXX, "-std=c++11")):
            rc, _, err = base.run([compiler, std, "-Wall", "-Werror", "-fsyntax-only", "-x",
                                   "c" if compiler == base.CC else "c++", "-I", str(our_dir), str(src)])
            if rc != 0:
                rep.fail("together", f"{' then '.join(order)} with {compiler} {std}:\n{base.clip(err)}")
    rep.counts["together"] = 4


def check(our_dir: Path, ref_dir: Path, out=sys.stdout, keep: bool = False) -> int:
    rep = base.Report(out)
    our_dir, ref_dir = Path(our_dir).resolve(), Path(ref_dir).resolve()
    for d in (our_dir, ref_dir):
        for h in ("wasm_export.h", "lib_export.h"):
            if not (d / h).is_file():
                rep.fail("setup", f"no {h} in {d}")
                return 1
    root = Path(tempfile.mkdtemp(prefix="abi_export_"))
    try:
        work = base.Work(root)
        ref = base.parse_header(work, ref_dir)
        names = sorted(ref.prototypes)
        try:
            ours = base.parse_header(work, our_dir)
        except base.CheckError as e:
            rep.fail("functions", f"our header could not be parsed: {e}")
            ours = None
        if ours is not None:
            base.check_functions(rep, ref, ours, names, (set(), set()))
            for extra in sorted(set(ours.prototypes) - set(names)):
                rep.fail("functions", f"{extra}: declared by ours, not by the reference")
            base.check_decls(rep, ref, ours)
        src, count = base.layout_probe_source(ref)
        rep.guarded("layouts", lambda: rep.diff("layouts", "layout probe output",
                                                base.run_probe(work, ref_dir, src, "reference"),
                                                base.run_probe(work, our_dir, src, "ours")))
        rep.counts["layouts"] = count
        rep.guarded("macros", check_export_macros, rep, work, ref_dir, our_dir)
        rep.guarded("compile", base.check_compile, rep, work, ref_dir, our_dir, names)
        rep.guarded("together", check_together, rep, work, our_dir)
    finally:
        if keep:
            print(f"(scratch files kept in {root})", file=out)
        else:
            shutil.rmtree(root, ignore_errors=True)
    c = rep.counts
    if rep.failures:
        print(f"abi (wasm_export.h): FAILED ({len(rep.failures)} problems in: "
              f"{', '.join(base.sections_failed(rep))})", file=out)
        return 1
    print(f"abi (wasm_export.h): {c.get('functions', 0)} functions, {c.get('layouts', 0)} layouts, "
          f"{c.get('macros', 0)} macros, {c.get('compile', 0)} compile modes, "
          f"{c.get('together', 0)} combined includes: OK", file=out)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ours", required=True, type=Path, help="directory holding our wasm_export.h")
    ap.add_argument("--reference", required=True, type=Path, help="directory holding WAMR's")
    ap.add_argument("--keep", action="store_true", help="keep the generated probes")
    ap.add_argument("--list-functions", action="store_true",
                    help="only print the names of the functions the reference declares (for tests/exports.sh)")
    args = ap.parse_args(argv)
    if args.list_functions:
        root = Path(tempfile.mkdtemp(prefix="abi_export_"))
        try:
            print("\n".join(sorted(base.parse_header(base.Work(root), args.reference.resolve()).prototypes)))
        finally:
            shutil.rmtree(root, ignore_errors=True)
        return 0
    return check(args.ours, args.reference, keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
