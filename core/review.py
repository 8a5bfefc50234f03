"""Review of weak answers: when each question answered poorly comes back, by spaced repetition (SM-2).

Pure: given every scored attempt at bank questions (the report's per-answer score, 1-10, and practise-again
attempts alike), each with the date it was made, `schedule` says when each weak question is next due and
`due` which are due on a date. A question enters the schedule once any answer to it scored below WEAK; from
then on each attempt, oldest first, moves its interval as SM-2 does: a weak answer brings it back the next
day, a good one sends it 1, then 6, then about 2.5 times further days ahead (less if answers were shaky).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

WEAK = 7  # an answer scored below this is weak: its question is reviewed (the report's own "to work on" line)
START_EASE, MIN_EASE = 2.5, 1.3  # SM-2's easiness factor: where it starts and its floor
FIRST, SECOND = 1, 6  # SM-2's first two intervals after good answers, in days


@dataclass(frozen=True)
class Attempt:
    """One scored answer to a bank question."""

    question_id: str
    score: float  # 1-10, as the report scores an answer
    on: date


@dataclass(frozen=True)
class Review:
    """Where one weak question stands after its attempts."""

    question_id: str
    next_on: date  # the day it is due again
    interval: int  # days from the last attempt to next_on
    last_score: float
    last_on: date
    ease: float
    attempts: int


def quality(score: float) -> int:
    """A 1-10 answer score as SM-2's 0-5 grade of recall: below WEAK (0-2) is a lapse, WEAK and up (3-5) a pass."""
    s = round(score)
    if s >= WEAK:
        return min(5, 3 + (s - WEAK))
    return 0 if s <= 3 else 1 if s <= 5 else 2


def _step(reps: int, interval: int, ease: float, grade: int) -> tuple[int, int, float]:
    """SM-2 after one graded attempt: (repetitions, interval in days, ease)."""
    if grade < 3:
        reps, interval = 0, FIRST
    else:
        interval = FIRST if reps == 0 else SECOND if reps == 1 else max(1, round(interval * ease))
        reps += 1
    ease = max(MIN_EASE, ease + 0.1 - (5 - grade) * (0.08 + (5 - grade) * 0.02))
    return reps, interval, ease


def schedule(attempts: list[Attempt]) -> dict[str, Review]:
    """Every question with a weak answer, by id, with its next date. Attempts may come in any order; those
    on the same day keep the order given."""
    by_question: dict[str, list[Attempt]] = {}
    for attempt in sorted(attempts, key=lambda a: a.on):
        by_question.setdefault(attempt.question_id, []).append(attempt)
    reviews = {}
    for qid, history in by_question.items():
        if not any(a.score < WEAK for a in history):
            continue  # never answered poorly: nothing to review
        reps, interval, ease = 0, 0, START_EASE
        for attempt in history:
            reps, interval, ease = _step(reps, interval, ease, quality(attempt.score))
        last = history[-1]
        reviews[qid] = Review(qid, last.on + timedelta(days=interval), interval, last.score, last.on,
                              round(ease, 2), len(history))
    return reviews


def due(attempts: list[Attempt], on: date) -> list[Review]:
    """The weak questions due on `on` (or overdue): most overdue first, then the lowest last score."""
    ready = [r for r in schedule(attempts).values() if r.next_on <= on]
    return sorted(ready, key=lambda r: (r.next_on, r.last_score, r.question_id))
