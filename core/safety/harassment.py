"""A second reading for threats and hate, asked only of a message the rest of the screen passes.

The screen's network (core.safety.model) weighs harassment against six other classes and self-harm; trained harder
on threats it supported fewer self-harm messages on sets it never saw (docs/privacy-and-reliability.md). This head
is a logistic regression over the same sentence vectors, harassment against allowed messages only, so it can add a
refusal but can never take away a self-harm reply. Weights, standardisation and the threshold come from
models/safety/harassment.npz, written by scripts/train_safety.py (its threshold keeps HARASSMENT_PASS of allowed
rows in cross-validation). Without the file or the sentence model, `available()` is False and nothing changes.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from core.safety.model import WEIGHTS as SCREEN_WEIGHTS

WEIGHTS = SCREEN_WEIGHTS.with_name("harassment.npz")


def predict(weights: dict, x: np.ndarray) -> np.ndarray:
    """P(harassment) for each row of sentence vectors `x`."""
    z = (np.asarray(x, dtype=np.float64).reshape(-1, 384) - weights["mean"]) / weights["scale"]
    return 1.0 / (1.0 + np.exp(-(z @ weights["w"] + weights["b"])))


@lru_cache(maxsize=1)
def weights() -> dict | None:
    """The shipped weights and threshold, read once (None when the file is missing)."""
    if not WEIGHTS.exists():
        return None
    with np.load(WEIGHTS) as data:
        return {name: data[name] for name in data.files}


def available() -> bool:
    from core.judge import meaning

    return weights() is not None and meaning.available()


def threshold() -> float:
    return float(weights()["threshold"])


def probability(text: str) -> float:
    """P(harassment) for one message (requires `available()`)."""
    from core.judge import meaning

    return float(predict(weights(), meaning.passages([text]))[0])
