# libiwasm on wasmi: build, header, binding, test, samples, bench.
# `make test` runs every test; see README.md.

CARGO        ?= cargo
CC           ?= gcc
PYTHON       ?= python3
PROFILE      ?= release
TARGET_DIR   := target/$(PROFILE)
LIB          := $(TARGET_DIR)/libiwasm.so
WAT2WASM     := $(TARGET_DIR)/wat2wasm
BUILD        := build
CFLAGS       ?= -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter
LDLIBS       := -L$(TARGET_DIR) -liwasm -Wl,-rpath,$(abspath $(TARGET_DIR)) -lpthread -lm
CARGO_FLAGS  := $(if $(filter release,$(PROFILE)),--release,)

.PHONY: all tools build build-minimal header check-header test test-rust test-c test-abi test-exports test-safety \
        samples test-samples wat clean

all: build

# Programs linked with -liwasm record the soname libiwasm.so.2; the link lets them load.
build:
	$(CARGO) build $(CARGO_FLAGS) -p iwasm -p wat2wasm
	ln -sf libiwasm.so $(TARGET_DIR)/libiwasm.so.2

# The smallest library (README, "Smaller builds"): no WebAssembly text, no WASI, no SIMD.
MINIMAL_DIR  := target/minimal/$(PROFILE)
build-minimal:
	$(CARGO) build $(CARGO_FLAGS) -p iwasm --no-default-features --target-dir target/minimal
	ln -sf libiwasm.so $(MINIMAL_DIR)/libiwasm.so.2

# Tools the checks need, installed once if missing (pinned versions).
CBINDGEN     ?= cbindgen
tools:
	@command -v $(CBINDGEN) >/dev/null 2>&1 || $(CARGO) install cbindgen --version 0.29.4 --locked
	@$(PYTHON) -c "import pycparser" 2>/dev/null || $(PYTHON) -m pip install -q "pycparser>=2.22"

# wasm_c_api.h from the crate (capi/src/export/ left out), wasm_export.h from that module
# tree alone, lib_export.h from its one file.
HEADER_GEN = $(CBINDGEN) -q --config capi/cbindgen.toml --crate iwasm --output $(1)/wasm_c_api.h capi && \
  $(CBINDGEN) -q --config capi/cbindgen_export.toml --output $(1)/wasm_export.h capi/src/export/mod.rs && \
  $(CBINDGEN) -q --config capi/cbindgen_lib_export.toml --output $(1)/lib_export.h capi/src/export/lib_export.rs

header: tools
	$(call HEADER_GEN,include)

# Fails if the committed headers are not what cbindgen makes from capi/ now.
check-header: tools
	@mkdir -p $(BUILD)/headers
	@$(call HEADER_GEN,$(BUILD)/headers) 2>/dev/null
	@for h in wasm_c_api.h wasm_export.h lib_export.h; do \
	  cmp include/$$h $(BUILD)/headers/$$h || { echo "header: include/$$h is stale (make header)"; exit 1; }; done
	@echo "headers: up to date"

test: build check-header test-exports test-abi test-rust test-c test-spec test-safety test-valgrind test-stress test-minimal test-samples test-wasi check-binding test-python
	@echo "make test: all passed"

test-rust:
	$(CARGO) test -p iwasm -p iwasm-spec

test-exports: build tools
	tests/exports.sh $(LIB)
	@mkdir -p $(BUILD)
	$(PYTHON) tests/abi/check_export_abi.py --list-functions --ours include \
	  --reference "$$(tests/reference_header.sh)" > $(BUILD)/export_functions.txt
	FUNCTIONS_TXT=$(BUILD)/export_functions.txt tests/exports.sh $(LIB)

test-abi: tools
	$(PYTHON) tests/abi/check_abi.py --ours include --reference "$$(tests/reference_header.sh)"
	$(PYTHON) tests/abi/check_export_abi.py --ours include --reference "$$(tests/reference_header.sh)"
	WAMR_REFERENCE_INCLUDE="$$(tests/reference_header.sh)" $(PYTHON) -m unittest tests/abi/test_check_abi.py

include tests/c/tests.mk
include samples/c/samples.mk
-include tests/safety/safety.mk
-include tests/wasi/wasi.mk
include tests/python/python.mk
include tests/python/packaging.mk
-include bench/bench.mk
-include tests/stress/stress.mk
-include tests/sanitize/sanitize.mk
-include tests/fuzz/fuzz.mk
include tests/spec/spec.mk

# WAMR 2.4.3's own wasm-c-api samples and Python binding tests, unchanged, against our
# library (tests/compat/run_compat.py). WAMR_SRC names the WAMR source tree.
# WAMR's wasm_export.h samples too (tests/compat/export_samples.py).
WAMR_SRC ?= $(abspath ../shared/wamr-2.4.3)
COMPAT_FLAGS ?= --export-samples
.PHONY: compat
compat: build
	@test -d "$(WAMR_SRC)/samples/wasm-c-api" || { \
	  echo "make compat: WAMR_SRC=$(WAMR_SRC) is not a WAMR 2.4.3 source tree (set WAMR_SRC)"; exit 2; }
	$(PYTHON) tests/compat/run_compat.py --wamr-src "$(WAMR_SRC)" --lib $(LIB) --wat2wasm $(WAT2WASM) \
	  --ref-include "$$(tests/reference_header.sh)" --work $(BUILD)/compat $(COMPAT_FLAGS)

clean:
	rm -rf $(BUILD)
	$(CARGO) clean
