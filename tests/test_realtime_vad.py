"""services.realtime.vad: speech or not per 20 ms frame, driven by synthetic browser frames."""
from __future__ import annotations

import numpy as np
import pytest

from services.realtime.frames import Downsampler, Framer, browser_frames
from services.realtime.vad import FrameVad


def verdicts(samples: np.ndarray, rate: int, vad: FrameVad | None = None) -> list[bool]:
    """Run mono audio through the real path: 48 kHz stereo frames → 16 kHz → 20 ms frames → VAD."""
    vad, down, framer = vad or FrameVad(), Downsampler(), Framer()
    return [vad.is_speech(f) for frame in browser_frames(samples, rate) for c in down.convert(frame)
            for f in framer.push(c)]


def test_speech_is_speech(speak):
    pcm, rate = speak("I went hiking in the mountains last weekend with my brother.")
    got = verdicts(pcm, rate)
    assert sum(got) / len(got) > 0.7  # words, with short gaps between them


def test_silence_and_faint_noise_are_not(speak):
    rng = np.random.default_rng(0)
    assert not any(verdicts(np.zeros(48000, np.int16), 48000))
    hiss = (rng.standard_normal(48000) * 30).astype(np.int16)  # about -60 dBFS
    assert not any(verdicts(hiss, 48000))


def test_speech_after_silence_is_found_where_it_is(speak):
    pcm, rate = speak("Yes, absolutely.")
    audio = np.concatenate([np.zeros(rate, np.int16), pcm, np.zeros(rate, np.int16)])
    got = verdicts(audio, rate)
    first = got.index(True)
    last = len(got) - 1 - got[::-1].index(True)
    assert 45 <= first <= 60  # speech starts after the 1 s (50 frames) of silence
    assert last <= first + len(pcm) / rate / 0.02 + 10
    assert not any(got[:45])


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        FrameVad(aggressiveness=4)
