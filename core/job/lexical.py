"""Word overlap between a query and passages (BM25 over content-word stems), to sit beside meaning in retrieval.

The sentence model ranks passages by topic; a job's own nouns ("PAYE", "Revit", "covenants") are what tie a
requirement to the passage about it when the material says the rest in other words. BM25 weighs a shared word
by how rare it is among the passages, and a long passage does not win by length alone.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

from core.judge.substance import FUNCTION_WORDS

_WORD = re.compile(r"[^\W_]+")
STEM = 5  # a word's first five letters stand for it, so "covenant" and "covenants", "files" and "filing" meet

K1 = 1.2  # BM25's usual constants; each word counts once per passage, so K1 only shapes the length penalty
B = 0.75


@lru_cache(maxsize=8192)  # a job's passages are scored again for every turn's query
def stems(text: str) -> frozenset[str]:
    """Content-word stems: words of three letters or more and acronyms of two ("HR", "RTI", "SQL")."""
    return frozenset(w.lower()[:STEM] for w in _WORD.findall(text or "")
                     if (len(w) >= 3 or (len(w) == 2 and w.isupper())) and w.lower() not in FUNCTION_WORDS)


def bm25(query: str, texts: list[str]) -> np.ndarray:
    """BM25 score of each text for `query` (0 where they share no content word)."""
    docs = [stems(t) for t in texts]
    if not docs:
        return np.zeros(0)
    wanted = stems(query)
    average = sum(map(len, docs)) / len(docs) or 1.0
    frequency = Counter(w for d in docs for w in d)
    out = np.zeros(len(docs))
    for j, d in enumerate(docs):
        norm = 1 + K1 * (1 - B + B * len(d) / average)
        out[j] = sum(math.log(1 + (len(docs) - frequency[w] + 0.5) / (frequency[w] + 0.5)) * (K1 + 1) / norm
                     for w in wanted & d)
    return out
