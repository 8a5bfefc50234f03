"""One judgement of one interview answer: what it covers by meaning, what it gets wrong, how much it says.

The offline coach's reaction after each answer and the offline report both read this, so they never
disagree. Thresholds were chosen on tests/data/judge_pairs.json (see README, "Honest judgement").
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.job_terms import said
from core.judge import meaning
from core.judge.claims import asserts, negated, sweeping
from core.judge.substance import Sentence, classify, term_density

# Key point vs an answer sentence (e5 query/passage cosine). A point is made when a real sentence is this
# close to it, or clearly closer to it than the question itself is (the sentence adds to the topic).
POINT_CLOSE = 0.865
POINT_LIFT = 0.015
POINT_FLOOR = 0.83
# Soft coverage runs from nothing at SOFT_FROM to full credit at SOFT_TO.
SOFT_FROM, SOFT_TO = 0.80, 0.87
# A sentence is about the question when this close to it (for questions outside the bank).
ON_TOPIC = 0.80
# A known wrong claim is asserted when a sentence uses its distinctive words (core.judge.claims) AND is
# this close to the claim, and closer to the claim than to its correction by this margin (passage/passage).
CLAIM_CLOSE = 0.88
CLAIM_MARGIN = 0.045
# ...or, with a smaller margin, when closeness and margin together are high (a near restatement of a claim
# whose correction shares many of its words). Chosen on the labelled pairs and a second set written blind:
# no strong answer's sentence reached it, five confident-wrong ones did (README, "How answers are judged").
CLAIM_STRONG = 0.955
CLAIM_MIN_MARGIN = 0.015
# ...or when a sentence is a near restatement of one of the ways candidates say the claim (the bank's
# `said_as`, three per claim): this close to it and this much closer to it than to the correction, with the
# same polarity. Chosen on the first seven labelled sets: strictest setting that adds catches without any
# strong answer's sentence reaching it (README, "How answers are judged offline").
SAID_CLOSE = 0.94
SAID_MARGIN = 0.06
# Two sentences this close say the same thing again (circling answers).
REPEAT = 0.95


@dataclass
class Point:
    """One key point of a bank question, and the sentence that made it (if any)."""

    point: str
    covered: bool
    quote: str = ""
    similarity: float = 0.0


@dataclass
class WrongClaim:
    claim: str
    correction: str
    quote: str  # the user's sentence that asserts it


@dataclass
class Judgement:
    sentences: list[Sentence]
    points: list[Point] = field(default_factory=list)
    wrong: list[WrongClaim] = field(default_factory=list)
    on_topic: float = 0.0  # share of real sentences that are about the question (by meaning)
    verified: bool = False  # a bank question: key points and known wrong claims were checked
    units: float = 0.0  # sentences that say something new
    sweeping: int = 0  # sweeping, unreasoned certainty ("always", "can't be cracked")
    density: float = 0.0  # names and rare words per word (core.judge.substance.term_density)
    method: str = "meaning"  # "meaning" (embeddings) or "words" (the fallback when the model is missing)

    @property
    def covered(self) -> list[str]:
        return [p.point for p in self.points if p.covered]

    @property
    def missing(self) -> list[str]:
        return [p.point for p in self.points if not p.covered]

    @property
    def coverage(self) -> float:
        return len(self.covered) / len(self.points) if self.points else 0.0

    @property
    def closeness(self) -> float:
        """Soft coverage, 0-1: how near the answer's best sentence comes to each key point, on average.
        Paraphrases a small model half-recognises earn part of the credit instead of none."""
        if not self.points:
            return 0.0
        if self.method != "meaning":
            return self.coverage
        return sum(min(1.0, max(0.0, (p.similarity - SOFT_FROM) / (SOFT_TO - SOFT_FROM))) for p in self.points) / len(self.points)

    @property
    def listed(self) -> int:
        return sum(s.is_list for s in self.sentences)

    @property
    def real(self) -> list[Sentence]:
        return [s for s in self.sentences if s.real]


def _units(real: list[Sentence], vectors: np.ndarray | None) -> float:
    """Sentences that say something checkable (core.judge.substance weights), not counting repeats."""
    count, kept = 0.0, []
    for i, sentence in enumerate(real):
        if not sentence.weight:
            continue
        if vectors is not None and kept and float(np.max(vectors[kept] @ vectors[i])) >= REPEAT:
            continue
        kept.append(i)
        count += sentence.weight
    return count


def _points_by_meaning(question: str, points: list[dict], real: list[Sentence], vectors: np.ndarray) -> list[Point]:
    # Only a sentence with something checkable in it makes a point: a generic restatement of a key point
    # ("I'd make sure to communicate clearly") is near it by meaning but shows nothing.
    checkable = np.array([1.0 if s.weight else 0.0 for s in real])
    wanted = meaning.queries([p["point"] for p in points])
    base = wanted @ meaning.passages([question])[0] if question else np.zeros(len(points))
    found = []
    for k, point in enumerate(points):
        if not real:
            found.append(Point(point["point"], False))
            continue
        sims = (vectors @ wanted[k]) * checkable
        best = int(np.argmax(sims))
        close = float(sims[best])
        words = any(said(word, real[best].text) for word in point.get("keywords", []))
        covered = close >= POINT_CLOSE or (close >= POINT_FLOOR and (close - base[k] >= POINT_LIFT or words))
        found.append(Point(point["point"], covered, real[best].text if covered else "", close))
    return found


def _points_by_words(points: list[dict], real: list[Sentence]) -> list[Point]:
    found = []
    for point in points:
        quote = next((s.text for s in real if s.weight and any(said(w, s.text) for w in point.get("keywords", []))), "")
        found.append(Point(point["point"], bool(quote), quote))
    return found


def _states(to_claim: float, to_correction: float) -> bool:
    """Whether a sentence that uses a claim's distinctive words states that claim, by meaning."""
    margin = to_claim - to_correction
    return ((to_claim >= CLAIM_CLOSE and margin >= CLAIM_MARGIN)
            or (to_claim + margin >= CLAIM_STRONG and margin >= CLAIM_MIN_MARGIN))


def _says(sentence: str, to_form: float, to_correction: float, form: str) -> bool:
    """Whether a sentence says one of the ways candidates put a known wrong claim (the bank's `said_as`):
    a near restatement of it by meaning, clearly closer to it than to the correction, with the same polarity."""
    return to_form >= SAID_CLOSE and to_form - to_correction >= SAID_MARGIN and negated(sentence) == negated(form)


def _asserting(question: str, item: dict, real: list[Sentence], vectors: np.ndarray | None) -> str:
    """The first sentence that asserts one known wrong claim (`item`: claim, correction, said_as), or ""."""
    claim, correction, spoken = item["claim"], item["correction"], list(item.get("said_as") or [])
    close = meaning.passages([claim, correction, *spoken]) @ vectors.T if vectors is not None else None
    for i, sentence in enumerate(real):
        if asserts(sentence.text, claim, correction, question) and (close is None or _states(close[0, i], close[1, i])):
            return sentence.text
        if close is not None and any(_says(sentence.text, close[2 + k, i], close[1, i], form)
                                     for k, form in enumerate(spoken)):
            return sentence.text
    return ""


def _wrong_claims(question: str, bank: dict, real: list[Sentence], vectors: np.ndarray | None) -> list[WrongClaim]:
    """Known wrong claims the answer asserts, each with the first sentence that asserts it."""
    found = []
    for item in bank.get("misconceptions") or []:
        quote = _asserting(question, item, real, vectors)
        if quote:
            found.append(WrongClaim(item["claim"], item["correction"], quote))
    return found


def judge(question: str, answer: str, bank: dict | None = None) -> Judgement:
    """Judge `answer` to `question`; `bank` is Parley's bank entry for the question, when it is one."""
    sentences = classify(answer or "", question or "")
    real = [s for s in sentences if s.real]
    use_meaning = meaning.available()
    passages = meaning.passages([s.text for s in real]) if use_meaning and real else None
    queries = meaning.queries([question]) if use_meaning and question else None
    result = Judgement(sentences, verified=bank is not None, method="meaning" if use_meaning else "words")
    result.units = _units(real, passages)
    result.density = term_density(answer or "")
    result.sweeping = sum(sweeping(s.text) for s in real)
    if passages is not None and queries is not None and len(real):
        result.on_topic = float(np.mean(passages @ queries[0] >= ON_TOPIC))
    elif real:
        result.on_topic = 1.0  # without the model, topic cannot be measured: assume it rather than punish
    if bank:
        points = bank.get("key_points") or []
        result.points = (_points_by_meaning(question, points, real, passages) if passages is not None
                         else _points_by_words(points, real))
        result.wrong = _wrong_claims(question, bank, real, passages)
    return result
