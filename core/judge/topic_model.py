"""Whether an answer answers a question, read by Parley's own topic model.

A cross-encoder trained here (`make topic`: scripts/train_topic.py on scripts/topic_data.py's pairs from the labelled
claims sets and behavioural stories written blind for it; model card docs/topic-model.md) from all-MiniLM-L6-v2,
shipped as int8 ONNX in models/topic/ and run on onnxruntime (core.judge.pair_model): no torch at run time, nothing
downloaded. It reads (question, whole answer) and gives the probability that the answer answers that question rather
than another one. If the file or runtime is missing, `available()` is False and core.judge.topic decides by meaning
alone.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from core.judge.shipped_model import ShippedModel

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "topic"

_shipped = ShippedModel(MODEL_DIR, "topic.onnx", cache_limit=5_000)
use, also_use, record, recorded = _shipped.use, _shipped.also_use, _shipped.record, _shipped.recorded
available, manifest = _shipped.available, _shipped.manifest


def answers(questions: list[str], answer: str) -> np.ndarray:
    """For each question, the probability that `answer` answers it (one read each, about 15 ms on one core)."""
    if not questions:
        return np.zeros(0, dtype=np.float32)
    return _shipped.rows([(q, answer) for q in questions], 2)[:, 1]
