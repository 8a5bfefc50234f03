"""The per-session voice bridge: the one object the media thread, the turn worker and the page share.

`on_frame` runs on aiortc's media loop for every incoming 20 ms frame and does only cheap work:
resample, VAD, turn detection, copy into preallocated buffers. A finished utterance goes to the
turn worker through `jobs`. The page reads a consistent copy of state, captions and timings
through `snapshot()`. Each Streamlit session makes its own bridge, so audio and flags never cross.

End of turn (`core.turn.EndpointPolicy`): after 160 ms of pause early transcription starts on
the worker; after 250 ms the end-of-turn model (`smart_turn`, on this bridge's own `Listener`
thread, never on the media thread) scores the turn so far. "Complete" ends the turn as soon as
the early transcript is in and does not stop mid-sentence (`core.turn.unfinished_text`: "…about
the"); the reply needs that transcript anyway, so this costs no time. "Unfinished" keeps
listening for a wait learned from the user's own pauses (at least 1.5 s), up to a cap (3 s, 4 s
in language tests). Without the model, silence alone ends the turn (`set_end_silence`).

Barge-in (`core.turn.is_real_interruption`): the bot's own voice coming back (speech over the bot
quieter than what it played meanwhile by `ECHO_MARGIN_DB`) and the first `GUARD_MS` of each reply
are not the user.
Speech over the bot pauses its audio at once; the words decide (on the listener thread): a
cough or a backchannel ("mm-hmm", "right") resumes the bot where it stopped, anything else is a
real interruption: the audio is flushed, `interrupt` is set and the speech is the next turn.

A timed interview (services.clock): the worker tells the bridge how long the open question's answer may
last (`set_answer_limit`, in seconds from now on this bridge's clock). At the limit the user's turn ends
as an end of turn marked `cut`; with nothing said by then, an empty cut turn ends it so the coach goes on.
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
from core.unheard import no_words, unheard_ms
from core.turn import (ASK_MODEL, BARGE_IN, END_OF_TURN, END_SILENCE_MAX_MS, END_SILENCE_MIN_MS, SPEECH_START,
                       EndpointPolicy, TurnDetector, is_real_interruption, unfinished_text)
from services.llm.base import CancelFlag
from services.realtime.frames import FRAME_MS, FRAME_SAMPLES, RATE, Downsampler, Framer
from services.realtime.listener import Listener
from services.realtime.playout import Playout, heard_text
from services.realtime.vad import FrameVad

IDLE, LISTENING, HEARING, THINKING, SPEAKING = "idle", "listening", "hearing you", "thinking", "speaking"
PREROLL_MS = 300
TAIL_MS = 300  # silence after the last word in a turn's audio: the first DRAFT_AFTER_MS of the pause, then zeros

MAX_UTTERANCE_S = 60  # a longer monologue is cut into turns
DRAFT_AFTER_MS = 160  # a pause this long starts transcribing (the reply's critical path)
ASK_AFTER_MS = 250  # a pause this long: ask the end-of-turn model
SECOND_LOOK_MS = 500  # …and after an "unfinished" verdict, again at this long, then every 250 ms (not in language tests)
TEXT_WAIT_MS = 1200  # a "complete" verdict waits this long at most for the early transcript
FALSE_END_S = 2.0  # the user going on this soon after the end of their turn (before the reply is heard): a cut
CAP_MS, LANGUAGE_CAP_MS = 3000, 4000  # longest wait after an "unfinished" verdict (learners pause more)
LONGEST_WAIT_MS = 6000  # the most a user may ask to be waited for after an unfinished sentence
MIN_WAIT_MS, LANGUAGE_MIN_WAIT_MS = 1500, 2000  # shortest wait after an "unfinished" verdict
MODEL_WINDOW = 8 * RATE  # the end-of-turn model reads the last 8 s
ECHO_MARGIN_DB = 14.0  # a frame this much quieter than what the bot plays is its echo, not the user
GUARD_MS = 300  # the first audio of a reply cannot be talked over (echo before cancellation settles)
CHECK_PAUSE_MS = 200  # a pause this long in speech over the bot: transcribe it to judge it
CHECK_SPEECH_MS = 1000  # …or this much speech, whichever comes first
SURE_SPEECH_MS = 1600  # this much speech over the bot is an interruption whatever the words
WORDS_TIMEOUT_S = 1.5  # words that take longer than this: duration alone decides
AUTO = "auto"


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
    preempted: bool = False  # the reply was started on the draft transcript, before the end of turn

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
    cut: bool = False  # ended at a timed interview's limit (set_answer_limit), not by the user


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


@dataclass
class PendingBargeIn:
    """Speech over the bot: its audio is paused until the words say whether it is an interruption."""

    token: int
    speech_ms: int
    pause_ms: int = 0
    asked_at: float | None = None


STOP = object()
METER_FLOOR_DB, METER_TOP_DB, METER_DECAY = 60.0, 10.0, 0.1  # the input meter: -60 dBFS empty, -10 dBFS full


def default_endpoint():
    """Smart Turn's probability function when the model loads, else None (silence alone)."""
    from services.realtime import smart_turn

    return smart_turn.probability if smart_turn.available() else None


class VoiceBridge:
    """`endpoint(samples16k) -> P(turn complete)` is the end-of-turn model (default: Smart Turn when
    it loads; None: silence alone, `end_silence_ms`). `words(samples16k) -> text` transcribes speech
    over the bot (the worker sets it; None: its duration alone decides)."""

    def __init__(self, interrupt: threading.Event | None = None, *, end_silence_ms: int = 1500,
                 barge_in_ms: int = 300, vad: FrameVad | None = None, playout: Playout | None = None,
                 clock: Callable[[], float] = time.monotonic, endpoint=AUTO,
                 words: Callable[[np.ndarray], str] | None = None):
        self.interrupt = interrupt if interrupt is not None else CancelFlag()
        self.playout = playout or Playout(clock=clock)
        self.detector = TurnDetector(end_silence_ms=end_silence_ms, barge_in_ms=barge_in_ms, frame_ms=FRAME_MS,
                                     auto_end=False)
        self.endpoint = default_endpoint() if endpoint == AUTO else endpoint
        self.words = words
        self.policy = EndpointPolicy(ask_after_ms=ASK_AFTER_MS, min_wait_ms=MIN_WAIT_MS, cap_ms=CAP_MS,
                                     frame_ms=FRAME_MS, second_look_ms=SECOND_LOOK_MS)
        self._language_test = False
        self.language = "en"  # of the user's speech: which words cannot end a sentence
        self._draft_text: tuple[int, str | None] | None = None  # (draft id, its transcript) from the worker
        self._verdict: float | None = None  # the model's answer about the current pause, waiting for text
        self._ended_at: float | None = None  # when the last turn was ended on the model's "complete"
        self._gap_ms = 0  # the silence before the current speech
        self.false_ends = 0  # turns ended at a pause the user then went on from (cut-offs)
        self._end_silence_ms = end_silence_ms
        self._apply_patience()
        self.listener = Listener()
        self._echo_ratio = 10 ** (-ECHO_MARGIN_DB / 10)
        self._mic_energy = np.zeros(25, dtype=np.float64)  # loudness of the last 500 ms heard, a ring
        self._mic_pos = 0
        self._ask_token = 0  # names the pause (or the speech over the bot) a listener result is about
        self._pending: PendingBargeIn | None = None
        self.false_interruptions = 0  # speech over the bot that turned out not to be an interruption
        self.endpoint_scores: deque[float] = deque(maxlen=50)  # recent model verdicts, for diagnostics
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
        self._resumed_draft = 0  # the latest draft the user talked on after (its preemptive reply is void)
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
        self._level = 0.0  # the microphone's input level, 0–1, with a short decay (the page's meter)
        self._unheard_ms = 0  # listening for the user's turn with no speech this long (core.unheard)
        self._unheard_before = 0  # the count when the latest sound began (restored if it had no words)
        self._deadline: float | None = None  # a timed question's answer must end by then (this clock); None: untimed
        self._answer_s = 0.0  # …and may last at most this long from its first word
        self._utt_started = 0.0  # when the speech of the turn in progress began (this clock)
        self._after_cut = False  # the coach has the floor after a cut turn: speech over it does not stop it

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
        with self._lock:
            self._unheard_ms, self._level = 0, 0.0
        self._submit(lambda seq: Opening(seq, TurnTimings(seq=seq, kind="opening")))

    def _on_audio(self, audio: np.ndarray) -> None:
        speech = self._vad.is_speech(audio)
        if speech and self.detector.silence_ms:
            self._gap_ms = self.detector.silence_ms
        self._mic_energy[self._mic_pos] = self._vad.energy
        self._mic_pos = (self._mic_pos + 1) % len(self._mic_energy)
        if speech and not self.detector.in_speech and self._floor and (self._guarded() or self._after_cut):
            speech = False  # the first moments of a reply (echo), or the coach moving on after a cut turn
        pos = self._ring_pos % len(self._ring)
        self._ring[pos:pos + FRAME_SAMPLES] = audio
        self._ring_pos += FRAME_SAMPLES
        was_in_turn = self.detector.in_speech
        event = self.detector.push(speech, bot_speaking=self._floor)
        self._meter(self._vad.energy, speech)
        if was_in_turn and event is None:
            if self._utt_len + FRAME_SAMPLES > len(self._utt):
                self._end_turn(forced=True)
                return
            self._utt[self._utt_len:self._utt_len + FRAME_SAMPLES] = audio
            self._utt_len += FRAME_SAMPLES
            if self._pending is None and self._at_limit(self._utt_started):
                self._end_turn(in_buffer=True, cut=True)  # the answer time is up: an end of turn, cut
                return
            if self._pending is not None:
                self._judge_barge_in(speech)
                return
            self._endpoint(speech)
        elif event is None and not self.detector.in_speech and not self._floor and self._at_limit(None):
            self._time_up()
        if event == SPEECH_START:
            self._check_false_end()
            self._begin_utterance()
        elif event == BARGE_IN:
            if self._is_echo():
                self.detector.end_turn()  # the bot hearing itself: not a turn, not an interruption
            else:
                self._check_false_end()
                self._begin_utterance()
                self._suspect_barge_in()

    def _meter(self, energy: float, speech: bool) -> None:
        """The input level for the page's meter: -60 dBFS is empty, -10 dBFS full; it falls back
        slowly (a decay of ~0.1 per 20 ms frame) so a 300 ms refresh still shows a syllable.
        And how long the coach has listened for the user's turn with no speech (the hint's count)."""
        dbfs = 10 * np.log10(max(energy, 1e-9) / (32768.0 ** 2))
        level = min(1.0, max(0.0, (dbfs + METER_FLOOR_DB) / (METER_FLOOR_DB - METER_TOP_DB)))
        with self._lock:
            self._level = max(level, self._level - METER_DECAY)
            counted = unheard_ms(self._unheard_ms, FRAME_MS, speech=speech,
                                 in_turn=self.detector.in_speech, coach_has_floor=self._floor)
            if counted == 0 and self._unheard_ms > 0 and not self._floor:
                self._unheard_before = self._unheard_ms  # sound began: remember the count, in case it had no words
            self._unheard_ms = counted

    def heard_no_words(self, turn_ms: int) -> None:
        """Worker: the last turn's sound held no words (a hum, a tone): it counts towards "I can't hear you"."""
        with self._lock:
            self._unheard_ms = no_words(self._unheard_before, turn_ms, self._unheard_ms)

    def _check_false_end(self) -> None:
        """Speech soon after a turn ended at a pause, before the reply was heard: the user had
        not finished. The policy learns that this user pauses mid-sentence."""
        ended, self._ended_at = self._ended_at, None
        if ended is None or self._clock() - ended > FALSE_END_S:
            return
        first_audio = self.playout.first_audio_at
        if first_audio is not None and first_audio > ended:
            return  # the reply was already playing: an ordinary barge-in
        self.false_ends += 1
        self.policy.false_end(self._gap_ms)

    def _guarded(self) -> bool:
        playout = self.playout
        return 0 < playout.audio_frames < GUARD_MS // FRAME_MS and playout.busy

    def _is_echo(self) -> bool:
        """Speech over the bot far quieter than what the bot played meanwhile is its own voice."""
        frames = self.detector.barge_in_ms // FRAME_MS
        idx = (self._mic_pos - 1 - np.arange(frames)) % len(self._mic_energy)
        heard = float(self._mic_energy[idx].mean())
        return heard < self.playout.recent_energy() * self._echo_ratio

    def _endpoint(self, speech: bool) -> None:
        """One frame of the user's turn: the policy, and the model's answer when it comes."""
        decision = self.policy.push(speech)
        if speech:
            if self._draft_fresh:
                self._resumed_draft = self._draft_id  # the user went on: that draft's reply is void
            self._draft_fresh = False
            self._verdict = None
            self._ask_token += 1  # any verdict still on its way is about a pause that is over
        else:
            if self.detector.silence_ms == DRAFT_AFTER_MS:
                self._draft()
            if decision == ASK_MODEL:
                if self.endpoint is not None:
                    samples = self._utt[max(0, self._utt_len - MODEL_WINDOW):self._utt_len].copy()
                    self.listener.submit("endpoint", self._ask_token, self._score, samples)
            elif decision is None and self.endpoint is not None:
                decision = self._judge_pause()
                if decision == END_OF_TURN:
                    self._end_turn(in_buffer=True)
                    self._ended_at = self._clock()  # ended on the model's word: watch for a cut
                    return
        if decision == END_OF_TURN:
            self._end_turn(in_buffer=True)

    def _judge_pause(self) -> str | None:
        """The model's verdict, checked against the early transcript once both are in."""
        if self._verdict is None:
            answer = self.listener.take("endpoint", self._ask_token)
            if answer is None or not isinstance(answer, float):
                return None
            self.endpoint_scores.append(answer)
            self._verdict = answer
        p = self._verdict
        if p >= self.policy.current_threshold:
            draft = self._draft_text
            text = draft[1] if draft is not None and draft[0] == self._draft_id and self._draft_fresh else None
            if text is None and self.detector.silence_ms < TEXT_WAIT_MS:
                return None  # "complete" by the sound of it: wait for the words
            if text is not None and unfinished_text(text, self.language):
                p = 0.0  # "…about the": the sentence is not over, whatever the sound says
        self._verdict = None
        return self.policy.score(p)

    def draft_transcribed(self, draft_id: int, text: str | None) -> None:
        """Worker: the early transcript of draft `draft_id` ("" for no words, None if it failed)."""
        self._draft_text = (draft_id, text)

    def _score(self, samples: np.ndarray) -> float:
        return float(self.endpoint(samples))

    # Barge-in candidates (media thread) ---------------------------------------------------------
    def _suspect_barge_in(self) -> None:
        """Speech over the bot lasted `barge_in_ms`: silence the bot now, judge the words next."""
        self._ask_token += 1
        self._pending = PendingBargeIn(self._ask_token, self.detector.speech_ms)
        self.playout.pause()
        with self._lock:
            if self._current is not None and self._current.barge_in is None:
                self._current.barge_in = self._clock()
        self._judge_barge_in(True, counted=True)

    def _judge_barge_in(self, speech: bool, counted: bool = False) -> None:
        p = self._pending
        if not counted:
            p.speech_ms += FRAME_MS if speech else 0
            p.pause_ms = 0 if speech else p.pause_ms + FRAME_MS
        if self.words is None or p.speech_ms >= SURE_SPEECH_MS:
            if is_real_interruption(p.speech_ms, None):
                self._confirm_barge_in()
            elif p.pause_ms >= CHECK_PAUSE_MS:
                self._false_barge_in()
            return
        if p.asked_at is None:
            if p.pause_ms >= CHECK_PAUSE_MS or p.speech_ms >= CHECK_SPEECH_MS:
                p.asked_at = self._clock()
                self.listener.submit("words", p.token, self.words, self._utt[:self._utt_len].copy())
            return
        words = self.listener.take("words", p.token)
        if isinstance(words, BaseException):
            words = None  # transcription failed: duration alone decides
        elif words is None and self._clock() - p.asked_at < WORDS_TIMEOUT_S:
            return
        if is_real_interruption(p.speech_ms, words):
            self._confirm_barge_in()
        else:
            self._false_barge_in()

    def _confirm_barge_in(self) -> None:
        self._pending = None
        self.barge_in()
        self.policy.reset()
        self.policy.push(True)
        if self.detector.silence_ms:  # the user already paused: count it toward the end of turn
            for _ in range(self.detector.silence_ms // FRAME_MS):
                self.policy.push(False)

    def _false_barge_in(self) -> None:
        """A cough, a backchannel: forget the speech and let the bot go on where it stopped."""
        self._pending = None
        self._ask_token += 1
        self.false_interruptions += 1
        self.detector.end_turn()
        self._utt_len = 0
        with self._lock:
            if self._current is not None:
                self._current.barge_in = None
        self.playout.resume()

    # A timed interview's limit (media thread) -------------------------------------------------
    def set_answer_limit(self, seconds_left: float | None, answer_s: float = 0.0) -> None:
        """Worker: the open question's answer must end within `seconds_left` (None: no limit), and may last
        at most `answer_s` from its first word. Server time, measured on this bridge's clock."""
        self._answer_s = float(answer_s)
        self._deadline = None if seconds_left is None else self._clock() + seconds_left

    def _at_limit(self, started: float | None) -> bool:
        """The answer time is up: the deadline passed, or the speech begun at `started` lasted `answer_s`."""
        if self._deadline is None:
            return False
        now = self._clock()
        return now >= self._deadline or (started is not None and now - started >= self._answer_s)

    def _time_up(self) -> None:
        """Nothing said by the limit: an empty turn, cut, so the coach moves on."""
        self._deadline = None
        self._after_cut = True
        now = self._clock()
        timings = TurnTimings(seq=0, end_of_speech=now, end_of_turn=now)

        def make(seq: int) -> Utterance:
            timings.seq = seq
            return Utterance(seq, np.zeros(0, dtype=np.int16), timings, cut=True)

        self._submit(make)

    def _begin_utterance(self) -> None:
        """Copy the speech so far plus the pre-roll before it out of the ring."""
        self._utt_started = self._clock() - self.detector.speech_ms / 1000
        if self._draft_fresh:
            self._resumed_draft = self._draft_id
        frames = self.detector.speech_ms // FRAME_MS + PREROLL_MS // FRAME_MS + 2  # + tolerated gaps
        n = min(frames * FRAME_SAMPLES, self._ring_pos, len(self._ring))
        start = (self._ring_pos - n) % len(self._ring)
        first = min(n, len(self._ring) - start)
        self._utt[:first] = self._ring[start:start + first]
        self._utt[first:n] = self._ring[:n - first]
        self._utt_len = n
        self._draft_fresh = False
        self._verdict = None
        self._ask_token += 1
        self.policy.reset()
        self.policy.push(True)

    def _trimmed(self, silence_ms: int) -> np.ndarray:
        """A copy of the utterance whose pause is cut to its first DRAFT_AFTER_MS and padded with
        zeros to TAIL_MS: the same samples whether taken for the early transcript or at the end."""
        real_ms = min(silence_ms, DRAFT_AFTER_MS)
        end = max(0, self._utt_len - (silence_ms - real_ms) // FRAME_MS * FRAME_SAMPLES)
        out = np.zeros(end + max(0, TAIL_MS - real_ms) * RATE // 1000, dtype=np.int16)
        out[:end] = self._utt[:end]
        return out

    def _draft(self) -> None:
        self._draft_id += 1
        self._draft_fresh = True
        self.jobs.put(Draft(self._draft_id, self._trimmed(self.detector.silence_ms)))

    def draft_is_current(self, draft_id: int) -> bool:
        """Worker: is this draft still the audio of the turn in progress (no speech since)?"""
        return draft_id == self._draft_id and self._draft_fresh

    def draft_abandoned(self, draft_id: int) -> bool:
        """Worker: did the user go on talking after this draft (so it is not the end of their turn)?
        Unlike `draft_is_current`, a draft the turn ended on is not abandoned."""
        return self._resumed_draft >= draft_id or not self._streaming

    def _end_turn(self, forced: bool = False, in_buffer: bool = False, cut: bool = False) -> None:
        now = self._clock()
        self._deadline = None  # the answer is in: the worker sets the limit again after the reply
        self._after_cut = cut  # talking on past the limit does not stop the coach moving on
        silence_ms = 0 if forced else self.detector.silence_ms
        if forced:
            self.detector.reset()
        else:
            self.detector.end_turn()
        self._ask_token += 1
        self._verdict = None
        self._ended_at = None
        # Unless the frame that ended the turn is in the buffer, there is one less frame of silence to trim.
        samples = self._trimmed(silence_ms if in_buffer else max(0, silence_ms - FRAME_MS))  # one allocation
        draft = self._draft_id if self._draft_fresh and not forced else None
        self._utt_len = 0
        self._draft_fresh = False
        timings = TurnTimings(seq=0, end_of_speech=now - silence_ms / 1000, end_of_turn=now)

        def make(seq: int) -> Utterance:
            timings.seq = seq
            return Utterance(seq, samples, timings, draft, cut=cut)

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
        self._pending = None
        self._deadline = None  # the worker sets it again once the call is back and the question said again
        self._after_cut = False
        self._ask_token += 1
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
                self._after_cut = False

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
        """Without an end-of-turn model, the silence that ends a turn (0.5–3 s). With it, the longest
        wait after an unfinished sentence (at least the mode's cap; the page offers 3–6 s)."""
        if not END_SILENCE_MIN_MS <= ms <= LONGEST_WAIT_MS:
            raise ValueError(f"end of turn wait must be between {END_SILENCE_MIN_MS} and {LONGEST_WAIT_MS} ms")
        self.detector.end_silence_ms = min(int(ms), END_SILENCE_MAX_MS)
        self._end_silence_ms = int(ms)
        self._apply_patience()

    def set_mode(self, mode: str) -> None:
        """Language tests wait longer for an unfinished sentence: learners pause to find words."""
        self._language_test = mode == "language"
        self._apply_patience()

    def _apply_patience(self) -> None:
        policy = self.policy
        if self.endpoint is None:
            policy.cap_ms = self._end_silence_ms
            policy.min_wait_ms = max(policy.ask_after_ms, min(MIN_WAIT_MS, policy.cap_ms))
        else:
            cap = LANGUAGE_CAP_MS if self._language_test else CAP_MS
            policy.cap_ms = max(cap, self._end_silence_ms)
            policy.min_wait_ms = LANGUAGE_MIN_WAIT_MS if self._language_test else MIN_WAIT_MS
            policy.second_look_ms = None if self._language_test else SECOND_LOOK_MS

    @property
    def uses_model(self) -> bool:
        """Whether the end of turn is judged by the end-of-turn model (else by silence alone)."""
        return self.endpoint is not None

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
                "level": round(float(self._level), 3) if self._streaming else 0.0,
                # How long the coach has listened for the user's turn with no speech: the page's
                # "I can't hear you" hint (core.unheard).
                "unheard_ms": self._unheard_ms if self._streaming else 0,
            }
