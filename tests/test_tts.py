"""The voice chain (services/tts): order, fallbacks, the circuit breaker, notices, OpenAI via its SDK."""
from __future__ import annotations

import functools

import threading
import time
from dataclasses import replace

import pytest
from gtts import gTTS
from gtts.tts import gTTSError

from config import Settings
from core.errors import StageError
from core.speakable import speakable
from core.tone import tts_instructions
from services import tts
from services.tts.breaker import CircuitBreaker
from services.tts.wav import pcm_to_wav
from tests.fakes.openai_server import Fault, FakeOpenAI
from tests.tts_helpers import read_wav, sine_mp3

MARKDOWN = ("## Great answer! 🎉\n\n**Strong** point about `Redis` — see [the docs](https://redis.io/docs) "
            "or mail me at coach@example.com.\n\n```python\ncache.get(key)\n```\n- Next: *latency* 👍🏽")
CLEAN = speakable(MARKDOWN)
GTTS_NOTICE = "The online voice is unreachable — using the basic offline voice."
BEEP = pcm_to_wav(b"\x00\x10" * 800, 16000)  # what a spied provider returns


NOTES = tts.Notices()  # one visitor's notices (the app keeps one per browser session)
say = functools.partial(tts.synthesize, notices=NOTES)


@pytest.fixture(autouse=True)
def fresh_chain(monkeypatch):
    """Forget failures between tests, and make sure no test can reach Google."""
    tts.reset()
    NOTES.clear()
    calls = []

    def offline(self, fp):
        calls.append(self.lang)
        raise gTTSError("Failed to connect. Probable cause: Unknown")

    monkeypatch.setattr(gTTS, "write_to_fp", offline)
    yield calls
    tts.reset()


@pytest.fixture(scope="module")
def _server():
    with FakeOpenAI() as server:  # one server for the file: each shutdown costs half a second
        yield server


@pytest.fixture
def fake_openai(_server):
    """The shared fake OpenAI server, with no recorded requests, no queued faults, normal audio."""
    audio = _server.speech_audio
    _server.requests.clear()
    _server.faults.clear()
    yield _server
    _server.speech_audio = audio


def settings(**overrides) -> Settings:
    return Settings(**{"gtts_timeout": 2.0, "max_retries": 0, "request_timeout": 5.0, **overrides})


def openai_settings(server, **overrides) -> Settings:
    return settings(**{"openai_api_key": "sk-test-123", "openai_base_url": server.base_url, **overrides})


def spy(monkeypatch, name: str, result=BEEP) -> list[str]:
    """Replace one provider; record the text it is given; return `result` or raise it."""
    seen: list[str] = []

    def fake(text, **_):
        seen.append(text)
        if isinstance(result, Exception):
            raise result
        return result

    monkeypatch.setitem(tts.PROVIDERS, name, replace(tts.PROVIDERS[name], synthesize=fake))
    return seen


def speech_requests(server) -> list:
    return [r for r in server.requests if r.path.endswith("/audio/speech")]


# Chain order ------------------------------------------------------------------------------------
@pytest.mark.parametrize("overrides,language,expected", [
    ({}, "en", ["piper", "gtts", "espeak"]),
    ({}, "ja", ["gtts", "espeak"]),
    ({"gtts_enabled": 0}, "de", ["espeak"]),
    ({"openai_api_key": "sk-x"}, "en", ["openai", "piper", "gtts", "espeak"]),
    ({"openai_api_key": "sk-x"}, "pt-BR", ["openai", "gtts", "espeak"]),
    ({"parley_tts": "espeak"}, "en", ["espeak", "piper", "gtts"]),
    ({"parley_tts": "GTTS", "gtts_enabled": 0}, "en", ["gtts", "piper", "espeak"]),
    ({"parley_tts": "openai"}, "en", ["openai", "piper", "gtts", "espeak"]),
    ({"parley_tts": "piper"}, "ko", ["gtts", "espeak"]),  # Piper's voice is English only
    ({"parley_tts": "nonsense"}, "en", ["piper", "gtts", "espeak"]),
])
def test_chain_order(overrides, language, expected):
    assert tts.chain_names(settings(**overrides), language) == expected


def test_label_names_the_first_voice_and_its_fallback():
    assert tts.tts_label(settings(), "en") == "Piper (offline), falls back to gTTS (online)"
    assert tts.tts_label(settings(openai_api_key="sk-x"), "en") == \
        "OpenAI gpt-4o-mini-tts, falls back to Piper (offline)"
    assert tts.tts_label(settings(gtts_enabled=0), "ar") == "espeak-ng (offline)"


def test_label_skips_a_voice_that_just_failed():
    say("Bonjour.", "fr", settings=settings())
    assert tts.tts_label(settings(), "fr") == "espeak-ng (offline)"


# Cleaning ---------------------------------------------------------------------------------------
def test_only_speakable_text_reaches_a_local_voice(monkeypatch):
    seen = spy(monkeypatch, "piper")
    assert say(MARKDOWN, "en", settings=settings()) == BEEP
    assert seen == [CLEAN]
    for leak in ("#", "*", "`", "[", "](", "https", "redis.io", "@", "🎉", "👍", "cache.get"):
        assert leak not in seen[0], leak


def test_only_speakable_text_reaches_openai(fake_openai):
    say(MARKDOWN, "en", settings=openai_settings(fake_openai))
    (request,) = speech_requests(fake_openai)
    assert request.body["input"] == CLEAN
    assert CLEAN == ("Great answer! Strong point about Redis — see the docs or mail me at the email address. "
                     "(code shown on screen) Next: latency.")


@pytest.mark.parametrize("text", ["", "  \n ", "🎉👍🏽", "[INTERRUPTED]", "---"])
def test_nothing_to_say_returns_empty_audio_without_calling_a_voice(monkeypatch, text):
    seen = [spy(monkeypatch, name) for name in tts.PROVIDERS]
    assert say(text, "en", settings=settings()) == b""
    assert seen == [[], [], [], []]


# OpenAI through the official SDK ---------------------------------------------------------------
@pytest.mark.parametrize("mode,voice", [("interview", "coral"), ("language", "shimmer"), ("chat", "ash")])
@pytest.mark.parametrize("tone", ["empathetic", "enthusiastic", "neutral"])
def test_openai_request(fake_openai, mode, voice, tone):
    audio = say("How did you measure success?", "en", mode, tone, settings=openai_settings(fake_openai))
    assert audio == fake_openai.speech_audio
    (request,) = speech_requests(fake_openai)
    assert request.path == "/v1/audio/speech"
    assert request.headers["authorization"] == "Bearer sk-test-123"
    body = request.body
    assert (body["model"], body["voice"], body["response_format"]) == ("gpt-4o-mini-tts", voice, "wav")
    assert body["input"] == "How did you measure success?"
    assert body["instructions"] == tts_instructions(mode, tone)
    assert f"Tone: {tone}." in body["instructions"]


def test_tts1_models_get_no_instructions(fake_openai):
    say("Hello.", "en", "interview", "serious", settings=openai_settings(fake_openai, openai_tts_model="tts-1"))
    (request,) = speech_requests(fake_openai)
    assert request.body["model"] == "tts-1" and "instructions" not in request.body


def test_openai_server_error_falls_back_to_piper_once(fake_openai):
    fake_openai.fail_next(Fault(status=500))
    config = openai_settings(fake_openai)
    info = read_wav(say("Tell me about your last project.", "en", settings=config))
    assert info.rate == 22050 and info.rms > 1000  # Piper's voice, not the fake's 24 kHz tone
    assert NOTES.consume() == ["The cloud voice had a server error — using the offline voice."]
    say("And what did you learn?", "en", settings=config)
    assert len(speech_requests(fake_openai)) == 1  # skipped while its breaker is open
    assert NOTES.consume() == []


def test_openai_failure_in_another_language_falls_back_to_espeak(fake_openai):
    fake_openai.fail_next(Fault(status=401))
    info = read_wav(say("¿Qué tal?", "es", settings=openai_settings(fake_openai, gtts_enabled=0)))
    assert info.rate == 22050
    assert NOTES.consume() == ["The cloud voice rejected the API key — using the basic offline voice."]


def test_a_new_key_is_tried_at_once_after_a_failure(fake_openai):
    fake_openai.fail_next(Fault(status=401))
    say("Hi.", "es", settings=openai_settings(fake_openai, gtts_enabled=0))
    audio = say("Hi.", "es", settings=openai_settings(fake_openai, gtts_enabled=0,
                                                                 openai_api_key="sk-new-456"))
    assert audio == fake_openai.speech_audio
    assert [r.headers["authorization"] for r in speech_requests(fake_openai)] == ["Bearer sk-test-123",
                                                                                 "Bearer sk-new-456"]


def test_openai_answer_that_is_not_audio_falls_back(fake_openai):
    fake_openai.speech_audio = b"<html>proxy error</html>"
    info = read_wav(say("Hello.", "fr", settings=openai_settings(fake_openai, gtts_enabled=0)))
    assert info.rate == 22050
    assert NOTES.consume() == ["The cloud voice failed — using the basic offline voice."]


# gTTS -------------------------------------------------------------------------------------------
def test_gtts_unreachable_falls_back_with_one_notice_and_is_not_retried(fresh_chain):
    first = read_wav(say("Bonjour, comment ça va ?", "fr", settings=settings()))
    assert first.rms > 300 and fresh_chain == ["fr"]
    assert NOTES.consume() == [GTTS_NOTICE]
    say("Très bien, merci.", "fr", settings=settings())
    say("Und du?", "de", settings=settings())
    assert fresh_chain == ["fr"]  # the breaker remembered the failure for the whole process
    assert NOTES.consume() == []


def test_gtts_that_hangs_is_cut_off_by_its_timeout(monkeypatch):
    release, calls = threading.Event(), []

    def hang(self, fp):
        calls.append(self.lang)
        release.wait(30)

    monkeypatch.setattr(gTTS, "write_to_fp", hang)
    config = settings(gtts_timeout=0.3)
    try:
        started = time.monotonic()
        info = read_wav(say("Hola, ¿qué tal?", "es", settings=config))
        waited = time.monotonic() - started
        assert info.rms > 300 and waited >= 0.3  # it did give gTTS its full chance, then moved on
        assert NOTES.consume() == ["The online voice is unreachable — using the basic offline voice."]
        say("Muy bien.", "es", settings=config)
        assert calls == ["es"]  # the second sentence did not wait for gTTS again
    finally:
        release.set()


def test_gtts_is_tried_again_after_the_cooldown_and_announced_again_next_outage(monkeypatch, fresh_chain):
    now = [1000.0]
    monkeypatch.setattr(tts, "_breaker", CircuitBreaker(tts.RETRY_AFTER_S, clock=lambda: now[0]))
    say("Ciao.", "it", settings=settings())
    now[0] += tts.RETRY_AFTER_S - 1
    say("Ciao.", "it", settings=settings())
    assert fresh_chain == ["it"]
    now[0] += 2
    say("Ciao.", "it", settings=settings())
    assert fresh_chain == ["it", "it"]  # half-open: one new try after the cooldown
    assert NOTES.consume() == [GTTS_NOTICE]  # the same outage is announced once

    mp3 = sine_mp3()
    monkeypatch.setattr(gTTS, "write_to_fp", lambda self, fp: fp.write(mp3))
    now[0] += tts.RETRY_AFTER_S + 1
    assert read_wav(say("Ciao.", "it", settings=settings())).rate == 24000  # gTTS is back
    monkeypatch.setattr(gTTS, "write_to_fp", lambda self, fp: (_ for _ in ()).throw(gTTSError("down")))
    say("Ciao.", "it", settings=settings())
    assert NOTES.consume() == [GTTS_NOTICE]  # a new outage is news again


@pytest.mark.parametrize("language,gtts_code", [("fr", "fr"), ("zh", "zh-CN"), ("en", "en")])
def test_gtts_mp3_is_returned_as_wav(monkeypatch, language, gtts_code):
    mp3, langs = sine_mp3(0.5, 24000), []

    def answer(self, fp):
        langs.append(self.lang)
        fp.write(mp3)

    monkeypatch.setattr(gTTS, "write_to_fp", answer)
    config = settings(parley_tts="gtts")
    info = read_wav(say("Bonjour. 你好。 Hello.", language, settings=config))
    assert langs == [gtts_code]
    assert info.rate == 24000 and abs(info.seconds - 0.5) < 0.1 and info.rms > 1000


# All voices failing -----------------------------------------------------------------------------
def test_all_voices_failing_is_one_retryable_tts_error(monkeypatch):
    for name in tts.PROVIDERS:
        spy(monkeypatch, name, RuntimeError(f"{name} broke"))
    with pytest.raises(StageError) as info:
        say("Hello there.", "en", settings=settings(openai_api_key="sk-x"))
    err = info.value
    assert (err.stage, err.code, err.retryable) == ("tts", "all_failed", True)
    assert err.message == "Couldn't produce speech — the reply is shown as text."


def test_a_provider_returning_nothing_counts_as_a_failure(monkeypatch):
    spy(monkeypatch, "piper", b"")
    seen = spy(monkeypatch, "espeak")
    assert say("Hello.", "en", settings=settings(gtts_enabled=0)) == BEEP
    assert seen == ["Hello."]
    assert NOTES.consume() == ["The offline voice failed — using the basic offline voice."]


def test_notices_are_consumed_once(monkeypatch):
    spy(monkeypatch, "piper", RuntimeError("boom"))
    spy(monkeypatch, "espeak")
    say("One.", "en", settings=settings(gtts_enabled=0))
    assert len(NOTES.consume()) == 1
    assert NOTES.consume() == []
