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
