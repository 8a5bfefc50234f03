"""Does the recognizer prompt leak into transcripts of long or repetitive audio? Prints JSON.

Real faster-whisper tiny.en (the offline default) on speech synthesized with Piper (no randomness):
a short answer with fillers, ~30 s of one repeated sentence, and a long varied answer (repeated
paragraphs, `--long-s` seconds). For each clip, the transcript with the prompt Parley sends
(fillers + domain terms) is checked for words that occur only in the prompt ("like", "you know",
"uh", "Redis", ...) and for filler counts. Optimistic: synthetic speech, written by us.

    .venv/bin/python bench/stt_prompt_leak.py [--long-s 290]

Measured on this machine (2 loaded cores, 2026-11-22; characters of transcript, more = less lost):
- short answer with two "um" (5.8 s, Piper): filler prompt → both "um" kept; no prompt → 0 kept.
- 117 s of one repeated espeak-ng paragraph: filler+terms prompt 0 chars (shown as "I didn't catch
  anything"), question+fillers 0 and 852 in two runs, terms only 0, question only 0, no prompt 1,694.
- 116 s of a repeated Piper paragraph: 1,912-2,017 chars with any prompt, 1,916 with none.
- 279 s of a varied espeak-ng paragraph, repeated: 2,028 / 2,023 / 2,240 / 2,571 chars with
  question+fillers / terms+fillers / question / terms, 1,675 with none: here no prompt did worse.
- 30 s of one repeated Piper or espeak-ng sentence: complete with or without a prompt.
- No prompt words leaked into any of these local tiny.en transcripts; the failure seen was loss
  (down to an empty transcript), not copying. Cloud Whisper was not measured (unreachable here).
tiny.en's temperature fallback makes runs differ. Losing a whole answer is the worst outcome, so: the
filler prompt for clips up to 25 s, no prompt past that (services/stt/prompt.py prompt_for), and strip_prompt_echo on every transcript.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import Settings  # noqa: E402
from core.audio_format import SPEECH_RATE  # noqa: E402
from services.stt import build_prompt, load_local_model, local  # noqa: E402
from services.stt.prompt import prompt_for, strip_prompt_echo  # noqa: E402

TERMS = "Redis, PostgreSQL, Kafka, p99 latency"
QUESTION = "Tell me about a project you are proud of and what you would do differently."  # chat / language pages
SHORT = "Um, so I would, um, put a cache in front of the database and, uh, measure the latency."
REPEAT = "I worked on the billing system."
PARAGRAPH = ("In my last role I owned the payments pipeline. We processed about two million events a day. "
             "When the queue backed up at night, I added back pressure and a dead letter topic. "
             "Failed payments dropped by a third, and on call pages went from weekly to monthly. ")


def synth(text: str) -> np.ndarray:
    from piper import SynthesisConfig

    from services.resample import resample
    from services.tts.piper import load_piper

    voice = load_piper()
    chunks = list(voice.synthesize(text, syn_config=SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)))
    pcm = np.concatenate([c.audio_int16_array for c in chunks])
    return resample(pcm, chunks[0].sample_rate, SPEECH_RATE).astype(np.float32) / 32768.0


def repeat_to(text: str, seconds: float) -> np.ndarray:
    one = synth(text)
    gap = np.zeros(int(0.3 * SPEECH_RATE), dtype=np.float32)
    reps = max(1, int(seconds * SPEECH_RATE // (len(one) + len(gap))))
    return np.concatenate([np.concatenate([one, gap])] * reps)


def leaks(text: str, spoken: str, prompt: str | None) -> list[str]:
    """Prompt words found in the transcript but never spoken."""
    if not prompt:
        return []
    said = set(re.findall(r"[a-z0-9']+", spoken.lower()))
    words = [w for w in re.findall(r"[a-z0-9']+", prompt.lower()) if w not in said and w not in {"we", "about"}]
    heard = re.findall(r"[a-z0-9']+", text.lower())
    return sorted({w for w in words if w in heard})


def fillers(text: str) -> int:
    return len(re.findall(r"\b(um+|uh+|erm)\b", text.lower()))


def run(model, name: str, samples: np.ndarray, spoken: str, prompt: str | None, strip: bool) -> dict:
    started = time.perf_counter()
    text = local.transcribe(model, samples, "en", prompt).text
    if strip:
        text = strip_prompt_echo(text, prompt)
    return {"clip": name, "seconds": round(len(samples) / SPEECH_RATE, 1), "prompt": "none" if not prompt else
            ("with fillers" if "uh" in prompt.lower().split(", ") or "Um," in prompt else "no fillers"), "strip_echo": strip,
            "leaked_words": leaks(text, spoken, prompt), "fillers_heard": fillers(text), "chars": len(text),
            "elapsed_s": round(time.perf_counter() - started, 1), "start": text[:90], "end": text[-90:]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--long-s", type=float, default=290.0)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    model = load_local_model(Settings())
    clips = {
        "short_fillers": (synth(SHORT), SHORT),
        "repeat_30s": (repeat_to(REPEAT, 30), REPEAT),
        "long_varied": (repeat_to(PARAGRAPH, args.long_s), PARAGRAPH),
    }
    results = []
    for name, (samples, spoken) in clips.items():
        if args.only and name not in args.only.split(","):
            continue
        seconds = len(samples) / SPEECH_RATE
        for terms in (TERMS, QUESTION):
            before = build_prompt(terms, "en")  # what was sent before the fix, whatever the length
            after = prompt_for(terms, "en", seconds)  # what is sent now
            results.append(run(model, name, samples, spoken, before, strip=False))
            results.append(run(model, name, samples, spoken, after, strip=True))
            print(json.dumps(results[-2:]), file=sys.stderr)
    print(json.dumps({"model": "tiny.en", "results": results}, indent=1))


if __name__ == "__main__":
    main()
