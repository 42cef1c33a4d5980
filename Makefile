# docconv developer tasks. `make demo` and `make test` set themselves up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test test-core plugins-test lint fix demo samples bench bench-peers same-outputs eval fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,cluster]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install docconv with its dev extras

PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))

test: test-core plugins-test  ## the whole test suite: docconv's own tests, then the example plugins'

test-core: install  ## docconv's own tests
	$(BIN)/python -m pytest

plugins-test: install  ## install the example plugins (plugins/*) into .venv, run their tests, convert the samples with them
	for p in $(PLUGIN_DIRS); do $(BIN)/python -m pip install -q -e $$p || exit 1; done
	$(BIN)/python -m pytest -q $(addsuffix /tests,$(PLUGIN_DIRS))
	$(BIN)/docconv plugins
	$(BIN)/docconv convert -q samples/* -t md,txt,docx -o out/plugins
	$(BIN)/docconv convert -q out/plugins/*.docx -t md,txt -o out/plugins/from-docx
	$(BIN)/docconv convert -q plugins/docconv-rules-jinshu/tests/data/jinshu-sample.txt -t md,txt -o out/plugins --report out/plugins/jinshu-report.json

lint: install  ## ruff check + format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fix: install  ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo: install  ## convert every sample into out/ as Markdown, DOCX and EPUB
	$(BIN)/docconv convert samples/* -t md,docx,epub -o out --report out/report.json
	@echo "wrote out/ (see out/report.json for what was removed, or: $(BIN)/docconv inspect samples/speech.txt)"
	@echo "docconv is $(abspath $(BIN))/docconv: run it by that path, or 'source $(BIN)/activate' first (see README, Using it)"

samples: install  ## regenerate samples/speech-site.pdf and .html from samples/speech.txt
	$(BIN)/python scripts/make_samples.py

bench: install  ## one table of speed ratios: vs pandoc, markitdown, pdfplumber; start-up; peak memory; docs/s; OCR s/page (BENCH_ARGS="--quick", "--only ocr")
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

bench-peers:  ## .venv-peers: markitdown for make bench (a separate environment: docconv's does not need it)
	$(PYTHON) -m venv .venv-peers
	.venv-peers/bin/python -m pip install -q 'markitdown[pdf]'

same-outputs: install  ## record (SAME=record) or compare (default) every output's hash: a speed-up must change none
	$(BIN)/python scripts/same_outputs.py $(or $(SAME),compare)

eval: install  ## quality tables per set and input format (leak, loss, CER, CJK spaces, F1s, title); EVAL_ARGS=--external
	$(BIN)/python scripts/eval.py $(EVAL_ARGS)

fuzz: install  ## damaged copies of the samples through the CLI, many batches (FUZZ_EXAMPLES=200; CI runs 4 with a fixed seed)
	DOCCONV_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),200) $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

clean:
	rm -rf out dev-out .pytest_cache .ruff_cache
