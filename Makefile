# modstream: the common tasks. `make demo` runs the whole thing; `make test` runs every test.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODSTREAM := $(BIN)/modstream

.PHONY: help venv demo stop test test-fast lint typecheck model model-lang eval bench-classify bench-e2e kafka-up kafka-down schemas clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null || { echo "need $(PY)"; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[train,peer,dev]'
	@touch $(STAMP)

venv: $(STAMP)  ## create .venv and install modstream with every extra

demo: $(STAMP)  ## broker + worker + the bundled sample, decisions shown live
	@bash scripts/demo.sh

stop:  ## stop the demo worker and the local broker
	@bash scripts/demo.sh stop

test: $(STAMP)  ## the whole suite: lint, types, unit, real-broker and real-Prometheus tests
	@bash scripts/install-prometheus.sh
	$(BIN)/ruff check streams models tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -p no:cacheprovider

test-fast: $(STAMP)  ## the broker-less tier only
	$(BIN)/python -m pytest -p no:cacheprovider -m "not kafka and not prometheus"

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check streams models tests scripts

typecheck: $(STAMP)  ## mypy
	$(BIN)/mypy

# Default: the whole recipe (C search on validation, then the refit on every licensed row).
# `MODEL_ARGS="--split-only --previous-c"` fits each label once on the training split (faster).
MODEL_ARGS ?=

model: $(STAMP)  ## retrain the classifier from ../shared/data (seeded) and export ONNX; FEEDBACK=export.jsonl adds verdicts
	$(BIN)/python -m models.train $(MODEL_ARGS) $(if $(FEEDBACK),--feedback $(FEEDBACK))

eval: $(STAMP)  ## evaluation table beside alt-profanity-check
	$(MODSTREAM) eval --out-json var/eval-latest.json --update-doc docs/evaluation.md --update-doc models/MODEL_CARD.md

bench-classify: $(STAMP)  ## comments/s on one core
	$(MODSTREAM) bench classify

bench-e2e: $(STAMP)  ## comments/s and latency through the real broker
	$(MODSTREAM) kafka up
	$(MODSTREAM) bench e2e

kafka-up: $(STAMP)  ## start the local Kafka broker
	$(MODSTREAM) kafka up

kafka-down: $(STAMP)  ## stop the local Kafka broker
	$(MODSTREAM) kafka down

schemas: $(STAMP)  ## regenerate config/schemas from the contract models
	$(MODSTREAM) schemas

clean:  ## remove the venv, caches and local state
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache

model-lang: $(STAMP)  ## retrain the per-language toxicity models (models/lang/) from ../shared/data (seeded)
	$(BIN)/python -m models.train_lang
