# AddressSanitizer + UndefinedBehaviorSanitizer (included by the top-level Makefile).
#
#   make test-asan   builds libiwasm.so with -Zsanitizer=address (stable rustc under
#                    RUSTC_BOOTSTRAP=1, own target dir target/asan), builds the C tests
#                    (tests/c/test_*.c and ext_*.c, our header), the C samples and the
#                    thread stress test with gcc -fsanitize=address,undefined against
#                    it, and runs them all: any ASan/UBSan error or LeakSanitizer leak
#                    fails the run.
#
# Notes: the Rust side gets ASan (and LSan through the same runtime), not UBSan, which
# has no Rust counterpart. Sanitized Rust code links against gcc's libasan, which the
# test programs load. ASan's instrumentation defeats the sibling-call optimisation of
# wasmi's default (tail-call) dispatch, so the sanitized library uses wasmi's portable
# dispatch loop instead (same semantics, constant native stack).

ASAN_TARGET_DIR := target/asan
ASAN_LIB_DIR    := $(ASAN_TARGET_DIR)/x86_64-unknown-linux-gnu/debug
ASAN_LIB        := $(ASAN_LIB_DIR)/libiwasm.so
ASAN_BUILD      := $(BUILD)/asan
ASAN_FLAGS      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS     := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter $(ASAN_FLAGS)
ASAN_LDLIBS     := -L$(ASAN_LIB_DIR) -liwasm -Wl,-rpath,$(abspath $(ASAN_LIB_DIR)) -lpthread -lm
ASAN_ENV        := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:allocator_may_return_null=1:detect_odr_violation=0 \
                   UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 WASM_DIR=$(BUILD)/wasm

ASAN_C_NAMES    := $(patsubst tests/c/%.c,%,$(wildcard tests/c/test_*.c tests/c/ext_*.c))
ASAN_C_BINS     := $(addprefix $(ASAN_BUILD)/c-tests/,$(ASAN_C_NAMES))
ASAN_SAMPLE_BINS := $(addprefix $(ASAN_BUILD)/samples/,$(SAMPLE_NAMES))
ASAN_STRESS_BIN := $(ASAN_BUILD)/stress_threads

.PHONY: test-asan asan-lib

asan-lib:
	RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=address" $(CARGO) build -p iwasm \
	  --target x86_64-unknown-linux-gnu --target-dir $(ASAN_TARGET_DIR) --features wasmi/portable-dispatch
	ln -sf libiwasm.so $(ASAN_LIB_DIR)/libiwasm.so.2

$(ASAN_LIB): asan-lib

$(ASAN_BUILD)/c-tests/%: tests/c/%.c tests/c/testlib.h include/wasm_c_api.h asan-lib
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Iinclude -Itests/c $< -o $@ $(ASAN_LDLIBS)

$(ASAN_BUILD)/samples/%: samples/c/%.c include/wasm_c_api.h asan-lib
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Iinclude $< -o $@ $(ASAN_LDLIBS)

$(ASAN_STRESS_BIN): tests/stress/stress_threads.c tests/c/testlib.h include/wasm_c_api.h asan-lib
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Iinclude -Itests/c $< -o $@ $(ASAN_LDLIBS)

test-asan: asan-lib $(C_TEST_WASMS) $(SAMPLE_WASMS) $(BUILD)/stress/stress.wasm $(ASAN_C_BINS) $(ASAN_SAMPLE_BINS) $(ASAN_STRESS_BIN)
	@set -e; for t in $(ASAN_C_BINS); do \
	  echo "== asan $$t"; $(ASAN_ENV) ./$$t; done
	@set -e; for s in $(SAMPLE_NAMES); do \
	  echo "== asan sample $$s"; \
	  (cd $(SAMPLE_DIR) && $(ASAN_ENV) $(abspath $(ASAN_BUILD))/samples/$$s $$s.wasm > $(abspath $(ASAN_BUILD))/samples/$$s.out); \
	  diff -u samples/c/expected/$$s.out $(ASAN_BUILD)/samples/$$s.out; done
	@echo "== asan $(ASAN_STRESS_BIN)"; $(ASAN_ENV) WASM_DIR=$(BUILD)/stress ./$(ASAN_STRESS_BIN)
	@echo "test-asan: all passed"
