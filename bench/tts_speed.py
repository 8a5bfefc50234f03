"""Speed of the offline voices: Piper load, real-time factor, first-chunk latency; espeak-ng RTF.

Prints one JSON object. Run with `make bench` or `.venv/bin/python bench/tts_speed.py`.
"""
from __future__ import annotations

import io
import json
import sys
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.languages import get_language  # noqa: E402
from services.tts import espeak, piper  # noqa: E402

REPLY = ("That's a solid answer, and I like that you measured the result. "
         "How did you decide which metric mattered most to the business? "
         "Take your time and walk me through the trade-offs you considered.")


def seconds_of(wav_bytes: bytes) -> float:
    with wave.open(io.BytesIO(wav_bytes)) as w:
        return w.getnframes() / w.getframerate()


def main() -> None:
    started = time.perf_counter()
    piper.load_piper()
    load_s = time.perf_counter() - started

    piper.synthesize("Warm up.")
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        first = None
        samples = 0
        for pcm, rate in piper.stream_pcm(REPLY):
            first = first if first is not None else time.perf_counter() - started
            samples += len(pcm) // 2
        total = time.perf_counter() - started
        runs.append((first, total, samples / rate))
    first_s = min(r[0] for r in runs)
    total_s = min(r[1] for r in runs)
    audio_s = runs[0][2]

    started = time.perf_counter()
    espeak_audio = espeak.synthesize(REPLY, language=get_language("en"))
    espeak_s = time.perf_counter() - started

    print(json.dumps({
        "piper_load_s": round(load_s, 2),
        "piper_first_chunk_s": round(first_s, 3),
        "piper_total_s": round(total_s, 3),
        "piper_audio_s": round(audio_s, 2),
        "piper_rtf": round(total_s / audio_s, 3),
        "espeak_total_s": round(espeak_s, 3),
        "espeak_rtf": round(espeak_s / seconds_of(espeak_audio), 4),
    }))


if __name__ == "__main__":
    main()
