# The README's commands: `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# PyTorch comes in through camel-tools and argostranslate: pin the CPU build first, or pip
# pulls several GB of CUDA wheels.
TORCH := torch==2.13.0

.PHONY: run test bench check clean tmux omegat chromium unicode-data bytecode

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -m pip install -q --disable-pip-version-check $(TORCH) 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import workbench, torch, camel_tools, argostranslate, textual"
	touch $(STAMP)

# pip compiles what it installs, but not the sources of an editable install, and with
# PYTHONDONTWRITEBYTECODE set (as on these machines) imports never cache them: every start
# would compile the package again. compileall writes the cache (quick when it is current).
bytecode: $(STAMP)
	$(PY) -m compileall -q workbench

run: $(STAMP) bytecode
	$(VENV)/bin/workbench

tmux:
	@command -v tmux >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq tmux) >/dev/null 2>&1 || echo "tmux could not be installed: the tmux end-to-end test will be skipped"; }

# OmegaT (Debian's omegat, with Java) for the test that runs it on an exported project.
omegat:
	@command -v omegat >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq omegat) >/dev/null 2>&1 || echo "omegat could not be installed: the OmegaT export test will be skipped"; }

# A real browser for the screenshot of `workbench serve`'s search page (tests/test_serve.py).
chromium:
	@command -v chromium >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core) >/dev/null 2>&1 || echo "chromium could not be installed: the browser test of workbench serve will be skipped"; }

# Unicode's bidi conformance files (BidiTest.txt, BidiCharacterTest.txt) for the tests of our
# UAX #9 levels; the app itself never reads them.
unicode-data:
	@test -f /usr/share/unicode/BidiCharacterTest.txt || { (apt-get update -qq && apt-get install -y -qq unicode-data) >/dev/null 2>&1 || echo "unicode-data could not be installed: the bidi conformance tests will fail"; }

test: $(STAMP) tmux omegat chromium unicode-data
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

bench: $(STAMP) bytecode
	$(PY) -m bench

check: $(STAMP) tmux omegat chromium unicode-data
	$(PY) -m pytest -q -x

clean:
	rm -rf $(VENV) .pytest_cache
