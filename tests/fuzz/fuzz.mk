# Fuzzing (included by the top-level Makefile). See tests/fuzz/src/lib.rs.
#
#   make fuzz                 each cargo-fuzz target for FUZZ_SECONDS (default 60)
#   make fuzz FUZZ_TARGETS=smith_instantiate FUZZ_SECONDS=600
#   make fuzz-replay          the same harnesses without libFuzzer (cargo test): the seed
#                             corpora plus FUZZ_REPLAY_ITERS generated inputs per target
#   make fuzz-ci              `fuzz` if cargo-fuzz is (or can be) installed, else `fuzz-replay`
#
# Targets: module_bytes (wasm_module_validate/new on arbitrary bytes), smith_instantiate
# (wasm-smith modules with host imports, every export exercised, metered store),
# api_sequence (C API calls in any order, with NULLs), differential (wasm-smith modules through
# the C API and through wasmi directly: every verdict, result, trap and export state compared).

FUZZ_SECONDS      ?= 60
FUZZ_TARGETS      ?= module_bytes smith_instantiate api_sequence differential
FUZZ_REPLAY_ITERS ?= 300
CARGO_FUZZ_VERSION ?= 0.13.2

.PHONY: fuzz fuzz-replay fuzz-ci fuzz-tools

fuzz-tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked

fuzz: fuzz-tools $(C_TEST_WASMS)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-replay: $(C_TEST_WASMS)
	FUZZ_REPLAY_ITERS=$(FUZZ_REPLAY_ITERS) $(CARGO) test --release --manifest-path tests/fuzz/Cargo.toml

fuzz-ci: $(C_TEST_WASMS)
	@if command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked; then \
	  tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS); \
	else \
	  echo "cargo-fuzz unavailable: replaying the fuzz harnesses without libFuzzer"; \
	  $(MAKE) fuzz-replay; \
	fi
