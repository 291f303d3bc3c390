# make compat: WAMR 2.4.3's own wasm-c-api samples and Python binding tests, unchanged,
# against our library (tests/compat/run_compat.py). WAMR_SRC names the WAMR source tree.

WAMR_SRC ?= $(abspath ../shared/wamr-2.4.3)

.PHONY: compat

compat: build
	@test -d "$(WAMR_SRC)/samples/wasm-c-api" || { \
	  echo "make compat: WAMR_SRC=$(WAMR_SRC) is not a WAMR 2.4.3 source tree (set WAMR_SRC)"; exit 2; }
	$(PYTHON) tests/compat/run_compat.py --wamr-src "$(WAMR_SRC)" --lib $(LIB) --wat2wasm $(WAT2WASM) \
	  --ref-include "$$(tests/reference_header.sh)" --work $(BUILD)/compat
