"""LLM budgets live in the database: a visitor's budget holds across two tabs and two replicas, spending races
never overspend, and the daily cap on all visitors holds across restarts. On SQLite and PostgreSQL."""
from __future__ import annotations

import threading

import pytest

from core.errors import StageError
from core.ratelimit import TokenBucket
from services.llm.budget import budgeted
from services.storage import Store
from services.storage.budgets import DailyCapReached, VisitorBudget, calls_today

NOW = 1_700_000_000.0  # a fixed moment: the buckets refill by the clock given, never by sleeping


def _replicas(target, n=2):
    stores = [Store(target) for _ in range(n)]
    assert all(s.problem is None for s in stores)
    return stores


def _budget(store, owner, clock, capacity=3, per_minute=1.0, daily_cap=0):
    return VisitorBudget(store, owner, capacity, per_minute, daily_cap, clock=clock)


def test_a_visitors_budget_holds_across_two_tabs_and_two_replicas(db_target):
    a, b = _replicas(db_target)
    now = [NOW]
    clock = lambda: now[0]  # noqa: E731
    tabs = [_budget(a, "anon:v", clock), _budget(a, "anon:v", clock), _budget(b, "anon:v", clock),
            _budget(b, "anon:v", clock)]
    waits = [tab.take() for tab in tabs]
    assert waits[:3] == [0.0, 0.0, 0.0] and waits[3] == pytest.approx(60.0)  # 3 calls, then a minute's wait
    assert _budget(b, "anon:other", clock).take() == 0.0  # another visitor's budget is their own
    now[0] += 60.0  # one token back after a minute, whichever tab or replica asks
    assert tabs[2].take() == 0.0 and tabs[0].take() > 0
    for store in (a, b):
        store.dispose()
    restarted = Store(db_target)  # a restart resets nothing either
    assert _budget(restarted, "anon:v", clock).take() > 0
    restarted.dispose()


def test_spending_at_once_from_two_replicas_never_takes_more_than_the_budget(db_target):
    stores = _replicas(db_target)
    results: list[float] = []
    lock = threading.Lock()

    def spend(store):
        wait = _budget(store, "anon:racer", lambda: NOW, capacity=10, per_minute=0.001).take()
        with lock:
            results.append(wait)

    threads = [threading.Thread(target=spend, args=(stores[i % 2],)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 24 and results.count(0.0) == 10
    for store in stores:
        store.dispose()


def test_the_daily_cap_holds_across_visitors_replicas_and_restarts(db_target):
    a, b = _replicas(db_target)
    clock = lambda: NOW  # noqa: E731
    for i in range(3):
        assert _budget(a, f"anon:{i}", clock, daily_cap=5).take() == 0.0
    a.dispose()
    b.dispose()
    restarted = Store(db_target)
    assert calls_today(restarted, NOW) == 3
    assert _budget(restarted, "anon:3", clock, daily_cap=5).take() == 0.0
    assert _budget(restarted, "anon:4", clock, daily_cap=5).take() == 0.0
    with pytest.raises(DailyCapReached):
        _budget(restarted, "anon:5", clock, daily_cap=5).take()
    assert _budget(restarted, "anon:5", clock).take() == 0.0  # the refused call spent nothing of the visitor's
    tomorrow = lambda: NOW + 86_400  # noqa: E731
    assert _budget(restarted, "anon:5", tomorrow, daily_cap=5).take() == 0.0  # a new day, a new allowance
    restarted.dispose()


class Echo:
    name, label = "echo", "Echo"

    def complete(self, messages, **_):
        return "ok"


def test_a_spent_daily_cap_is_a_clear_message_and_no_call(db_target):
    store = Store(db_target)
    provider = budgeted(Echo(), _budget(store, "anon:x", lambda: NOW, capacity=10, daily_cap=1))
    assert provider.complete([]) == "ok"
    with pytest.raises(StageError) as info:
        provider.complete([])
    assert info.value.stage == "llm" and info.value.code == "daily_cap" and "tomorrow" in info.value.message
    store.dispose()


def test_an_unreachable_database_falls_back_to_the_tab_budget_unless_a_cap_is_set(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    broken = Store(blocker / "sub" / "parley.db")  # cannot be opened
    tab = VisitorBudget(broken, "anon:v", 2, 1.0, fallback=TokenBucket(2, 1.0))
    assert [tab.take() == 0.0 for _ in range(3)] == [True, True, False]
    capped = VisitorBudget(broken, "anon:v", 2, 1.0, daily_cap=10, fallback=TokenBucket(2, 1.0))
    with pytest.raises(StageError) as info:
        capped.take()
    assert info.value.stage == "storage"


VISITOR = "a" * 43  # the anonymous visitor id a browser's cookie carries to each of its tabs


def tab_of(visitor: str, page: str):
    """A new browser tab (AppTest session) of the visitor whose cookie holds `visitor`."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest_helpers import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["visitor_token"] = visitor
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_a_new_tab_of_the_app_does_not_reset_the_visitors_budget(db_target, monkeypatch):
    from config import get_settings
    from services.llm import get_provider
    from tests.apptest_helpers import all_text, button
    from tests.report_helpers import ScriptedOpenAI, as_json, interview_llm_report, interview_session
    from tests.test_ownership import use_database

    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        for name, value in {"PARLEY_LLM": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.base_url,
                            "MAX_RETRIES": "0", "REQUEST_TIMEOUT": "5", "LLM_BURST": "2",
                            "LLM_CALLS_PER_MINUTE": "0.01"}.items():
            monkeypatch.setenv(name, value)
        store = use_database(monkeypatch, db_target)
        get_provider.cache_clear()
        interview_session(store)
        first = tab_of(VISITOR, "pages/feedback.py")
        button(first, "Generate report").click().run()
        first.run()
        button(first, "Regenerate report").click().run()
        assert len(server.chat_requests()) == 2  # the budget of 2 is spent in the first tab
        second = tab_of(VISITOR, "pages/feedback.py")  # a new tab: a new browser session, the same visitor
        button(second, "Regenerate report").click().run()
        assert not second.exception
        assert len(server.chat_requests()) == 2 and "very fast" in all_text(second)
        other = tab_of("b" * 43, "pages/feedback.py")  # another visitor has a budget of their own
        button(other, "Regenerate report").click().run()
        assert len(server.chat_requests()) == 3
        store.dispose()
    get_settings.cache_clear()
