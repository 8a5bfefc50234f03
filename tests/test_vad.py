"""services.vad: speech is found where it is, silence and quiet noise are silent, gaps are real pauses."""
from __future__ import annotations

import numpy as np
import pytest

from services import vad

RATE = 16000


def _16k(samples_int16: np.ndarray, rate: int) -> np.ndarray:
    x = samples_int16 / 32768.0
    times = np.arange(int(len(x) * RATE / rate)) / RATE
    return np.interp(times, np.arange(len(x)) / rate, x).astype(np.float32)


@pytest.fixture(scope="module")
def sentence(speak):
    return _16k(*speak("We cache sessions in Redis."))


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def test_speech_is_found_where_it_is(sentence):
    clip = np.concatenate([_silence(1.0), sentence, _silence(1.0)])
    segments = vad.speech_segments(clip)
    assert len(segments) == 1  # gaps between words are bridged
    start, end = segments[0]
    assert 0.95 <= start <= 1.2
    assert 1.0 + len(sentence) / RATE - 0.35 <= end <= 1.0 + len(sentence) / RATE + 0.05
    assert not vad.is_silent(clip)


def test_a_long_gap_splits_segments(sentence):
    clip = np.concatenate([sentence, _silence(1.5), sentence])
    segments = vad.speech_segments(clip)
    assert len(segments) == 2
    gap = segments[1][0] - segments[0][1]
    assert 1.5 <= gap <= 1.5 + 0.5  # the inserted gap, plus the voice's own trailing quiet


def test_short_gaps_are_merged_by_the_hangover(sentence):
    clip = np.concatenate([sentence, _silence(0.05), sentence])  # ~0.2 s of quiet in all
    assert len(vad.speech_segments(clip)) == 1
    assert len(vad.speech_segments(clip, hangover_ms=30)) >= 2  # without hangover the gap shows


@pytest.mark.parametrize("frame_ms", [10, 20, 30])
def test_frame_sizes(sentence, frame_ms):
    flags = vad.frame_flags(sentence, frame_ms=frame_ms)
    assert len(flags) == len(sentence) // (RATE * frame_ms // 1000)
    assert 0.5 < sum(flags) / len(flags) <= 1.0


def test_bad_frame_size_is_refused(sentence):
    with pytest.raises(ValueError):
        vad.frame_flags(sentence, frame_ms=25)


def test_int16_input_gives_the_same_answer(sentence):
    as_int16 = (sentence * 32767).astype(np.int16)
    assert vad.speech_segments(as_int16) == vad.speech_segments(sentence)


@pytest.mark.parametrize("clip", [
    _silence(3.0),
    np.random.default_rng(0).normal(0, 0.001, 3 * RATE).astype(np.float32),  # -60 dBFS hiss
    np.random.default_rng(1).normal(0, 0.02, 3 * RATE).astype(np.float32),  # -34 dBFS room noise
    _silence(0.1),
    np.zeros(0, dtype=np.float32),
], ids=["digital-silence", "hiss", "room-noise", "too-short", "empty"])
def test_silent_clips(clip):
    assert vad.is_silent(clip)


def test_a_click_is_not_speech():
    clip = _silence(2.0)
    clip[16000:16160] = 0.8  # 10 ms click
    assert vad.speech_segments(clip) == []
    assert vad.is_silent(clip)


def test_quiet_speech_below_the_floor_is_silent(sentence):
    assert vad.is_silent(sentence * 0.001)  # ~-70 dBFS: nothing a microphone would call speech
    assert not vad.is_silent(sentence * 0.1)  # a quiet speaker is still heard


def test_loudest_rms():
    assert vad.loudest_rms(_silence(1)) == 0.0
    tone = np.concatenate([_silence(1), 0.5 * np.sin(np.arange(RATE) / 3)]).astype(np.float32)
    assert vad.loudest_rms(tone) == pytest.approx(0.5 / np.sqrt(2), rel=0.05)


def test_speech_seconds():
    assert vad.speech_seconds([(0.0, 1.5), (2.0, 2.25)]) == 1.75
    assert vad.speech_seconds([]) == 0.0


def test_silero_second_opinion(sentence):
    """webrtcvad calls loud static speech; Silero does not, and still hears the sentence."""
    static = np.random.default_rng(2).normal(0, 0.1, 3 * RATE).astype(np.float32)
    assert not vad.is_silent(static)  # why a second opinion is needed
    assert vad.silero_has_speech(static) is False
    assert vad.silero_has_speech(np.concatenate([_silence(0.5), sentence])) is True
