"""The turn worker: utterance → STT → conversation (memory applied) → streamed reply → TTS → playout.

It runs in its own thread, off aiortc's media loop, and takes jobs from the bridge's queue.
The reply streams through `ChunkedSpeaker` (a `SentenceChunker` plus a TTS thread), so the first
sentence plays while the model is still writing the rest. Each sentence is pushed to the
playout as its own segment; on a barge-in the stream and pending synthesis stop at once (the
provider checks the shared interrupt flag between tokens, TTS between sentences), and the saved
reply is cut down to what the user actually heard. The user's next turn is then tagged
[INTERRUPTED] so the model acknowledges it.

Preemptive generation: when the early transcript of a pause is in, the reply is started on it
(`services.realtime.preempt`) and adopted if the turn ends on the same words; else it is dropped.

A timed interview (services.clock): after each reply the worker tells the bridge how long the open
question's answer may last; a turn the bridge ended at that limit is saved marked cut (what was said by
then), or, with nothing said, as a cut "Next question", and the coach moves on.
"""
from __future__ import annotations

import io
import logging
import threading
import time
import wave
from dataclasses import replace
from typing import Callable, Iterable, Iterator

import numpy as np

from core.chunker import SentenceChunker, split_sentences
from core.errors import StageError
from core.prompts import tag_interrupted
from core.text.clean import clean_text
from core.tone import detect_tone
from core.turn import unfinished_text
from services import clock as answer_clock
from services.realtime.bridge import SPEAKING, STOP, THINKING, Draft, Opening, Utterance, VoiceBridge
from services.realtime.frames import RATE
from services.realtime.playout import heard_text
from services.realtime.preempt import Preemption
from services.resample import resample
from services.speaker import ChunkedSpeaker
from services.pending_question import SayAgain
from services.speech_metrics import live_turn_meta

log = logging.getLogger(__name__)

# speak(text) yields (int16 mono samples, sample rate) pieces of `text` read aloud.
Speak = Callable[[str], Iterable[tuple[np.ndarray, int]]]
# transcribe(16 kHz float32 samples, language, prompt) -> text
Transcribe = Callable[[np.ndarray, str, str | None], str]

_PLAYOUT_STALL_S = 2.0  # queued audio that nobody pulls for this long: the track is gone
FIRST_CLAUSE_CHARS = 25  # a long first sentence starts speaking at its first clause this long
OPENER_WORDS = 2  # a reply that opens "Oh, …" / "Thank you, …" says the opener while the rest is written


def wav_samples(data: bytes) -> tuple[np.ndarray, int]:
    """(int16 mono samples, rate) of a 16-bit PCM WAV (what every voice in services.tts returns)."""
    with wave.open(io.BytesIO(data)) as wav:
        rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
        pcm = wav.readframes(wav.getnframes())
    if width != 2:
        raise ValueError("expected 16-bit WAV")
    samples = np.frombuffer(pcm, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return samples, rate


def default_speak(language: str, mode: str, tone: str, settings) -> Speak:
    """Piper's per-sentence PCM for English when Piper leads the voice chain, else any voice's WAV."""
    from services import tts

    if tts.chain_names(settings, language)[:1] == ["piper"]:
        from services.tts.piper import stream_pcm

        def speak_piper(text: str) -> Iterator[tuple[np.ndarray, int]]:
            for pcm, rate in stream_pcm(text):
                yield np.frombuffer(pcm, dtype=np.int16), rate

        return speak_piper

    def speak_any(text: str) -> Iterator[tuple[np.ndarray, int]]:
        data = tts.synthesize(text, language=language, mode=mode, tone=tone, settings=settings)
        if data:
            yield wav_samples(data)

    return speak_any


def live_stt_settings(settings, language: str, fast: bool = True):
    """The settings a live turn transcribes with: English turns on the short window get the recognizer
    with `live_whisper_threads` (default one). In a browser call on 2 cores, the early transcript took
    0.48-0.71 s with two threads (beside the end-of-turn model, the media loop and the browser, each
    thread kept waiting on the other) and 0.34-0.53 s with one; idle, one thread costs 0.24-0.27 s
    against 0.20-0.22 s. Recorded answers keep `whisper_threads` (a 21 s answer: 5.3-6.7 s with two,
    8.2-9.0 s with one). Other languages share the multilingual model (about 450 MB, not worth a copy)."""
    if fast and language == "en" and settings.stt_provider == "local" and settings.live_whisper_threads > 0:
        return replace(settings, whisper_threads=settings.live_whisper_threads)
    return settings


def default_transcribe(settings, fast: bool = True) -> Transcribe:
    """A live turn's recognizer. `fast`: English on the short encoder window (services/stt/short_window.py).
    The words of speech over the coach use the full path (fast=False): under load the short window heard a
    browser's "Actually," as no words, and the coach went on talking over the user."""
    def transcribe(samples: np.ndarray, language: str, prompt: str | None) -> str:
        from services import stt

        chosen = live_stt_settings(settings, language, fast)
        return stt.transcribe(samples, language, prompt, settings=chosen, fast=fast)

    return transcribe


# Whisper tiny.en heard "Mm-hmm" as "And then mom." without a hint; with this prompt it keeps the
# backchannel (or echoes the prompt, which the recognizer strips: no words, which is right too).
BACKCHANNEL_PROMPTS = {"en": "Mm-hmm. Uh-huh. Right. Yeah. Okay."}


def speech_words(transcribe: Transcribe, language: str) -> Callable[[np.ndarray], str]:
    """The bridge's `words` for speech over the bot (16 kHz int16 in): "" when there are no words."""
    prompt = BACKCHANNEL_PROMPTS.get(language)

    def words(samples: np.ndarray) -> str:
        try:
            return transcribe(samples.astype(np.float32) / 32768.0, language, prompt).strip()
        except StageError as exc:
            if exc.code == "no_speech":
                return ""  # a cough, a breath: no words
            raise

    return words


class TurnWorker:
    """Handles the bridge's jobs one at a time in a daemon thread (or directly via `handle`)."""

    def __init__(self, bridge: VoiceBridge, conversation: Callable[[], object], *,
                 transcribe: Transcribe, speak_for: Callable[[object, str], Speak],
                 clock: Callable[[], float] = time.monotonic, preemptive: bool = True,
                 words_transcribe: Transcribe | None = None):
        self.bridge = bridge
        self._words_transcribe = words_transcribe  # speech over the coach (None: `transcribe`)
        self.playout = bridge.playout
        self._conversation = conversation  # () -> services.conversation.Conversation
        self._transcribe = transcribe
        self._speak_for = speak_for  # (conversation, tone) -> Speak
        self._clock = clock
        self._tag_next = False  # the last reply was cut: tag the next user turn [INTERRUPTED]
        self._draft: tuple[int, str | StageError] | None = None  # (draft id, its transcript)
        self.preemptive = preemptive  # start the reply on the draft transcript (services.realtime.preempt)
        self._preempt: Preemption | None = None
        self._thread: threading.Thread | None = None

    def configure(self, conversation: Callable[[], object], *, transcribe: Transcribe | None = None,
                  speak_for: Callable[[object, str], Speak] | None = None,
                  words_transcribe: Transcribe | None = None) -> None:
        """New settings or another session (the page calls this every run)."""
        self._conversation = conversation
        self._transcribe = transcribe or self._transcribe
        self._words_transcribe = words_transcribe or self._words_transcribe
        self._speak_for = speak_for or self._speak_for

    # Thread ----------------------------------------------------------------------------------
    def start(self) -> "TurnWorker":
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="live-turns", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self.bridge.hang_up()
        self.bridge.jobs.put(STOP)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while True:
            job = self.bridge.jobs.get()
            if job is STOP:
                return
            self.handle(job)

    # One job -----------------------------------------------------------------------------------
    def handle(self, job) -> None:
        if isinstance(job, Draft):
            self._drop_preempt()  # the user paused again: they went on after the last draft
            self._transcribe_draft(job)
            return
        try:
            if isinstance(job, Opening):
                self._attune()
                self._opening(job)
            elif isinstance(job, Utterance):
                self._answer(job)
        except StageError as exc:
            self.bridge.error(exc)
        except Exception as exc:  # keep the worker alive whatever one turn does
            log.exception("live turn failed")
            self.bridge.error(StageError("webrtc", "turn_failed", f"Something went wrong in this turn "
                                         f"({type(exc).__name__}). Keep talking to retry.", retryable=True))
        finally:
            if isinstance(job, Utterance):
                self._drop_preempt()  # not adopted by this turn (no words, an error): it never will be
            self._arm_clock()
            self.bridge.finish(job.seq)

    def _arm_clock(self) -> None:
        """A timed interview: tell the bridge when the open question's answer must end (server time)."""
        try:
            convo = self._conversation()
            spec = getattr(convo, "spec", None)
            timed = spec is not None and spec.timed
            left = answer_clock.seconds_left(spec, convo.transcript()) if timed else None
        except Exception:  # the database is busy: no limit until the next turn sets it (the worker lives on)
            log.warning("could not read the answer clock", exc_info=True)
            return
        self.bridge.set_answer_limit(left, spec.answer_s if left is not None else 0.0)

    def _opening(self, job: Opening) -> None:
        convo = self._conversation()
        turns = convo.transcript()
        if turns and turns[-1]["role"] == "assistant":  # reconnected or resumed: say the question again (liveui hook)
            convo = SayAgain(convo, turns[-1]["content"])
        if self.bridge.start_reply(job.seq):
            self._reply(convo, job.seq, job.timings, turns)

    def _attune(self) -> None:
        """A call starts: tell the bridge how patient to be and how to hear speech over the bot."""
        convo = self._conversation()
        self.bridge.set_mode(convo.spec.mode)
        self.bridge.language = convo.spec.speech_language

        self.bridge.words = speech_words(self._words_transcribe or self._transcribe, convo.spec.speech_language)

    def _stt(self, samples: np.ndarray, convo) -> str:
        prompt = convo.stt_prompt() if hasattr(convo, "stt_prompt") else None
        return self._transcribe(samples.astype(np.float32) / 32768.0, convo.spec.speech_language, prompt).strip()

    def _transcribe_draft(self, job: Draft) -> None:
        """Early STT during a pause; kept for the end of turn if no speech follows."""
        if not self.bridge.draft_is_current(job.id):
            return  # the user already went on talking
        try:
            result: str | StageError = self._stt(job.samples, self._conversation())
        except StageError as exc:
            result = exc
        except Exception:  # the end of turn will transcribe again and report it
            log.exception("early transcription failed")
            self.bridge.draft_transcribed(job.id, None)
            return
        self._draft = (job.id, result)
        # The bridge checks a "complete" verdict against the words ("…about the" is not the end).
        no_words = isinstance(result, StageError) and result.code == "no_speech"
        self.bridge.draft_transcribed(job.id, "" if no_words else None if isinstance(result, StageError) else result)
        if isinstance(result, str):
            self._start_preempt(job.id, result)

    # Preemptive generation -------------------------------------------------------------------------
    def _start_preempt(self, draft_id: int, text: str) -> None:
        """Start the reply on the draft's words while the end of turn is decided (nothing is
        spoken or saved until it is confirmed; see services.realtime.preempt)."""
        self._drop_preempt()
        if not self.preemptive or not text or self.bridge.draft_abandoned(draft_id):
            return
        convo = self._conversation()
        language = getattr(getattr(convo, "spec", None), "speech_language", "en")
        if unfinished_text(text, language) or not hasattr(convo, "store"):
            return
        said = clean_text(tag_interrupted(text) if self._tag_next else text).strip()
        if not said:
            return
        try:
            self._preempt = Preemption(
                draft_id, said, lambda held: type(convo)(held, convo.session_id, convo.settings,
                                                         getattr(convo, "limiter", None)),
                convo.store, convo.session_id, abandoned=lambda: self.bridge.draft_abandoned(draft_id),
                clock=self._clock)
        except Exception:  # the confirmed turn will ask the model the usual way
            log.exception("preemptive reply could not start")

    def _drop_preempt(self) -> None:
        preempt, self._preempt = self._preempt, None
        if preempt is not None:
            preempt.discard()

    def _take_preempt(self, job: Utterance, saved_text: str) -> Preemption | None:
        """The preemptive reply, if it was written for exactly this turn's words; else it is dropped."""
        preempt, self._preempt = self._preempt, None
        if preempt is None:
            return None
        if job.draft == preempt.draft_id and saved_text == preempt.user_text and not preempt.cancel.is_set():
            return preempt
        preempt.discard()
        return None

    def transcript(self, job: Utterance, convo) -> str:
        """The text of a user turn: the early transcript of the same audio when there is one.
        Raises StageError (e.g. "no_speech") like the recognizer."""
        draft, self._draft = self._draft, None
        result = draft[1] if draft is not None and job.draft is not None and draft[0] == job.draft else None
        if result is None:
            result = self._stt(job.samples, convo)
        if isinstance(result, StageError):
            raise result
        return result

    def _answer(self, job: Utterance) -> None:
        b, t = self.bridge, job.timings
        convo = self._conversation()
        try:
            text = self.transcript(job, convo) if len(job.samples) else ""
        except StageError as exc:
            if exc.code != "no_speech":
                raise
            text = ""  # a cough or a door
        finally:
            t.transcript = self._clock()
        if not text and not job.cut:
            b.heard_no_words(len(job.samples) * 1000 // RATE)  # a hum or a tone: still unheard; keep listening
            return
        if not text:  # the time ran out with nothing said: the coach moves on
            text, meta = answer_clock.timed_out(convo.spec, "voice")
            meta["live"] = True
        else:
            meta = live_turn_meta(text, job.samples, convo.spec.speech_language)
            if job.cut:  # ended by the bridge at the limit: what was said by then
                meta.update(answer_clock.cut_meta(convo.spec, answer_clock.TURN_ENDED))
        if self._tag_next:
            text = tag_interrupted(text)
            self._tag_next = False
        turn = convo.add_user(text, meta)  # liveui hook
        b.set_user_text(turn["content"])  # as saved: cleaned (core.text.clean)
        preempt = self._take_preempt(job, turn["content"])
        if b.start_reply(job.seq):  # else the user already talks again: that is the next turn
            t.preempted = preempt is not None
            self._reply(convo, job.seq, t, None, after_id=turn["id"], preempt=preempt)
        elif preempt is not None:
            preempt.discard()

    def _reply(self, convo, seq: int, t, turns: list[dict] | None, after_id: int | None = None,
               preempt: Preemption | None = None) -> None:
        b, playout = self.bridge, self.playout
        if after_id is None:
            turns = convo.transcript() if turns is None else turns
            after_id = turns[-1]["id"] if turns else 0
        last_user = next((x["content"] for x in reversed(convo.transcript()) if x["role"] == "user"), "")
        speak = self._speak_for(convo, detect_tone(last_user) if last_user else "neutral")
        playout.begin()
        b.set_stage(seq, THINKING)

        def synthesize(chunk: str) -> bytes:
            """TTS thread: each sentence of the chunk becomes one playout segment."""
            if t.first_chunk is None:
                t.first_chunk = self._clock()
            for sentence in split_sentences(chunk):
                if b.interrupted(seq) or not sentence.strip():
                    continue
                segment = playout.segment(sentence)
                try:
                    for pcm, rate in speak(sentence):
                        if b.interrupted(seq):
                            break
                        if playout.push(resample(pcm, rate, playout.rate), segment):
                            if t.first_pcm is None:
                                t.first_pcm = self._clock()
                            b.set_stage(seq, SPEAKING)
                except StageError:
                    raise
                except Exception as exc:  # ChunkedSpeaker only survives StageErrors
                    raise StageError("tts", "failed", f"The voice failed on a sentence ({type(exc).__name__}).") from exc
                finally:
                    segment.complete = True
            return b""

        speaker = ChunkedSpeaker(synthesize, SentenceChunker(first_clause_chars=FIRST_CLAUSE_CHARS,
                                                                   opener_words=OPENER_WORDS))
        stream = preempt.adopt(b.interrupt) if preempt is not None else convo.reply(cancel=b.interrupt)
        try:
            for delta in stream:
                if t.first_token is None:
                    t.first_token = self._clock()
                b.add_bot_text(delta)
                speaker.feed(delta)
                if b.interrupted(seq):
                    break
        except StageError as exc:
            b.error(exc)
        finally:
            stream.close()  # saves the reply (marked partial when cut)
            if b.interrupted(seq):
                speaker.stop()
            else:
                speaker.close()
        for chunk in speaker.drain(timeout=120):
            if chunk.error is not None:
                b.error(chunk.error)
            if b.interrupted(seq):
                speaker.stop()
        self._wait_played(seq)
        t.first_audio = playout.first_audio_at
        if b.interrupted(seq):
            self._keep_heard(convo, after_id, t)

    def _wait_played(self, seq: int) -> None:
        """Until the queued speech has gone out (auto-listen follows), or a barge-in."""
        playout, last, since = self.playout, -1, self._clock()
        while playout.busy and not self.bridge.interrupted(seq):
            pulled = playout.frames_pulled
            if pulled != last:
                last, since = pulled, self._clock()
            elif self._clock() - since > _PLAYOUT_STALL_S:
                playout.clear()  # the track stopped pulling: the call is gone
                return
            time.sleep(0.01)

    def _keep_heard(self, convo, after_id: int, t) -> None:
        """Cut the saved reply down to what was played; tag the user's next turn."""
        heard = heard_text(self.playout.segments())
        reply = next((x for x in reversed(convo.transcript()) if x["id"] > after_id and x["role"] == "assistant"), None)
        if reply is not None:
            convo.keep_heard(reply["id"], heard)
        self._tag_next = bool(heard)
        self.bridge.set_bot_text(heard, cut=True)
        deadline = self._clock() + 0.1
        while self.playout.silent_at is None and self._clock() < deadline:
            time.sleep(0.005)  # the next outgoing frame proves the flush
        t.silence = self.playout.silent_at
