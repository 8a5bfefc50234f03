"""Measure an interview answer against a bank question: key points, length, specificity, delivery.

Shared by the offline coach (its reaction to each answer) and the offline report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.metrics import filler_counts, hedge_counts, star_markers, word_count

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'+#.-]*")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|percent|ms|x|k|m|million|billion|hours?|days?|weeks?|months?|years?)?",
                     re.IGNORECASE)
_OUTCOME = re.compile(r"\b(reduc|increas|improv|sav|grew|grow|cut|doubl|halv|launch|deliver|won|achiev|result)",
                      re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def keyword_hit(keyword: str, text_lower: str, tokens: list[str]) -> bool:
    """A keyword matches a word that starts with it (a phrase matches as text at a word start)."""
    keyword = keyword.lower().strip()
    if not keyword:
        return False
    if " " in keyword or "-" in keyword:
        return re.search(rf"(?<![a-z0-9]){re.escape(keyword)}", text_lower) is not None
    stem = keyword[:-1] if len(keyword) > 4 and keyword.endswith("e") else keyword
    return any(tok.startswith(stem) for tok in tokens)


@dataclass
class Assessment:
    covered: list[str] = field(default_factory=list)  # key points the answer covered
    missing: list[str] = field(default_factory=list)
    words: int = 0
    numbers: int = 0
    outcomes: int = 0
    terms_used: list[str] = field(default_factory=list)
    terms_missed: list[str] = field(default_factory=list)
    fillers: dict[str, int] = field(default_factory=dict)
    hedges: dict[str, int] = field(default_factory=dict)
    star: dict[str, bool] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        total = len(self.covered) + len(self.missing)
        return len(self.covered) / total if total else 0.0

    @property
    def specific(self) -> bool:
        return self.numbers > 0 or len(self.terms_used) > 0 or self.outcomes > 0

    @property
    def filler_total(self) -> int:
        return sum(self.fillers.values())


def assess(answer: str, question: dict | None) -> Assessment:
    """Evidence about one answer; with no bank question, only the general signals are filled."""
    lower = (answer or "").lower()
    tokens = _tokens(lower)
    result = Assessment(
        words=word_count(answer or ""),
        numbers=len(_NUMBER.findall(answer or "")),
        outcomes=len(_OUTCOME.findall(answer or "")),
        fillers=filler_counts(answer or ""),
        hedges=hedge_counts(answer or ""),
        star=star_markers(answer or ""),
    )
    if question:
        for point in question.get("key_points", []):
            hit = any(keyword_hit(k, lower, tokens) for k in point.get("keywords", []))
            (result.covered if hit else result.missing).append(point["point"])
        for term in question.get("terms", []):
            (result.terms_used if keyword_hit(term, lower, tokens) else result.terms_missed).append(term)
    return result
