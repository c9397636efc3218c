# `make build` and `make test` work on a fresh machine with Python 3.11 and make: they install what they
# need themselves (tools/install-system-deps.sh for the Debian packages, pip for the pinned Python ones).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two install stamps: the server needs only what building and serving need (requirements.txt);
# the test tools (requirements-test.txt: pytest, Playwright, ruff, mypy) come with `make test`.
RUNTIME := $(VENV)/.runtime-installed
TESTING := $(VENV)/.test-installed
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# Material prints an English end-of-life notice (May 5, 2027) on every build under the `mkdocs` name;
# the date and what it means for this site are in README and quyet-dinh/0001-mkdocs-het-vong-doi.md.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test test-fast fuzz serve publish bench bench-preview clean system-deps-build system-deps-test system-deps-bench

system-deps-build:
	@PYTHON="$(PYTHON)" tools/install-system-deps.sh build

system-deps-test:
	@tools/install-system-deps.sh test

system-deps-bench:
	@tools/install-system-deps.sh bench

$(RUNTIME): requirements.txt pyproject.toml | system-deps-build
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps --editable .
	touch $@

$(TESTING): $(RUNTIME) requirements-test.txt | system-deps-test
	$(PIP) -r requirements-test.txt
	touch $@

build: $(RUNTIME)
	$(BIN)/cchc build

# The HTML checker and axe-core, as pinned in package-lock.json (the quality-gate tests use them).
node_modules/.package-lock.json: package-lock.json | system-deps-test
	npm ci --no-audit --no-fund

# The Debian packages first: where they cannot be installed, make stops within seconds with the command to run.
# All four layers of tests/ (tests/support/layers.py): unit, build, browser, system.
test: system-deps-test $(TESTING) node_modules/.package-lock.json
	$(BIN)/python -m pytest

# The unit layer only (tests/unit/: the core in the test process, no build, subprocess, server or browser),
# to run after each edit: under a minute on 2 cores. Its tests are small, so they are dealt out one by one.
test-fast: $(TESTING)
	$(BIN)/python -m pytest -m unit --dist load tests/unit

# A long fuzzing campaign (huong-dan/noi-dung.md, "Nội dung lạ và nội dung độc"): 20,000 generated contents in
# process and 100 real builds, 20,000 HTML snippets against Chromium's parser and 4,000 damaged images through the
# image decoder, 4,000 random Markdown texts through the inline step against Python-Markdown's own, with a random
# seed, then the differential oracle (tests/build/test_oracle.py) over six rounds of edits of every kind of input;
# about an hour on 2 cores.
fuzz: $(TESTING)
	CCHC_FUZZ=long $(BIN)/python -m pytest -n0 -p no:cacheprovider tests/system/test_fuzz.py tests/browser/test_html_chromium.py \
		tests/unit/test_image_fuzz.py tests/unit/test_inline_skip.py tests/build/test_oracle.py

serve: $(RUNTIME)
	$(BIN)/cchc serve

# Checks the go-live list, then builds, verifies and switches the served folder in one step
# (huong-dan/quan-tri-web.md, "Xuất bản"): make publish DEST=/srv/cchc/site
publish: $(RUNTIME)
	@test -n "$(DEST)" || { echo "Cách dùng: make publish DEST=/srv/cchc/site" >&2; exit 2; }
	$(BIN)/cchc publish "$(DEST)"

# Issue 25's four figures (cold build; `cchc check` with no cache and after one post changed; a preview save until
# the page shows it; peak memory) as ratios against the bare MkDocs + Material floor and Hugo (Debian's `hugo`), all
# in one run, on both corpora: the project's generated posts at 1,000 and 10,000 (the preview and memory targets are
# at 10,000) and posts as staff write them at 1,000. About 30 minutes on 2 idle cores, three fifths of it the
# 10,000-post builds; a table per corpus goes into bench/RESULTS.md, with the command that made it.
bench: $(RUNTIME) | system-deps-bench
	$(BIN)/python bench/run.py --corpus project:1000,10000 --corpus staff:1000 --preview --write bench/RESULTS.md

# Save → page shows the change, in the preview: ours, mkdocs serve and hugo server on the same posts
# (about 30 minutes on 2 cores, mostly mkdocs serve at 10,000 posts); the table goes into bench/RESULTS.md.
bench-preview: $(RUNTIME) | system-deps-bench
	$(BIN)/python bench/preview.py --posts 1000 --posts 10000 --write bench/RESULTS.md

clean:
	rm -rf site $(VENV)
