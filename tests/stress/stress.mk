# Thread stress tests (included by the top-level Makefile).
#
#   make test-stress            tests/stress/stress_threads.c: STRESS_THREADS threads (4),
#                               STRESS_CALLS calls each (10000), engine races, cross-thread
#                               deletes, concurrent interrupts; every result checked
#                               and tests/c/test_reclaim.c with RECLAIM_CYCLES (a million)
#                               instantiations in one store: every one works, memory flat
#   make test-stress-valgrind   the same under valgrind memcheck (fewer calls), no leaks

STRESS_THREADS ?= 4
STRESS_CALLS   ?= 10000
STRESS_VALGRIND_CALLS ?= 2000
RECLAIM_CYCLES ?= 1000000
STRESS_BIN     := $(BUILD)/stress/stress_threads
STRESS_WASM    := $(BUILD)/stress/stress.wasm

.PHONY: test-stress test-stress-valgrind

$(STRESS_WASM): tests/stress/stress.wat $(WAT2WASM)
	@mkdir -p $(dir $@)
	$(WAT2WASM) $< -o $@

$(STRESS_BIN): tests/stress/stress_threads.c tests/c/testlib.h include/wasm_c_api.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -Itests/c $< -o $@ $(LDLIBS)

test-stress: build $(STRESS_WASM) $(STRESS_BIN) $(BUILD)/c-tests/test_reclaim.ours $(C_TEST_WASMS)
	WASM_DIR=$(BUILD)/stress STRESS_THREADS=$(STRESS_THREADS) STRESS_CALLS=$(STRESS_CALLS) ./$(STRESS_BIN)
	WASM_DIR=$(BUILD)/wasm RECLAIM_CYCLES=$(RECLAIM_CYCLES) ./$(BUILD)/c-tests/test_reclaim.ours

test-stress-valgrind: build $(STRESS_WASM) $(STRESS_BIN)
	WASM_DIR=$(BUILD)/stress STRESS_THREADS=$(STRESS_THREADS) STRESS_CALLS=$(STRESS_VALGRIND_CALLS) \
	  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	  --suppressions=tests/c/valgrind.supp ./$(STRESS_BIN)
