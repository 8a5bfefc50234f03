"""Overlapping windows of an answer, and the statement a pair model reads beside them (core.judge.soundness; its
training data, scripts/soundness_data.py, cuts answers the same way). Pure: no model, no Streamlit."""
from __future__ import annotations

import re

WINDOW_WORDS = 90  # words of answer a read holds beside the question and its key points (256 tokens in all)
WINDOW_STEP = 60  # windows overlap by 30 words, so a wrong sentence is mostly whole in one
_WORD = re.compile(r"\S+")


def statement(question: dict) -> str:
    """The question and its key points, as the model reads them."""
    points = "; ".join(str(p.get("point", "")).strip().rstrip(".") for p in question.get("key_points") or [])
    return f"{question.get('question', '').strip()} Key points: {points}." if points else question.get("question", "")


def windows(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of overlapping runs of WINDOW_WORDS words (one span for a short answer).
    Cut by words, not sentences: a recognizer may write a spoken answer as one run-on."""
    words = [m.span() for m in _WORD.finditer(text or "")]
    if not words:
        return []
    spans, start = [], 0
    while True:
        end = min(len(words), start + WINDOW_WORDS)
        spans.append((words[start][0], words[end - 1][1]))
        if end == len(words):
            return spans
        start += WINDOW_STEP
