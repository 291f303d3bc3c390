# Python binding: binding.py and flat.py generated from the header, unittest suite, sample.
# Included from the Makefile (uses PYTHON, LIB, WAT2WASM, BUILD, CARGO_FLAGS from it).

BINDGEN      := bindgen/bindgen.py
BINDING      := python/wamr/wasmcapi/binding.py
FLAT         := python/wamr/wasmcapi/flat.py
IWASM_BINDING := python/wamr/wamrapi/iwasm.py
PY_TEST_ENV   = WAMR_LIBIWASM=$(abspath $(LIB)) WAT2WASM=$(abspath $(WAT2WASM))

.PHONY: binding check-binding test-python

# Regenerates python/wamr/wasmcapi/binding.py (the ctypes binding) and flat.py (the object
# layer's flat prototypes) from include/wasm_c_api.h, and python/wamr/wamrapi/iwasm.py
# (wamr.wamrapi's binding) from include/wasm_export.h.
binding: tools
	$(PYTHON) $(BINDGEN) --header include/wasm_c_api.h --output $(BINDING) --flat-output $(FLAT)
	$(PYTHON) $(BINDGEN) --header include/wasm_export.h --output $(IWASM_BINDING) --flat-output ''

# Fails if regenerating would change a byte of the committed binding.py, flat.py or iwasm.py.
check-binding: tools
	@mkdir -p $(BUILD)
	$(PYTHON) $(BINDGEN) --header include/wasm_c_api.h --output $(BUILD)/binding.py --flat-output $(BUILD)/flat.py
	$(PYTHON) $(BINDGEN) --header include/wasm_export.h --output $(BUILD)/iwasm.py --flat-output ''
	@cmp $(BINDING) $(BUILD)/binding.py && cmp $(FLAT) $(BUILD)/flat.py && cmp $(IWASM_BINDING) $(BUILD)/iwasm.py \
	  && echo "binding: up to date"

# Python's development mode (extra runtime checks, warnings shown: ResourceWarning,
# DeprecationWarning, ...) and faulthandler (a crash prints every thread's Python stack),
# for the test processes and the interpreters they start.
PY_DEV_ENV    = PYTHONDEVMODE=1 PYTHONFAULTHANDLER=1

# The unittest suite (which also runs samples/python/hello_procedural.py) on $(LIB).
test-python: build check-binding
	$(PY_TEST_ENV) $(PY_DEV_ENV) $(PYTHON) -X dev -X faulthandler -m unittest discover -s tests/python -t tests/python
	$(PY_TEST_ENV) $(PY_DEV_ENV) $(PYTHON) -X dev -X faulthandler samples/python/hello_procedural.py
