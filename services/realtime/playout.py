"""Speech going out: PCM queued by the turn worker, pulled 20 ms at a time by the WebRTC track.

It plays the part of streamlit-webrtc's `PcmAudioSource` (thread-safe push, clear on barge-in,
silence on underrun) and adds what barge-in needs: every push is tagged with the sentence it
speaks, and the pull counts the samples of each sentence actually sent, so after a flush the
worker knows exactly what the user heard. `frame` is the callback for streamlit-webrtc's
`AudioSourceTrack` (aiortc paces it); it only copies one frame's samples under a lock.

A possible barge-in first `pause()`s the output (the next frame is silent, nothing is dropped):
a cough or an "mm-hmm" then `resume()`s where it stopped, a real interruption `clear()`s.
Each pulled frame's loudness is kept for half a second (`recent_energy`), so the bridge can tell
the bot's own voice coming back through the speakers from the user talking over it.
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
ECHO_MEMORY_FRAMES = 25  # 500 ms of outgoing loudness: longer than a browser's echo path


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
        self.audio_frames = 0  # frames of this reply that carried audio (the echo guard counts them)
        self.paused = False
        self.paused_at: float | None = None
        self.max_gap_frames = 0  # longest run of silent frames between two audio frames of this reply
        self._gap_run = 0
        self._scratch = np.zeros(self.frame_samples, dtype=np.float32)
        self._energy = np.zeros(ECHO_MEMORY_FRAMES, dtype=np.float64)  # mean square per frame, a ring
        self._energy_pos = 0

    # Worker side ---------------------------------------------------------------------------
    def begin(self) -> None:
        """A new reply: forget the last one's accounting and accept audio again."""
        with self._lock:
            self._queue.clear()
            self._queued = 0
            self._segments = []
            self._open = True
            self.paused = False
            self.audio_frames = 0
            self.max_gap_frames = self._gap_run = 0
            self.first_audio_at = self.last_audio_at = None
            self.cleared_at = self.silent_at = self.paused_at = None

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
            if not (self.paused and self.silent_at is not None):
                self.silent_at = None  # (after a pause the output already went silent: keep when)
            self.paused = False
            return list(self._segments)

    def pause(self) -> None:
        """Silence from the next frame on, keeping everything queued (a possible barge-in)."""
        with self._lock:
            self._gap_run = 0  # a pause is not a gap
            if not self.paused:
                self.paused = True
                self.paused_at = self._clock()
                self.silent_at = None

    def resume(self) -> None:
        """A false interruption: go on from where the pause stopped."""
        with self._lock:
            self.paused = False

    def recent_energy(self) -> float:
        """The outgoing loudness of the last half second (mean square of int16 samples)."""
        return float(self._energy.mean())

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
            while filled < need and self._queue and not self.paused:
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
                self.audio_frames += 1
                if self._gap_run > self.max_gap_frames:
                    self.max_gap_frames = self._gap_run  # synthesis fell behind playback
                self._gap_run = 0
            elif (self.cleared_at is not None or self.paused) and self.silent_at is None:
                self.silent_at = self._clock()
            if filled < need and self.first_audio_at is not None:
                self._gap_run = 0 if self.paused else self._gap_run + 1
            self.frames_pulled += 1
        np.copyto(self._scratch, out, casting="unsafe")
        self._energy[self._energy_pos] = float(np.dot(self._scratch, self._scratch)) / need
        self._energy_pos = (self._energy_pos + 1) % ECHO_MEMORY_FRAMES
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
