"""Enforces a timed interview's answer clock (core.clock) with the server's own time.

The callers (ui.practice and ui.voice for typed and recorded answers, the live pipeline for calls) ask
here whether an answer came in time, trim a recording to the limit, and get the meta that marks an
answer cut: `{"cut": True, "limit_s": N, "think_s": T, "cut_reason": ...}`, saved with the user turn
through Conversation.add_user. Nothing here trusts the browser's clock.
"""
from __future__ import annotations

import time

import numpy as np

from core import clock as core_clock
from core.audio_format import SPEECH_RATE
from core.errors import StageError
from core.spec import PracticeSpec

RECORDING_TRIMMED, SENT_LATE, EDITED_LATE, TURN_ENDED, TIMED_OUT = (
    "recording_trimmed", "sent_late", "edited_late", "turn_ended", "timed_out")


def now() -> float:
    """The server's time (tests replace this function)."""
    return time.time()


def phase(spec: PracticeSpec, turns: list[dict], at: float | None = None) -> core_clock.Phase | None:
    """The open question's phase now, or None (not timed, or no question waiting for an answer)."""
    if not spec.timed:
        return None
    asked_at = core_clock.open_question_at(turns)
    if asked_at is None:
        return None
    return core_clock.phase(asked_at, now() if at is None else at, spec.think_s, spec.answer_s)


def cut_meta(spec: PracticeSpec, reason: str, **extra) -> dict:
    """What marks an answer cut at the limit (saved in the user turn's meta)."""
    return {"cut": True, "limit_s": spec.answer_s, "think_s": spec.think_s, "cut_reason": reason, **extra}


def stamp(spec: PracticeSpec, turns: list[dict], meta: dict, at: float | None = None) -> dict:
    """The meta of an answer arriving now: marked cut when it comes after the deadline. A recording's own
    verdict stands (its time was judged when it arrived); a reviewed transcript edited after the
    deadline is marked too, since the edit came late."""
    found = phase(spec, turns, at)
    if found is None or not found.over or meta.get("cut"):
        return meta
    if meta.get("input") == "voice":
        return {**meta, **cut_meta(spec, EDITED_LATE)} if meta.get("edited") else meta
    return {**meta, **cut_meta(spec, SENT_LATE)}


def timed_out(spec: PracticeSpec, input_kind: str = "text") -> tuple[str, dict]:
    """(text, meta) saved when a question's time ran out with nothing sent: a skip, marked cut."""
    return core_clock.TIMED_OUT_TEXT, {"input": input_kind, "timed_out": True, **cut_meta(spec, TIMED_OUT)}


def trim_recording(spec: PracticeSpec, turns: list[dict], samples: np.ndarray, rate: int = SPEECH_RATE,
                   at: float | None = None) -> tuple[np.ndarray, dict | None]:
    """A recording that reached the server now, cut to the speech that counts (up to the deadline, at most
    the answer time), with its cut meta; unchanged (meta None) when it fits or the interview is untimed.

    It is taken to have ended when it arrived, so it began `its length` earlier: no browser time is used.
    Raises StageError when the time was up before it began."""
    found = phase(spec, turns, at)
    if found is None:
        return samples, None
    arrived = now() if at is None else at
    recorded = len(samples) / rate
    allowed = core_clock.speech_allowed_s(found.asked_at, arrived - recorded, spec.think_s, spec.answer_s)
    if recorded <= allowed:
        return samples, None
    if allowed <= 0:
        raise StageError("upload", "after_limit", "Time was up for this question before this recording began, so "
                         "none of it counts. Press Next question to go on.")
    kept = samples[:int(allowed * rate)]
    return kept, cut_meta(spec, RECORDING_TRIMMED, recorded_s=round(recorded, 2), kept_s=round(allowed, 2))


def seconds_left(spec: PracticeSpec, turns: list[dict], at: float | None = None) -> float | None:
    """Seconds until the open question's deadline (0 or less: already up), or None when nothing is timed."""
    found = phase(spec, turns, at)
    if found is None:
        return None
    return found.deadline - (now() if at is None else at)
