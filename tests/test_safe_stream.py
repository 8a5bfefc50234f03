"""A model reply streamed into the page is made safe while it streams: no image or link can form."""
from __future__ import annotations

import pytest

from config import get_settings
from services.llm import get_provider
from tests.apptest_helpers import button, chat_texts, goto, new_app
from tests.fakes.openai_server import FakeOpenAI

pytestmark = pytest.mark.slow
HOSTILE = "Good start. ![x](http://127.0.0.1:9/img?d=secret) and [open me](http://127.0.0.1:9/phish)."


def test_a_streamed_reply_with_markdown_images_and_links_is_shown_inert(monkeypatch):
    with FakeOpenAI(reply=HOSTILE) as server:
        for name, value in {"PARLEY_LLM": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.base_url,
                            "MAX_RETRIES": "0", "SPEAK_REPLIES": "0"}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        get_provider.cache_clear()
        at = goto(new_app(), "pages/chat.py")
        button(at, "Start a conversation").click().run()
        assert not at.exception, at.exception
    [(role, shown)] = chat_texts(at)
    assert role == "assistant" and "open me" in shown
    assert "](http" not in shown.replace("\\](http\\:", "") and "\\!" not in shown
    assert "\\[x\\]" in shown and "http\\://" in shown
