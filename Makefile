# One entry point. `make book` and `make test` bootstrap .venv from requirements.txt on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test data notebooks clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
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
	$(BIN)/python -m pytest tests chapters --nbval --nbval-current-env

## notebooks: regenerate chapters/*.ipynb from chapters/src/*.nbsrc and store fresh outputs
notebooks: $(STAMP)
	$(BIN)/python tools/nbtool.py

clean:
	rm -rf _build
