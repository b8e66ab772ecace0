# Two commands on a fresh Debian machine with Python 3.11:
#   make run    set up everything, load the demo data, serve http://127.0.0.1:8000
#   make test   set up everything (incl. Debian's Chromium for browser tests), run the suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench bench-deadlines bench-intake bench-queues bench-report bench-lookup chromium fonts clean

run: $(STAMP) fonts
	$(BIN)/cchc demo

test: $(STAMP) chromium fonts
	$(BIN)/ruff check src bench
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

format: $(STAMP)
	$(BIN)/ruff format src bench
	$(BIN)/ruff check --fix src bench

# Benchmarks (not tests; see bench/README.md). intake, queues, report and lookup need
# PostgreSQL (CCHC_BENCH_PG, default postgres://postgres@127.0.0.1:5432/postgres).
bench: bench-deadlines bench-intake bench-queues bench-report bench-lookup

bench-deadlines: $(STAMP)
	$(BIN)/python bench/deadlines.py

bench-intake: $(STAMP)
	$(BIN)/python bench/intake.py

bench-queues: $(STAMP)
	$(BIN)/python bench/queues.py

bench-report: $(STAMP)
	$(BIN)/python bench/report.py

bench-lookup: $(STAMP)
	$(BIN)/python bench/lookup.py

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# WeasyPrint (PDF) needs Pango, and HarfBuzz-Subset to embed font subsets quickly.
# "Times New Roman" must resolve to a metric-compatible font with Vietnamese glyphs: fontconfig
# maps it to Tinos (fonts-croscore) or Liberation Serif (fonts-liberation2).
FONT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
	fonts-liberation2 fonts-croscore

fonts:
	@missing=""; for package in $(FONT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'install ok installed' \
			|| missing="$$missing $$package"; \
	done; \
	test -z "$$missing" || { \
		echo "Installing Debian packages for PDF and fonts:$$missing…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
			&& fc-cache -f >/dev/null; }

clean:
	rm -rf $(VENV) var staticfiles
