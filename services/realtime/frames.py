"""Browser audio in: whatever WebRTC decodes (48 kHz, stereo, s16, 20 ms) → 16 kHz mono 20 ms frames.

One `Downsampler` and one `Framer` per stream: the resampler keeps filter state between frames,
and the framer's buffer is allocated once, so the per-frame path only copies a few hundred samples.
"""
from __future__ import annotations

from typing import Iterator

import av
import numpy as np

RATE = 16000  # what webrtcvad and Whisper want
FRAME_MS = 20
FRAME_SAMPLES = RATE * FRAME_MS // 1000  # 320


class Downsampler:
    """Downmix and resample incoming frames to s16 mono at `rate`, reusing one av.AudioResampler."""

    def __init__(self, rate: int = RATE):
        self.rate = rate
        self._resampler: av.AudioResampler | None = None
        self._shape: tuple | None = None

    def convert(self, frame: av.AudioFrame) -> Iterator[np.ndarray]:
        """Yield 1-D int16 arrays (any length, usually 320) for one incoming frame."""
        shape = (frame.format.name, frame.layout.name, frame.sample_rate)
        if shape != self._shape:  # a new stream or a renegotiated codec: start a fresh filter
            self._resampler = av.AudioResampler(format="s16", layout="mono", rate=self.rate)
            self._shape = shape
        for out in self._resampler.resample(frame):
            yield out.to_ndarray().reshape(-1)

    def reset(self) -> None:
        self._resampler = None
        self._shape = None


class Framer:
    """Re-cut a stream of int16 samples into fixed frames, in one preallocated buffer.

    Each yielded frame is the same array, overwritten by the next one: use it before moving on.
    """

    def __init__(self, size: int = FRAME_SAMPLES):
        self.size = size
        self._buf = np.zeros(size, dtype=np.int16)
        self._fill = 0

    def push(self, samples: np.ndarray) -> Iterator[np.ndarray]:
        pos, total = 0, len(samples)
        while pos < total:
            take = min(self.size - self._fill, total - pos)
            self._buf[self._fill:self._fill + take] = samples[pos:pos + take]
            self._fill += take
            pos += take
            if self._fill == self.size:
                self._fill = 0
                yield self._buf

    def reset(self) -> None:
        self._fill = 0


def make_frame(samples: np.ndarray, rate: int = 48000, layout: str = "stereo", pts: int | None = None) -> av.AudioFrame:
    """An av.AudioFrame of packed s16 samples (interleaved when stereo): tests and benchmarks feed these."""
    channels = 2 if layout == "stereo" else 1
    mono = np.asarray(samples, dtype=np.int16).reshape(-1)
    data = np.repeat(mono, channels) if channels == 2 else mono
    frame = av.AudioFrame.from_ndarray(data.reshape(1, -1), format="s16", layout=layout)
    frame.sample_rate = rate
    if pts is not None:
        frame.pts = pts
    return frame


def browser_frames(samples: np.ndarray, rate: int, out_rate: int = 48000) -> Iterator[av.AudioFrame]:
    """Mono int16 audio at `rate` as the browser would send it: 48 kHz stereo 20 ms frames."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=out_rate)
    src = av.AudioFrame.from_ndarray(np.asarray(samples, dtype=np.int16).reshape(1, -1), format="s16", layout="mono")
    src.sample_rate = rate
    src.pts = 0
    pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in [*resampler.resample(src), *resampler.resample(None)]])
    step = out_rate * FRAME_MS // 1000
    pcm = np.pad(pcm, (0, -len(pcm) % step))
    for i in range(0, len(pcm), step):
        yield make_frame(pcm[i:i + step], out_rate, "stereo", pts=i)
