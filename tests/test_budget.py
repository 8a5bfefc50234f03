"""Every LLM call goes through the visitor's budget, and a long chat costs a bounded number of calls
(the chats and their saved rolling summaries on SQLite and on PostgreSQL).

Reply, its retries, the rolling summary, the report and Regenerate report all spend tokens of the
same per-browser-session TokenBucket. The rolling summary is saved with the session and updated
from the new turns only, so a 200-turn chat makes about 1.2 calls per turn over inputs that do
not grow with the session.
"""
from __future__ import annotations

import pytest

from config import Settings, get_settings
from core.errors import StageError
from core.memory import FOLD_MAX, SUMMARY_PREFIX
from core.ratelimit import TokenBucket
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.llm import get_provider
from services.llm.budget import budgeted
from services.report import generate_report
from services.storage import Store
from tests.apptest_helpers import all_text, button, goto, new_app
from tests.fakes.openai_server import Fault, FakeOpenAI
from tests.report_helpers import ScriptedOpenAI, as_json, interview_llm_report, interview_session


class CountingLLM:
    """A cloud-like provider that records every call and the size of what it was sent."""

    name, label = "counting", "Counting model"

    def __init__(self):
        self.streams: list[int] = []  # messages per reply request
        self.summaries: list[int] = []  # characters per summary request

    def stream(self, messages, **_):
        self.streams.append(len(messages))
        yield "Tell me more about that."

    def complete(self, messages, **_):
        return "{}"

    def summarize(self, messages, prompt, max_tokens):
        self.summaries.append(sum(len(m["content"]) for m in messages))
        return "The user talked about projects, numbered answers and their outcomes."


def chat(where, limiter=None, **settings):
    """A chat session in a store at `where`: a db_target (SQLite file or PostgreSQL URL) or a folder."""
    store = Store(where if isinstance(where, str) else where / "budget.db")
    sid = store.create_session(PracticeSpec(mode="chat"))
    convo = Conversation(store, sid, Settings(**settings), limiter)
    convo.run_later = lambda job: job()  # the summary update inline, so counts are exact
    return store, sid, convo


def test_a_200_turn_chat_costs_a_bounded_number_of_calls_per_turn(db_target):
    store, sid, convo = chat(db_target)
    llm = CountingLLM()
    convo.provider = llm
    for i in range(200):
        convo.add_user(f"Answer number {i}: I worked on system {i} and it went well, mostly.")
        assert "".join(convo.reply()) == "Tell me more about that."
    calls = len(llm.streams) + len(llm.summaries)
    assert len(llm.streams) == 200
    assert calls / 200 <= 1.25  # one reply + a summary every 5 turns (was ~2 per turn, 391 calls)
    assert max(llm.streams) <= 1 + 1 + 20  # system prompt, summary, at most 20 recent turns
    # No summary call over an ever-growing input: the last ones are no bigger than the early ones.
    assert max(llm.summaries[-10:]) <= max(llm.summaries[:10]) * 1.5
    saved = store.get_summary(sid)
    assert saved["source"] == "model" and saved["upto_id"] > 0


def test_the_summary_is_updated_in_the_background_and_saved(db_target):
    import threading

    store, sid, convo = chat(db_target)
    llm = CountingLLM()
    convo.provider = llm
    started = threading.Event()
    convo.run_later = lambda job: (started.set(), threading.Thread(target=job).start())
    for i in range(10):
        convo.add_user(f"Answer {i}.")
        list(convo.reply())
    assert started.is_set()
    for _ in range(200):
        if store.get_summary(sid):
            break
        threading.Event().wait(0.01)
    assert store.get_summary(sid)["source"] == "model"


def test_the_saved_summary_is_sent_instead_of_the_old_turns(db_target):
    store, sid, convo = chat(db_target)
    llm = CountingLLM()
    convo.provider = llm
    for i in range(12):
        convo.add_user(f"Answer {i}.")
        list(convo.reply())
    sent = convo._messages(convo.transcript())
    assert sent[1]["role"] == "system" and sent[1]["content"].startswith(SUMMARY_PREFIX)
    assert "Answer 0." not in " ".join(m["content"] for m in sent)  # folded into the summary
    assert "Answer 11." in " ".join(m["content"] for m in sent)


def test_a_legacy_session_with_a_long_backlog_never_calls_the_model_before_a_reply(db_target):
    store, sid, convo = chat(db_target)
    for i in range(150):  # saved before summaries existed: no summary_json
        store.add_turn(sid, "user", f"Old answer {i}.")
        store.add_turn(sid, "assistant", f"Old question {i}?")
    llm = CountingLLM()
    convo.provider = llm
    convo.add_user("A new answer.")
    list(convo.reply())
    assert len(llm.streams) == 1 and llm.streams[0] <= 22
    assert len(llm.summaries) == 1  # afterwards, one call over a bounded slice (FOLD_MAX turns + digest)
    assert llm.summaries[0] < (FOLD_MAX + 2) * 200


def test_summary_calls_spend_the_budget_and_fall_back_to_a_digest_when_it_is_empty(db_target):
    now = [0.0]
    bucket = TokenBucket(20, 0.001, clock=lambda: now[0])
    store, sid, convo = chat(db_target, limiter=bucket)
    llm = CountingLLM()
    convo.provider = budgeted(llm, bucket)
    for i in range(10):
        convo.add_user(f"Answer {i}.")
        list(convo.reply())
    # 10 replies + 1 summary = 11 tokens spent of 20
    assert len(llm.summaries) == 1 and bucket.tokens < 20 - 10
    for i in range(10, 19):
        convo.add_user(f"Answer {i}.")
        try:
            list(convo.reply())
        except StageError as exc:
            assert exc.code == "too_fast"
            break
    assert len(llm.streams) + len(llm.summaries) <= 20  # never more calls than the budget allows


@pytest.mark.slow  # starts a server
def test_retries_are_paid_from_the_budget(tmp_path):
    with FakeOpenAI() as server:
        server.fail_next(*[Fault(status=500)] * 5)
        bucket = TokenBucket(2, 0.001, clock=lambda: 0.0)
        store, sid, convo = chat(tmp_path, limiter=bucket, parley_llm="compatible", llm_base_url=server.base_url,
                                 max_retries=5, offline_fallback=0, request_timeout=5.0)
        convo.sleep = lambda _s: None
        convo.add_user("Hello there.")
        with pytest.raises(StageError) as info:
            list(convo.reply())
    assert info.value.code == "server_error"  # the reason we were retrying, not "too fast"
    assert len(server.requests) == 2  # two tokens: two calls, not six


@pytest.mark.slow  # starts a server
def test_report_calls_are_paid_from_the_budget(tmp_path):
    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        store = Store(tmp_path / "r.db")
        sid = interview_session(store)
        settings = Settings(parley_llm="openai", openai_api_key="sk-test", openai_base_url=server.base_url,
                            max_retries=0, request_timeout=5.0)
        bucket = TokenBucket(3, 0.001, clock=lambda: 0.0)
        reports = [generate_report(store.get_session(sid), store.turns(sid), settings, limiter=bucket)
                   for _ in range(12)]
    assert len(server.chat_requests()) == 3
    assert reports[0]["source"] == "llm" and reports[-1]["fallback"] is True
    assert "very fast" in reports[-1]["note"]


@pytest.mark.slow
def test_regenerate_report_on_the_page_is_bounded_by_the_budget(tmp_path, monkeypatch):
    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        for name, value in {"PARLEY_LLM": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.base_url,
                            "MAX_RETRIES": "0", "REQUEST_TIMEOUT": "5", "LLM_BURST": "3",
                            "LLM_CALLS_PER_MINUTE": "0.01"}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        get_provider.cache_clear()
        interview_session(Store(tmp_path / "parley.db"))
        at = goto(new_app(), "pages/feedback.py")
        button(at, "Generate report").click().run()
        at.run()  # the saved report now offers Regenerate
        for _ in range(12):
            button(at, "Regenerate report").click().run()
            assert not at.exception
        assert len(server.chat_requests()) == 3  # was 26 calls for 12 clicks
        assert "very fast" in all_text(at)  # the offline report says why
