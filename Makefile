# Two entry points, each doing all set-up on a fresh machine (Python 3.10+ on PATH as python3):
#   make figures   executes every notebook headless and writes figures/
#   make test      runs the unit tests, the notebooks under nbval and the browser test, on every core
#   make test-corpora  runs every notebook on the real corpora of ../shared and on edge-size corpora, and the
#                  Dask cluster check (slow; CI runs it)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CORPUS ?=
OUT    ?=
MAPPING ?=
LEXICON ?=
REPORT_LANG ?=

# Python writes each module's compiled bytecode beside it (__pycache__/, ignored by git) unless
# PYTHONDONTWRITEBYTECODE is set, as some shells and containers do: then every process a run starts (each
# pytest worker, each notebook's kernel) compiles the package again, about a fifth of `make test`'s time.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: figures test test-corpora notebooks lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

figures: $(STAMP)
	$(BIN)/python -m analysis run $(if $(CORPUS),--corpus $(CORPUS)) $(if $(OUT),--out $(OUT)) $(if $(MAPPING),--mapping $(MAPPING)) $(if $(LEXICON),--lexicon $(LEXICON)) $(if $(REPORT_LANG),--lang $(REPORT_LANG))

# -n auto: one pytest worker per core; loadgroup keeps each notebook's cells (and each module that starts a
# server or a cluster) on one worker (tests/conftest.py)
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup

# Slow end-to-end checks (tests marked `corpus` or `slow`): whole runs on ../shared/corpora and on edge-size
# corpora, and tokenizing on a two-worker Dask cluster.
test-corpora: $(STAMP)
	$(BIN)/python -m pytest -m "corpus or slow" tests

# Re-execute the committed notebooks in place (outputs and counts are what nbval compares against).
notebooks: $(STAMP)
	$(BIN)/python -m analysis run --in-place

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks

clean:
	rm -rf $(VENV) .cache build
