"""Two visitors on the practice page: visitor A's "the cloud voice had a server error" notice is
shown to A only; B, arriving while that voice rests, gets B's own notice once."""
from __future__ import annotations

import pytest

from services import tts
from tests.apptest_helpers import button, new_app
from tests.fakes.openai_server import Fault, FakeOpenAI

pytestmark = pytest.mark.slow  # two app sessions, a server, real voices


def toasts(at) -> list[str]:
    return [t.value for t in at.toast]


def test_voice_notices_stay_with_their_visitor(monkeypatch):
    with FakeOpenAI() as server:
        for name, value in {"OPENAI_API_KEY": "sk-voice", "OPENAI_BASE_URL": server.base_url, "PARLEY_LLM": "offline",
                            "PARLEY_STT": "local", "MAX_RETRIES": "0", "TTS_TIMEOUT": "3",
                            "SPEAK_REPLIES": "1"}.items():
            monkeypatch.setenv(name, value)
        tts.reset()
        try:
            server.fail_next(*[Fault(status=500)] * 3)
            a = new_app()
            button(a, "Start interview").click().run()
            assert not a.exception, a.exception
            assert any("The cloud voice had a server error" in t for t in toasts(a))
            b = new_app()
            button(b, "Start interview").click().run()
            assert not b.exception, b.exception
            assert not any("server error" in t for t in toasts(b))  # A's notice never reaches B
            assert any("The cloud voice is unavailable for now" in t for t in toasts(b))
            b.run()
            assert not any("cloud voice" in t for t in toasts(b))  # told once
        finally:
            tts.reset()
