"""Whether a sentence states one of a question's known wrong claims, read by Parley's claim reader.

The claim checker (core.judge.checker) continued on each misconception's claim against blind sentences that state
it, state its correction, or do neither (scripts/continue_checker.py, `--sources claims,bank`; model card
docs/claim-checker.md, run r26c). The checker itself never saw a claim it should read as "not", so it reads almost
any sentence on a claim's topic as saying it; this one tells them apart, and names a wrong claim the judge by meaning
misses because it is said in other words. Its point readings moved too (lower recall on the blind sets), so the
shipped checker keeps the points and this file reads claims only. int8 with a scale per output channel, on
onnxruntime; if the file or runtime is missing, `available()` is False and no claim is named by it.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from core.judge.shipped_model import ShippedModel

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "claim_reader"
LABELS = ("not", "shows", "contradicts")

_shipped = ShippedModel(MODEL_DIR, "checker.onnx", cache_limit=20_000)
use, also_use, record, recorded = _shipped.use, _shipped.also_use, _shipped.record, _shipped.recorded
available, manifest = _shipped.available, _shipped.manifest


def probabilities(pairs: list[tuple[str, str]]) -> np.ndarray:
    """P(not, shows, contradicts) for each (claim or correction, sentence) pair, one row each."""
    return _shipped.rows(pairs, len(LABELS))
