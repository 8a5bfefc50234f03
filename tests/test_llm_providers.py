"""Groq, OpenAI and OpenAI-compatible paths through the official SDKs, against a local server."""
from __future__ import annotations

import threading

import pytest

from config import Settings
from core.errors import StageError
from services.llm import get_provider
from tests.fakes.openai_server import Fault, FakeOpenAI

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi!"}]


def settings_for(kind: str, server: FakeOpenAI, **extra) -> Settings:
    base = {
        "groq": dict(parley_llm="groq", groq_api_key="gsk_test_123", groq_base_url=server.groq_base_url),
        "openai": dict(parley_llm="openai", openai_api_key="sk-test-123", openai_base_url=server.base_url),
        "compatible": dict(parley_llm="compatible", llm_base_url=server.base_url, llm_model="llama3.2"),
    }[kind]
    return Settings(**base, max_retries=0, request_timeout=5, **extra)


@pytest.mark.parametrize("kind,path,model,auth", [
    ("groq", "/openai/v1/chat/completions", "llama-3.3-70b-versatile", "Bearer gsk_test_123"),
    ("openai", "/v1/chat/completions", "gpt-4o-mini", "Bearer sk-test-123"),
    ("compatible", "/v1/chat/completions", "llama3.2", "Bearer not-needed"),
])
def test_streams_reply_through_official_sdk(fake_openai, kind, path, model, auth):
    provider = get_provider(settings_for(kind, fake_openai))
    assert provider.name == kind
    chunks = list(provider.stream(MESSAGES, max_tokens=150, temperature=0.85))
    assert len(chunks) > 3  # really streamed, not one blob
    assert "".join(chunks) == fake_openai.reply
    request = fake_openai.requests[-1]
    assert request.path == path
    assert request.headers["authorization"] == auth
    assert request.body["model"] == model
    assert request.body["stream"] is True
    assert request.body["max_tokens"] == 150
    assert request.body["temperature"] == 0.85
    assert request.body["messages"] == MESSAGES


def test_cancel_stops_between_tokens():
    with FakeOpenAI(reply="one two three four five six seven eight nine ten", tokens_per_s=50) as server:
        provider = get_provider(settings_for("openai", server))
        cancel = threading.Event()
        got = []
        for delta in provider.stream(MESSAGES, max_tokens=50, temperature=0.5, cancel=cancel):
            got.append(delta)
            if len(got) == 2:
                cancel.set()
        assert got == ["one ", "two "]


@pytest.mark.parametrize("status,code,retryable", [
    (401, "auth", False), (403, "forbidden", False), (429, "rate_limited", True), (500, "server_error", True),
])
@pytest.mark.parametrize("kind", ["groq", "openai"])
def test_http_errors_become_stage_errors(fake_openai, kind, status, code, retryable):
    fake_openai.fail_next(Fault(status=status, headers={"Retry-After": "2"} if status == 429 else {}))
    provider = get_provider(settings_for(kind, fake_openai))
    with pytest.raises(StageError) as info:
        list(provider.stream(MESSAGES, max_tokens=10, temperature=0.1))
    err = info.value
    assert (err.stage, err.code, err.retryable) == ("llm", code, retryable)
    assert "gsk_test_123" not in err.message and "sk-test-123" not in err.message
    if status == 429:
        assert err.retry_after == 2.0
    assert err.request_id and err.request_id.startswith("req_fake_")


def test_stream_cut_midway_is_a_retryable_error(fake_openai):
    fake_openai.fail_next(Fault(cut_after=3))
    provider = get_provider(settings_for("openai", fake_openai))
    got = []
    with pytest.raises(StageError) as info:
        for delta in provider.stream(MESSAGES, max_tokens=10, temperature=0.1):
            got.append(delta)
    assert info.value.retryable
    assert "".join(got) == "".join(fake_openai.tokens()[:3])


def test_complete_and_summary_model(fake_openai):
    provider = get_provider(settings_for("groq", fake_openai))
    summary = provider.summarize([{"role": "user", "content": "I like Python."}], "Summarize.", 50)
    assert summary == fake_openai.reply
    assert fake_openai.requests[-1].body["model"] == "llama-3.1-8b-instant"
    assert fake_openai.requests[-1].body.get("stream") in (None, False)


@pytest.mark.parametrize("kind,env", [("groq", "GROQ_API_KEY"), ("openai", "OPENAI_API_KEY")])
def test_missing_key_is_actionable(kind, env):
    with pytest.raises(StageError) as info:
        get_provider(Settings(parley_llm=kind))
    assert info.value.code == "missing_key" and env in info.value.details


def test_offline_provider_is_default():
    provider = get_provider(Settings())
    assert provider.name == "offline"
