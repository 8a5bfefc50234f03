"""Whether a résumé line shows a requirement, read by Parley's own evidence model.

A cross-encoder trained here on the labelled job sets (scripts/evidence_data.py, scripts/train_checker.py --task
evidence; model card docs/evidence-model.md) from all-MiniLM-L6-v2, shipped as int8 ONNX in models/evidence/ and run
on onnxruntime (core.judge.pair_model): no torch at run time, nothing downloaded. It reads (requirement, line) and
gives the probability that a careful hiring manager would accept the line as showing the requirement. If the file
or runtime is missing, `available()` is False and core.job.evidence falls back to reading by meaning.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from core.judge.checks_file import Recorded
from core.judge.pair_model import PairModel

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "evidence"
CACHE_LIMIT = 20_000

_lock = threading.Lock()
_model = PairModel(MODEL_DIR, "evidence.onnx")
_cache: OrderedDict[tuple[str, str], float] = OrderedDict()
_readings = Recorded()  # the labelled job sets' readings, recorded like the claim checker's (tests only)


def use(directory: Path | str | None, recorded: bool = True) -> None:
    """Load the model from another folder (tests: an untrained model); None: the shipped one."""
    global _model
    with _lock:
        _model = PairModel(Path(directory) if directory else MODEL_DIR, "evidence.onnx")
        _cache.clear()
        _readings.reload(_model.file, recorded)


def also_use(path: Path | str) -> None:
    """Take readings recorded in `path` (core.judge.checks_file) when the loaded model made them."""
    with _lock:
        _readings.add(path, _model.file)


def record() -> None:
    _readings.start()


def recorded() -> dict[tuple[str, str], "np.ndarray"]:
    return dict(_readings.recording or {})


def available() -> bool:
    return _model.available()


def manifest() -> dict:
    return _model.manifest()


def shows(wanted: list[str], found: list[str], mask: np.ndarray | None = None) -> np.ndarray:
    """(wanted x found) the probability that each line shows each requirement; a pair `mask` rules out (False) is
    not read and reads 0 (a brief reads only the pairs its rules allow: a résumé against ten requirements is a few
    hundred reads at about 13 ms each on one core)."""
    if mask is None:
        mask = np.ones((len(wanted), len(found)), dtype=bool)
    pairs = [(w, f) for i, w in enumerate(wanted) for j, f in enumerate(found) if mask[i, j]]
    values: dict[tuple[str, str], float] = {}
    todo = []
    for pair in dict.fromkeys(pairs):
        known = _cache.get(pair)
        if known is None:
            held = _readings.get(pair)
            known = None if held is None else float(held[1])
        if known is None:
            todo.append(pair)
        else:
            values[pair] = known
    if todo:
        read = _model.read(todo)
        with _lock:
            for pair, row in zip(todo, read):
                values[pair] = _cache[pair] = float(row[1])
                if _model.directory == MODEL_DIR:
                    _readings.keep(pair, row)
            while len(_cache) > CACHE_LIMIT:
                _cache.popitem(last=False)
    out = np.zeros((len(wanted), len(found)), dtype=np.float32)
    out[mask] = [values[p] for p in pairs]  # row-major, as the pairs were listed
    return out
