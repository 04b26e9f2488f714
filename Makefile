# fluxdash — every target is idempotent and quick when nothing changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
NPM := npm --prefix frontend
HOST ?= 127.0.0.1
PORT ?= 8000

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	$(wildcard frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json frontend/package.json)

.PHONY: help install run serve dev build test test-backend test-frontend test-e2e lint fmt openapi openapi-check bench clean chromium

help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q "uv==$(UV_VERSION)"

$(STAMPS)/python: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --extra dev
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/frontend: frontend/package.json frontend/package-lock.json
	$(NPM) ci --no-audit --no-fund
	@mkdir -p $(STAMPS) && touch $@

install: $(STAMPS)/python $(STAMPS)/frontend ## install Python (.venv) and frontend dependencies

frontend/dist/index.html: $(STAMPS)/frontend $(FRONTEND_SOURCES)
	$(NPM) run build
	@touch $@

build: frontend/dist/index.html ## build the SPA when its sources changed

run: install build ## install what is missing, build the SPA if stale, serve on http://$(HOST):$(PORT)
	@echo "fluxdash: http://$(HOST):$(PORT)"
	$(BIN)/fluxdash serve --host $(HOST) --port $(PORT)

dev: install ## backend with reload + Vite dev server (proxy /api incl. WebSocket) on :5173
	@echo "fluxdash dev: http://127.0.0.1:5173 (API on :$(PORT))"
	trap 'kill 0' EXIT; \
	FLUXDASH_PORT=$(PORT) $(BIN)/uvicorn --factory fluxdash.main:create_app --reload --reload-dir backend --host $(HOST) --port $(PORT) & \
	$(NPM) run dev; wait

chromium: ## make sure Debian's Chromium is present (installs it with apt when root)
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium with apt"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests will be skipped)"; \
	fi

# Browser tests run in their own pytest process: Playwright's sync API keeps an event loop
# running on the main thread, which async tests in the same process cannot share.
test: install build chromium ## every test: backend, frontend unit, browser e2e
	$(BIN)/pytest -q -m "not e2e"
	$(NPM) run test
	$(BIN)/pytest -q -m e2e

test-backend: install ## backend tests without the browser
	$(BIN)/pytest -q -m "not e2e"

test-frontend: install ## frontend unit tests (Vitest)
	$(NPM) run test

test-e2e: install build chromium ## browser tests (Playwright + Debian Chromium)
	$(BIN)/pytest -q -m e2e

lint: install ## ruff, ruff format --check, mypy --strict, import-linter, tsc, biome
	$(BIN)/ruff check backend tests
	$(BIN)/ruff format --check backend tests
	$(BIN)/mypy
	$(BIN)/mypy tests
	$(BIN)/lint-imports
	$(NPM) run lint

fmt: install ## format and autofix
	$(BIN)/ruff format backend tests
	$(BIN)/ruff check --fix backend tests
	$(NPM) run fmt

openapi: install ## regenerate openapi/openapi.json and frontend/src/api/schema.gen.ts
	$(BIN)/fluxdash openapi --out openapi/openapi.json
	$(NPM) run gen

openapi-check: openapi ## fail when the generated files differ from the committed ones
	git diff --exit-code openapi frontend/src/api/schema.gen.ts

bench: install build chromium ## benchmarks against the embedded cluster (BENCH_N, BENCH_QUICK=1)
	$(BIN)/python -m tests.bench.run

clean: ## remove installs, builds and caches
	rm -rf $(VENV) $(TOOLS) $(STAMPS) frontend/node_modules frontend/dist .mypy_cache .ruff_cache .pytest_cache .hypothesis tests/e2e/artifacts
