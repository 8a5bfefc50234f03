"""Job materials as passages, and the passages most relevant to a question or an answer.

A passage is a few whole sentences of one document (never a cut sentence), with the document's name as its
source, so the interviewer can say where a point came from. Retrieval ranks passages by meaning with the
bundled sentence model; vectors are computed once per passage text and cached (core.judge.meaning).
Chunk size, top-k and the floor were chosen on the labelled job set (docs/job-tailoring.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.job import text as doc
from core.judge import meaning

CHUNK_WORDS = 35  # a passage grows sentence by sentence until it has at least this many words
MAX_CHUNK_WORDS = 90  # ...and never past this many (a long sentence stands alone)
TOP_K = 3
MIN_SCORE = 0.80  # below this a passage is not about the question (every labelled hit scored 0.82 or more)


@dataclass(frozen=True)
class Passage:
    source: str  # the document's name, e.g. "Job description" or "Company values page"
    text: str
    start: int  # where it starts in its document
    end: int


def chunk(source: str, text: str, words: int | None = None) -> list[Passage]:
    """Passages of whole sentences, about `words` words each (default CHUNK_WORDS), in document order."""
    size = words or CHUNK_WORDS
    text = text or ""
    out: list[Passage] = []
    group: list[tuple[int, int]] = []
    count = 0
    for start, end in doc.units(text):
        n = len(text[start:end].split())
        if group and count + n > max(MAX_CHUNK_WORDS, size):
            out.append(Passage(source, text[group[0][0]:group[-1][1]], group[0][0], group[-1][1]))
            group, count = [], 0
        if doc.is_heading(text[start:end]) and not doc.is_bullet(text[start:end]) and group:
            out.append(Passage(source, text[group[0][0]:group[-1][1]], group[0][0], group[-1][1]))
            group, count = [], 0
        group.append((start, end))
        count += n
        if count >= size:
            out.append(Passage(source, text[group[0][0]:group[-1][1]], group[0][0], group[-1][1]))
            group, count = [], 0
    if group:
        out.append(Passage(source, text[group[0][0]:group[-1][1]], group[0][0], group[-1][1]))
    return [p for p in out if len(p.text.split()) >= 4]


def chunk_all(materials: list[tuple[str, str]], words: int | None = None) -> list[Passage]:
    """Passages of every (name, text) document."""
    return [p for name, text in materials for p in chunk(name, text, words)]


def embed(passages: list[Passage]) -> np.ndarray:
    """Unit vectors of the passages (cached by text, so a second call costs nothing)."""
    return meaning.passages([p.text for p in passages])


def retrieve(query: str, passages: list[Passage], k: int | None = None,
             floor: float | None = None) -> list[tuple[Passage, float]]:
    """The k passages closest in meaning to `query`, best first, none below the floor."""
    k = TOP_K if k is None else k
    floor = MIN_SCORE if floor is None else floor
    if not passages or not (query or "").strip() or not meaning.available():
        return []
    scores = embed(passages) @ meaning.queries([query])[0]
    order = np.argsort(-scores)[:k]
    return [(passages[i], float(scores[i])) for i in order if scores[i] >= floor]
