"""Metrics for a spoken answer: the text metrics, plus what only the audio can tell (pauses, pace).

Saved with each voice turn, recorded (ui.voice) or live (services.realtime.pipeline via
`live_turn_meta`), so feedback can mention long pauses and a realistic speaking rate either way.
"""
from __future__ import annotations

import logging

import numpy as np

from core.cues import strip_interrupted
from core.metrics import long_pauses, speech_metrics
from services import vad
from services.audio import duration_seconds

log = logging.getLogger(__name__)
LONG_PAUSE_S = 1.0


def answer_metrics(text: str, samples16k: np.ndarray, lang: str = "en") -> dict:
    """core.metrics.speech_metrics plus seconds, speech_seconds and long_pauses (gaps ≥ 1 s).

    Pace (wpm) is measured from the first to the last voiced moment, so the silence before the
    user starts and after they finish does not make them look slow; pauses in between count.
    """
    seconds = round(duration_seconds(samples16k), 2)
    segments = vad.speech_segments(samples16k)
    span = segments[-1][1] - segments[0][0] if segments else seconds
    result = speech_metrics(text, span, lang)
    result.update(
        seconds=seconds,
        speech_seconds=round(vad.speech_seconds(segments), 2),
        long_pauses=long_pauses(segments, min_gap=LONG_PAUSE_S),
    )
    return result


def live_turn_meta(text: str, samples16k: np.ndarray, lang: str = "en") -> dict:
    """The meta a live voice turn is saved with: the same delivery metrics as a recorded answer.

    `samples16k` is the turn's audio as the bridge hands it over (16 kHz int16, with pre-roll and a
    short tail: pace is timed between the first and last voiced moments, so neither counts).
    An [INTERRUPTED] tag is not the user's words and is left out of the counts. About 1 ms for a
    10 s turn; a failure costs the turn its metrics, never the turn itself.
    """
    meta: dict = {"input": "voice", "live": True}
    said, _ = strip_interrupted(text)
    try:
        metrics = answer_metrics(said, samples16k, lang)
    except Exception:  # never lose a turn over its measurements
        log.exception("live turn metrics failed")
        return meta
    meta.update(metrics=metrics, seconds=metrics["seconds"])
    return meta
