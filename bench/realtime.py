"""Real-time voice latency: streaming chunked pipeline vs generate-everything-then-speak.

One run, offline speech stack (Whisper tiny.en, Piper) and a local OpenAI-compatible server
(tests/fakes/openai_server.FakeOpenAI) streaming a 5-sentence reply: first token after 300 ms,
then 40 tokens/s. The user's turn is Piper speech sent in real time through the real audio path
as 48 kHz stereo 20 ms frames; the outgoing audio is pulled by streamlit-webrtc's
AudioSourceTrack, paced by asyncio as aiortc pulls it. Each call starts as a real one does: the
session already has the coach's question, the coach says it again when the call connects (the
reconnect rule), and the caller answers once it is done (talking over it made the turn a barge-in
and the old keys measured the wrong thing). Both sides share the same front end (VAD, end of turn,
early transcription during the end-of-turn pause) and neither starts the reply before the end of
turn (preemptive generation is off here: on, the streaming side had its reply written during an
"unfinished" verdict's wait, 0.07 in one run, which says more about the verdict than about
streaming; voice-to-voice below measures it on), so the ratio compares only what happens after the
end of turn. Prints a few lines, then one JSON line last.

Keys: ttfa_streaming_ms / ttfa_sequential_ms (end of turn → first audio out), ratio (≤ 0.35),
vad_us_per_frame (≤ 200), plus on_frame_us (the whole per-frame path) and stage timings.
Barge-in, in a turn of its own whose reply (LONG_REPLY, about 260 tokens at 40/s) is still being
written when the interruption is confirmed; the caller says a real interruption (words, not a
backchannel) 0.5 s into the reply:
- barge_in_flush_ms (≤ 40): speech over the bot heard → outgoing audio silent (the bot pauses at
  once; its words then decide whether it resumes or stops).
- cancel_tokens_after_interrupt (≤ 1): tokens the server still wrote, in the reply being cut, after
  the interruption was confirmed (the next turn's reply, started on the interruption's own draft, is
  another stream and is not counted). Null (target missed) if the confirmation came after the whole reply was written: it
  would prove nothing. While the words are judged (barge_in_stages_ms, tokens_while_judging) the
  model keeps writing, so that after a cough or a "mm-hmm" the bot can go on where it stopped.

Turn-taking (issue 11), each on the same offline stack with the end-of-turn model:
- voice_to_voice_p50_ms / _p95_ms (≤ 1000 / ≤ 1600): TURNS turns of Piper speech sent in real time
  through the real audio path, a two-sentence reply from the server (300 ms to the first token,
  then 40 tokens/s) that opens with a brief acknowledgement, as the prompt asks
  (voice_to_voice_no_opener_p50_ms: PLAIN_TURNS more turns whose reply does not); from the last voiced frame the caller sent to the first audible frame the
  track pulled (voice_to_voice_preempted: replies started on the draft transcript before the end
  of turn; each stage's p50 is its own median, so they need not add up). chunk_gap_max_ms (≤ 150): the longest silence inside a reply (synthesis behind).
  frame_callback_p99_ms (≤ 5): every `on_frame` call of those turns, while STT, model and TTS run.
- cutoff_rate (≤ 0.10): CUTOFFS Piper sentences with a silence of 0.6–1.2 s inserted at the
  quietest point near their middle (so the words before it carry mid-sentence intonation), in one
  session; the share whose turn ended at that pause. After a cut the bridge distrusts "complete"
  for a few turns, so this counts what a caller meets over a session. cutoff_rate_first_time (no
  target, for honesty): the same sentences each on a new bridge, as a caller's first answer.
  Frames are sent as fast as the bridge takes them and the end-of-turn model always answers
  before the next frame: pessimistic (in a call a slow verdict can arrive after the user went on,
  and is then ignored).
- false_barge_in_rate (≤ 0.05): while the bot speaks a reply whose own audio comes back at −20 dB,
  the caller coughs, says a backchannel, or says nothing; the share of those that stopped the bot.
  missed_barge_in_rate: real interruptions that did not stop it. Lock-step: one frame out, one in.
"""
from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

TURNS = int(os.environ.get("BENCH_TURNS", 20))
CUTOFFS = int(os.environ.get("BENCH_CUTOFFS", 20))
SHORT_REPLY = "Oh, that sounds great. How long did it take you to get there?"
# The prompt asks a spoken reply to open with a brief acknowledgement ("Right, …"), which is said while the rest
# is written (core.prompts, core.chunker). A reply that ignores it starts a clause later: PLAIN_TURNS more
# turns measure that (voice_to_voice_no_opener_p50_ms, reported, not a target).
PLAIN_REPLY = "That sounds like a great trip. How long did it take you to get there?"
PLAIN_TURNS = int(os.environ.get("BENCH_PLAIN_TURNS", 6))
ANSWERS = [
    "I went hiking in the mountains last weekend with my brother.",
    "My favourite part of the job is working with the customers.",
    "We moved the whole service to a new database last spring.",
    "I usually start my day by reading the news over breakfast.",
    "The hardest bug I fixed was a race condition in the payment code.",
    "I would like to visit Japan because of the food and the temples.",
    "Our team shipped the new search feature two weeks early.",
    "I learned to cook during the winter when I had more free time.",
    "The project failed because nobody owned the final decision.",
    "I prefer working in a small team where everyone knows the plan.",
    "Last summer I spent a month teaching English in a small village.",
    "My manager asked me to lead the migration to the cloud.",
    "I think good documentation saves more time than it costs.",
    "We measured the latency before and after the change.",
    "On weekends I play football with some friends from work.",
    "The best book I read this year was about the history of maps.",
    "I chose this university because of its engineering program.",
    "When the server went down I called the on-call engineer right away.",
    "I have been learning Spanish for about two years now.",
    "We reduced the cloud bill by turning off the idle machines.",
    "My sister and I are planning a trip to the coast in August.",
    "I wrote the first version of the tool in a single weekend.",
]
PAUSED = [  # "|": where the speaker stops for 0.6–1.2 s mid-sentence (looking for a word, or for what comes next)
    "I think the most important thing is | being honest with the team.",
    "Last year I worked on a project that | helped farmers sell their vegetables.",
    "The main reason I left my old job was | the long commute every day.",
    "When I was a student I used to work in a | small bookshop near the station.",
    "My biggest weakness is probably that | I find it hard to say no to people.",
    "If I had more time | I would learn to play the piano properly.",
    "The thing I enjoy most about | programming is solving difficult problems.",
    "Yesterday I went to the market | and bought some fresh fish for dinner.",
    "In my opinion the city should build | more bicycle lanes downtown.",
    "We decided to rewrite the backend | because the old code was too slow.",
    "I usually spend my holidays with my | family in the countryside.",
    "Before I joined this company | I was a teacher for five years.",
    "The most difficult part of learning a language is | understanding native speakers.",
    "Our customers complained that the mobile app | crashed when they uploaded photos.",
    "I would describe myself as a | calm person who likes to plan ahead.",
    "During the pandemic we had to | move all our meetings online very quickly.",
    "My favourite memory from childhood is | building sandcastles with my grandfather.",
    "To improve the process we started | writing tests for every new feature.",
    "The restaurant near my house | serves the best noodles in the whole city.",
    "After university I moved abroad | to work for an engineering company.",
    "I believe that remote work is good for | people who have young children.",
    "One of the challenges we faced was that | the data came in different formats.",
]
BACKCHANNELS = ["Mm-hmm.", "Right.", "Yeah.", "Okay.", "Uh-huh.", "I see.", "Sure.", "Got it."]
INTERRUPTIONS = ["Wait, can I ask you something about that?", "Sorry, I think you misunderstood my question.",
                 "Hold on, that is not what I meant.", "Actually, let me add one more thing."]
BOT_TALK = ("That is a good point, and it reminds me of something. When teams grow quickly, the first "
            "thing that breaks is usually communication, because nobody knows who decides what.")

REPLY = ("Oh, that sounds great. Which mountains did you go to, and how long was the hike? "
         "I love a trail with a good view at the top. Did your brother enjoy it as much as you did? "
         "Next time, tell me whether you would go back there again.")
LONG_REPLY = REPLY + (  # about 290 tokens, 7 s of writing: still being written when an interruption is confirmed
    " When I went hiking for the first time, I did not bring enough water, and the last hour was hard. Since then"
    " I always pack twice as much as I think I need, a warm layer, and a small map, even on short trails. What do"
    " you usually bring with you, and do you plan the route in advance, or do you just follow the signs and see"
    " where the path takes you? Some people love the quiet of an early start, when the paths are empty and the"
    " light is soft, while others prefer to sleep in and walk in the afternoon. I think the early start is worth"
    " it, because the views are clearer and the weather is usually calmer in the morning. If you ever want a"
    " longer challenge, a hut-to-hut trip over two or three days is a lovely way to see a whole range, and you"
    " only need to carry a light pack, since the huts serve dinner and breakfast. Tell me, would a trip like"
    " that appeal to you, or do you prefer day hikes that end at home with a hot shower and your own bed? And"
    " finally, what would you say to a friend who has never been hiking and is a little nervous about trying?")
ANSWER = "I went hiking in the mountains last weekend with my brother."
OPENING = "Have you been anywhere interesting lately, or is there somewhere you'd love to go?"


class Puller:
    """streamlit-webrtc's AudioSourceTrack pulling the playout, on its own asyncio loop."""

    def __init__(self, playout):
        from streamlit_webrtc import AudioSourceTrack

        self.track = AudioSourceTrack(callback=playout.frame, sample_rate=playout.rate, ptime=0.02)
        self.loop = asyncio.new_event_loop()
        self.running = True
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._run(),), daemon=True)
        self.thread.start()

    async def _run(self):
        while self.running:
            await self.track.recv()

    def stop(self):
        self.running = False
        self.thread.join(2)


def main() -> None:
    from tests.fakes.openai_server import FakeOpenAI

    tmp = tempfile.mkdtemp(prefix="parley-bench-")
    with FakeOpenAI(reply=REPLY, first_token_s=0.3, tokens_per_s=40) as server:
        os.environ.update(PARLEY_LLM="compatible", LLM_BASE_URL=server.base_url, LLM_MODEL="fake",
                          PARLEY_DB=str(Path(tmp) / "bench.db"), PARLEY_STT="local", PARLEY_TTS="piper")
        started = time.monotonic()
        result = run(server)
        result.update(run_turn_taking(server))
        result["bench_seconds"] = round(time.monotonic() - started, 1)
    for key in ("ttfa_streaming_ms", "ttfa_sequential_ms", "barge_in_flush_ms", "voice_to_voice_p50_ms",
                "voice_to_voice_p95_ms", "cutoff_rate", "false_barge_in_rate", "frame_callback_p99_ms",
                "chunk_gap_max_ms"):
        print(f"{key}: {result[key]}")
    print(json.dumps(result))


def run(server) -> dict:
    from piper import SynthesisConfig

    from config import get_settings
    from core.spec import PracticeSpec
    from services import stt, tts
    from services.conversation import Conversation
    from services.realtime.bridge import Draft, Opening, Utterance, VoiceBridge
    from services.realtime.frames import browser_frames, make_frame
    from services.realtime.pipeline import TurnWorker, default_speak, default_transcribe, wav_samples
    from services.resample import resample
    from services.realtime.vad import FrameVad
    from services.storage import Store
    from services.tts import piper

    settings = get_settings()
    stt.load_local_model(settings)
    voice = piper.load_piper()
    config = SynthesisConfig(noise_scale=0, noise_w_scale=0)
    speech = np.frombuffer(b"".join(c.audio_int16_bytes for c in voice.synthesize(ANSWER, config)), np.int16)
    rate = 22050
    silence = np.zeros(int(rate * 0.5), np.int16)
    # 3.5 s of silence after the words: the longest the end-of-turn policy waits (an "unfinished" verdict)
    turn_frames = list(browser_frames(np.concatenate([silence, speech] + [silence] * 7), rate))
    answer_frames = list(browser_frames(np.concatenate([silence, speech]), rate))
    quiet_frames = [make_frame(np.zeros(960, np.int16))] * 1000  # 20 s of silence at most
    interruption = np.frombuffer(b"".join(c.audio_int16_bytes for c in voice.synthesize(INTERRUPTIONS[0], config)),
                                 np.int16)
    interrupt_frames = list(browser_frames(np.concatenate([interruption, silence, silence]), rate))
    stt.transcribe(speech.astype(np.float32) / 32768, "en", None, settings=settings)  # warm both models
    tts.synthesize("Warm up.", settings=settings)
    store = Store(settings.parley_db)

    def setup(preemptive=True):
        """A session whose opening is already said, a bridge, a paced track, a worker."""
        session = store.create_session(PracticeSpec(mode="chat", seed=1))
        store.add_turn(session, "assistant", OPENING)
        bridge = VoiceBridge()
        worker = TurnWorker(bridge, lambda: Conversation(store, session, settings),
                            transcribe=default_transcribe(settings), preemptive=preemptive,
                            words_transcribe=default_transcribe(settings, fast=False),
                            speak_for=lambda convo, tone: default_speak("en", convo.spec.mode, tone, settings))
        return session, bridge, Puller(bridge.playout), worker

    def speak_in_real_time(bridge, frames, until=None):
        """The browser sends a 20 ms frame every 20 ms."""
        next_at = time.monotonic()
        for frame in frames:
            bridge.on_frame(frame)
            if until is not None and until():
                return
            next_at += 0.02
            time.sleep(max(0.0, next_at - time.monotonic()))

    def reply_started(bridge) -> bool:
        """The answer's reply is audible (not the opening's first audio, which came before the turn ended)."""
        t = bridge.current_timings
        first = bridge.playout.first_audio_at
        return (t is not None and t.kind == "answer" and t.end_of_turn is not None and first is not None
                and first >= t.end_of_turn)

    def connect(bridge, handle=None):
        """The call connects and the coach says its pending question again (what a reconnect does);
        the caller listens in silence until it is done, as a caller would, then answers. `handle`:
        run the opening here (the sequential side has no worker thread)."""
        quiet = make_frame(np.zeros(960, np.int16))
        if handle is None:
            speak_in_real_time(bridge, iter(lambda: quiet, None), until=lambda: bridge._seq >= 1 and not bridge.playout.busy
                               and bridge.snapshot()["state"] == "listening")
            return
        done = threading.Event()
        feeder = threading.Thread(target=speak_in_real_time, args=(bridge, iter(lambda: quiet, None), done.is_set),
                                  daemon=True)
        feeder.start()
        job = bridge.jobs.get(timeout=30)
        assert isinstance(job, Opening), job
        handle(job)
        done.set()
        feeder.join()

    # 1. Streaming: the worker thread runs the chunked pipeline (the call is hung up once the first audio is out).
    session, bridge, puller, worker = setup(preemptive=False)
    worker.start()
    connect(bridge)
    speak_in_real_time(bridge, answer_frames + quiet_frames, until=lambda: reply_started(bridge))
    streaming = bridge.current_timings
    first_audio = bridge.playout.first_audio_at if reply_started(bridge) else None
    worker.stop()
    puller.stop()

    # 2. Sequential, with the same front end (early STT included): transcribe, generate
    # everything, synthesize everything, then play.
    session, bridge, puller, worker = setup(preemptive=False)
    connect(bridge, worker.handle)
    feeder = threading.Thread(target=speak_in_real_time, args=(bridge, turn_frames), daemon=True)
    feeder.start()
    while True:
        job = bridge.jobs.get(timeout=30)
        if isinstance(job, (Opening, Draft)):
            worker.handle(job)
        elif isinstance(job, Utterance):
            break
    convo = Conversation(store, session, settings)
    text = worker.transcript(job, convo)
    transcript_at = time.monotonic()
    convo.add_user(text, {"input": "voice"})
    reply = "".join(convo.reply())
    generated_at = time.monotonic()
    samples, wav_rate = wav_samples(tts.synthesize(reply, "en", "chat", settings=settings))
    bridge.playout.begin()
    bridge.playout.push(resample(samples, wav_rate, bridge.playout.rate), bridge.playout.segment(reply))
    while bridge.playout.first_audio_at is None:
        time.sleep(0.002)
    sequential_first_audio = bridge.playout.first_audio_at
    bridge.playout.clear()
    puller.stop()
    feeder.join()

    # 2b. Barge-in: a long reply (so the model is still writing when the interruption is confirmed);
    # the caller talks over it with a real interruption once the reply's onset guard is over.
    server.reply = LONG_REPLY
    session, bridge, puller, worker = setup()
    marks = {}
    original_barge_in = bridge.barge_in
    original_suspect = bridge._suspect_barge_in

    def suspect():
        marks.setdefault("suspected_at_token", server.tokens_sent)
        original_suspect()

    def barge_in():
        marks.setdefault("confirmed_at_token", server.tokens_sent)
        marks.setdefault("confirmed_at", time.monotonic())
        # The reply being cut is the stream that started last; the next turn's reply (started on the
        # interruption's own draft) is a new stream and does not count against the cancel.
        marks.setdefault("cut_stream", (len(server.sent_by_stream) - 1, server.sent_by_stream[-1]))
        original_barge_in()

    bridge.barge_in, bridge._suspect_barge_in = barge_in, suspect
    worker.start()
    connect(bridge)
    tokens_before = server.tokens_sent  # the opening is said again without the model
    speak_in_real_time(bridge, answer_frames + quiet_frames, until=lambda: reply_started(bridge))
    barged = bridge.current_timings
    # past the reply's onset guard (GUARD_MS): a caller who heard the first words, then talks
    speak_in_real_time(bridge, [make_frame(np.zeros(960, np.int16))] * 25 + interrupt_frames)
    time.sleep(1.0)  # let the server notice the hang-up
    tokens_total = len(server.tokens())
    for key in ("suspected_at_token", "confirmed_at_token"):
        if key in marks:
            marks[key] -= tokens_before
    # Counted only when the interruption came while the model was still writing; else it proves nothing.
    cut = marks.get("cut_stream")
    tokens_after = (server.sent_by_stream[cut[0]] - cut[1] if cut is not None and cut[1] < tokens_total else None)
    worker.stop()
    puller.stop()
    server.reply = REPLY

    # 3. Per-frame cost: VAD alone, and the whole sink callback (resample + VAD + turn logic).
    vad = FrameVad()
    frames16 = [np.ascontiguousarray(job.samples[i:i + 320]) for i in range(0, len(job.samples) - 320, 320)]
    started = time.perf_counter()
    for _ in range(20):
        for f in frames16:
            vad.is_speech(f)
    vad_us = (time.perf_counter() - started) / (20 * len(frames16)) * 1e6
    probe = VoiceBridge()
    probe.on_frame(turn_frames[0])
    started = time.perf_counter()
    for frame in turn_frames * 3:
        probe.on_frame(frame)
    frame_us = (time.perf_counter() - started) / (3 * len(turn_frames)) * 1e6

    def ms(a, b):
        return None if a is None or b is None else round((a - b) * 1000, 1)

    ttfa_streaming = ms(first_audio, streaming.end_of_turn)
    barge_zero = barged.first_audio
    ttfa_sequential = ms(sequential_first_audio, job.timings.end_of_turn)
    result = {
        "ttfa_streaming_ms": ttfa_streaming,
        "ttfa_sequential_ms": ttfa_sequential,
        "ratio": round(ttfa_streaming / ttfa_sequential, 3) if ttfa_streaming and ttfa_sequential else None,
        "barge_in_flush_ms": ms(barged.silence, barged.barge_in),
        "cancel_tokens_after_interrupt": tokens_after,
        "vad_us_per_frame": round(vad_us, 2),
        "on_frame_us": round(frame_us, 1),
        "streaming_stages_ms": {
            "transcript": ms(streaming.transcript, streaming.end_of_turn),
            "first_token": ms(streaming.first_token, streaming.end_of_turn),
            "first_chunk": ms(streaming.first_chunk, streaming.end_of_turn),
            "first_pcm": ms(streaming.first_pcm, streaming.end_of_turn),
            "first_audio": ttfa_streaming,
        },
        "sequential_stages_ms": {
            "transcript": ms(transcript_at, job.timings.end_of_turn),
            "generated": ms(generated_at, job.timings.end_of_turn),
            "first_audio": ttfa_sequential,
        },
        "interrupted_at_token": marks.get("confirmed_at_token"),
        "reply_tokens": tokens_total,
        "barge_in_stages_ms": {  # from the reply's first audio
            "speech_over_bot_heard": ms(barged.barge_in, barge_zero),
            "silent": ms(barged.silence, barge_zero),
            "interruption_confirmed": ms(marks.get("confirmed_at"), barge_zero),
        },
        "tokens_while_judging": (marks["confirmed_at_token"] - marks["suspected_at_token"]
                                 if {"confirmed_at_token", "suspected_at_token"} <= marks.keys() else None),
    }
    result["targets_met"] = {
        "ratio": result["ratio"] is not None and result["ratio"] <= 0.35,
        "barge_in_flush_ms": result["barge_in_flush_ms"] is not None and result["barge_in_flush_ms"] <= 40,
        "cancel_tokens_after_interrupt": tokens_after is not None and tokens_after <= 1,
        "vad_us_per_frame": vad_us <= 200,
    }
    return result


# Turn-taking (issue 11) -------------------------------------------------------------------------
def piper_speech(text: str) -> tuple[np.ndarray, int]:
    """Deterministic Piper speech (no sampling noise) at its own rate."""
    from piper import SynthesisConfig

    from services.tts import piper

    voice = piper.load_piper()
    config = SynthesisConfig(noise_scale=0, noise_w_scale=0)
    chunks = list(voice.synthesize(text, config))
    return np.concatenate([c.audio_int16_array for c in chunks]), chunks[0].sample_rate


def last_voiced_sample(pcm: np.ndarray, rate: int) -> int:
    """Index just past the last 10 ms of `pcm` louder than -45 dBFS: where the words end."""
    step = rate // 100
    frames = pcm[:len(pcm) // step * step].astype(np.float32).reshape(-1, step)
    loud = np.flatnonzero(np.sqrt((frames ** 2).mean(axis=1)) > 32768 * 10 ** (-45 / 20))
    return (int(loud[-1]) + 1) * step if loud.size else 0


def with_pause(text: str, pause_s: float) -> tuple[np.ndarray, int, int]:
    """Piper reading `text` ("before | after") with a comma at "|", its comma pause stretched to
    `pause_s` of silence: (samples, rate, index where the pause starts). The comma gives the words
    before the pause the rising, unfinished intonation of a speaker who is not done."""
    before, after = (part.strip() for part in text.split("|"))
    pcm, rate = piper_speech(f"{before}, {after}")
    step = rate // 100
    frames = pcm[:len(pcm) // step * step].astype(np.float32).reshape(-1, step)
    quiet = np.sqrt((frames ** 2).mean(axis=1)) < 32768 * 10 ** (-45 / 20)
    best, run_start = (0, 0), None
    for k in range(len(quiet)):  # the longest quiet run inside the speech: the comma's pause
        if quiet[k] and run_start is None:
            run_start = k
        elif not quiet[k] and run_start is not None:
            if run_start > 0 and k - run_start > best[1] - best[0]:
                best = (run_start, k)
            run_start = None
    start, stop = best[0] * step, best[1] * step
    silence = np.zeros(int(rate * pause_s), np.int16)
    return np.concatenate([pcm[:start], silence, pcm[stop:]]), rate, start


def cutoffs(transcribe, make_frame, browser_frames, first_time: bool) -> tuple[float, list[str]]:
    """The share of CUTOFFS paused sentences whose turn ended at the pause, and their words before it.
    Lock-step: the model and the early transcript (the worker's job, done here) always answer before
    the next frame, so every verdict counts. `first_time`: each sentence on a new bridge, so nothing
    learned from an earlier cut (five turns of distrust, the caller's pauses) protects it."""
    from services.realtime.bridge import Draft, Utterance, VoiceBridge

    quiet48 = np.zeros(960, np.int16)

    def new_bridge() -> VoiceBridge:
        bridge = VoiceBridge()
        bridge.on_frame(make_frame(quiet48))
        bridge.finish(bridge.jobs.get().seq)
        return bridge

    bridge = new_bridge()
    cut_texts = []
    pauses = np.random.default_rng(3).permutation(np.linspace(0.6, 1.2, CUTOFFS))  # lengths in random order
    for i in range(CUTOFFS):
        if first_time and i:
            bridge = new_bridge()
        pause = float(pauses[i])
        audio, rate, at = with_pause(PAUSED[i % len(PAUSED)], pause)
        lead = rate // 4
        pause_end_frame = (lead + at) * 48000 // rate // 960 + int(pause * 50)
        frames = list(browser_frames(np.concatenate([np.zeros(lead, np.int16), audio,
                                                     np.zeros(int(rate * 3.5), np.int16)]), rate))
        ended_at = None
        for k, frame in enumerate(frames):
            bridge.on_frame(frame)
            bridge.listener.wait_idle(10)
            while not bridge.jobs.empty():
                job = bridge.jobs.get()
                if isinstance(job, Draft):
                    try:
                        text = transcribe(job.samples.astype(np.float32) / 32768, "en", None)
                    except Exception:
                        text = ""
                    bridge.draft_transcribed(job.id, text)
                elif isinstance(job, Utterance):
                    ended_at = k if ended_at is None else ended_at
                    bridge.finish(job.seq)
        if ended_at is not None and ended_at <= pause_end_frame:
            cut_texts.append(PAUSED[i % len(PAUSED)].split("|")[0].strip())
    return round(len(cut_texts) / CUTOFFS, 3), cut_texts


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def run_turn_taking(server) -> dict:
    from config import get_settings
    from core.spec import PracticeSpec
    from services.conversation import Conversation
    from services.realtime import preload
    from services.realtime.bridge import Draft, Utterance, VoiceBridge
    from services.realtime.frames import browser_frames, make_frame
    from services.realtime.pipeline import TurnWorker, default_speak, default_transcribe, speech_words
    from services.resample import resample
    from services.storage import Store

    settings = get_settings()
    preload("en", settings)
    store = Store(settings.parley_db)
    out: dict = {}

    # 1. Voice to voice, TURNS turns in one call, everything paced in real time.
    server.reply = SHORT_REPLY
    session = store.create_session(PracticeSpec(mode="chat", seed=2))
    store.add_turn(session, "assistant", OPENING)
    bridge = VoiceBridge()
    worker = TurnWorker(bridge, lambda: Conversation(store, session, settings),
                        transcribe=default_transcribe(settings), words_transcribe=default_transcribe(settings, fast=False),
                        speak_for=lambda convo, tone: default_speak("en", convo.spec.mode, tone, settings)).start()
    puller = Puller(bridge.playout)
    callback_ms: list[float] = []
    clock = {"next": time.monotonic()}

    def send(frame) -> None:
        started = time.perf_counter()
        bridge.on_frame(frame)
        callback_ms.append((time.perf_counter() - started) * 1000)
        clock["next"] += 0.02
        time.sleep(max(0.0, clock["next"] - time.monotonic()))

    quiet48 = np.zeros(960, np.int16)
    send(make_frame(quiet48))  # the call connects; the coach says its pending question again
    deadline = time.monotonic() + 30
    while (bridge.snapshot()["state"] != "listening" or bridge.playout.busy) and time.monotonic() < deadline:
        send(make_frame(quiet48))  # the caller listens to it before answering
    v2v, gaps, stages, preempted = [], [], [], []
    plain_v2v: list[float] = []  # the same turns with a reply that has no opener (reported, not a target)
    for i in range(TURNS + PLAIN_TURNS):
        plain = i >= TURNS
        server.reply = PLAIN_REPLY if plain else SHORT_REPLY
        pcm, rate = piper_speech(ANSWERS[i % len(ANSWERS)])
        words_end = last_voiced_sample(pcm, rate)
        frames = list(browser_frames(np.concatenate([np.zeros(rate // 4, np.int16), pcm]), rate))
        last_voiced_frame = (rate // 4 + words_end - 1) * 48000 // rate // 960
        spoken_at = None
        for k, frame in enumerate(frames):
            send(frame)
            if k == last_voiced_frame:
                spoken_at = time.monotonic()
        seq_before = bridge._seq
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # silence until the reply has been played out
            send(make_frame(quiet48))
            timings = bridge.current_timings
            if bridge._seq > seq_before and not bridge.snapshot()["state"] in ("thinking", "speaking"):
                break
        timings = bridge.current_timings
        first_audio = timings.first_audio if timings is not None else None
        if plain:
            if bridge._seq > seq_before and first_audio is not None and spoken_at is not None:
                plain_v2v.append((first_audio - spoken_at) * 1000)
        elif bridge._seq > seq_before and first_audio is not None and spoken_at is not None:
            v2v.append((first_audio - spoken_at) * 1000)
            gaps.append(bridge.playout.max_gap_frames * 20)
            zero = spoken_at

            def ms(t):
                return None if t is None else round((t - zero) * 1000)

            stages.append({"end_of_turn": ms(timings.end_of_turn), "transcript": ms(timings.transcript),
                           "first_token": ms(timings.first_token), "first_chunk": ms(timings.first_chunk),
                           "first_pcm": ms(timings.first_pcm), "first_audio": ms(first_audio)})
            preempted.append(timings.preempted)
        for _ in range(10):
            send(make_frame(quiet48))
    worker.stop()
    puller.stop()
    callback_ms.sort()
    out["voice_to_voice_p50_ms"] = percentile(v2v, 50)
    out["voice_to_voice_p95_ms"] = percentile(v2v, 95)
    out["voice_to_voice_turns"] = len(v2v)
    out["voice_to_voice_no_opener_p50_ms"] = percentile(plain_v2v, 50)
    out["voice_to_voice_no_opener_turns"] = len(plain_v2v)
    out["voice_to_voice_stages_p50_ms"] = {
        key: percentile([s[key] for s in stages if s[key] is not None], 50) for key in stages[0]} if stages else {}
    out["voice_to_voice_ms"] = [round(v) for v in v2v]  # per turn, in order: is a slow turn the model's wait or load?
    out["end_of_turn_ms"] = [s["end_of_turn"] for s in stages]
    out["voice_to_voice_preempted"] = sum(preempted)  # turns whose reply was started on the draft transcript
    out["voice_to_voice_cuts_learned"] = bridge.false_ends  # turns the policy took for a cut (it then waits longer)
    out["frame_callback_p99_ms"] = percentile(callback_ms, 99)
    out["frame_callback_max_ms"] = round(callback_ms[-1], 1) if callback_ms else None
    out["chunk_gap_max_ms"] = max(gaps) if gaps else None
    out["end_of_turn_model"] = bridge.uses_model

    # 2. Cut-offs: one session's worth of answers with a pause in the middle (what is learned from a cut
    # carries over to the next turns), and the same sentences each heard first, as a new caller's would be.
    transcribe = default_transcribe(settings)
    out["cutoff_rate"], out["cut_at"] = cutoffs(transcribe, make_frame, browser_frames, first_time=False)
    out["cutoff_utterances"] = CUTOFFS
    out["cutoff_rate_first_time"], out["cut_at_first_time"] = cutoffs(transcribe, make_frame, browser_frames,
                                                                      first_time=True)

    # 3. False barge-ins: the bot talks, its own voice comes back at -20 dB, the caller coughs,
    # says a backchannel, or nothing; real interruptions as the control.
    transcribe = default_transcribe(settings)
    bot_pcm, bot_rate = piper_speech(BOT_TALK)
    bot48 = resample(bot_pcm, bot_rate, 48000)
    rng = np.random.default_rng(7)

    def cough(seconds: float) -> np.ndarray:
        n = int(seconds * 48000)
        burst = rng.standard_normal(n) * np.hanning(n) * 9000
        burst = np.convolve(burst, np.ones(6) / 6, mode="same")  # a little darker than white noise
        return burst.astype(np.int16)

    events = ([("echo", None)] * 6 + [("cough", cough(0.3 + 0.1 * k)) for k in range(6)]
              + [("backchannel", resample(*piper_speech(text), 48000)) for text in BACKCHANNELS])
    controls = [("interruption", resample(*piper_speech(text), 48000)) for text in INTERRUPTIONS]
    stopped = {"echo": 0, "cough": 0, "backchannel": 0, "interruption": 0}
    counts = {"echo": 0, "cough": 0, "backchannel": 0, "interruption": 0}
    for kind, mic in events + controls:
        b = VoiceBridge(words=speech_words(default_transcribe(settings, fast=False), "en"))  # as the app
        b.on_frame(make_frame(quiet48))
        b.finish(b.jobs.get().seq)
        b._submit(lambda seq: Utterance(seq, np.zeros(1, np.int16), __import__("services.realtime.bridge",
                                        fromlist=["TurnTimings"]).TurnTimings(seq=seq)))
        job = b.jobs.get()
        b.start_reply(job.seq)
        b.playout.begin()
        b.playout.push(bot48, b.playout.segment(BOT_TALK))
        user = np.zeros(int(1.2 * 48000), np.int16)  # the caller lets the bot talk for a moment first
        if mic is not None:
            user = np.concatenate([user, mic])
        user = np.concatenate([user, np.zeros(int(1.5 * 48000), np.int16)])
        user = np.pad(user, (0, -len(user) % 960))
        for k in range(0, len(user), 960):
            played = b.playout.pull().astype(np.float32)
            heard = user[k:k + 960].astype(np.float32) + played * 0.1  # the bot's voice at -20 dB
            b.on_frame(make_frame(np.clip(heard, -32768, 32767).astype(np.int16)))
            b.listener.wait_idle(10)
        counts[kind] += 1
        stopped[kind] += int(b.interrupted(job.seq))
    false_events = sum(counts[k] for k in ("echo", "cough", "backchannel"))
    out["false_barge_in_rate"] = round(sum(stopped[k] for k in ("echo", "cough", "backchannel")) / false_events, 3)
    out["false_barge_in_events"] = {k: f"{stopped[k]}/{counts[k]}" for k in ("echo", "cough", "backchannel")}
    out["missed_barge_in_rate"] = round(1 - stopped["interruption"] / counts["interruption"], 3)
    out["turn_targets_met"] = {
        "voice_to_voice_p50_ms": out["voice_to_voice_p50_ms"] is not None and out["voice_to_voice_p50_ms"] <= 1000,
        "voice_to_voice_p95_ms": out["voice_to_voice_p95_ms"] is not None and out["voice_to_voice_p95_ms"] <= 1600,
        "cutoff_rate": out["cutoff_rate"] <= 0.10,
        "false_barge_in_rate": out["false_barge_in_rate"] <= 0.05,
        "frame_callback_p99_ms": out["frame_callback_p99_ms"] is not None and out["frame_callback_p99_ms"] <= 5,
        "chunk_gap_max_ms": out["chunk_gap_max_ms"] is not None and out["chunk_gap_max_ms"] <= 150,
    }
    return out


if __name__ == "__main__":
    main()
