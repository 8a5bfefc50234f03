"""Whether a résumé line shows a requirement, read by Parley's own evidence model.

A cross-encoder trained here on the labelled job sets (scripts/evidence_data.py, scripts/train_checker.py --task
evidence; model card docs/evidence-model.md) from all-MiniLM-L6-v2, shipped as int8 ONNX in models/evidence/ and run
on onnxruntime (core.judge.pair_model): no torch at run time, nothing downloaded. It reads (requirement, line) and
gives the probability that a careful hiring manager would accept the line as showing the requirement. If the file
or runtime is missing, `available()` is False and core.job.evidence falls back to reading by meaning.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from core.judge.shipped_model import ShippedModel

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "evidence"

_shipped = ShippedModel(MODEL_DIR, "evidence.onnx", cache_limit=20_000)
use, also_use, record, recorded = _shipped.use, _shipped.also_use, _shipped.record, _shipped.recorded
available, manifest = _shipped.available, _shipped.manifest


def shows(wanted: list[str], found: list[str], mask: np.ndarray | None = None) -> np.ndarray:
    """(wanted x found) the probability that each line shows each requirement; a pair `mask` rules out (False) is
    not read and reads 0 (a brief reads only the pairs its rules allow: a résumé against ten requirements is a few
    hundred reads at about 13 ms each on one core)."""
    if mask is None:
        mask = np.ones((len(wanted), len(found)), dtype=bool)
    pairs = [(w, f) for i, w in enumerate(wanted) for j, f in enumerate(found) if mask[i, j]]
    unique = list(dict.fromkeys(pairs))
    read = dict(zip(unique, _shipped.rows(unique, 2)[:, 1])) if unique else {}
    out = np.zeros((len(wanted), len(found)), dtype=np.float32)
    out[mask] = [read[p] for p in pairs]  # row-major, as the pairs were listed
    return out
