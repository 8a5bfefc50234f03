"""Fault injection through the official openai and groq SDKs against a local server.

For every fault: the user gets a StageError message, the transcript is intact in SQLite, and a
retryable fault succeeds on retry.
"""
from __future__ import annotations


import pytest

from config import Settings
from core.errors import StageError
from services.conversation import Conversation
from services.storage import Store
from tests.apptest_helpers import all_text, button, new_app, say
from tests.chat_helpers import rows, waiting_chat
from tests.fakes.openai_server import Fault, FakeOpenAI

KINDS = ["openai", "groq"]


def settings_for(kind: str, server: FakeOpenAI, **extra) -> Settings:
    base = {"openai": dict(parley_llm="openai", openai_api_key="sk-fault-test", openai_base_url=server.base_url),
            "groq": dict(parley_llm="groq", groq_api_key="gsk_fault_test", groq_base_url=server.groq_base_url)}[kind]
    return Settings(**{**base, "request_timeout": 2.0, "max_retries": 2, **extra})


@pytest.fixture
def server():
    with FakeOpenAI(reply="Thanks for that answer. Here is my next question for you.") as fake:
        yield fake


def conversation(tmp_path, settings):
    return waiting_chat(tmp_path, settings, "It was busy but good: I shipped the billing migration.", db="faults.db")


def user_turn_intact(store, sid):
    assert ("user", "It was busy but good: I shipped the billing migration.") in rows(store, sid)


@pytest.mark.parametrize("kind", KINDS)
def test_401_is_a_clear_error_and_not_retried(kind, server, tmp_path):
    server.fail_next(Fault(status=401))
    store, sid, convo, waits = conversation(tmp_path, settings_for(kind, server))
    with pytest.raises(StageError) as info:
        list(convo.reply())
    assert (info.value.stage, info.value.code) == ("llm", "auth") and "key" in info.value.message
    assert len(server.requests) == 1 and waits == []
    user_turn_intact(store, sid)
    assert [r for r, _ in rows(store, sid)] == ["assistant", "user"]


@pytest.mark.parametrize("kind", KINDS)
def test_429_honours_retry_after_then_succeeds(kind, server, tmp_path):
    server.fail_next(Fault(status=429, headers={"Retry-After": "1"}))
    store, sid, convo, waits = conversation(tmp_path, settings_for(kind, server))
    assert "".join(convo.reply()) == server.reply
    assert waits == [1.0]
    assert rows(store, sid)[-1] == ("assistant", server.reply)


@pytest.mark.parametrize("kind", KINDS)
def test_429_that_persists_tells_the_user_to_wait(kind, server, tmp_path):
    server.fail_next(*[Fault(status=429, headers={"Retry-After": "3"})] * 3)
    store, sid, convo, waits = conversation(tmp_path, settings_for(kind, server))
    with pytest.raises(StageError) as info:
        list(convo.reply())
    assert info.value.code == "rate_limited" and "Wait 3 s" in info.value.message
    assert waits == [3.0, 3.0]
    user_turn_intact(store, sid)


@pytest.mark.parametrize("kind", KINDS)
def test_500_once_succeeds_on_retry_with_backoff(kind, server, tmp_path):
    server.fail_next(Fault(status=500))
    store, sid, convo, waits = conversation(tmp_path, settings_for(kind, server))
    assert "".join(convo.reply()) == server.reply
    assert waits == [0.5] and len(server.requests) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_500_that_persists_falls_back_to_the_offline_coach_and_says_so(kind, server, tmp_path):
    server.fail_next(*[Fault(status=500)] * 3)
    store, sid, convo, waits = conversation(tmp_path, settings_for(kind, server))
    text = "".join(convo.reply())
    assert text and text != server.reply  # the offline coach answered
    [notice] = convo.notices
    assert notice.code == "server_error" and "offline coach" in notice.message
    assert waits == [0.5, 1.0]
    last = Store(store.path).turns(sid)[-1]
    assert last["meta"]["provider"] == "offline"
    user_turn_intact(store, sid)


@pytest.mark.parametrize("kind", KINDS)
def test_500_without_fallback_is_an_error(kind, server, tmp_path):
    server.fail_next(*[Fault(status=500)] * 3)
    store, sid, convo, _ = conversation(tmp_path, settings_for(kind, server, offline_fallback=0))
    with pytest.raises(StageError) as info:
        list(convo.reply())
    assert info.value.code == "server_error" and info.value.retryable
    user_turn_intact(store, sid)


@pytest.mark.parametrize("kind", KINDS)
def test_hang_past_the_timeout_then_retry_succeeds(kind, server, tmp_path):
    server.fail_next(Fault(hang_s=3.0))
    store, sid, convo, waits = conversation(tmp_path, settings_for(kind, server, request_timeout=0.5))
    assert "".join(convo.reply()) == server.reply
    assert waits == [0.5]


@pytest.mark.parametrize("kind", KINDS)
def test_hang_every_time_is_a_timeout_error(kind, server, tmp_path):
    server.fail_next(*[Fault(hang_s=1.5)] * 3)
    store, sid, convo, _ = conversation(tmp_path, settings_for(kind, server, request_timeout=0.5, offline_fallback=0))
    with pytest.raises(StageError) as info:
        list(convo.reply())
    assert info.value.code == "timeout"
    user_turn_intact(store, sid)


@pytest.mark.parametrize("fault", [Fault(cut_after=4), Fault(malformed_after=4)], ids=["cut", "malformed"])
@pytest.mark.parametrize("kind", KINDS)
def test_broken_stream_keeps_the_partial_reply_marked_partial_and_retry_completes(kind, fault, server, tmp_path):
    server.fail_next(fault)
    store, sid, convo, _ = conversation(tmp_path, settings_for(kind, server))
    got = []
    with pytest.raises(StageError) as info:
        for delta in convo.reply():
            got.append(delta)
    assert info.value.stage == "llm" and info.value.retryable
    partial = Store(store.path).turns(sid)[-1]
    assert partial["role"] == "assistant" and partial["content"] == "".join(got).strip()
    assert partial["meta"]["partial"] is True and partial["meta"]["error"]["code"] == info.value.code
    user_turn_intact(store, sid)
    assert "".join(Conversation(store, sid, convo.settings).reply()) == server.reply  # retry: a full reply


def test_the_page_shows_the_error_and_keeps_the_answer(server, monkeypatch, tmp_path):
    monkeypatch.setenv("PARLEY_LLM", "openai")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-page-fault")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    at = new_app()
    at.session_state["speak_replies"] = False
    button(at, "Start interview").click().run()
    server.fail_next(Fault(status=401))
    say(at, "My answer that must not be lost.")
    text = all_text(at)
    assert "The AI coach rejected the API key" in text and "HTTP 401" in text  # the status under details
    assert "Your last message is saved" in text or "My answer that must not be lost." in text
    [session] = Store(tmp_path / "parley.db").list_sessions()
    assert Store(tmp_path / "parley.db").turns(session["id"])[-1]["content"] == "My answer that must not be lost."
    assert "sk-page-fault" not in text
