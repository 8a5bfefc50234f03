"""Lines and sentences of a pasted document, each with its place in the text (so quotes stay verbatim)."""
from __future__ import annotations

import re

from core.quotes import sentences

BULLET = re.compile(r"^\s*(?:[-*•·▪◦–—]|\d{1,2}[.)])\s+")
_HEADING_MD = re.compile(r"^\s*#{1,6}\s+")


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", text or ""):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))


def strip_bullet(line: str) -> str:
    return BULLET.sub("", _HEADING_MD.sub("", line)).strip()


def is_heading(line: str) -> bool:
    """A section title: a Markdown heading, or a short line without a full stop (often ending in a colon)."""
    if _HEADING_MD.match(line):
        return True
    if is_bullet(line):
        return False
    words = line.split()
    return 0 < len(words) <= 8 and (line.endswith(":") or not re.search(r"[.!?;,]$", line)) and len(line) < 70


def units(text: str) -> list[tuple[int, int]]:
    """Sentence-sized spans: each line, split into its sentences (a bullet is usually one)."""
    found = []
    for start, end in lines(text):
        line = text[start:end]
        offset = len(line) - len(BULLET.sub("", line))
        for s, e in sentences(line[offset:]):
            found.append((start + offset + s, start + offset + e))
    return found
