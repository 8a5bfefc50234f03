"""Job materials as passages, and the passages most relevant to a question or an answer.

A passage is a few whole sentences of one document (never a cut sentence), with the document's name as its
source, so the interviewer can say where a point came from. Retrieval ranks passages by meaning with the
bundled sentence model; vectors are computed once per passage text and cached (core.judge.meaning), and kept in
the database for later sessions and other processes (services.job_materials).
A passage's rank adds its closeness in meaning to its word overlap with the query (core.job.lexical), each
standardised over the job's passages: the material often says a requirement in other words but keeps its nouns.
The floor is on meaning alone, so a passage that only shares a word is never sent.
Chunk size, top-k, the word weight and the floor were chosen on the labelled job set (docs/job-tailoring.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.job import lexical
from core.job import text as doc
from core.quotes import sentences
from core.judge import meaning

CHUNK_WORDS = 35  # a passage grows sentence by sentence until it has at least this many words
MAX_CHUNK_WORDS = 90  # ...and never past this many (a long sentence stands alone)
TOP_K = 3
MIN_SCORE = 0.79  # below this a passage is not about the question (every labelled hit scored 0.791 or more)
LEXICAL_WEIGHT = 0.4  # word overlap's share of the rank, next to meaning's 1 (0.3-0.6 score alike on the sets)


@dataclass(frozen=True)
class Passage:
    source: str  # the document's name, e.g. "Job description" or "Company values page"
    text: str
    start: int  # where it starts in its document
    end: int
    heading: str = ""  # the title of the section it stands in ("Union picture"), shown with it to a model


def blocks(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """(section title, sentence spans) of each block of a document: a paragraph (lines with no blank line between
    them) or one bullet. A title line is not in any block: it names the section of the blocks under it."""
    found: list[tuple[str, list[tuple[int, int]]]] = []
    heading, current, previous_end = "", None, None
    for start, end in doc.lines(text):
        line = text[start:end]
        blank_before = previous_end is not None and text.count("\n", previous_end, start) >= 2
        previous_end = end
        if doc.is_heading(line) and not doc.is_bullet(line):
            heading, current = doc.strip_bullet(line).rstrip(":").strip(), None
            continue
        if current is None or blank_before or doc.is_bullet(line):
            current = (heading, [])
            found.append(current)
        offset = len(line) - len(doc.BULLET.sub("", line))
        current[1].extend((start + offset + s, start + offset + e) for s, e in sentences(line[offset:]))
    return [block for block in found if block[1]]


def chunk(source: str, text: str, words: int | None = None) -> list[Passage]:
    """Passages of whole sentences, about `words` words each (default CHUNK_WORDS), in document order.

    A passage never spans two sections. A block (paragraph or bullet) starts a new passage unless the passage so
    far is under half the size (short bullets of one section go together); a long block is cut after the
    sentence that reaches the size, and a short tail left by the cut joins the piece before it."""
    size = words or CHUNK_WORDS
    text = text or ""
    groups: list[tuple[str, list[tuple[int, int]]]] = []  # (section title, sentence spans)

    def count(spans: list[tuple[int, int]]) -> int:
        return sum(len(text[s:e].split()) for s, e in spans)

    group: list[tuple[int, int]] = []
    title = ""
    for heading, spans in blocks(text):
        if group and (heading != title or count(group) >= size // 2):
            groups.append((title, group))
            group = []
        title = heading
        cut_here = len(groups)
        for span in spans:
            n = len(text[span[0]:span[1]].split())
            if group and count(group) + n > max(MAX_CHUNK_WORDS, size):
                groups.append((title, group))
                group = []
            group.append(span)
            if count(group) >= size:
                groups.append((title, group))
                group = []
        if group and len(groups) > cut_here and count(group) < size // 2 \
                and count(groups[-1][1]) + count(group) <= max(MAX_CHUNK_WORDS, size):
            groups[-1] = (title, groups[-1][1] + group)  # the tail of a block cut above joins its last piece
            group = []
    if group:
        groups.append((title, group))
    out = [Passage(source, text[spans[0][0]:spans[-1][1]], spans[0][0], spans[-1][1], heading)
           for heading, spans in groups]
    return [p for p in out if len(p.text.split()) >= 4]


def chunk_all(materials: list[tuple[str, str]], words: int | None = None) -> list[Passage]:
    """Passages of every (name, text) document."""
    return [p for name, text in materials for p in chunk(name, text, words)]


def embed(passages: list[Passage]) -> np.ndarray:
    """Unit vectors of the passages (cached by text, so a second call costs nothing)."""
    return meaning.passages([p.text for p in passages])


def retrieve(query: str, passages: list[Passage], k: int | None = None,
             floor: float | None = None) -> list[tuple[Passage, float]]:
    """The k passages that best match `query` by meaning and shared words, best first, each with its closeness in
    meaning; none whose closeness is below the floor."""
    k = TOP_K if k is None else k
    floor = MIN_SCORE if floor is None else floor
    if not passages or not (query or "").strip() or not meaning.available():
        return []
    closeness = embed(passages) @ meaning.queries([query])[0]
    rank = _standard(closeness) + LEXICAL_WEIGHT * _standard(lexical.bm25(query, [p.text for p in passages]))
    order = np.argsort(-rank, kind="stable")[:k]
    return [(passages[i], float(closeness[i])) for i in order if closeness[i] >= floor]


def _standard(scores: np.ndarray) -> np.ndarray:
    """Scores as distances from their mean in standard deviations (all 0 when they are all equal)."""
    spread = scores.std()
    return (scores - scores.mean()) / spread if spread > 1e-9 else np.zeros_like(scores)
