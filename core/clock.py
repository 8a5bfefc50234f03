"""The answer clock of a timed interview, as pure arithmetic on server times (seconds since the epoch).

A question's time starts when the interviewer's question was saved (its turn's `created_at`): first the
thinking time, then the answer time; at the deadline (`asked_at + think_s + answer_s`) the answer is over.
Spoken answers are also capped at `answer_s` of speech, however early they began. Callers pass the
server's own time: nothing here reads a clock, and no browser time is ever used.
"""
from __future__ import annotations

from dataclasses import dataclass

from core import asked as core_asked
from core.cues import is_answer

THINKING, ANSWERING, OVER = "thinking", "answering", "over"
TIMED_OUT_TEXT = "Next question"  # saved for a question whose time ran out with nothing sent (a "skip" cue)


@dataclass(frozen=True)
class Phase:
    """Where a question's clock stands: `left_s` of this phase (0 when over), and the deadline."""

    name: str
    left_s: float
    asked_at: float
    deadline: float

    @property
    def over(self) -> bool:
        return self.name == OVER


def phase(asked_at: float, now: float, think_s: float, answer_s: float) -> Phase:
    """The phase at `now` of a question asked at `asked_at`."""
    answering_from = asked_at + think_s
    deadline = answering_from + answer_s
    if now < answering_from:
        return Phase(THINKING, answering_from - now, asked_at, deadline)
    if now < deadline:
        return Phase(ANSWERING, deadline - now, asked_at, deadline)
    return Phase(OVER, 0.0, asked_at, deadline)


def speech_allowed_s(asked_at: float, started: float, think_s: float, answer_s: float) -> float:
    """How much of an answer spoken from `started` counts: up to the deadline, and at most `answer_s`."""
    return max(0.0, min(float(answer_s), asked_at + think_s + answer_s - started))


def open_question_at(turns: list[dict]) -> float | None:
    """When the question waiting for an answer was saved (`created_at`), or None when none is open.

    A reply that asks nothing new ("take your time") or asks the open question again keeps the clock
    running from the original question; a user answer (anything but "repeat" or "wait") closes it."""
    started: float | None = None
    current = ""
    for turn in turns or []:
        if turn.get("role") == "user":
            if is_answer(str(turn.get("content") or "")):
                started = None
            continue
        record = core_asked.asks(turn)
        if core_asked.has_record(turn) and (record is None or (record["text"] == current and started is not None)):
            continue  # asks nothing new, or the open question again (a repeat): its clock runs on
        created = turn.get("created_at")
        started = float(created) if isinstance(created, (int, float)) else None
        current = record["text"] if record else ""
    return started


def mmss(seconds: float) -> str:
    """A countdown as shown: 125.2 → "2:06" (rounded up, so 0:00 only when the time is really up)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"
