# Mesh Lab — the two commands: `make lab` and `make test`.
# Works on a fresh machine with Python >= 3.10 and make. A second run with an
# up-to-date .venv reinstalls nothing (the stamp files below).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP_RUNTIME := $(VENV)/.stamp-runtime
STAMP_DEV     := $(VENV)/.stamp-dev
STAMP_BENCH   := $(VENV)/.stamp-bench
STAMP_HUB     := $(VENV)/.stamp-hub
HUB_USERS     ?= 5
NOTEBOOK      := notebooks/00_start_here.ipynb

# Headless figures for tests; `make lab` unsets it so the kernel draws inline.
export MPLBACKEND := Agg
LAB_ARGS ?=
# Containers (Codespaces, Docker) often run as root; JupyterLab refuses root without this flag.
LAB_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: help lab test smoke browser-test hub-smoke bench selftest strip clean-venv

help:
	@echo "make lab    - install the kit into .venv and open JupyterLab on the start notebook"
	@echo "make test   - install the dev tools, run ruff and every test and notebook"
	@echo "make smoke  - the kit's own smoke test: boot JupyterLab, check it serves, run a kernel"
	@echo "make browser-test - run every notebook in JupyterLab in headless Chromium; check what a person sees"
	@echo "make bench  - print every measured budget (benchmarks/*.py; installs pandera for comparison;"
	@echo "              the widgets' browser latency needs Chromium, as make browser-test does)"
	@echo "make hub-smoke - a real JupyterHub on 127.0.0.1 with HUB_USERS learners at once (default 5)"
	@echo "make strip  - remove outputs and execution counts from every notebook (for authors)"

$(PY):
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "Mesh Lab needs Python 3.10 or newer, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUNTIME): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(STAMP_DEV): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP_RUNTIME) $@

lab: $(STAMP_RUNTIME)
	@echo "Starting JupyterLab on $(NOTEBOOK) (token auth on: open the URL with ?token=... printed below)"
	MPLBACKEND= $(BIN)/jupyter lab $(NOTEBOOK) --ServerApp.ip=127.0.0.1 $(LAB_ROOT) $(LAB_ARGS)

test: $(STAMP_DEV)
	$(BIN)/ruff check mesh_lab tests benchmarks conftest.py
	MESH_LAB_WORKSPACE=$$(mktemp -d) $(PY) -m pytest tests notebooks --nbval-lax --nbval-current-env -p no:cacheprovider

smoke: $(STAMP_RUNTIME)
	$(PY) -m mesh_lab kit-smoke

# Chromium comes from the system (Debian: apt-get install chromium fonts-noto-color-emoji; .ci/run does it);
# the Python package playwright comes with the dev extra and drives it. No `playwright install` download.
browser-test: $(STAMP_DEV)
	$(PY) -m mesh_lab.kit.browser_test

# JupyterHub from PyPI (the hub extra); its proxy, configurable-http-proxy, from the npm registry into .venv/node.
$(STAMP_HUB): pyproject.toml $(STAMP_DEV)
	$(PY) -m pip install --quiet -e '.[dev,hub]'
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node configurable-http-proxy
	@touch $@

hub-smoke: $(STAMP_HUB)
	$(PY) -m mesh_lab.kit.hub_smoke --users $(HUB_USERS)

$(STAMP_BENCH): pyproject.toml $(STAMP_DEV)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@

bench: $(STAMP_BENCH) $(STAMP_HUB)
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

selftest: $(STAMP_RUNTIME)
	$(PY) -m mesh_lab exercises --selftest

strip: $(STAMP_DEV)
	$(PY) -m mesh_lab.kit.strip_notebooks notebooks

clean-venv:
	rm -rf $(VENV)
