# A newcomer needs two commands: `make serve` (the site at http://127.0.0.1:8000)
# and `make test`. Both create the virtualenv and install the pinned dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check scaffold browser bench

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(VENV)/.installed browser
	$(BIN)/python -m pytest

# The browser tests use Debian's Chromium (never a browser downloaded by Playwright).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y chromium; } \
	  || echo "Chromium is missing and cannot be installed without root: the browser tests will be skipped."

# Built beside site/ and swapped in only when the strict build passes: a failed build never
# leaves a half-built site where the last good one was.
build: $(VENV)/.installed
	rm -rf site.partial
	$(BIN)/mkdocs build --strict --site-dir site.partial
	rm -rf site && mv site.partial site

check: $(VENV)/.installed
	$(BIN)/python -m macros.check

scaffold: $(VENV)/.installed
	$(BIN)/python -m macros.scaffold $(YEAR)

# The build benchmark (bench/README.md), which prints figures; ARGS=--quick for a short run.
bench: $(VENV)/.installed
	@command -v patch >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y patch; }
	$(BIN)/python bench/run.py $(ARGS)

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@
