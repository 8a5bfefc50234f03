"""services.realtime.preload: every model of a live call is loaded and warm before the first turn."""
from __future__ import annotations

import pytest


@pytest.mark.slow
def test_preload_loads_the_call_models_once():
    import services.realtime as realtime
    from config import get_settings
    from services.realtime import smart_turn, warmup
    from services.stt import local
    from services.tts import piper

    settings = get_settings()
    warmup._warmed.clear()  # as in a fresh process (the models themselves stay cached)
    first = realtime.preload("en", settings)
    assert "end_of_turn_model" in first
    assert smart_turn._session is not None
    if settings.stt_provider == "local":
        assert "speech_recognition" in first and local._MODELS
    if "voice" in first:
        assert piper._voice is not None
    assert realtime.preload("en", settings) == {}  # the next script run: nothing to do


@pytest.mark.slow
def test_live_english_turns_use_the_one_thread_recognizer_warmed_before_the_call(speak):
    """Live English turns run Whisper on `live_whisper_threads` (one): in a browser call its two
    threads waited on each other beside the end-of-turn model. Recorded answers keep
    `whisper_threads`, and other languages share the multilingual model."""
    from dataclasses import replace

    import numpy as np

    from config import Settings
    from services.realtime import warmup
    from services.realtime.pipeline import default_transcribe, live_stt_settings
    from services.resample import resample
    from services.stt import local

    settings = Settings(parley_stt="local", whisper_threads=2, live_whisper_threads=1)
    assert live_stt_settings(settings, "en").whisper_threads == 1
    assert live_stt_settings(settings, "en", fast=False).whisper_threads == 2  # speech over the coach: full path
    assert live_stt_settings(settings, "fr").whisper_threads == 2
    assert live_stt_settings(replace(settings, live_whisper_threads=0), "en").whisper_threads == 2  # 0: off

    for key in [k for k in local._MODELS if k[1] == 1]:
        del local._MODELS[key]  # as in a fresh process
    warmup._warmed.clear()
    done = warmup.preload("en", settings, voice=False)
    assert {"speech_recognition", "speech_recognition_full"} <= done.keys()
    one_thread = [model for key, model in local._MODELS.items() if key[1] == 1]
    assert len(one_thread) == 1  # loaded at the call's start, not at its first turn

    heard = []
    original = local.transcribe
    try:
        local.transcribe = lambda model, *a, **k: heard.append(model) or original(model, *a, **k)
        pcm, rate = speak("I went hiking last weekend.")
        said = resample(pcm, rate, 16000).astype(np.float32) / 32768
        for transcribe in (default_transcribe(settings), default_transcribe(settings, fast=False)):
            assert "hiking" in transcribe(said, "en", None).lower()
    finally:
        local.transcribe = original
    assert heard[0] is one_thread[0] and heard[1] is not one_thread[0]
