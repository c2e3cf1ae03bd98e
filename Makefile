.PHONY: run test setup setup-test lint typecheck unit integration e2e bench clean

VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

## make run: set everything up, start the database and the MQTT broker, migrate, load demo
## data if empty, serve; the jobs worker (`polis worker`) and the sensor ingest
## (`polis ingest`) run beside the web server and stop with it
run: setup
	$(BIN)/polis db start
	$(BIN)/polis broker start
	$(BIN)/polis db upgrade
	$(BIN)/polis demo load --if-empty
	$(BIN)/polis worker & W=$$!; $(BIN)/polis ingest & I=$$!; \
	trap 'kill $$W $$I' EXIT INT TERM; \
	$(BIN)/polis serve --host $(HOST) --port $(PORT)

## make test: set everything up and run lint, type checks and the whole test suite
test: setup-test lint typecheck
	$(BIN)/python -m pytest -p no:cacheprovider tests

setup:
	@bash setup.sh

setup-test:
	@bash setup.sh --test

lint:
	$(BIN)/ruff check models layers gis api webmap tests bench
	$(BIN)/ruff format --check models layers gis api webmap tests bench

typecheck:
	$(BIN)/mypy

unit: setup-test
	$(BIN)/python -m pytest tests/unit

bench: setup-test
	$(BIN)/python bench/ogc_features.py

clean:
	-$(BIN)/polis db stop
	rm -rf var
