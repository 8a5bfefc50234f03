"""Metrics for a spoken answer: the text metrics, plus what only the audio can tell (pauses, pace).

Saved with each voice turn, so feedback can mention long pauses and a realistic speaking rate.
"""
from __future__ import annotations

import numpy as np

from core.metrics import long_pauses, speech_metrics
from services import vad
from services.audio import duration_seconds

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
