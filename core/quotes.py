"""Short verbatim quotes from the user's answers, to back every point in a report with their words.

A quote is always a substring of the original text (never paraphrased or stitched), at most
MAX_QUOTE_WORDS words, cut at word boundaries. Reports only make claims they can quote.
"""
from __future__ import annotations

import re
from typing import Callable

MAX_QUOTE_WORDS = 25

_WORD = re.compile(r"\S+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences in `text`, whitespace trimmed, empty ones dropped.

    A full stop between digits ("0.75", "1.5") does not end a sentence.
    """
    text = text or ""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[.!?…。！？]+|\n", text):
        end = match.end()
        decimal_point = text[match.start() - 1:match.start()].isdigit() and text[end:end + 1].isdigit()
        if match.group() == "." and decimal_point:
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if any(ch.isalnum() for ch in text[s:e]):
            trimmed.append((s, e))
    return trimmed


def _window(text: str, start: int, end: int, focus: int, max_words: int) -> str:
    """At most `max_words` words of text[start:end], keeping the word at `focus` near the front."""
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]
    if not words:
        return ""
    if len(words) <= max_words:
        return text[words[0][0]:words[-1][1]]
    at = next((i for i, (s, e) in enumerate(words) if e > focus), 0)
    first = max(0, min(at - 3, len(words) - max_words))
    chosen = words[first:first + max_words]
    if first + max_words < len(words):  # cut mid-sentence: end at the last clause break if there is one late enough
        breaks = [i for i, (s, e) in enumerate(chosen) if text[e - 1] in ",;:" and i >= max_words - 10]
        if breaks and breaks[-1] > at - first:
            chosen = chosen[:breaks[-1] + 1]
    return text[chosen[0][0]:chosen[-1][1]].rstrip(",;:—-– ")


def quote_at(text: str, position: int, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The sentence around `position`, trimmed to `max_words` words around it."""
    for start, end in sentences(text):
        if start <= position < end or position < start:
            return _window(text, start, end, max(position, start), max_words)
    spans = sentences(text)
    return _window(text, *spans[-1], spans[-1][0], max_words) if spans else ""


def quote_whole(text: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """All of `text` (one sentence or a few adjacent ones), trimmed to `max_words` words from its start."""
    return _window(text or "", 0, len(text or ""), 0, max_words)


def best_sentence(text: str, score: Callable[[str], float], max_words: int = MAX_QUOTE_WORDS) -> str:
    """The highest-scoring sentence (earliest on ties), trimmed; "" when nothing scores above zero."""
    best, best_score = None, 0.0
    for start, end in sentences(text):
        value = score(text[start:end])
        if value > best_score:
            best, best_score = (start, end), value
    if best is None:
        return ""
    return _window(text, best[0], best[1], best[0], max_words)


def first_match(text: str, pattern: re.Pattern[str] | str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """A quote around the first match of `pattern`, or "" when it does not occur."""
    match = re.search(pattern, text or "", re.IGNORECASE) if isinstance(pattern, str) else pattern.search(text or "")
    return quote_at(text, match.start(), max_words) if match else ""


def opening(text: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The first sentence, trimmed: what the user led with."""
    spans = sentences(text)
    return _window(text, spans[0][0], spans[0][1], spans[0][0], max_words) if spans else ""
