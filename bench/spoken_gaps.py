"""Silence between the chunks of a spoken reply on the practice pages (issue 11: 1–4.5 s under load).

Replays what `ui.practice.stream_reply` does with a paced model (300 ms to the first token, then
40 tokens/s): deltas go to `services.speaker.ChunkedSpeaker`, whose finished chunks are collected
after each delta (`ready`) and at the end (`drain`), each synthesized by the offline voice chain
(Piper). The browser player (ui/static/player.js) is simulated: a chunk starts when it has arrived
(+20 ms) and the previous one has ended (+ the player's pause between chunks), so the silence
beyond that pause is the gap a listener hears.

Variants: "grouped" is the speaker with today's default chunker (first sentence alone, then 2–3
sentences a chunk, no pause in the player); "ahead" is the speaker as shipped (one sentence per
synthesis, a long sentence in clauses, the player's sentence pause). Prints one JSON line. `--busy N` runs N busy-loop
processes meanwhile, to stand in for a loaded machine.

    .venv/bin/python bench/spoken_gaps.py [--runs 3] [--busy 1]
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import sys
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PARLEY_TTS", "piper")

from core.chunker import SentenceChunker  # noqa: E402
from services import tts  # noqa: E402
from services.speaker import ChunkedSpeaker  # noqa: E402
from services.tts import piper  # noqa: E402
from ui.player import PAUSE_S  # noqa: E402

REPLY = ("Thanks, that's a clear answer. "
         "I liked that you started from the customer's problem rather than the technology, and that you "
         "named the metric you were trying to move before you described the solution you built. "
         "One thing I'd push on is the rollout. "
         "How did you make sure the new cache didn't serve stale prices during the migration, and who "
         "decided when it was safe to switch the old path off? "
         "Take your time. "
         "Walk me through the checks you ran, the alerts you set up, and what you would do differently "
         "if you had to do it again next quarter.")
FIRST_TOKEN_S, TOKENS_PER_S = 0.3, 40.0


def tokens(text: str, size: int = 4) -> list[str]:
    """~4 characters a token, as an English BPE model streams them."""
    return [text[i:i + size] for i in range(0, len(text), size)]


def seconds_of(wav_bytes: bytes) -> float:
    with wave.open(io.BytesIO(wav_bytes)) as w:
        return w.getnframes() / w.getframerate()


def one_reply(variant: str) -> dict:
    def synthesize(text: str) -> bytes:
        return tts.synthesize(text, language="en", mode="interview")

    speaker = ChunkedSpeaker(synthesize, SentenceChunker()) if variant == "grouped" else ChunkedSpeaker(synthesize)
    pause = 0.0 if variant == "grouped" else PAUSE_S
    started = time.monotonic()
    arrived: list[tuple[int, float, float]] = []  # (seq, arrival s, duration s)

    def collect(chunks) -> None:
        for chunk in chunks:
            if chunk.audio:
                arrived.append((chunk.seq, time.monotonic() - started, seconds_of(chunk.audio)))

    time.sleep(FIRST_TOKEN_S)
    for i, delta in enumerate(tokens(REPLY)):
        speaker.feed(delta)
        collect(speaker.ready())
        time.sleep(max(0.0, FIRST_TOKEN_S + (i + 1) / TOKENS_PER_S - (time.monotonic() - started)))
    collect(speaker.drain(timeout=120))
    arrived.sort()
    gaps, end = [], None
    for seq, at, duration in arrived:
        start = at + 0.02 if end is None else max(at + 0.02, end + pause)
        if end is not None:
            gaps.append(round((start - end - pause) * 1000))
        end = start + duration
    return {"chunks": len(arrived), "first_audio_ms": round(arrived[0][1] * 1000) if arrived else None,
            "gaps_ms": gaps, "gap_max_ms": max(gaps, default=0)}


def _busy(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--busy", type=int, default=0, help="busy-loop processes to run meanwhile")
    args = parser.parse_args()
    piper.load_piper()
    tts.synthesize("Warm up.", language="en")
    stop = multiprocessing.Event()
    workers = [multiprocessing.Process(target=_busy, args=(stop,), daemon=True) for _ in range(args.busy)]
    for w in workers:
        w.start()
    results: dict[str, list[dict]] = {"grouped": [], "ahead": []}
    try:
        for _ in range(args.runs):
            for variant in results:  # alternate, so both see the same load
                results[variant].append(one_reply(variant))
    finally:
        stop.set()
        for w in workers:
            w.join(5)
    out = {"busy_processes": args.busy, "runs": args.runs, "cpus": os.cpu_count(),
           "load_avg_1m": round(os.getloadavg()[0], 2)}
    for variant, runs in results.items():
        out[variant] = {"gap_max_ms": max(r["gap_max_ms"] for r in runs),
                        "gap_max_ms_per_run": [r["gap_max_ms"] for r in runs],
                        "first_audio_ms_per_run": [r["first_audio_ms"] for r in runs],
                        "chunks": runs[0]["chunks"]}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
