"""Speak a reply while it is still being written: text deltas in, audio chunks out, in order.

Deltas go through `core.chunker.SentenceChunker`; each complete chunk is synthesized by a worker
thread as soon as it exists, so the first sentence can play while the model is still writing
the rest. The caller collects finished audio without blocking (`ready`) or at the end (`drain`).
Reused by recorded voice turns and, with PCM, by the real-time pipeline.

Gapless by default (`SpokenUnits`): each sentence is its own chunk, and a long sentence is cut into
clauses. Synthesis then runs ahead of playback: the one worker synthesizes unit n+1 while unit n
plays, and a unit of at most ~90 characters takes less time to synthesize than the one before it
takes to play. With 2–3 sentences a chunk, the second chunk took longer to synthesize than the
first sentence took to play, and the listener heard 1–4.5 s of silence under load (issue 11;
`bench/spoken_gaps.py` measures it). The player puts a sentence's pause between chunks
(ui.player.PAUSE_S). Callers that pass their own chunker (the live pipeline) keep it.
"""
from __future__ import annotations

import queue
import re
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


MAX_UNIT_CHARS = 90  # a longer sentence is spoken in clauses: about 6 s of speech at most per synthesis
MIN_UNIT_CHARS = 30  # ...but no clause shorter than this on its own (choppy)
_CLAUSE_END = re.compile(r"(?<=[,;:—–])\s+|(?<=[，、；：،])\s*")  # Latin and Arabic with a space after, CJK without


def clauses(sentence: str, max_chars: int = MAX_UNIT_CHARS, min_chars: int = MIN_UNIT_CHARS) -> list[str]:
    """A long sentence cut after commas, semicolons, colons and dashes into pieces of about
    `max_chars` (never shorter than `min_chars`); a short one, or one with nowhere to cut, whole.
    The pieces concatenate back to the sentence exactly."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces, start = [], 0
    for match in _CLAUSE_END.finditer(sentence):
        if match.end() < len(sentence):
            pieces.append(sentence[start:match.end()])
            start = match.end()
    pieces.append(sentence[start:])
    out: list[str] = []
    for piece in pieces:
        if out and (len(out[-1]) < min_chars or len(out[-1]) + len(piece) <= max_chars):
            out[-1] += piece
        else:
            out.append(piece)
    if len(out) > 1 and len(out[-1].strip()) < min_chars:
        last = out.pop()
        out[-1] += last
    return out


class SpokenUnits:
    """The default chunker: one sentence a chunk, a long sentence in clauses (see the module docstring).

    Same interface as core.chunker.SentenceChunker (feed, flush, reset)."""

    def __init__(self) -> None:
        self._sentences = SentenceChunker(first_max_sentences=1, max_sentences=1, min_sentences=1)

    def feed(self, delta: str) -> list[str]:
        return [unit for sentence in self._sentences.feed(delta) for unit in clauses(sentence)]

    def flush(self) -> list[str]:
        return [unit for sentence in self._sentences.flush() for unit in clauses(sentence)]

    def reset(self) -> None:
        self._sentences.reset()


class ChunkedSpeaker:
    def __init__(self, synthesize: Callable[[str], bytes], chunker: SentenceChunker | SpokenUnits | None = None):
        self._synthesize = synthesize
        self._chunker = chunker or SpokenUnits()
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


def voiced_speak(voice_of: Callable[[str], str], language: str, mode: str, tone: str, settings):
    """A live call's speak(text) -> (int16 samples, rate) pieces, each text in the voice `voice_of(text)` names
    (services.tts.voices): a panel's interviewers speak in their own voices. Piper streams per sentence when it
    leads the voice chain, as in services.realtime.pipeline.default_speak; else the chain's WAV."""
    import numpy as np

    from services import tts

    piper_first = tts.chain_names(settings, language)[:1] == ["piper"]

    def speak(text: str):
        voice = voice_of(text)
        if piper_first:
            from services.tts.piper import stream_pcm

            for pcm, rate in stream_pcm(text, voice=voice):
                yield np.frombuffer(pcm, dtype=np.int16), rate
            return
        from services.realtime.pipeline import wav_samples

        data = tts.synthesize(text, language=language, mode=mode, tone=tone, settings=settings, voice=voice)
        if data:
            yield wav_samples(data)

    return speak
