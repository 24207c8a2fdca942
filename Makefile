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

# Databricks knobs: make run CLUSTER_ID=0101-123456-abcdefgh DATE=… RUN_AI=False MONITORS=…; PROFILE=name of ~/.databrickscfg;
# RUNTIME=15.4 (checked against the binary's glibc at build and push); VOLUME=/Volumes/catalog/schema/volume/dir for the binary.
CLUSTER_ID ?=
PROFILE ?=
RUNTIME ?=
VOLUME ?=
DATABRICKS_BIN := .build/databricks/aa
DBX := $(AA) databricks $(if $(PROFILE),--profile $(PROFILE))
SYNC_POLL ?= 2

PREFIX ?= $(HOME)/.local

.PHONY: help build install demo run-local test unit lint format peers browser bench eval clean clean-demo auth status push sync pull run databricks-build schedule unschedule

help: ## Show all commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'

build: ## Build the aa command (debug)
	$(SWIFT) build --product aa

install: ## Install aa (release build) into PREFIX/bin: ~/.local/bin unless PREFIX=/usr/local or another is given
	$(SWIFT) build -c release --static-swift-stdlib --product aa
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 .build/release/aa "$(DESTDIR)$(PREFIX)/bin/aa"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) echo "installed $(PREFIX)/bin/aa; try: aa --help";; \
	  *) echo "installed $(PREFIX)/bin/aa; $(PREFIX)/bin is not on your PATH: export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac

demo: build ## Build the demo warehouse, run the pipeline over its last 60 days (no credentials), write the report site
	$(AA) demo
	$(AA) site --quiet

run-local: build ## On this machine: run monitors for a day (make run is the Databricks one): DATE=YYYY-MM-DD RUN_AI=True|False MONITORS=a,b
	$(AA) run $(if $(DATE),--date $(DATE)) $(if $(MONITORS),--monitors $(MONITORS)) $(if $(filter False false 0 no,$(RUN_AI)),--no-ai)

auth: build ## Databricks: explain the sign-in options and check the one in effect (PROFILE=…)
	$(DBX) auth

status: build ## Databricks: who am I, which host, which workspace folder
	$(DBX) status

databricks-build: ## Release build for a cluster, Swift runtime linked statically; reports its glibc (RUNTIME=15.4 compares)
	$(SWIFT) build -c release --static-swift-stdlib --product aa
	mkdir -p $(dir $(DATABRICKS_BIN))
	cp .build/release/aa $(DATABRICKS_BIN)
	strip $(DATABRICKS_BIN)
	$(DATABRICKS_BIN) databricks check --binary $(DATABRICKS_BIN) $(if $(RUNTIME),--runtime $(RUNTIME))

push: build ## Databricks: push binary, queries, schemas, notebook to /Users/<git email>/analytics_automation (CLUSTER_ID or RUNTIME checks glibc)
	@test -f $(DATABRICKS_BIN) || $(MAKE) --no-print-directory databricks-build
	$(DBX) push --binary $(DATABRICKS_BIN) $(if $(CLUSTER_ID),--cluster-id $(CLUSTER_ID)) $(if $(RUNTIME),--runtime $(RUNTIME)) $(if $(VOLUME),--volume $(VOLUME))

sync: build ## Databricks: watch the tree, rebuild and push on every change, until Ctrl-C (polls every SYNC_POLL s)
	@echo "watching Sources, queries, schemas and databricks/ — Ctrl-C stops"; \
	seen=""; built=""; \
	while true; do \
	  code=$$(find Sources Package.swift -type f -printf '%p %T@ %s\n' | sort | sha256sum); \
	  all="$$code $$(find queries schemas databricks -type f -printf '%p %T@ %s\n' | sort | sha256sum)"; \
	  if [ "$$all" != "$$seen" ]; then \
	    seen="$$all"; \
	    if { [ "$$code" = "$$built" ] && [ -f $(DATABRICKS_BIN) ]; } || $(MAKE) --no-print-directory databricks-build RUNTIME=$(RUNTIME); then \
	      built="$$code"; \
	      $(DBX) push --quiet --binary $(DATABRICKS_BIN) $(if $(CLUSTER_ID),--cluster-id $(CLUSTER_ID)) $(if $(RUNTIME),--runtime $(RUNTIME)) $(if $(VOLUME),--volume $(VOLUME)) && date "+%T pushed"; \
	    else echo "the build failed; fix it and save again"; fi; \
	  fi; \
	  sleep $(SYNC_POLL); \
	done

pull: build ## Databricks: bring the notebook, queries and schemas back from the workspace folder
	$(DBX) pull

run: build ## On Databricks: run the notebook on CLUSTER_ID and stream its output: DATE=… RUN_AI=True|False MONITORS=a,b
	@test -n "$(CLUSTER_ID)" || { echo "make run needs CLUSTER_ID=… (Databricks UI → Compute → your cluster → the id in its URL); make run-local runs here" >&2; exit 2; }
	$(DBX) run --cluster-id $(CLUSTER_ID) $(if $(DATE),--date $(DATE)) $(if $(MONITORS),--monitors $(MONITORS)) $(if $(filter False false 0 no,$(RUN_AI)),--no-ai) $(if $(VOLUME),--volume $(VOLUME))

schedule: build ## Databricks: create or update the daily job (CLUSTER_ID=… or RUNTIME=… NODE_TYPE=…, CRON=…, TIMEZONE=…, MONITORS=a,b)
	$(DBX) schedule $(if $(CLUSTER_ID),--cluster-id $(CLUSTER_ID)) $(if $(RUNTIME),--runtime $(RUNTIME)) $(if $(NODE_TYPE),--node-type $(NODE_TYPE)) $(if $(CRON),--cron "$(CRON)") $(if $(TIMEZONE),--timezone $(TIMEZONE)) $(if $(MONITORS),--monitors $(MONITORS)) $(if $(VOLUME),--volume $(VOLUME))

unschedule: build ## Databricks: delete the daily job
	$(DBX) unschedule

peers: $(VENV)/.installed $(BQ_VENV)/.installed browser ## Install the pinned test peers into .peers/ (once per clone)

# Headless Chromium for the report-site checks: Debian's package, installed with apt-get where that is possible (root);
# elsewhere the browser checks are skipped and say so.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1; then \
	  echo "installed chromium $$(chromium --version 2>/dev/null)"; \
	else echo "chromium could not be installed here (needs apt-get as root): the browser checks will be skipped"; fi

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

SWIFT_SOURCES := Sources Tests Benchmarks Package.swift

lint: ## Check the formatting (swift format, configuration in .ci/swift-format.json) without changing a file
	$(SWIFT) format lint --configuration .ci/swift-format.json --strict --recursive --parallel $(SWIFT_SOURCES)

format: ## Format every Swift file in place (swift format, configuration in .ci/swift-format.json)
	$(SWIFT) format format --configuration .ci/swift-format.json --in-place --recursive --parallel $(SWIFT_SOURCES)

test: lint peers ## Check the formatting, then build and run every test: unit, CLI end-to-end, schema validation with jsonschema
	$(SWIFT) build --build-tests
	@# Every temporary folder the tests make (archives, warehouses, sites) goes under one scratch folder, removed after.
	scratch=$$(mktemp -d -t aa-tests.XXXXXX); \
	  TMPDIR=$$scratch AA_PYTHON=$(abspath $(VENV))/bin/python AA_BQEMULATOR=$(abspath $(BQ_VENV))/bin/bqemulator \
	  AA_CHROMIUM=$$(command -v chromium || true) $(SWIFT) test; status=$$?; rm -rf "$$scratch"; exit $$status

# The module tests that need no outside peer (no Python venv, emulator or browser): the fast loop while working.
UNIT_SUITES := MonitorEngineTests|EventArchiveTests|PipelineTests|AnalystTests|HTTPClientTests|GoogleCloudTests|DatabricksTests|SlackTests|SiteTests
UNIT_NEEDS_PEERS := AgentAnalystTests|BigQueryClientTests|HTTPClientTests|SlackMessageTests

unit: ## The fast loop: engine, archive and pipeline tests that need no peer (make test runs everything)
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter '^($(UNIT_SUITES))\.' --skip '$(UNIT_NEEDS_PEERS)'

BENCH_VENV := .peers/bench

$(BENCH_VENV)/.installed: Benchmarks/peers/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r Benchmarks/peers/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed ## Benchmarks (release build) beside the pandas and polars peers; QUICK=1 for a smaller run, SAVE=1 to keep the figures as the baseline
	$(SWIFT) build -c release --static-swift-stdlib --product aa
	$(SWIFT) build -c release --product aa-bench
	.build/release/aa-bench $(if $(QUICK),--quick) $(if $(SAVE),--save-baseline)

SEEDS ?= 1,2,3,4,5

eval: ## Detection quality on labelled panels (every hard case, SEEDS=1,2,3,4,5), aa beside the seed's rule, with targets
	$(SWIFT) build -c release --product aa
	$(PYTHON) Benchmarks/eval/eval.py .build/release/aa --seeds $(SEEDS)

clean: ## Remove build output and test peers (never the local archive)
	rm -rf .build .peers

clean-demo: ## Remove the demo warehouse and its labels from .aa/ (the archive stays)
	rm -f .aa/demo-warehouse.sqlite .aa/demo-warehouse.sqlite-wal .aa/demo-warehouse.sqlite-shm .aa/demo-warehouse.labels.csv
