# One entry point. `make book` and `make test` bootstrap .venv from requirements.txt on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The installer for the pinned set: uv (PyPI's `uv`) installs requirements.txt in about 5 s where pip takes
# about 55 s (benchmarks/RESULTS.md). A uv on PATH is used; otherwise uv is installed into the venv first
# (2 s); if that fails, or with INSTALLER=pip, pip does it all. The pinned versions are the same either way.
INSTALLER ?= auto
UV_VERSION := 0.13.9
PIP_INSTALL = $(BIN)/python tools/install.py --installer $(INSTALLER) --uv-version $(UV_VERSION) --venv $(VENV)

.PHONY: book test test-refresh data notebooks dev clean

$(STAMP): requirements.txt pyproject.toml tools/install.py
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt --editable .
	touch $(STAMP)

## data: regenerate data/processed/ from data/raw/ (byte-identical when nothing changed)
data: $(STAMP)
	$(BIN)/python -m liaison build

## book: build the HTML book into _build/html (notebooks are executed; warnings are errors)
book: data
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html"

## test: unit tests, the book build, and nbval over every chapter notebook
test: $(STAMP)
	$(BIN)/python -m pytest tests chapters --nbval --nbval-current-env -n auto --dist loadscope

## test-refresh: the tests that need the 'refresh' extra (geopandas: the world map's shapes are current)
test-refresh: $(STAMP)
	$(PIP_INSTALL) -r requirements-refresh.txt
	$(BIN)/python -m pytest tests -m refresh

## dev: the pre-commit hooks (ruff, jupytext --sync) and the dev extra
dev: $(STAMP)
	$(PIP_INSTALL) --editable '.[dev]'
	$(BIN)/pre-commit install

## notebooks: carry edits between chapters/src/*.md and chapters/*.ipynb (jupytext), then store fresh outputs
notebooks: $(STAMP)
	$(BIN)/jupytext --sync chapters/*.ipynb
	$(BIN)/python -m liaison.book.notebooks chapters/*.ipynb

clean:
	rm -rf _build
