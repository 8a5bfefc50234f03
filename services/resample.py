"""The one resampler: PyAV's (FFmpeg's swresample), for every rate or channel change in Parley.

`StreamResampler` keeps its filter state between frames (live audio, decoding a file packet by
packet); `resample()` converts one whole clip. Both downmix to mono.
"""
from __future__ import annotations

from typing import Iterable

import av
import numpy as np


class StreamResampler:
    """Frames in, 1-D mono arrays out at `rate`, in `sample_format` ("s16" → int16, "flt" → float32).

    The filter is rebuilt when the input's format, layout or rate changes (a new stream or a
    renegotiated codec); `flush()` returns what the filter still holds at the end of a stream.
    """

    def __init__(self, rate: int, sample_format: str = "s16"):
        self.rate = rate
        self.sample_format = sample_format
        self._resampler: av.AudioResampler | None = None
        self._shape: tuple | None = None

    def feed(self, frame: av.AudioFrame) -> list[np.ndarray]:
        shape = (frame.format.name, frame.layout.name, frame.sample_rate)
        if self._resampler is None or shape != self._shape:
            self._resampler = av.AudioResampler(format=self.sample_format, layout="mono", rate=self.rate)
            self._shape = shape
        return _arrays(self._resampler.resample(frame))

    def flush(self) -> list[np.ndarray]:
        if self._resampler is None:
            return []
        return _arrays(self._resampler.resample(None))

    def reset(self) -> None:
        self._resampler = None
        self._shape = None


def resample(samples: np.ndarray, rate: int, out_rate: int) -> np.ndarray:
    """Mono int16 samples at `rate` → `out_rate` (allocates: not for the media thread)."""
    samples = np.asarray(samples, dtype=np.int16).reshape(-1)
    if rate == out_rate or samples.size == 0:
        return samples
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = rate
    frame.pts = 0
    stream = StreamResampler(out_rate)
    parts = stream.feed(frame) + stream.flush()
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)


def _arrays(frames: Iterable[av.AudioFrame]) -> list[np.ndarray]:
    return [f.to_ndarray().reshape(-1) for f in frames]
