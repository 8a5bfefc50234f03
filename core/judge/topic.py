"""Whether an answer is about its question or about another question of the same domain.

An answer to a different question can sit near this question's key points by meaning (the same field's
words), so closeness alone would credit it. The judge compares how well the answer fits this question's key
points with how well it fits every other question of the domain: an answer that fits another one clearly
better is off topic, and earns no coverage.
"""
from __future__ import annotations

import numpy as np

from core import banks
from core.judge import meaning

# An answer is off topic when another question of its domain fits it this much better (mean over key points of
# the closest sentence), and its own question's fit is below OWN_FIT. Chosen on the first labelled claims set and the
# pair sets: 11 of its 14 off-topic answers caught, none of 488 on-topic answers (strong or weak) flagged.
MARGIN = 0.04
OWN_FIT = 0.85


def _domain(entry: dict) -> list[dict]:
    for questions in banks.interview_banks().values():
        if any(q["id"] == entry.get("id") for q in questions):
            return questions
    return []


_claims_cache: dict[str, tuple] = {}


def domain_claims(entry: dict) -> tuple:
    """The wrong claims listed for the other questions of the entry's domain: (items, forms, owner of each form,
    form vectors, correction vectors), built once per question."""
    key = entry.get("id") or ""
    if key not in _claims_cache:
        items = [m for other in _domain(entry) if other["id"] != key for m in other.get("misconceptions") or []]
        forms, owner = [], []
        for index, item in enumerate(items):
            for form in (item["claim"], *(item.get("said_as") or [])):
                forms.append(form)
                owner.append(index)
        vectors = meaning.passages(forms) if forms else np.zeros((0, 384), dtype=np.float32)
        corrections = meaning.passages([m["correction"] for m in items]) if items else np.zeros((0, 384), dtype=np.float32)
        _claims_cache[key] = (items, forms, owner, vectors, corrections)
    return _claims_cache[key]


def fit(points: list[dict], vectors: np.ndarray) -> float:
    """Mean over key points of the closest answer sentence's similarity (0 with nothing to compare)."""
    if not len(points) or not len(vectors):
        return 0.0
    wanted = meaning.queries([p["point"] for p in points])
    return float(np.mean(np.max(vectors @ wanted.T, axis=0)))


def best_other(entry: dict, vectors: np.ndarray) -> tuple[dict | None, float]:
    """The other question of the entry's domain that the answer fits best, and that fit."""
    best, best_fit = None, 0.0
    for other in _domain(entry):
        if other["id"] == entry.get("id"):
            continue
        value = fit(other.get("key_points") or [], vectors)
        if value > best_fit:
            best, best_fit = other, value
    return best, best_fit


def off_topic(entry: dict, vectors: np.ndarray) -> dict | None:
    """The question the answer seems to be about instead (a bank entry), or None when it is about its own."""
    if vectors is None or not len(vectors):
        return None
    own = fit(entry.get("key_points") or [], vectors)
    other, other_fit = best_other(entry, vectors)
    if other is not None and own < OWN_FIT and other_fit - own >= MARGIN:
        return other
    return None
