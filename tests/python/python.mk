# Python binding: binding.py generated from the header, unittest suite, sample.
# Included from the Makefile (uses PYTHON, LIB, WAT2WASM, BUILD, CARGO_FLAGS from it).

BINDGEN      := bindgen/bindgen.py
BINDING      := python/wamr/wasmcapi/binding.py
PY_TEST_ENV   = WAMR_LIBIWASM=$(abspath $(LIB)) WAT2WASM=$(abspath $(WAT2WASM))

.PHONY: binding check-binding test-python

# Regenerates python/wamr/wasmcapi/binding.py from include/wasm_c_api.h.
binding: tools
	$(PYTHON) $(BINDGEN) --header include/wasm_c_api.h --output $(BINDING)

# Fails if regenerating would change a byte of the committed binding.py.
check-binding: tools
	@mkdir -p $(BUILD)
	$(PYTHON) $(BINDGEN) --header include/wasm_c_api.h --output $(BUILD)/binding.py
	@cmp $(BINDING) $(BUILD)/binding.py && echo "binding: up to date"

# The unittest suite (which also runs samples/python/hello_procedural.py) on $(LIB).
test-python: build check-binding
	$(PY_TEST_ENV) $(PYTHON) -m unittest discover -s tests/python -t tests/python
	$(PY_TEST_ENV) $(PYTHON) samples/python/hello_procedural.py
