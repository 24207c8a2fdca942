# Analytics Automation — `make help` lists the targets.
SHELL := /bin/bash
SWIFT ?= swift
PYTHON ?= python3
VENV := .peers/venv
BQ_VENV := .peers/bq
AA := .build/debug/aa

# run-local knobs, as in the seed: make run-local DATE=2026-11-20 RUN_AI=False MONITORS=revenue_funnel_demo
DATE ?=
RUN_AI ?= True
MONITORS ?=

.PHONY: help build demo run-local test peers bench clean

help: ## Show all commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'

build: ## Build the aa command (debug)
	$(SWIFT) build --product aa

demo: build ## Build the demo warehouse and run the pipeline over its last 60 days (no credentials)
	$(AA) demo

run-local: build ## Run monitors for a day: DATE=YYYY-MM-DD RUN_AI=True|False MONITORS=a,b
	$(AA) run $(if $(DATE),--date $(DATE)) $(if $(MONITORS),--monitors $(MONITORS)) $(if $(filter False false 0 no,$(RUN_AI)),--no-ai)

peers: $(VENV)/.installed $(BQ_VENV)/.installed ## Install the pinned test peers into .peers/ (once per clone)

$(VENV)/.installed: Tests/peers-requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Tests/peers-requirements.txt
	touch $@

# bqemulator runs `INSTALL spatial` at boot, which needs the network: the pip-shipped extension is placed first.
$(BQ_VENV)/.installed: Tests/peers-bigquery-requirements.txt
	$(PYTHON) -m venv $(BQ_VENV)
	$(BQ_VENV)/bin/pip install -q -r Tests/peers-bigquery-requirements.txt
	mkdir -p .peers/bq-home
	HOME=$(abspath .peers/bq-home) $(BQ_VENV)/bin/python -c 'import duckdb; from duckdb_extensions import import_extension; import_extension("spatial", con=duckdb.connect())'
	touch $@

test: peers ## Build and run every test: unit, CLI end-to-end, schema validation with jsonschema
	$(SWIFT) build --build-tests
	AA_PYTHON=$(abspath $(VENV))/bin/python AA_BQEMULATOR=$(abspath $(BQ_VENV))/bin/bqemulator $(SWIFT) test

bench: ## Benchmarks (release build); QUICK=1 for a smaller run
	$(SWIFT) build -c release --static-swift-stdlib --product aa
	$(SWIFT) build -c release --product aa-bench
	.build/release/aa-bench $(if $(QUICK),--quick)

clean: ## Remove build output, test peers and the local archive
	rm -rf .build .peers .aa
