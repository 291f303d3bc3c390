# C tests: every tests/c/test_*.c is built twice, against our header (include/) and
# against WAMR's reference header, and both binaries run against our libiwasm.so.
# Their wasm modules are tests/c/wat/*.wat, turned into build/wasm/*.wasm.

C_TEST_SRCS  := $(wildcard tests/c/test_*.c)
C_TEST_NAMES := $(patsubst tests/c/%.c,%,$(C_TEST_SRCS))
C_TEST_WATS  := $(wildcard tests/c/wat/*.wat)
C_TEST_WASMS := $(patsubst tests/c/wat/%.wat,$(BUILD)/wasm/%.wasm,$(C_TEST_WATS))
C_TEST_OURS  := $(patsubst %,$(BUILD)/c-tests/%.ours,$(C_TEST_NAMES))
C_TEST_REFS  := $(patsubst %,$(BUILD)/c-tests/%.ref,$(C_TEST_NAMES))
# tests/c/ext_*.c exercise our extensions (wamr_*), so they build against our header only.
C_EXT_SRCS   := $(wildcard tests/c/ext_*.c)
C_TEST_OURS  += $(patsubst tests/c/%.c,$(BUILD)/c-tests/%.ours,$(C_EXT_SRCS))
REF_INCLUDE   = $(shell tests/reference_header.sh)

.PHONY: c-tests test-valgrind

$(BUILD)/wasm/%.wasm: tests/c/wat/%.wat $(WAT2WASM)
	@mkdir -p $(dir $@)
	$(WAT2WASM) $< -o $@

$(BUILD)/c-tests/%.ours: tests/c/%.c tests/c/testlib.h tests/c/extlib.h include/wasm_c_api.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -Itests/c $< -o $@ $(LDLIBS)

$(BUILD)/c-tests/%.ref: tests/c/%.c tests/c/testlib.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(REF_INCLUDE) -Itests/c $< -o $@ $(LDLIBS)

c-tests: build $(C_TEST_WASMS) $(C_TEST_OURS) $(C_TEST_REFS)

# Each binary prints "N passed, 0 failed" and exits non-zero on any failure.
test-c: c-tests
	@set -e; for t in $(C_TEST_OURS) $(C_TEST_REFS); do \
	  echo "== $$t"; WASM_DIR=$(BUILD)/wasm ./$$t; done

# --fair-sched: without it valgrind may not switch to a thread (the interrupter in
# ext_fuel.c) for seconds while another runs wasm. --child-silent-after-fork: a test's
# forked children (sandboxes for calls that may crash a faulty library) exit without
# freeing what the parent made; the parent's own run is what is checked.
test-valgrind: c-tests
	@set -e; for t in $(C_TEST_OURS); do \
	  echo "== valgrind $$t"; WASM_DIR=$(BUILD)/wasm valgrind -q --fair-sched=yes --child-silent-after-fork=yes --error-exitcode=99 \
	    --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --suppressions=tests/c/valgrind.supp ./$$t; done

# tests/c/minimal_build.c against the library built without default features, then
# (the same source, expecting everything) against the default one.
$(BUILD)/c-tests/minimal_build: tests/c/minimal_build.c tests/c/testlib.h include/wasm_c_api.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -Itests/c $< -o $@ -lpthread -lm -ldl -L$(MINIMAL_DIR) -liwasm

test-minimal: build build-minimal $(BUILD)/c-tests/minimal_build $(C_TEST_WASMS)
	@echo "== minimal build ($$(stat -c %s $(MINIMAL_DIR)/libiwasm.so) bytes)"
	WASM_DIR=$(BUILD)/wasm LD_LIBRARY_PATH=$(MINIMAL_DIR) ./$(BUILD)/c-tests/minimal_build
	@echo "== default build"
	WASM_DIR=$(BUILD)/wasm LD_LIBRARY_PATH=$(TARGET_DIR) MINIMAL_EXPECT_FULL=1 ./$(BUILD)/c-tests/minimal_build
