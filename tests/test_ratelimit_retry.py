"""The per-session LLM budget and the one retry policy."""
from __future__ import annotations

import pytest

from config import Settings
from core.errors import StageError
from core.ratelimit import TokenBucket
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.retry import MAX_WAIT_S, backoff_seconds
from services.storage import Store


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_bucket_allows_a_burst_then_asks_to_wait_then_refills():
    clock = Clock()
    bucket = TokenBucket(capacity=3, per_minute=6, clock=clock)
    assert [bucket.take() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take() == pytest.approx(10.0)  # 6 a minute: one every 10 s
    clock.now += 10
    assert bucket.take() == 0.0


def test_each_session_has_its_own_budget(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    clock = Clock()
    greedy = Conversation(store, store.create_session(PracticeSpec()), Settings(), TokenBucket(1, 1, clock))
    calm = Conversation(store, store.create_session(PracticeSpec()), Settings(), TokenBucket(1, 1, clock))
    assert "".join(greedy.reply())
    with pytest.raises(StageError) as info:
        list(greedy.reply())
    assert info.value.code == "too_fast" and "Wait 60 s" in info.value.message
    assert "".join(calm.reply())  # untouched by the other session's burst


@pytest.mark.parametrize("error,attempt,expected", [
    (StageError("llm", "server_error", "x", retryable=True), 1, 0.5),
    (StageError("llm", "server_error", "x", retryable=True), 3, 2.0),
    (StageError("llm", "server_error", "x", retryable=True), 10, MAX_WAIT_S),
    (StageError("llm", "rate_limited", "x", retryable=True, retry_after=2.0), 1, 2.0),
    (StageError("llm", "rate_limited", "x", retryable=True, retry_after=120.0), 1, None),
    (StageError("llm", "auth", "x"), 1, None),
])
def test_backoff(error, attempt, expected):
    assert backoff_seconds(attempt, error) == expected


def test_text_over_the_limit_is_refused_and_nothing_is_saved(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    sid = store.create_session(PracticeSpec())
    convo = Conversation(store, sid, Settings(max_text_chars=100))
    with pytest.raises(StageError) as info:
        convo.add_user("x" * 101)
    assert info.value.code == "text_too_long" and "not been sent" in info.value.message
    assert store.turns(sid) == []
    assert convo.add_user("a\x00b\x07c")["content"] == "abc"  # control characters are dropped
