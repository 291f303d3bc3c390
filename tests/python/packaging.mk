# Python packaging: the wheel (with libiwasm.so built by cargo inside its build hook,
# python/hatch_build.py) and the test that installs it into a fresh venv.
# Included from the Makefile (uses PYTHON, PROFILE, BUILD, LIB, WAT2WASM from it).
# Needs the build backend: `$(PYTHON) -m pip install hatchling` (else pip fetches it).

WHEEL_DIR       := $(BUILD)/wheel
# Without hatchling installed, pip builds in an isolated env and downloads it.
WHEEL_ISOLATION  = $(shell $(PYTHON) -c "import hatchling.build" 2>/dev/null && echo --no-build-isolation)

.PHONY: wheel test-wheel

# $(WHEEL_DIR)/wamr-<version>-py3-none-<platform>.whl, as `pip install ./python` builds it
# (with target/$(PROFILE)/libiwasm.so; the default release profile is what users get).
wheel:
	rm -rf $(WHEEL_DIR)
	WAMR_CARGO_PROFILE=$(PROFILE) $(PYTHON) -m pip wheel --no-deps --disable-pip-version-check \
		$(WHEEL_ISOLATION) --wheel-dir $(WHEEL_DIR) ./python
	@ls $(WHEEL_DIR)/*.whl

# Builds the wheel, installs it into a fresh venv offline, imports it from elsewhere, runs
# samples/python/hello_procedural.py and the `wamr` script with it (also part of test-python).
test-wheel: build
	WAMR_LIBIWASM=$(abspath $(LIB)) WAT2WASM=$(abspath $(WAT2WASM)) WAMR_CARGO_PROFILE=$(PROFILE) \
		$(PYTHON) -m unittest discover -v -s tests/python -t tests/python -p test_wheel.py
