# Safety tests (included by the top-level Makefile).
#
# `make test-safety` first checks that test_safety_null.c calls every function of
# tests/abi/functions.txt, then runs the NULL-argument and malformed-module tests
# (both builds: our header and WAMR's) under `ulimit -v` 8 GiB, so that a lying
# count or size that makes the library allocate absurd amounts fails the test
# instead of eating the machine. The binaries are built by tests/c/tests.mk like
# every tests/c/test_*.c.
#
# `make safety-modules` regenerates tests/safety/safety_modules.h from tests/safety/wat.

SAFETY_TESTS   := test_safety_null test_malformed
SAFETY_BINS    := $(foreach t,$(SAFETY_TESTS),$(BUILD)/c-tests/$(t).ours $(BUILD)/c-tests/$(t).ref)
SAFETY_VMEM_KB ?= 8388608

.PHONY: test-safety safety-modules check-safety-coverage

# The tests embed their modules: rebuild them when the modules change.
$(SAFETY_BINS): tests/safety/safety_modules.h

# Static half of the coverage check (the test itself also checks at run time that
# each function was called): every name must appear as T(name) after preprocessing.
check-safety-coverage:
	@mkdir -p $(BUILD)
	@$(CC) -E -Iinclude -Itests/c tests/c/test_safety_null.c | grep -o 'mark("[a-z_0-9]*")' \
	  | sed 's/mark("\(.*\)")/\1/' | sort -u > $(BUILD)/safety-called.txt
	@sort -u tests/abi/functions.txt | comm -23 - $(BUILD)/safety-called.txt > $(BUILD)/safety-missing.txt
	@if [ -s $(BUILD)/safety-missing.txt ]; then \
	  echo "test_safety_null.c never calls:"; cat $(BUILD)/safety-missing.txt; exit 1; fi
	@echo "safety coverage: all $$(wc -l < tests/abi/functions.txt) functions are called"

test-safety: check-safety-coverage build $(SAFETY_BINS)
	@set -e; for t in $(SAFETY_BINS); do \
	  echo "== $$t (ulimit -v $(SAFETY_VMEM_KB))"; \
	  ( ulimit -v $(SAFETY_VMEM_KB); WASM_DIR=$(BUILD)/wasm ./$$t ); done

safety-modules: $(WAT2WASM)
	$(PYTHON) tests/safety/gen_modules.py $(WAT2WASM)
