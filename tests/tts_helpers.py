"""Small checks on WAV bytes shared by the TTS tests."""
from __future__ import annotations

import io
import math
import struct
import wave
from dataclasses import dataclass

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
    from tests.speech_helpers import encode

    samples = (8000 * np.sin(2 * math.pi * 440 * np.arange(int(seconds * rate)) / rate)).astype(np.int16)
    return encode(samples, rate, "mp3", out_rate=rate)
