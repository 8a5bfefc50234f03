"""Error rates between what was said and what was heard, comparable across scripts.

Case, punctuation and spacing are not errors (a recogniser's punctuation is style); characters are
compared after Unicode normalisation, so Chinese, Japanese and Korean are scored per character.
"""
from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Lower case, NFKC, letters, marks and digits only (spaces dropped)."""
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def edit_distance(a, b) -> int:
    """Levenshtein distance between two sequences (of characters or of words)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edits needed to turn the heard text into the said text, per said character (0 = perfect)."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)
