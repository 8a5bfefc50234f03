"""Load and warm everything a live call needs, when the call starts, never at the first turn.

The first live turn used to take 12 s from the end of speech to the first audio: Whisper, Piper
and onnxruntime loaded (and ran their first, slowest inference) inside that turn. `preload` does
all of it up front: the end-of-turn model, the recognizer for the call's language and the voice,
each loaded once per process and run once on a tiny input. Safe to call on every script run:
after the first call it returns at once.
"""
from __future__ import annotations

import threading
import time

import numpy as np

_warmed: set[tuple] = set()
_lock = threading.Lock()


def preload(language: str = "en", settings=None, voice: bool = True) -> dict:
    """Load the end-of-turn model, the offline recognizer (when speech recognition is local) and
    the offline voice (when Piper speaks `language`), and run each once. Returns seconds per part
    (empty when all were already warm). Raises StageError when a model is missing, like the loaders."""
    from config import get_settings

    settings = settings or get_settings()
    done: dict[str, float] = {}
    with _lock:
        key = ("smart_turn",)
        if key not in _warmed:
            started = time.perf_counter()
            from services.realtime import smart_turn

            if smart_turn.available():
                smart_turn.probability(np.zeros(smart_turn.RATE, np.int16))  # one second of silence
            _warmed.add(key)
            done["end_of_turn_model"] = round(time.perf_counter() - started, 3)
        if settings.stt_provider == "local":
            from services.realtime.pipeline import live_stt_settings

            # The live turns' recognizer, and the one for speech over the coach (the full path).
            for part, stt_settings in (("speech_recognition", live_stt_settings(settings, language)),
                                       ("speech_recognition_full", settings)):
                key = ("stt", language, stt_settings.whisper_threads)
                if key not in _warmed:
                    started = time.perf_counter()
                    _warm_whisper(stt_settings, language)
                    _warmed.add(key)
                    done[part] = round(time.perf_counter() - started, 3)
        if voice:
            from services import tts

            if tts.chain_names(settings, language)[:1] == ["piper"]:
                key = ("piper",)
                if key not in _warmed:
                    started = time.perf_counter()
                    from services.tts.piper import stream_pcm

                    for _ in stream_pcm("Hello."):
                        pass
                    _warmed.add(key)
                    done["voice"] = round(time.perf_counter() - started, 3)
    return done


def _warm_whisper(settings, language: str) -> None:
    """Load the local Whisper model and decode half a second once (the first decode is the slowest)."""
    from services import stt
    from services.stt import local

    model = stt.load_local_model(settings, language)
    noise = (np.random.default_rng(0).standard_normal(8000) * 0.01).astype(np.float32)
    local.transcribe(model, noise, language, None, fast=True)  # the live path: English on its short window
