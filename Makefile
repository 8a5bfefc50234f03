# Parley: `make run` sets everything up and starts the app; `make test` sets up and runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
# Debian packages: packages.txt is what the app needs (Streamlit Cloud reads it too);
# the tests also need a real browser and pdftoppm.
DEB_APP := $(shell cat packages.txt)
DEB_TEST := chromium poppler-utils iproute2

.PHONY: setup setup-test run test test-fast bench clean

setup: $(STAMP) deb-app

$(STAMP): requirements.txt requirements-dev.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

deb-app:
	@bash scripts/apt-ensure.sh $(DEB_APP)

deb-test:
	@bash scripts/apt-ensure.sh $(DEB_APP) $(DEB_TEST)

run: setup
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: $(STAMP) deb-test
	$(PY) -m pytest

# Everything but the slow (models, AppTest, servers) and browser tests: the quick loop while editing.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not browser"

bench: setup
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script; done

clean:
	rm -rf $(VENV) .pytest_cache
