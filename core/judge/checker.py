"""Parley's claim checker: does a stretch of an answer show a statement, not show it, or contradict it?

A cross-encoder trained here (scripts/train_checker.py; model card docs/claim-checker.md) from
all-MiniLM-L6-v2, shipped as int8 ONNX in models/checker/ and run on onnxruntime: no torch at run time and
nothing downloaded. It reads (statement, text) pairs: a key point, and the whole answer, a part of it or one
sentence, one pair per run (core.judge.pair_model). Loaded once per process, thread-safe; results are cached
by pair, and readings recorded in a file (core.judge.checks_file, `also_use`) are taken from it. If the file or
runtime is missing, `available()` is False and the judge by meaning decides alone.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from core.judge.checks_file import Recorded
from core.judge.pair_model import PairModel

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "checker"
LABELS = ("not", "shows", "contradicts")
CACHE_LIMIT = 50_000

_lock = threading.Lock()
_model = PairModel(MODEL_DIR, "checker.onnx")
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_model_dir = MODEL_DIR
_readings = Recorded()  # recorded readings (also_use) of the loaded model, and what this run records


def use(directory: Path | str | None, recorded: bool = True) -> None:
    """Load the checker from another folder (tests: an untrained model); None: the shipped one. With
    `recorded=False` the model reads every pair itself (a test of the recorded readings)."""
    global _model, _model_dir
    with _lock:
        _model_dir = Path(directory) if directory else MODEL_DIR
        _model = PairModel(_model_dir, "checker.onnx")
        _cache.clear()
        _readings.reload(_model.file, recorded)


def also_use(path: Path | str) -> None:
    """Take readings recorded in `path` (core.judge.checks_file) when the loaded model made them."""
    with _lock:
        _readings.add(path, _model.file)


def record() -> None:
    """From now on keep every pair the model reads (for `recorded()`, then checks_file.save)."""
    _readings.start()


def recorded() -> dict[tuple[str, str], np.ndarray]:
    return dict(_readings.recording or {})


def available() -> bool:
    return _model.available()


def manifest() -> dict:
    return _model.manifest()


def probabilities(pairs: list[tuple[str, str]]) -> np.ndarray:
    """P(not, shows, contradicts) for each (statement, text) pair, one row each."""
    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    todo = []
    for i, pair in enumerate(pairs):
        hit = _cache.get(pair)
        if hit is None:
            hit = _readings.get(pair)
        if hit is not None:
            out[i] = hit
        else:
            todo.append(i)
    if not todo:
        return out
    out[todo] = _model.read([pairs[i] for i in todo])
    with _lock:
        for i in todo:
            _cache[pairs[i]] = out[i]
            if _model_dir == MODEL_DIR:  # the shipped model's readings only
                _readings.keep(pairs[i], out[i])
        while len(_cache) > CACHE_LIMIT:
            _cache.popitem(last=False)
    return out
