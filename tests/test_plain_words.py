"""User words outside "Technical details": no provider or engine names, and the sidebar says what is active."""
from __future__ import annotations

import pytest

from config import Settings
from services import speech_status, tts

NAMES = ("Piper", "espeak", "gTTS", "Google", "OpenAI", "Groq", "Whisper")


@pytest.fixture(autouse=True)
def no_failures():
    tts.reset()
    yield
    tts.reset()


def test_the_sidebar_does_not_claim_an_online_voice_that_just_failed():
    """It said "online voice (Google) in other languages" while offline."""
    settings = Settings(parley_llm="offline", gtts_enabled=True)
    assert speech_status.plain_lines(settings)[-1] == "**Voice:** offline voice in English, online voice in other languages"
    tts._breaker.failure(tts._breaker_key("gtts", settings))  # what a failed try leaves (no internet)
    assert speech_status.plain_lines(settings)[-1] == "**Voice:** offline voice"


@pytest.mark.parametrize("settings", [Settings(parley_llm="offline", gtts_enabled=True),
                                      Settings(groq_api_key="gsk_x"), Settings(openai_api_key="sk-x")])
def test_plain_lines_name_no_provider(settings):
    text = "\n".join(speech_status.plain_lines(settings))
    assert not [name for name in NAMES if name.lower() in text.lower()], text


def test_voice_switch_toasts_name_no_engine():
    """A toast read "The online voice (gTTS) is unreachable — using the offline voice (espeak-ng)"."""
    for provider in tts.PROVIDERS.values():
        assert not [name for name in NAMES if name.lower() in provider.title.lower()], provider.title
