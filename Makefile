# The README's commands: `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# PyTorch comes in through camel-tools and argostranslate: pin the CPU build first, or pip
# pulls several GB of CUDA wheels.
TORCH := torch==2.13.0

.PHONY: run test bench check clean system-packages bytecode

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

# Debian packages the tests use, installed in one go when missing: tmux (the end-to-end UI
# test), omegat (OmegaT run on an exported project), chromium (a screenshot of `workbench
# serve`), fonts-noto-core (the Arabic font of the PDFs the tests make, and of the screenshot),
# unicode-data (Unicode's bidi conformance files for our UAX #9 levels; the app never reads
# them). The tests that need a program skip with its name when it could not be installed.
system-packages:
	@missing=""; \
	for tool in tmux omegat chromium; do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	test -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf || missing="$$missing fonts-noto-core"; \
	test -f /usr/share/unicode/BidiCharacterTest.txt || missing="$$missing unicode-data"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null 2>&1 \
		|| echo "could not install$$missing: the tests that need them are skipped (the bidi conformance tests fail without unicode-data)"; \
	fi

test: $(STAMP) system-packages
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

bench: $(STAMP) bytecode
	$(PY) -m bench

check: $(STAMP) system-packages
	$(PY) -m pytest -q -x

clean:
	rm -rf $(VENV) .pytest_cache
