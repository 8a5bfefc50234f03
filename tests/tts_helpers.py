"""Small checks on WAV bytes shared by the TTS tests."""
from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass
from fractions import Fraction

import numpy as np


@dataclass
class WavInfo:
    rate: int
    channels: int
    seconds: float
    rms: float  # of int16 samples
    samples: np.ndarray


def read_wav(data: bytes) -> WavInfo:
    """Parse with the stdlib `wave` module and check the header sizes agree with the file length."""
    riff_size = struct.unpack("<I", data[4:8])[0]
    assert riff_size == len(data) - 8, (riff_size, len(data))
    with wave.open(io.BytesIO(data)) as w:
        assert w.getsampwidth() == 2
        frames = w.readframes(w.getnframes())
        assert len(frames) == w.getnframes() * w.getnchannels() * 2
        assert data.endswith(frames)  # the data chunk is the rest of the file, no stray bytes
        samples = np.frombuffer(frames, dtype="<i2")
        rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if samples.size else 0.0
        return WavInfo(w.getframerate(), w.getnchannels(), w.getnframes() / w.getframerate(), rms, samples)


def sine_mp3(seconds: float = 0.5, rate: int = 24000) -> bytes:
    """A short 440 Hz tone encoded as MP3 with PyAV, standing in for gTTS's answer."""
    import av

    samples = (8000 * np.sin(2 * math.pi * 440 * np.arange(int(seconds * rate)) / rate)).astype(np.int16)
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.time_base, frame.pts = rate, Fraction(1, rate), 0
        resampler = av.AudioResampler(format="s16p", layout="mono", rate=rate,
                                      frame_size=stream.codec_context.frame_size or None)
        for chunk in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(chunk):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()
