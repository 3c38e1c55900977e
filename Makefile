# The two commands: `make build` and `make test`. Both set themselves up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: build test setup test-setup clean

build: setup
	$(BIN)/invoke build

test: test-setup
	$(BIN)/invoke test

setup: $(VENV)/.installed

test-setup: setup $(VENV)/.test-installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-installed: requirements-test.txt package-lock.json scripts/system-deps.sh $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	npm ci --no-audit --no-fund --ignore-scripts
	sh scripts/system-deps.sh
	touch $@

clean:
	rm -rf output .output.previous cache
