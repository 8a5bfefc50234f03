"""services.realtime.frames: browser frames (48 kHz stereo s16, 20 ms) → 16 kHz mono 20 ms frames."""
from __future__ import annotations

import numpy as np
import pytest

from services.realtime.frames import FRAME_SAMPLES, Downsampler, Framer, browser_frames, make_frame


def tone(freq: float, seconds: float, rate: int = 48000, amplitude: int = 8000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def stereo_frames(left: np.ndarray, right: np.ndarray):
    """Packed s16 stereo 960-sample frames, as aiortc delivers the browser's microphone."""
    import av

    for i in range(0, len(left) - 959, 960):
        data = np.empty(1920, dtype=np.int16)
        data[0::2], data[1::2] = left[i:i + 960], right[i:i + 960]
        frame = av.AudioFrame.from_ndarray(data.reshape(1, -1), format="s16", layout="stereo")
        frame.sample_rate, frame.pts = 48000, i
        yield frame


def convert_all(frames, down: Downsampler | None = None) -> np.ndarray:
    down = down or Downsampler()
    return np.concatenate([chunk for f in frames for chunk in down.convert(f)])


def test_a_browser_frame_is_what_the_notes_say():
    frame = make_frame(np.zeros(960, np.int16))
    assert (frame.sample_rate, frame.samples, frame.layout.name, frame.format.name) == (48000, 960, "stereo", "s16")
    assert frame.to_ndarray().shape == (1, 1920)  # packed: interleaved L R L R


def test_resampling_keeps_pitch_loudness_and_duration():
    signal = tone(440, 1.0)
    out = convert_all(stereo_frames(signal, signal))
    assert out.dtype == np.int16
    assert abs(len(out) - 16000) <= FRAME_SAMPLES  # 1 s at 16 kHz (the filter delays a few samples)
    spectrum = np.abs(np.fft.rfft(out[1000:15000].astype(np.float32)))
    peak_hz = np.argmax(spectrum) * 16000 / 14000
    assert abs(peak_hz - 440) < 5
    rms_in, rms_out = np.sqrt(np.mean(signal.astype(float) ** 2)), np.sqrt(np.mean(out[1000:15000].astype(float) ** 2))
    assert rms_out == pytest.approx(rms_in, rel=0.1)


def test_downmix_averages_the_two_channels():
    signal = tone(300, 0.5)
    cancelled = convert_all(stereo_frames(signal, -signal))  # opposite phase: the mono mix is silent
    assert np.abs(cancelled).max() < 50
    one_side = convert_all(stereo_frames(signal, np.zeros_like(signal)))
    assert 0.3 < np.abs(one_side[800:]).max() / 8000 < 0.8  # one channel alone comes out quieter


def test_frequencies_above_8khz_are_filtered_not_aliased():
    out = convert_all(stereo_frames(tone(12000, 0.5), tone(12000, 0.5)))
    assert np.abs(out[800:]).max() < 400  # a 12 kHz tone would fold to 4 kHz without the filter


def test_a_format_change_starts_a_fresh_resampler():
    down = Downsampler()
    list(down.convert(make_frame(np.zeros(960, np.int16))))
    mono = make_frame(tone(440, 0.02), layout="mono")
    assert sum(len(c) for c in down.convert(mono)) > 0  # no "Frame does not match" error


def test_framer_cuts_exact_frames_in_one_reused_buffer():
    framer = Framer()
    data = np.arange(1000, dtype=np.int16)
    got, ids = [], set()
    for size in (7, 313, 500, 180):  # pieces of odd sizes, as the resampler may return
        for frame in framer.push(data[:size]):
            got.append(frame.copy())
            ids.add(id(frame))
        data = data[size:]
    assert [len(f) for f in got] == [320, 320, 320]
    assert np.array_equal(np.concatenate(got), np.arange(960, dtype=np.int16))
    assert len(ids) == 1  # preallocated: the same array every time


def test_browser_frames_turn_speech_into_20ms_stereo_frames(speak):
    pcm, rate = speak("Hello there.")
    frames = list(browser_frames(pcm, rate))
    assert all(f.samples == 960 and f.layout.name == "stereo" for f in frames)
    assert len(frames) == pytest.approx(len(pcm) / rate / 0.02, abs=1)
    back = convert_all(frames)
    assert np.abs(back).max() > 3000  # the speech survived the trip


def test_one_resampler_everywhere():
    """Every rate change goes through services/resample.py: no other module builds an av.AudioResampler."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = []
    for folder in ("core", "services", "ui", "pages", "bench"):
        for path in (root / folder).rglob("*.py"):
            if path == root / "services" / "resample.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("AudioResampler", "ratecv", "interp"):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []


def test_resample_one_clip_matches_the_stream_resampler():
    from services.resample import StreamResampler, resample

    tone = (np.sin(np.arange(16000) * 2 * np.pi * 440 / 16000) * 8000).astype(np.int16)
    up = resample(tone, 16000, 48000)
    assert abs(len(up) - 48000) <= 64 and up.dtype == np.int16
    assert np.array_equal(resample(tone, 16000, 16000), tone)
    stream = StreamResampler(16000)
    frames = list(browser_frames(tone, 16000))
    down = np.concatenate([a for f in frames for a in stream.feed(f)] + stream.flush())
    assert abs(len(down) - 16000) <= 2 * FRAME_SAMPLES
    # the round trip keeps the tone: correlation with the original, after the filter's delay
    n = min(len(down), len(tone)) - 200
    lag = int(np.argmax([np.dot(down[k:k + n].astype(float), tone[:n]) for k in range(0, 100)]))
    corr = np.corrcoef(down[lag:lag + n], tone[:n])[0, 1]
    assert corr > 0.95
