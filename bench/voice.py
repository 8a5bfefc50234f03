"""Voice turns, measured in one run: local STT and Piper real-time factors, and time to first audio
for a 4-sentence reply, chunked (SentenceChunker + ChunkedSpeaker, as the pages do) vs the whole
reply synthesized at once. Prints one JSON line.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import Settings  # noqa: E402
from services import audio, stt, tts  # noqa: E402
from services.speaker import ChunkedSpeaker  # noqa: E402
from services.tts.piper import load_piper  # noqa: E402

REPLY = ("That's a solid answer, and you backed it with a number. To make it even stronger, say why you chose "
         "that cache over the alternatives. Next question: how would you find the slowest query in production? "
         "Take your time and walk me through it.")
ANSWER = ("I led a team of five engineers on a payment system. We moved the service to the cloud in six months. "
          "As a result, our costs dropped by a third.")


def main() -> None:
    settings = Settings(parley_llm="offline", parley_tts="piper", gtts_enabled=0)
    load_piper()
    stt.load_local_model(settings)

    started = time.perf_counter()
    wav = tts.synthesize(REPLY, settings=settings)
    whole_s = time.perf_counter() - started
    reply_audio_s = audio.duration_seconds(audio.decode(wav, max_bytes=10**9, max_seconds=600))

    answer_wav = tts.synthesize(ANSWER, settings=settings)
    answer_s = audio.duration_seconds(audio.decode(answer_wav, max_bytes=10**9, max_seconds=600))
    started = time.perf_counter()
    stt.transcribe(answer_wav, settings=settings)
    stt_s = time.perf_counter() - started

    speaker = ChunkedSpeaker(lambda text: tts.synthesize(text, settings=settings))
    for word in REPLY.split(" "):  # streamed word by word, as an LLM would
        speaker.feed(word + " ")
    chunks = list(speaker.drain())  # wait for all: the worker must not outlive the process's ONNX runtime
    chunked_first_s = chunks[0].seconds_to_audio

    print(json.dumps({
        "stt_rtf": round(stt_s / answer_s, 3),
        "piper_rtf": round(whole_s / reply_audio_s, 3),
        "reply_sentences": 4,
        "ttfa_chunked_ms": round(chunked_first_s * 1000, 1),
        "ttfa_whole_ms": round(whole_s * 1000, 1),
        "ttfa_ratio": round(chunked_first_s / whole_s, 3),
    }))


if __name__ == "__main__":
    main()
