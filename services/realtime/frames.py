"""Browser audio in: whatever WebRTC decodes (48 kHz, stereo, s16, 20 ms) → 16 kHz mono 20 ms frames.

One `Downsampler` and one `Framer` per stream: the resampler keeps filter state between frames,
and the framer's buffer is allocated once, so the per-frame path only copies a few hundred samples.
"""
from __future__ import annotations

from typing import Iterator

import av
import numpy as np

from core.audio_format import LIVE_FRAME_MS, LIVE_FRAME_SAMPLES, SPEECH_RATE, WEBRTC_RATE, frame_samples
from services.resample import StreamResampler, resample

RATE = SPEECH_RATE  # what webrtcvad and Whisper want
FRAME_MS = LIVE_FRAME_MS
FRAME_SAMPLES = LIVE_FRAME_SAMPLES  # 320


class Downsampler(StreamResampler):
    """Downmix and resample incoming frames to s16 mono at `rate`, keeping one filter per stream."""

    def __init__(self, rate: int = RATE):
        super().__init__(rate, "s16")

    def convert(self, frame: av.AudioFrame) -> Iterator[np.ndarray]:
        """Yield 1-D int16 arrays (any length, usually 320) for one incoming frame."""
        yield from self.feed(frame)


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


def make_frame(samples: np.ndarray, rate: int = WEBRTC_RATE, layout: str = "stereo", pts: int | None = None) -> av.AudioFrame:
    """An av.AudioFrame of packed s16 samples (interleaved when stereo): tests and benchmarks feed these."""
    channels = 2 if layout == "stereo" else 1
    mono = np.asarray(samples, dtype=np.int16).reshape(-1)
    data = np.repeat(mono, channels) if channels == 2 else mono
    frame = av.AudioFrame.from_ndarray(data.reshape(1, -1), format="s16", layout=layout)
    frame.sample_rate = rate
    if pts is not None:
        frame.pts = pts
    return frame


def browser_frames(samples: np.ndarray, rate: int, out_rate: int = WEBRTC_RATE) -> Iterator[av.AudioFrame]:
    """Mono int16 audio at `rate` as the browser would send it: 48 kHz stereo 20 ms frames."""
    pcm = resample(samples, rate, out_rate)
    step = frame_samples(out_rate, FRAME_MS)
    pcm = np.pad(pcm, (0, -len(pcm) % step))
    for i in range(0, len(pcm), step):
        yield make_frame(pcm[i:i + step], out_rate, "stereo", pts=i)
