"""Voice notices belong to one visitor: visitor A's "voice failed" is never shown to visitor B.

The breaker for a provider that is down stays process-wide (B does not wait for the same timeout),
but each visitor is told about the switch once, in their own collector.
"""
from __future__ import annotations

import pytest

from config import Settings
from services import tts
from tests.fakes.openai_server import Fault

pytestmark = pytest.mark.slow  # starts a server and speaks with Piper


def settings(server) -> Settings:
    return Settings(openai_api_key="sk-voice", openai_base_url=server.base_url, gtts_enabled=0, max_retries=0,
                    request_timeout=3.0, tts_timeout=3.0)


def test_one_visitors_voice_notice_is_not_shown_to_another(fake_openai):
    tts.reset()
    a, b = tts.Notices(), tts.Notices()
    fake_openai.fail_next(Fault(status=500))
    assert tts.synthesize("Hello there.", "en", settings=settings(fake_openai), notices=a)
    assert tts.consume_notices(a) == ["The cloud voice had a server error — using the offline voice."]
    assert tts.consume_notices(b) == []  # B saw nothing of A's failure
    speech_requests = sum(1 for r in fake_openai.requests if r.path.endswith("/audio/speech"))
    assert tts.synthesize("Hi.", "en", settings=settings(fake_openai), notices=b)
    # The breaker is process-wide: B is not made to wait for the failing voice again...
    assert sum(1 for r in fake_openai.requests if r.path.endswith("/audio/speech")) == speech_requests
    # ...and B is told once, in B's own collector, why another voice speaks.
    assert tts.consume_notices(b) == ["The cloud voice is unavailable for now — using the offline voice."]
    tts.synthesize("Again.", "en", settings=settings(fake_openai), notices=b)
    assert tts.consume_notices(b) == [] and tts.consume_notices(a) == []
    tts.reset()


def test_without_a_collector_nothing_is_kept_in_the_module(fake_openai):
    tts.reset()
    fake_openai.fail_next(Fault(status=500))
    tts.synthesize("Hello.", "en", settings=settings(fake_openai))
    visitor = tts.Notices()
    assert tts.consume_notices(None) == [] and tts.consume_notices(visitor) == []
    assert not [name for name in vars(tts) if name in ("_notices", "_announced")]
    tts.reset()
