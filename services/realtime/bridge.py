"""The per-session voice bridge: the one object the media thread, the turn worker and the page share.

`on_frame` runs on aiortc's media loop for every incoming 20 ms frame and does only cheap work:
resample, VAD, turn detection, copy into preallocated buffers. A finished utterance goes to the
turn worker through `jobs`; a barge-in flushes the outgoing audio and sets `interrupt` at once.
The page reads a consistent copy of state, captions and timings through `snapshot()`.
Each Streamlit session makes its own bridge, so audio and flags never cross sessions.
"""
from __future__ import annotations

import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

import av
import numpy as np

from core.errors import StageError
from core.turn import BARGE_IN, END_OF_TURN, SPEECH_START, TurnDetector
from services.llm.base import CancelFlag
from services.realtime.frames import FRAME_MS, FRAME_SAMPLES, RATE, Downsampler, Framer
from services.realtime.playout import Playout, heard_text
from services.realtime.vad import FrameVad

IDLE, LISTENING, HEARING, THINKING, SPEAKING = "idle", "listening", "hearing you", "thinking", "speaking"
PREROLL_MS = 300
TAIL_MS = 300  # silence kept after the last word (the rest of the end-of-turn wait is dropped)
EARLY_STT_MS = 400  # a pause this long starts transcribing while we wait for the end of turn
MAX_UTTERANCE_S = 60  # a longer monologue is cut into turns


@dataclass
class TurnTimings:
    """Monotonic timestamps of one turn; `row()` shows them in ms from the end of speech."""

    seq: int
    end_of_speech: float | None = None
    end_of_turn: float | None = None
    transcript: float | None = None
    first_token: float | None = None
    first_chunk: float | None = None  # first chunk of text complete, sent to TTS
    first_pcm: float | None = None  # first audio of it synthesized and queued
    first_audio: float | None = None  # first non-silent frame sent to the browser
    barge_in: float | None = None
    silence: float | None = None  # first silent frame after the barge-in flush
    kind: str = "answer"

    def row(self) -> dict:
        def ms(t: float | None, since: float | None) -> int | None:
            return None if t is None or since is None else round((t - since) * 1000)

        zero = self.end_of_speech if self.end_of_speech is not None else self.end_of_turn
        return {
            "turn": self.seq,
            "kind": self.kind,
            "end of turn": ms(self.end_of_turn, zero),
            "transcript": ms(self.transcript, zero),
            "first token": ms(self.first_token, zero),
            "first chunk": ms(self.first_chunk, zero),
            "first audio out": ms(self.first_audio, zero),
            "barge-in → silence": ms(self.silence, self.barge_in),
        }


@dataclass
class Utterance:
    """A user turn handed to the worker: 16 kHz mono int16 samples with pre-roll.

    `draft` names the early transcription of exactly this audio, when one was started."""

    seq: int
    samples: np.ndarray
    timings: TurnTimings
    draft: int | None = None


@dataclass
class Draft:
    """The user paused: transcribe what they said so far, in case the pause is the end of turn.

    The end-of-turn wait (1.5 s by default) is dead time; spending it on STT means the
    transcript is ready the moment the turn ends. Speech after the pause makes it stale."""

    id: int
    samples: np.ndarray
    seq: None = None  # not a turn: it never takes the floor


@dataclass
class Opening:
    """The call just connected: the coach speaks first if the session has no reply yet."""

    seq: int
    timings: TurnTimings = field(default_factory=lambda: TurnTimings(seq=0, kind="opening"))


STOP = object()


class VoiceBridge:
    def __init__(self, interrupt: threading.Event | None = None, *, end_silence_ms: int = 1500,
                 barge_in_ms: int = 300, vad: FrameVad | None = None, playout: Playout | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.interrupt = interrupt if interrupt is not None else CancelFlag()
        self.playout = playout or Playout(clock=clock)
        self.detector = TurnDetector(end_silence_ms=end_silence_ms, barge_in_ms=barge_in_ms, frame_ms=FRAME_MS)
        self.jobs: queue.Queue = queue.Queue()
        self.session_id: str | None = None
        self._clock = clock
        self._vad = vad or FrameVad()
        self._down = Downsampler()
        self._framer = Framer()
        # Preallocated audio memory: a 1 s ring for pre-roll, one buffer for the utterance.
        self._ring = np.zeros(50 * FRAME_SAMPLES, dtype=np.int16)
        self._ring_pos = 0  # samples written in total
        self._utt = np.zeros(MAX_UTTERANCE_S * RATE, dtype=np.int16)
        self._utt_len = 0
        self._draft_id = 0
        self._draft_fresh = False  # no speech since the last draft of this utterance
        self._streaming = False
        self._lock = threading.Lock()  # guards everything below, read by snapshot()
        self._seq = 0  # jobs handed to the worker so far
        self._barged_seq = -1  # every job up to this one was talked over
        self._stage: str | None = None  # the worker's stage while the bot holds the floor
        self._floor = False  # the bot holds the floor (thinking or speaking): speech is a barge-in
        self._user_text = ""
        self._bot_text = ""
        self._bot_cut = False
        self._timings: deque[TurnTimings] = deque(maxlen=30)
        self._current: TurnTimings | None = None
        self._errors: deque[dict] = deque(maxlen=5)
        self.frames_in = 0

    # Media thread ------------------------------------------------------------------------
    def on_frame(self, frame: av.AudioFrame) -> None:
        """Sink callback for each incoming browser frame. Cheap work only; never blocks."""
        if not self._streaming:
            self._start_stream()
        self.frames_in += 1
        for chunk in self._down.convert(frame):
            for audio in self._framer.push(chunk):
                self._on_audio(audio)

    def _start_stream(self) -> None:
        self._down.reset()
        self._framer.reset()
        self.detector.reset()
        self._utt_len = 0
        self._streaming = True
        self._submit(lambda seq: Opening(seq, TurnTimings(seq=seq, kind="opening")))

    def _on_audio(self, audio: np.ndarray) -> None:
        speech = self._vad.is_speech(audio)
        pos = self._ring_pos % len(self._ring)
        self._ring[pos:pos + FRAME_SAMPLES] = audio
        self._ring_pos += FRAME_SAMPLES
        was_in_turn = self.detector.in_speech
        event = self.detector.push(speech, bot_speaking=self._floor)
        if was_in_turn and event is None:
            if self._utt_len + FRAME_SAMPLES > len(self._utt):
                self._end_turn(forced=True)
                return
            self._utt[self._utt_len:self._utt_len + FRAME_SAMPLES] = audio
            self._utt_len += FRAME_SAMPLES
            if speech:
                self._draft_fresh = False
            elif self.detector.silence_ms == EARLY_STT_MS:
                self._draft()
        if event == SPEECH_START:
            self._begin_utterance()
        elif event == BARGE_IN:
            self.barge_in()
            self._begin_utterance()
        elif event == END_OF_TURN:
            self._end_turn()

    def _begin_utterance(self) -> None:
        """Copy the speech so far plus the pre-roll before it out of the ring."""
        frames = self.detector.speech_ms // FRAME_MS + PREROLL_MS // FRAME_MS + 2  # + tolerated gaps
        n = min(frames * FRAME_SAMPLES, self._ring_pos, len(self._ring))
        start = (self._ring_pos - n) % len(self._ring)
        first = min(n, len(self._ring) - start)
        self._utt[:first] = self._ring[start:start + first]
        self._utt[first:n] = self._ring[:n - first]
        self._utt_len = n
        self._draft_fresh = False

    def _trimmed(self, silence_ms: int) -> np.ndarray:
        """A copy of the utterance without the trailing silence beyond TAIL_MS."""
        drop = max(0, silence_ms - TAIL_MS) // FRAME_MS * FRAME_SAMPLES
        return self._utt[:max(0, self._utt_len - drop)].copy()

    def _draft(self) -> None:
        self._draft_id += 1
        self._draft_fresh = True
        self.jobs.put(Draft(self._draft_id, self._trimmed(self.detector.silence_ms)))

    def draft_is_current(self, draft_id: int) -> bool:
        """Worker: is this draft still the audio of the turn in progress (no speech since)?"""
        return draft_id == self._draft_id and self._draft_fresh

    def _end_turn(self, forced: bool = False) -> None:
        now = self._clock()
        silence_ms = 0 if forced else self.detector.silence_ms
        if forced:
            self.detector.reset()
        # The frame that ended the turn is not in the buffer: one less frame of silence to trim.
        samples = self._trimmed(max(0, silence_ms - FRAME_MS))  # the one allocation per turn
        draft = self._draft_id if self._draft_fresh and not forced else None
        self._utt_len = 0
        self._draft_fresh = False
        timings = TurnTimings(seq=0, end_of_speech=now - silence_ms / 1000, end_of_turn=now)

        def make(seq: int) -> Utterance:
            timings.seq = seq
            return Utterance(seq, samples, timings, draft)

        self._submit(make)

    def _submit(self, make: Callable[[int], object]) -> None:
        with self._lock:
            self._seq += 1
            job = make(self._seq)
            self._floor = True
            self._stage = THINKING
            self._current = job.timings
            self._timings.append(job.timings)
        self.jobs.put(job)

    # Barge-in (media thread) and hang-up (script thread) ------------------------------------
    def barge_in(self) -> None:
        """The user talked over the bot: silence now, stop the reply, keep what was heard."""
        now = self._clock()
        heard = heard_text(self.playout.clear())  # the very next outgoing frame is silent
        with self._lock:
            self._barged_seq = self._seq
            self._floor = False
            self._stage = None
            self._bot_text, self._bot_cut = heard, True  # the caption shows only what was said
            if self._current is not None and self._current.barge_in is None:
                self._current.barge_in = now
        self.interrupt.set()

    def hang_up(self) -> None:
        """The call ended: stop any reply; the next frame starts a fresh stream."""
        self._streaming = False
        self.playout.clear()
        with self._lock:
            self._barged_seq = self._seq
            self._floor = False
            self._stage = None
        self.interrupt.set()
        self.detector.reset()
        self._utt_len = 0

    # Worker side ---------------------------------------------------------------------------
    def start_reply(self, seq: int) -> bool:
        """Called by the worker before it asks for a reply. False if the user already talked over
        this turn (or hung up), in which case it must not reply; else the interrupt flag is reset."""
        with self._lock:
            if self._barged_seq >= seq or not self._streaming:
                return False
            self.interrupt.clear()
            self._bot_text = ""
            self._bot_cut = False
            return True

    def interrupted(self, seq: int) -> bool:
        with self._lock:
            return self._barged_seq >= seq

    def set_stage(self, seq: int, stage: str) -> None:
        with self._lock:
            if self._barged_seq < seq and seq == self._seq:
                self._stage = stage

    def finish(self, seq: int) -> None:
        """The worker is done with job `seq`: if nothing newer is queued, the user has the floor."""
        with self._lock:
            if seq == self._seq:
                self._floor = False
                self._stage = None

    def set_user_text(self, text: str) -> None:
        with self._lock:
            self._user_text = text

    def add_bot_text(self, delta: str) -> None:
        with self._lock:
            self._bot_text += delta

    def set_bot_text(self, text: str, cut: bool = False) -> None:
        with self._lock:
            self._bot_text = text
            self._bot_cut = cut

    def error(self, error: StageError) -> None:
        """Record a failure of this call (stage, code, message, request id) for the page to show."""
        with self._lock:
            self._errors.append({"time": time.strftime("%H:%M:%S"), **error.to_dict()})

    # Script side ---------------------------------------------------------------------------
    @property
    def current_timings(self) -> TurnTimings | None:
        """The timings of the latest turn (filled in by the worker as it goes)."""
        with self._lock:
            return self._current

    def set_end_silence(self, ms: int) -> None:
        self.detector.end_silence_ms = int(ms)  # validated (0.5–3 s) by the detector

    def snapshot(self) -> dict:
        """A consistent copy of everything the page shows."""
        with self._lock:
            if not self._streaming:
                state = IDLE
            elif self.detector.in_speech:
                state = HEARING
            elif self._floor:
                state = self._stage or THINKING
            else:
                state = LISTENING
            return {
                "state": state,
                "user": self._user_text,
                "bot": self._bot_text,
                "bot_cut": self._bot_cut,
                "timings": [t.row() for t in self._timings],
                "errors": list(self._errors),
                "frames_in": self.frames_in,
            }
