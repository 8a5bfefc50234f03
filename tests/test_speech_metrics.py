"""services.speech_metrics: text metrics plus pauses and pace measured on the audio."""
from __future__ import annotations

import json

import numpy as np
import pytest

from services.speech_metrics import answer_metrics

RATE = 16000
FIRST = "We cache sessions in Redis."
SECOND = "Then we measure the latency of every request."


def _16k(samples_int16: np.ndarray, rate: int) -> np.ndarray:
    x = samples_int16 / 32768.0
    times = np.arange(int(len(x) * RATE / rate)) / RATE
    return np.interp(times, np.arange(len(x)) / rate, x).astype(np.float32)


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


@pytest.fixture(scope="module")
def sentences(speak):
    return _16k(*speak(FIRST)), _16k(*speak(SECOND))


def test_a_long_gap_between_sentences_is_one_long_pause(sentences):
    first, second = sentences
    clip = np.concatenate([first, _silence(1.5), second])
    m = answer_metrics(f"{FIRST} Um, {SECOND}", clip, "en")
    assert m["long_pauses"] == 1
    assert m["seconds"] == pytest.approx(len(clip) / RATE, abs=0.01)
    voiced = (len(first) + len(second)) / RATE
    assert 0.8 * voiced <= m["speech_seconds"] <= voiced
    assert m["fillers"] == {"um": 1} and m["words"] == 14
    json.dumps(m)  # saved with the turn


def test_short_gaps_are_not_long_pauses(sentences):
    first, second = sentences
    clip = np.concatenate([first, _silence(0.4), second])
    assert answer_metrics(f"{FIRST} {SECOND}", clip)["long_pauses"] == 0


def test_two_gaps_two_pauses(sentences):
    first, second = sentences
    clip = np.concatenate([first, _silence(1.2), second, _silence(2.0), first])
    assert answer_metrics(f"{FIRST} {SECOND} {FIRST}", clip)["long_pauses"] == 2


def test_silence_before_and_after_does_not_slow_the_pace(sentences):
    first, second = sentences
    text = f"{FIRST} {SECOND}"
    tight = answer_metrics(text, np.concatenate([first, second]))
    waiting = answer_metrics(text, np.concatenate([_silence(3.0), first, second, _silence(2.0)]))
    assert waiting["seconds"] == pytest.approx(tight["seconds"] + 5.0, abs=0.01)
    assert waiting["wpm"] == pytest.approx(tight["wpm"], rel=0.05)
    assert waiting["long_pauses"] == 0  # silence at the edges is waiting, not pausing
    assert 100 < tight["wpm"] < 250  # Piper speaks at a normal conversational pace


def test_no_speech_found_falls_back_to_the_whole_duration():
    m = answer_metrics("hello there", _silence(6.0))
    assert m["speech_seconds"] == 0 and m["long_pauses"] == 0
    assert m["wpm"] == 20.0  # 2 words over 6 s


def test_language_is_passed_to_the_text_metrics(sentences):
    m = answer_metrics("Euh, je pense que oui.", sentences[0], "fr")
    assert m["fillers"] == {"euh": 1}
