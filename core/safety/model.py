"""The meaning half of the screen: a logistic regression over the multilingual sentence model's vectors.

Features are a message's unit vector from the bundled multilingual-e5-small (core.judge.meaning.passages),
standardised; the classes are CLASSES. The practice mode is not a feature: the helpers who wrote the training
file put most refusals in chat, and a model given the mode learnt to refuse "yes" in a chat. Weights, standardisation and both thresholds come from
models/safety/screen.npz, written by scripts/train_safety.py (see its manifest). If the sentence model or the
file is missing, `available()` is False and the screen keeps to its exact rules.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

CLASSES = ("allowed", "harmful", "off_task", "injection", "harassment", "sexual", "self_harm")
WEIGHTS = Path(__file__).resolve().parents[2] / "models" / "safety" / "screen.npz"


def features(vectors: np.ndarray) -> np.ndarray:
    """The model's input: the messages' sentence vectors."""
    return np.asarray(vectors, dtype=np.float64).reshape(-1, 384)


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def predict(weights: dict, x: np.ndarray) -> np.ndarray:
    """Class probabilities (rows: messages, columns: CLASSES) for features `x`."""
    return softmax(((x - weights["mean"]) / weights["scale"]) @ weights["coef"] + weights["intercept"])


@lru_cache(maxsize=1)
def weights() -> dict | None:
    """The shipped weights and thresholds, read once (None when the file is missing)."""
    if not WEIGHTS.exists():
        return None
    with np.load(WEIGHTS) as data:
        loaded = {name: data[name] for name in data.files}
    if tuple(str(c) for c in loaded["classes"]) != CLASSES:
        return None
    return loaded


def available() -> bool:
    from core.judge import meaning

    return weights() is not None and meaning.available()


def probabilities(texts: list[str]) -> np.ndarray:
    """P(class) for each message (requires `available()`)."""
    from core.judge import meaning

    return predict(weights(), features(meaning.passages(list(texts))))


def thresholds() -> tuple[float, float]:
    """(allow, self_harm): refuse below P(allowed) = allow; support at P(self_harm) ≥ self_harm."""
    loaded = weights()
    return float(loaded["allow_threshold"]), float(loaded["self_harm_threshold"])
