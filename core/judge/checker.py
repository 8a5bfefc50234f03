"""Parley's claim checker: does a stretch of an answer show a statement, not show it, or contradict it?

A cross-encoder trained here (scripts/train_checker.py; model card docs/claim-checker.md) from
all-MiniLM-L6-v2, shipped as int8 ONNX in models/checker/ and run on onnxruntime: no torch at run time and
nothing downloaded. It reads (statement, text) pairs: a key point, and the whole answer, a part of it or one
sentence, one pair per run (core.judge.pair_model). Loaded once per process, thread-safe; results are cached
by pair, and readings recorded in a file (core.judge.checks_file, `also_use`) are taken from it
(core.judge.shipped_model). If the file or runtime is missing, `available()` is False and the judge by meaning
decides alone.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from core.judge.shipped_model import ShippedModel

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "checker"
LABELS = ("not", "shows", "contradicts")

_shipped = ShippedModel(MODEL_DIR, "checker.onnx", cache_limit=50_000)
use, also_use, record, recorded = _shipped.use, _shipped.also_use, _shipped.record, _shipped.recorded
available, manifest = _shipped.available, _shipped.manifest


def probabilities(pairs: list[tuple[str, str]]) -> np.ndarray:
    """P(not, shows, contradicts) for each (statement, text) pair, one row each."""
    return _shipped.rows(pairs, len(LABELS))
