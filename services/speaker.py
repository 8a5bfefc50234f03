"""Speak a reply while it is still being written: text deltas in, audio chunks out, in order.

Deltas go through `core.chunker.SentenceChunker`; each complete chunk is synthesized by a worker
thread as soon as it exists, so the first sentence can play while the model is still writing
the rest. The caller collects finished audio without blocking (`ready`) or at the end (`drain`).
Reused by recorded voice turns and, with PCM, by the real-time pipeline.
"""
from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from core.chunker import SentenceChunker
from core.errors import StageError

_DONE = object()


@dataclass
class SpokenChunk:
    seq: int
    text: str
    audio: bytes  # empty when synthesis failed (see error) or there was nothing to say
    seconds_to_audio: float  # from the speaker's start to this chunk's audio being ready
    error: StageError | None = None


class ChunkedSpeaker:
    def __init__(self, synthesize: Callable[[str], bytes], chunker: SentenceChunker | None = None):
        self._synthesize = synthesize
        self._chunker = chunker or SentenceChunker()
        self._todo: queue.Queue = queue.Queue()
        self._done: queue.Queue = queue.Queue()
        self._cancel = threading.Event()
        self._seq = 0
        self._closed = False
        self.started = time.monotonic()
        self._worker = threading.Thread(target=self._run, name="tts-chunks", daemon=True)
        self._worker.start()

    def feed(self, delta: str) -> None:
        """Add streamed text; complete chunks are queued for synthesis at once."""
        for chunk in self._chunker.feed(delta):
            self._queue(chunk)

    def close(self) -> None:
        """No more text: queue what is left and let the worker finish."""
        if self._closed:
            return
        self._closed = True
        for chunk in self._chunker.flush():
            self._queue(chunk)
        self._todo.put(_DONE)

    def stop(self) -> None:
        """Barge-in or Stop: synthesize nothing more (the current chunk finishes)."""
        self._cancel.set()
        self.close()

    def ready(self) -> list[SpokenChunk]:
        """Chunks finished so far, without waiting."""
        out = []
        while True:
            try:
                item = self._done.get_nowait()
            except queue.Empty:
                return out
            if item is _DONE:
                self._done.put(_DONE)  # keep the end marker for drain()
                return out
            out.append(item)

    def drain(self, timeout: float = 60.0) -> Iterator[SpokenChunk]:
        """Close, then yield every remaining chunk as it finishes."""
        self.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self._done.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                return
            if item is _DONE:
                self._done.put(_DONE)
                return
            yield item

    def _queue(self, chunk: str) -> None:
        self._todo.put((self._seq, chunk))
        self._seq += 1

    def _run(self) -> None:
        while True:
            item = self._todo.get()
            if item is _DONE:
                self._done.put(_DONE)
                return
            if self._cancel.is_set():
                continue
            seq, text = item
            try:
                audio, error = self._synthesize(text), None
            except StageError as exc:
                audio, error = b"", exc
            self._done.put(SpokenChunk(seq, text, audio, time.monotonic() - self.started, error))
