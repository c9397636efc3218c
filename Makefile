# `make build` and `make test` work on a fresh machine with Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The notice about MkDocs 2.0 is for theme authors, not for people building this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test fuzz serve publish bench bench-preview clean

$(VENV)/.installed: requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $@

build: $(VENV)/.installed
	$(BIN)/cchc build

# The HTML checker and axe-core, as pinned in package-lock.json (the quality-gate tests use them).
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

test: $(VENV)/.installed node_modules/.package-lock.json
	$(BIN)/python -m pytest

# A long fuzzing campaign (README, "Nội dung lạ và nội dung độc"): 20,000 generated contents in
# process and 100 real builds, with a random seed; about 30 minutes on 2 cores.
fuzz: $(VENV)/.installed
	CCHC_FUZZ=long $(BIN)/python -m pytest -n0 -p no:cacheprovider tests/test_fuzz.py

serve: $(VENV)/.installed
	$(BIN)/cchc serve

# Build, verify and switch the served folder in one step (README, "Xuất bản"): make publish DEST=/srv/cchc/site
publish: $(VENV)/.installed
	@test -n "$(DEST)" || { echo "Cách dùng: make publish DEST=/srv/cchc/site" >&2; exit 2; }
	$(BIN)/cchc publish "$(DEST)"

# Build speed at 1,000 and 10,000 generated posts against the bare MkDocs + Material floor, in one
# run (about 15 minutes on 2 cores); the table goes into bench/RESULTS.md.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py --posts 1000 --posts 10000 --write bench/RESULTS.md

# Save → page shows the change, in the preview: ours, mkdocs serve and hugo server on the same posts
# (about 30 minutes on 2 cores, mostly mkdocs serve at 10,000 posts); the table goes into bench/RESULTS.md.
bench-preview: $(VENV)/.installed
	$(BIN)/python bench/preview.py --posts 1000 --posts 10000 --write bench/RESULTS.md

clean:
	rm -rf site $(VENV)
