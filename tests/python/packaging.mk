# Python packaging: the wheel (with libiwasm.so built by cargo inside its build hook,
# python/hatch_build.py, tagged manylinux_X_Y_<arch>), the sdist (which carries the Rust
# sources) and the tests that build and install them into fresh venvs.
# Included from the Makefile (uses PYTHON, PROFILE, BUILD, LIB, WAT2WASM from it).
# Needs the build backend: `$(PYTHON) -m pip install hatchling` (else pip fetches it), and
# for the tag check `$(PYTHON) -m pip install auditwheel` (else the test fetches it).

WHEEL_DIR       := $(BUILD)/wheel
SDIST_DIR       := $(BUILD)/sdist
# cargo's target dir for the wheel test-sdist builds from the unpacked sdist: kept between
# runs, so only the sdist's own crates (iwasm, wasmi, wasmi_core) are compiled again.
SDIST_CARGO_TARGET_DIR := $(abspath $(BUILD)/sdist-target)
# Without hatchling installed, pip builds in an isolated env and downloads it.
WHEEL_ISOLATION  = $(shell $(PYTHON) -c "import hatchling.build" 2>/dev/null && echo --no-build-isolation)

.PHONY: wheel sdist test-wheel test-sdist

# $(WHEEL_DIR)/wamr-<version>-py3-none-manylinux_X_Y_<arch>.whl, as `pip install ./python`
# builds it (with target/$(PROFILE)/libiwasm.so; the default release profile is what users get).
wheel:
	rm -rf $(WHEEL_DIR)
	WAMR_CARGO_PROFILE=$(PROFILE) $(PYTHON) -m pip wheel --no-deps --disable-pip-version-check \
		$(WHEEL_ISOLATION) --wheel-dir $(WHEEL_DIR) ./python
	@ls $(WHEEL_DIR)/*.whl

# $(SDIST_DIR)/wamr-<version>.tar.gz: the package and the Rust tree it builds from (through
# hatchling's PEP 517 hook, as `python -m build --sdist python` does; no cargo run).
sdist:
	rm -rf $(SDIST_DIR)
	cd python && $(PYTHON) -c "import sys, hatchling.build as b; b.build_sdist(sys.argv[1])" $(abspath $(SDIST_DIR))
	@ls -l $(SDIST_DIR)/*.tar.gz

# Builds the wheel, installs it into a fresh venv offline, imports it from elsewhere, runs
# samples/python/hello_procedural.py and the `wamr` script with it, checks its manylinux tag
# (auditwheel show) and the build's notice (also part of test-python).
test-wheel: build
	WAMR_LIBIWASM=$(abspath $(LIB)) WAT2WASM=$(abspath $(WAT2WASM)) WAMR_CARGO_PROFILE=$(PROFILE) \
		$(PYTHON) -m unittest discover -v -s tests/python -t tests/python -p test_wheel.py

# Builds the sdist, unpacks it in a temp dir, builds a wheel from it (a full cargo build of
# the sdist's crates: about 1.5 min in release on 2 cores, dependencies compiled on the first
# run only), installs it into a fresh venv and runs WebAssembly with it. `make test` runs it.
test-sdist: build
	WAMR_TEST_SDIST=1 WAMR_SDIST_CARGO_TARGET_DIR=$(SDIST_CARGO_TARGET_DIR) \
	WAMR_LIBIWASM=$(abspath $(LIB)) WAT2WASM=$(abspath $(WAT2WASM)) WAMR_CARGO_PROFILE=$(PROFILE) \
		$(PYTHON) -m unittest discover -v -s tests/python -t tests/python -p test_wheel.py -k SdistTest

test: test-sdist
