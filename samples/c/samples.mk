# C samples (see samples/c/README.md). Included by the top-level Makefile, which
# defines CC, CFLAGS, LDLIBS, LIB, WAT2WASM and BUILD.
#
#   make samples        builds every sample and its module into $(BUILD)/samples/
#   make test-samples   runs each one there and compares its stdout with
#                       samples/c/expected/NAME.out (and its exit code with 0)
#   make valgrind-samples  the same runs under valgrind (leaks count as errors)

SAMPLE_NAMES := hello callback global memory table trap reflect hostref multi threads serialize
SAMPLE_DIR   := $(BUILD)/samples
SAMPLE_BINS  := $(addprefix $(SAMPLE_DIR)/,$(SAMPLE_NAMES))
SAMPLE_WASMS := $(addsuffix .wasm,$(SAMPLE_BINS))

.PHONY: valgrind-samples

$(SAMPLE_BINS): $(SAMPLE_DIR)/%: samples/c/%.c include/wasm_c_api.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude $< -o $@ $(LDLIBS)

$(SAMPLE_WASMS): $(SAMPLE_DIR)/%.wasm: samples/c/%.wat $(WAT2WASM)
	@mkdir -p $(dir $@)
	$(WAT2WASM) $< -o $@

samples: build $(SAMPLE_BINS) $(SAMPLE_WASMS)

# Each sample runs in $(SAMPLE_DIR) as `./NAME NAME.wasm`; its stdout must match
# samples/c/expected/NAME.out exactly and it must exit 0. Its stderr is shown
# only when it fails.
test-samples: samples
	@passed=0; failed=0; \
	for s in $(SAMPLE_NAMES); do \
	  if (cd $(SAMPLE_DIR) && ./$$s $$s.wasm >$$s.out 2>$$s.err); then status=0; else status=$$?; fi; \
	  if [ $$status -eq 0 ] && diff -u samples/c/expected/$$s.out $(SAMPLE_DIR)/$$s.out >$(SAMPLE_DIR)/$$s.diff; then \
	    echo "sample $$s: ok"; passed=$$((passed + 1)); \
	  else \
	    echo "sample $$s: FAILED (exit code $$status)"; failed=$$((failed + 1)); \
	    cat $(SAMPLE_DIR)/$$s.diff $(SAMPLE_DIR)/$$s.err; \
	  fi; \
	done; \
	echo "samples: $$passed passed, $$failed failed"; \
	[ $$failed -eq 0 ]

valgrind-samples: samples
	@set -e; for s in $(SAMPLE_NAMES); do \
	  echo "== valgrind $$s"; (cd $(SAMPLE_DIR) && valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect ./$$s $$s.wasm >/dev/null); done
