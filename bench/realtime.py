"""Real-time voice latency: streaming chunked pipeline vs generate-everything-then-speak.

One run, offline speech stack (Whisper tiny.en, Piper) and a local OpenAI-compatible server
(tests/fakes/openai_server.FakeOpenAI) streaming a 5-sentence reply: first token after 300 ms,
then 40 tokens/s. The user's turn is Piper speech sent in real time through the real audio path
as 48 kHz stereo 20 ms frames; the outgoing audio is pulled by streamlit-webrtc's
AudioSourceTrack, paced by asyncio as aiortc pulls it. Both sides share the same front end
(VAD, end of turn, early transcription during the end-of-turn pause), so the ratio compares
only what happens after the transcript. Prints a few lines, then one JSON line last.

Keys: ttfa_streaming_ms / ttfa_sequential_ms (end of turn → first audio out), ratio (≤ 0.35),
barge_in_flush_ms (barge-in detected → outgoing audio silent, ≤ 40),
cancel_tokens_after_interrupt (tokens the server still generated after the barge-in, ≤ 1),
vad_us_per_frame (≤ 200), plus on_frame_us (the whole per-frame path) and stage timings.
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

REPLY = ("Oh, that sounds great. Which mountains did you go to, and how long was the hike? "
         "I love a trail with a good view at the top. Did your brother enjoy it as much as you did? "
         "Next time, tell me whether you would go back there again.")
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
        result = run(server)
    for key in ("ttfa_streaming_ms", "ttfa_sequential_ms", "barge_in_flush_ms"):
        print(f"{key}: {result[key]}")
    print(json.dumps(result))


def run(server) -> dict:
    from piper import SynthesisConfig

    from config import get_settings
    from core.spec import PracticeSpec
    from services import stt, tts
    from services.conversation import Conversation
    from services.realtime.bridge import Draft, Opening, Utterance, VoiceBridge
    from services.realtime.frames import browser_frames
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
    turn_frames = list(browser_frames(np.concatenate([silence, speech, silence, silence, silence, silence]), rate))
    barge_frames = list(browser_frames(np.concatenate([speech, silence]), rate))
    stt.transcribe(speech.astype(np.float32) / 32768, "en", None, settings=settings)  # warm both models
    tts.synthesize("Warm up.", settings=settings)
    store = Store(settings.parley_db)

    def setup():
        """A session whose opening is already said, a bridge, a paced track, a worker."""
        session = store.create_session(PracticeSpec(mode="chat", seed=1))
        store.add_turn(session, "assistant", OPENING)
        bridge = VoiceBridge()
        worker = TurnWorker(bridge, lambda: Conversation(store, session, settings),
                            transcribe=default_transcribe(settings),
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

    # 1. Streaming: the worker thread runs the chunked pipeline; then the user talks over it.
    session, bridge, puller, worker = setup()
    tokens_at_interrupt = []
    original_barge_in = bridge.barge_in

    def barge_in():
        tokens_at_interrupt.append(server.tokens_sent)
        original_barge_in()

    bridge.barge_in = barge_in
    worker.start()
    speak_in_real_time(bridge, turn_frames)
    streaming = bridge.current_timings
    deadline = time.monotonic() + 20
    while bridge.playout.first_audio_at is None and time.monotonic() < deadline:
        time.sleep(0.002)
    first_audio = bridge.playout.first_audio_at
    time.sleep(0.2)
    speak_in_real_time(bridge, barge_frames, until=bridge.interrupt.is_set)
    time.sleep(1.0)  # let the server notice the hang-up
    tokens_after = server.tokens_sent - tokens_at_interrupt[0] if tokens_at_interrupt else None
    tokens_total = len(server.tokens())
    worker.stop()
    puller.stop()

    # 2. Sequential, with the same front end (early STT included): transcribe, generate
    # everything, synthesize everything, then play.
    session, bridge, puller, worker = setup()
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
    ttfa_sequential = ms(sequential_first_audio, job.timings.end_of_turn)
    result = {
        "ttfa_streaming_ms": ttfa_streaming,
        "ttfa_sequential_ms": ttfa_sequential,
        "ratio": round(ttfa_streaming / ttfa_sequential, 3) if ttfa_streaming and ttfa_sequential else None,
        "barge_in_flush_ms": ms(streaming.silence, streaming.barge_in),
        "cancel_tokens_after_interrupt": tokens_after,
        "vad_us_per_frame": round(vad_us, 2),
        "on_frame_us": round(frame_us, 1),
        "streaming_stages_ms": {
            "transcript": ms(streaming.transcript, streaming.end_of_turn),
            "first_token": ms(streaming.first_token, streaming.end_of_turn),
            "first_chunk": ms(streaming.first_chunk, streaming.end_of_turn),
            "first_pcm": ms(streaming.first_pcm, streaming.end_of_turn),
            "first_audio": ttfa_streaming,
            "barge_in": ms(streaming.barge_in, streaming.end_of_turn),
        },
        "sequential_stages_ms": {
            "transcript": ms(transcript_at, job.timings.end_of_turn),
            "generated": ms(generated_at, job.timings.end_of_turn),
            "first_audio": ttfa_sequential,
        },
        "interrupted_at_token": tokens_at_interrupt[0] if tokens_at_interrupt else None,
        "reply_tokens": tokens_total,
    }
    result["targets_met"] = {
        "ratio": result["ratio"] is not None and result["ratio"] <= 0.35,
        "barge_in_flush_ms": result["barge_in_flush_ms"] is not None and result["barge_in_flush_ms"] <= 40,
        "cancel_tokens_after_interrupt": tokens_after is not None and tokens_after <= 1,
        "vad_us_per_frame": vad_us <= 200,
    }
    return result


if __name__ == "__main__":
    main()
