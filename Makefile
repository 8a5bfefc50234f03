# Parley: `make run` sets everything up and starts the app; `make test` sets up and runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
# Debian packages: packages.txt is what the app needs (Streamlit Cloud reads it too);
# the tests also need a real browser, pdftoppm, and a real PostgreSQL and HAProxy (started by the tests on
# 127.0.0.1, as the unprivileged postgres user when run as root).
DEB_APP := $(shell cat packages.txt)
DEB_TEST := chromium poppler-utils iproute2 postgresql haproxy

.PHONY: setup setup-test run test test-fast bench vectors checker checker-continue claim-reader checker-smoke evidence topic soundness clean

setup: $(STAMP) deb-app

# uv installs the same versions as pip in about a quarter of the time (14 s against 62 s here, both with
# warm caches); pip is the fallback when uv cannot be had or fails. --compile-bytecode, as pip does: without
# .pyc files (and with PYTHONDONTWRITEBYTECODE set, as on these machines) every process compiled Streamlit
# and the rest from source, and a live test's first Feedback run came late enough to lose End session's race.
$(STAMP): requirements.txt requirements-dev.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@if $(PY) -m pip install --quiet uv && \
	  $(PY) -m uv pip install --quiet --compile-bytecode --python $(PY) -r requirements-dev.txt; \
	then echo "installed with uv"; \
	else echo "uv failed: installing with pip"; \
	  $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -r requirements-dev.txt; fi
	@touch $(STAMP)

deb-app:
	@bash scripts/apt-ensure.sh $(DEB_APP)

deb-test:
	@bash scripts/apt-ensure.sh $(DEB_APP) $(DEB_TEST)

run: setup
	$(PY) -m streamlit run app.py --server.port $(PORT)

# The whole suite in three steps; every step always runs, and any part failing fails the target.
# 1. Everything but the browser, judge and cpu tests, on both cores (pytest-xdist; a test file's tests on one
#    worker, so module fixtures are built once; one OpenMP thread per worker: two workers with two threads
#    each fought over two cores). Three workers were slower (4 min 47 s against 4 min 18 s): it is CPU-bound.
# 2. The browser tests one at a time (two real servers and Chromiums at once starved each other), except the
#    live calls; they keep about three quarters of the machine busy (Chromium). Beside them, in one process
#    at the lowest CPU priority, the judge and cpu tests: single-threaded model work with no clock in it
#    (the judge over the labelled answers, Whisper over recordings, the CEFR fit), about 2 CPU-min. Split over
#    two processes, the lane took the browser tests from 3 min 47 s alone to 4 min 27 s. Its output is printed
#    after the browser tests'.
# 3. The live calls, alone: they time a real-time call, and under load the coach is late in ways these tests
#    cannot tell from a defect.
PARALLEL := OMP_NUM_THREADS=1 $(PY) -m pytest -n 2 --dist loadfile
LANE := "(judge or cpu) and not browser"
BROWSER_FILES := $(wildcard tests/*_browser.py)  # only these are collected for steps 2 and 3 (conftest.py checks)
test: $(STAMP) deb-test
	@status=0; $(PARALLEL) -m "not browser and not judge and not cpu" || status=1; \
	lane_log=$$(mktemp); \
	OMP_NUM_THREADS=1 nice -n 19 $(PY) -m pytest -p no:cacheprovider -m $(LANE) >"$$lane_log" 2>&1 & lane=$$!; \
	trap 'kill $$lane 2>/dev/null; rm -f "$$lane_log"' EXIT; trap 'exit 130' INT TERM; \
	$(PY) -m pytest -m "browser and not live" $(BROWSER_FILES) || status=1; \
	wait $$lane || status=1; cat "$$lane_log"; rm -f "$$lane_log"; \
	$(PY) -m pytest -m "browser and live" $(BROWSER_FILES) || status=1; exit $$status

# Remake the shipped embeddings after editing data/interview (data/bank_vectors.npz) or a labelled answer set
# (tests/data/labelled_vectors.npz: recorded from a run of the judge tests), and the claim checker's readings of
# the labelled answers after retraining it (tests/data/labelled_checks.npz, the same run), and the evidence model's
# readings of the labelled job sets (tests/data/jobs_checks.npz) and the job sets' embeddings (tests/data/jobs_vectors.npz).
# tests/test_bank_vectors.py and tests/test_checker_model.py check them against the models.
vectors: setup
	$(PY) scripts/embed_banks.py
	PARLEY_RECORD_VECTORS=tests/data/labelled_vectors.npz PARLEY_RECORD_CHECKS=tests/data/labelled_checks.npz \
	  PARLEY_RECORD_TOPIC=tests/data/labelled_topic.npz PARLEY_RECORD_CLAIMS=tests/data/labelled_claim_reads.npz \
	  PARLEY_RECORD_SOUNDNESS=tests/data/labelled_soundness.npz \
	  $(PY) -m pytest -p no:cacheprovider -q -s -m "judge and not browser"
	PARLEY_RECORD_EVIDENCE=tests/data/jobs_checks.npz \
	  $(PY) -m pytest -p no:cacheprovider -q -s -m "not browser" tests/test_job_*.py tests/test_evidence_model.py
	$(PY) scripts/tune_job.py tests/data/jobs_a.json record

# Train the claim checker (scripts/train_checker.py) in a venv of its own: torch is for training only, the app runs
# the exported ONNX file. About 80 min on 2 cores; writes models/checker/ and its manifest (docs/claim-checker.md).
TRAIN_VENV := .venv-train
$(TRAIN_VENV)/.installed: requirements-train.txt
	@test -d $(TRAIN_VENV) || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r requirements-train.txt
	@touch $@
checker: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python scripts/train_checker.py
# The résumé-evidence model (docs/evidence-model.md): its pairs are read with the app's own résumé reader (the app's
# venv), then trained the same way (about 30 min on 2 cores); writes models/evidence/.
evidence: setup $(TRAIN_VENV)/.installed
	$(PY) scripts/evidence_data.py build/evidence_pairs.jsonl
	$(TRAIN_VENV)/bin/python scripts/train_checker.py --task evidence --pairs build/evidence_pairs.jsonl --epochs 2 --lr 5e-5
# The topic model (docs/topic-model.md): does an answer answer its question or another one? About 45 min on 2 cores;
# writes models/topic/.
topic: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python scripts/train_topic.py

# The soundness model (docs/claim-checker.md): does a window of an answer state something wrong about its question?
# About 55 min on 2 cores; writes models/soundness/.
soundness: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python scripts/train_soundness.py
# Continue the shipped checker on more pairs instead of training from the base (scripts/continue_checker.py): 20-30
# min on 2 cores, so a data idea is tried and measured in one sitting; writes build/checker-continued/ (or OUT=...).
checker-continue: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python scripts/continue_checker.py --out $(or $(OUT),build/checker-continued)
# The claim reader (core/judge/claim_reader.py): the shipped checker continued on known wrong claims said, corrected
# and not said; about 30 min on 2 cores; writes models/claim_reader/ (docs/claim-checker.md).
claim-reader: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python scripts/continue_checker.py --sources claims,bank --out models/claim_reader
checker-smoke: $(TRAIN_VENV)/.installed
	$(TRAIN_VENV)/bin/python scripts/train_checker.py --out $$(mktemp -d) --limit 64 --epochs 1 --batch 16

# Everything but the slow (models, AppTest, servers) and browser tests: the quick loop while editing.
test-fast: $(STAMP)
	$(PARALLEL) -q -m "not slow and not browser"

bench: setup
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script; done

clean:
	rm -rf $(VENV) $(TRAIN_VENV) .pytest_cache
