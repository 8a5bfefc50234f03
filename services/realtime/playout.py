"""Speech going out: PCM queued by the turn worker, pulled 20 ms at a time by the WebRTC track.

It plays the part of streamlit-webrtc's `PcmAudioSource` (thread-safe push, clear on barge-in,
silence on underrun) and adds what barge-in needs: every push is tagged with the sentence it
speaks, and the pull counts the samples of each sentence actually sent, so after a flush the
worker knows exactly what the user heard. `frame` is the callback for streamlit-webrtc's
`AudioSourceTrack` (aiortc paces it); it only copies one frame's samples under a lock.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable

import av
import numpy as np

from core.audio_format import LIVE_FRAME_MS, WEBRTC_RATE

OUT_RATE = WEBRTC_RATE  # what the Opus encoder wants anyway: no resampling on the media thread


@dataclass
class Segment:
    """One sentence of a reply: its text, samples queued so far, samples actually played."""

    text: str
    pushed: int = 0
    played: int = 0
    complete: bool = False  # all of its audio was pushed


class Playout:
    def __init__(self, rate: int = OUT_RATE, frame_ms: int = LIVE_FRAME_MS, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.frame_samples = rate * frame_ms // 1000
        self._clock = clock
        self._lock = threading.Lock()
        self._queue: deque = deque()  # [segment, samples, offset]
        self._queued = 0
        self._open = False
        self._segments: list[Segment] = []
        self._out = np.zeros(self.frame_samples, dtype=np.int16)  # reused for every frame
        self.first_audio_at: float | None = None  # first non-silent frame of this reply
        self.last_audio_at: float | None = None
        self.cleared_at: float | None = None  # barge-in flush …
        self.silent_at: float | None = None  # … and the first silent frame after it
        self.frames_pulled = 0

    # Worker side ---------------------------------------------------------------------------
    def begin(self) -> None:
        """A new reply: forget the last one's accounting and accept audio again."""
        with self._lock:
            self._queue.clear()
            self._queued = 0
            self._segments = []
            self._open = True
            self.first_audio_at = self.last_audio_at = None
            self.cleared_at = self.silent_at = None

    def segment(self, text: str) -> Segment:
        """Start the next sentence; push its audio with `push(samples, segment)`."""
        seg = Segment(text)
        with self._lock:
            self._segments.append(seg)
        return seg

    def push(self, samples: np.ndarray, segment: Segment) -> bool:
        """Queue int16 mono samples at `rate`. False (nothing queued) once the reply was cleared."""
        samples = np.asarray(samples, dtype=np.int16).reshape(-1)
        with self._lock:
            if not self._open:
                return False
            if samples.size:
                self._queue.append([segment, samples, 0])
                self._queued += samples.size
                segment.pushed += samples.size
            return True

    def clear(self) -> list[Segment]:
        """Barge-in or hang-up: drop everything queued (the next frame is silent), refuse more
        audio until `begin()`, and return this reply's segments with what was played of each."""
        with self._lock:
            self._open = False
            self._queue.clear()
            self._queued = 0
            self.cleared_at = self._clock()
            self.silent_at = None
            return list(self._segments)

    def segments(self) -> list[Segment]:
        with self._lock:
            return list(self._segments)

    @property
    def busy(self) -> bool:
        """Audio is queued and not yet played."""
        return self._queued > 0

    # Media side ------------------------------------------------------------------------------
    def pull(self) -> np.ndarray:
        """The next frame of samples (silence when nothing is queued). The array is reused."""
        out, need, filled = self._out, self.frame_samples, 0
        with self._lock:
            while filled < need and self._queue:
                item = self._queue[0]
                segment, samples, offset = item
                take = min(need - filled, samples.size - offset)
                out[filled:filled + take] = samples[offset:offset + take]
                filled += take
                segment.played += take
                if offset + take == samples.size:
                    self._queue.popleft()
                else:
                    item[2] = offset + take
            self._queued -= filled
            out[filled:] = 0
            now = None
            if filled:
                now = self._clock()
                if self.first_audio_at is None:
                    self.first_audio_at = now
                self.last_audio_at = now
            elif self.cleared_at is not None and self.silent_at is None:
                self.silent_at = self._clock()
            self.frames_pulled += 1
        return out

    def frame(self, pts=None, time_base=None) -> av.AudioFrame:
        """`AudioSourceTrack` callback: one 20 ms s16 mono frame (the track sets pts itself)."""
        frame = av.AudioFrame.from_ndarray(self.pull().reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = self.rate
        return frame


def heard_text(segments: list[Segment]) -> str:
    """What the user actually heard of a reply: whole sentences played, then the words of a
    sentence cut midway in proportion to its played audio (ending with "—")."""
    parts = []
    for seg in segments:
        if seg.pushed == 0 or seg.played == 0:
            break
        if seg.played >= seg.pushed and seg.complete:
            parts.append(seg.text.strip())
            continue
        words = seg.text.split()
        keep = int(len(words) * seg.played / max(seg.pushed, 1))
        if seg.complete is False and seg.played >= seg.pushed:
            keep = min(keep, len(words) - 1)  # its synthesis was still running: not all of it was said
        if keep > 0:
            parts.append(" ".join(words[:keep]).rstrip(",;:") + "—")
        break
    return " ".join(p for p in parts if p)
