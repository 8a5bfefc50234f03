"""The meaning half of the screen: a small neural network over the multilingual sentence model's vectors.

Features are a message's unit vector from the bundled multilingual-e5-small (core.judge.meaning.passages),
standardised; one hidden layer (ReLU) and a softmax over CLASSES. It replaced a logistic regression over the same
vectors, which stopped improving with more data (docs/privacy-and-reliability.md). The practice mode is not a
feature: the helpers who wrote the training file put most refusals in chat, and a model given the mode learnt to
refuse "yes" in a chat. Weights, standardisation and the three thresholds come from models/safety/screen.npz, written by
scripts/train_safety.py (see its manifest). If the sentence model or the file is missing, `available()` is False
and the screen keeps to its exact rules.
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


def hidden(weights: dict, x: np.ndarray) -> np.ndarray:
    """The hidden layer's activations for features `x`."""
    return np.maximum(((x - weights["mean"]) / weights["scale"]) @ weights["w1"] + weights["b1"], 0.0)


def predict(weights: dict, x: np.ndarray) -> np.ndarray:
    """Class probabilities (rows: messages, columns: CLASSES) for features `x`."""
    return softmax(hidden(weights, x) @ weights["w2"] + weights["b2"])


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


def thresholds() -> tuple[float, float, float]:
    """(allow, self_harm, piece): refuse below P(allowed) = allow; support at P(self_harm) ≥ self_harm for the whole
    message, or ≥ piece for any of its `pieces`."""
    loaded = weights()
    return (float(loaded["allow_threshold"]), float(loaded["self_harm_threshold"]),
            float(loaded["self_harm_piece_threshold"]))


PIECE_WORDS, PIECE_STRIDE, LONG_SENTENCE = 16, 8, 24
# Pieces are read only when the whole message leans to self-harm at all: in cross-validation every message the
# pieces caught was at ≥ 0.035 as a whole, and 89 % of allowed messages are below 0.01 (a long spoken answer has
# about ten pieces: 0.2 s more on one core, bench/safety.py).
PIECE_GATE = 0.01


def pieces(text: str) -> list[str]:
    """The parts of a longer message that are also read on their own for self-harm: its sentences, and windows of
    PIECE_WORDS words (every PIECE_STRIDE) across a sentence of more than LONG_SENTENCE words, since speech comes
    unpunctuated. A line about ending it, said in passing inside a long interview answer, barely moves the whole
    message's vector. Empty when the message is a single piece."""
    from core.quotes import sentences

    text = " ".join(text.split())
    found: list[str] = []
    for start, end in sentences(text):
        words = text[start:end].split()
        if len(words) > LONG_SENTENCE:
            found += [" ".join(words[i:i + PIECE_WORDS]) for i in range(0, len(words) - PIECE_STRIDE, PIECE_STRIDE)]
        else:
            found.append(" ".join(words))
    return found if len(found) > 1 else []
