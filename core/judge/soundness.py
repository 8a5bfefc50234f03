"""Whether an answer says something wrong about its question, read by Parley's own soundness model.

A cross-encoder trained here (`make soundness`: scripts/train_soundness.py on scripts/soundness_data.py's windows of
the labelled claims sets; model card docs/soundness-model.md) from all-MiniLM-L6-v2, shipped as int8 ONNX in
models/soundness/ and run on onnxruntime: no torch at run time, nothing downloaded. It reads (the question and its key
points, a window of the answer) and gives the probability that the window states something an examiner marked wrong.

Why beside the claim checker: most confident-wrong answers state a wrong claim that is neither a listed
misconception nor a direct contradiction of one key point, so the point-by-point judgement misses them and they
score like right answers. This model reads the answer against the whole question at once. It only lowers a score;
it never names a sentence as wrong (it cannot say which claim is wrong, and the report says only what it can show).
If the file or runtime is missing, `available()` is False and nothing changes.
"""
from __future__ import annotations

from pathlib import Path

from core.judge.shipped_model import ShippedModel
from core.text.windows import statement, windows

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "soundness"

_shipped = ShippedModel(MODEL_DIR, "soundness.onnx", cache_limit=2_000)
use, also_use, record, recorded = _shipped.use, _shipped.also_use, _shipped.record, _shipped.recorded
available, manifest = _shipped.available, _shipped.manifest


def wrong(answer: str, question: dict | None) -> float | None:
    """How likely the answer states something wrong (the most doubtful window), or None when it cannot be read."""
    if not question or not (answer or "").strip() or not available():
        return None
    head = statement(question)
    pairs = [(head, answer[a:b]) for a, b in windows(answer)]
    return float(_shipped.rows(pairs, 2)[:, 1].max())
