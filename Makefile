# A newcomer needs two commands: `make serve` (the site at http://127.0.0.1:8000)
# and `make test`. Both create the virtualenv and install the pinned dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: html-checker serve test test-next-year test-new-portfolio test-fast lint build preview check scaffold portfolio browser bench fuzz

PORT ?= 8000

# Not strict: a mistake shows on the page and in the terminal, and the server keeps answering.
# --dirty: a rebuild builds only the pages an edit changes (macros/edge/hooks.py says which).
serve: $(VENV)/.installed
	STRICT=false $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

# The whole suite, then the whole suite again on a copy of the project with next year's report added as the
# editor's guide says (scaffolded, every figure and page filled in, checked and committed: tests/next_year.py),
# so a test that holds only for today's reports fails here, not in the council's next pull request; then again
# on a copy with a second portfolio added with the guide's commands (tests/new_portfolio.py), so a test that holds
# only for a council of one portfolio fails here too.
test: lint browser html-checker
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-next-year
	$(MAKE) --no-print-directory test-new-portfolio

test-next-year: $(VENV)/.installed browser html-checker
	@copy=$$(mktemp -d) && trap 'rm -rf "$$copy"' EXIT && \
	  $(BIN)/python tests/next_year.py "$$copy/project" && \
	  echo "== The whole suite again, on a copy with next year's report added as the guide says" && \
	  cd "$$copy/project" && "$(CURDIR)/$(BIN)/python" -m pytest -p no:cacheprovider

test-new-portfolio: $(VENV)/.installed browser html-checker
	@copy=$$(mktemp -d) && trap 'rm -rf "$$copy"' EXIT && \
	  $(BIN)/python tests/new_portfolio.py "$$copy/project" && \
	  echo "== The whole suite again, on a copy with a second portfolio added as the guide says" && \
	  cd "$$copy/project" && "$(CURDIR)/$(BIN)/python" -m pytest -p no:cacheprovider

# What a maintainer runs after each change (under 30 s): everything but the browser tests and the
# tests that build or serve the whole site.
test-fast: lint
	$(BIN)/python -m pytest -m "not browser and not slow" -n auto --dist loadfile

# The generated attacks (tests/test_generated_attacks.py) at length: many more examples than the suite's
# fixed few, random each run; a failure prints the smallest document that shows it.
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_generated_attacks.py

# ruff's settings are in pyproject.toml.
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# The browser tests use Debian's Chromium (never a browser downloaded by Playwright).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y chromium; } \
	  || echo "Chromium is missing and cannot be installed without root: the browser tests will be skipped."

# The Nu HTML Checker (tests/test_html_validity.py): vnu.jar pinned by npm's lock file with its hash, and Java
# to run it; both installed as root where missing. VNU_JAR points the tests (and next year's copy) at it.
HTML_CHECKER := tests/html-checker
export VNU_JAR := $(CURDIR)/$(HTML_CHECKER)/node_modules/vnu-jar/build/dist/vnu.jar

html-checker: $(HTML_CHECKER)/node_modules/.installed

$(HTML_CHECKER)/node_modules/.installed: $(HTML_CHECKER)/package-lock.json
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y default-jre-headless; } \
	  || echo "Java is missing and cannot be installed without root: the HTML checker's test will be skipped."
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y npm; } || true
	cd $(HTML_CHECKER) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Built strictly into a folder of its own beside site/ and swapped in, under a lock, only when it passes: a
# failed, interrupted or concurrent build, or a full disk, never leaves a half-built site where the last good
# one was (macros/tools/build_site.py).
build: $(VENV)/.installed
	$(BIN)/python -m macros.tools.build_site site

# The copy a pull request uploads, which opens from disk (site-preview/index.html, no server):
# pages as "<name>.html" files; search needs a web server, and the box says so. tests/test_preview.py
# reads PREVIEW_ENV.
PREVIEW_ENV := DIRECTORY_URLS=false

preview: $(VENV)/.installed
	$(PREVIEW_ENV) $(BIN)/python -m macros.tools.build_site site-preview

check: $(VENV)/.installed
	$(BIN)/python -m macros.tools.check

# A portfolio's next report, copied from its last: make scaffold PORTFOLIO=central-services YEAR=2019 (PORTFOLIO may be
# left out where the council has one portfolio). A portfolio's first report starts empty.
scaffold: $(VENV)/.installed
	$(BIN)/python -m macros.tools.scaffold $(PORTFOLIO) $(YEAR)

# A new portfolio and its services: make portfolio PORTFOLIO=environment TITLE="Environment and Highways"
# SERVICES="waste:Waste and Recycling,highways:Highways". The shell reads the words from the environment, where
# make puts them, so quotes or $ in a title are words, not commands.
portfolio: $(VENV)/.installed
	$(BIN)/python -m macros.tools.new_portfolio "$$PORTFOLIO" "$$TITLE" "$$SERVICES"

# The build benchmark (bench/README.md), which prints figures; ARGS=--quick for a short run.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py $(ARGS)

# Every file pip installs must match a hash in requirements.txt (`make requirements` writes them).
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

# requirements.txt from requirements.in: every package pinned, with the sha256 of each of its files on PyPI.
# Pins already in requirements.txt are kept; ARGS="--upgrade-package NAME" moves one to its newest release.
# pip-tools, pinned here, runs from a throwaway virtualenv, never from .venv. --allow-unsafe pins pip and
# setuptools too should anything need them, since --require-hashes refuses any package without a hash.
PIP_TOOLS := pip-tools==7.7.0

.PHONY: requirements
requirements: requirements.in
	@tools=$$(mktemp -d) && trap 'rm -rf "$$tools"' EXIT && \
	  { $(PYTHON) -m venv "$$tools" || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv "$$tools"; }; } && \
	  "$$tools/bin/python" -m pip install --quiet --disable-pip-version-check $(PIP_TOOLS) && \
	  CUSTOM_COMPILE_COMMAND="make requirements" "$$tools/bin/pip-compile" --quiet --generate-hashes \
	    --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(ARGS) \
	    --output-file requirements.txt requirements.in
