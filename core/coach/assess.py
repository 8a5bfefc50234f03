"""Measure an interview answer against a bank question: key points, wrong claims, length, specificity, delivery.

Shared by the offline coach (its reaction to each answer) and the offline report, so the two never disagree.
Key points and wrong claims come from the judgement (core.judge): by meaning, on real sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.job_terms import said
from core.judge import Judgement, judge
from core.metrics import filler_counts, hedge_counts, star_markers, word_count

_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|percent|ms|x|k|m|million|billion|hours?|days?|weeks?|months?|years?)?",
                     re.IGNORECASE)
_OUTCOME = re.compile(r"\b(reduc|increas|improv|sav|grew|grow|cut|doubl|halv|launch|deliver|won|achiev|result)",
                      re.IGNORECASE)


@dataclass
class Assessment:
    covered: list[str] = field(default_factory=list)  # key points the answer made, confirmed
    missing: list[str] = field(default_factory=list)  # key points not made (never said, or contradicted)
    unconfirmed: list[str] = field(default_factory=list)  # near a key point, but not certain enough to credit
    words: int = 0
    numbers: int = 0
    outcomes: int = 0
    terms_used: list[str] = field(default_factory=list)
    terms_missed: list[str] = field(default_factory=list)
    fillers: dict[str, int] = field(default_factory=dict)
    hedges: dict[str, int] = field(default_factory=dict)
    star: dict[str, bool] = field(default_factory=dict)
    judged: Judgement | None = None  # the judgement behind covered / missing / wrong

    @property
    def coverage(self) -> float:
        total = len(self.covered) + len(self.missing) + len(self.unconfirmed)
        return len(self.covered) / total if total else 0.0

    @property
    def wrong(self) -> list:
        """Known wrong claims the answer asserts (core.judge.WrongClaim)."""
        return list(self.judged.wrong) if self.judged else []

    @property
    def contradicted(self) -> list:
        """Key points the answer says the opposite of (core.judge.Point, with the user's sentence as quote)."""
        return list(self.judged.contradicted) if self.judged else []

    @property
    def elsewhere(self) -> dict | None:
        """The bank question the answer seems to answer instead, when it is off topic."""
        return self.judged.elsewhere if self.judged else None

    @property
    def topic_doubted(self) -> bool:
        """Parley's topic model doubts the answer answers its question, so nothing in it is confirmed."""
        return bool(self.judged and self.judged.topic_doubted)

    @property
    def specific(self) -> bool:
        return self.numbers > 0 or len(self.terms_used) > 0 or self.outcomes > 0

    @property
    def filler_total(self) -> int:
        return sum(self.fillers.values())


def assess(answer: str, question: dict | None, asked: str | None = None) -> Assessment:
    """Evidence about one answer to `asked` (default: the bank question's wording); with no bank question
    only the general signals and the judgement's substance and relevance are filled."""
    result = Assessment(
        words=word_count(answer or ""),
        numbers=len(_NUMBER.findall(answer or "")),
        outcomes=len(_OUTCOME.findall(answer or "")),
        fillers=filler_counts(answer or ""),
        hedges=hedge_counts(answer or ""),
        star=star_markers(answer or ""),
    )
    asked = asked if asked is not None else (question or {}).get("question", "")
    result.judged = judge(asked, answer or "", question)
    result.covered, result.missing = result.judged.covered, result.judged.missing
    result.unconfirmed = result.judged.unconfirmed
    if question:
        for term in question.get("terms", []):
            (result.terms_used if said(term, answer or "") else result.terms_missed).append(term)
    return result
