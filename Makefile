# Two entry points, each doing all set-up on a fresh machine (Python 3.10+ on PATH as python3):
#   make figures   executes every notebook headless and writes figures/
#   make test      runs the unit tests and the notebooks under nbval
#   make test-corpora  runs every notebook on the real corpora of ../shared and on edge-size corpora (slow; CI runs it)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CORPUS ?=
OUT    ?=
MAPPING ?=
LEXICON ?=
REPORT_LANG ?=

.PHONY: figures test test-corpora notebooks lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

figures: $(STAMP)
	$(BIN)/python -m analysis run $(if $(CORPUS),--corpus $(CORPUS)) $(if $(OUT),--out $(OUT)) $(if $(MAPPING),--mapping $(MAPPING)) $(if $(LEXICON),--lexicon $(LEXICON)) $(if $(REPORT_LANG),--lang $(REPORT_LANG))

test: $(STAMP)
	$(BIN)/python -m pytest

# Slow end-to-end checks (tests marked `corpus`): whole runs on ../shared/corpora and on edge-size corpora.
test-corpora: $(STAMP)
	$(BIN)/python -m pytest -m corpus tests

# Re-execute the committed notebooks in place (outputs and counts are what nbval compares against).
notebooks: $(STAMP)
	$(BIN)/python -m analysis run --in-place

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks

clean:
	rm -rf $(VENV) .cache build
