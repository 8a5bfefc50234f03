"""Review of weak answers on Home (AppTest): the count of questions due today, hidden at zero, starts a short
interview of just those questions; on a shared deployment each visitor sees only their own queue."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import update

from config import get_settings
from core import banks
from core.asked import record
from core.spec import PracticeSpec
from services.storage import Store
from services.storage.schema import sessions
from tests.apptest_helpers import all_text, button, chat_texts, goto, new_app, say

pytestmark = pytest.mark.slow

CS = [q["id"] for q in banks.questions_for("Computer Science & Technology")]
TWO_DAYS_AGO = time.time() - 2 * 86400


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "parley.db")  # the app's database: conftest points PARLEY_DB here
    yield opened
    opened.dispose()


def backdate(store: Store, sid: str, when: float = TWO_DAYS_AGO) -> None:
    with store.engine.begin() as c:
        c.execute(update(sessions).where(sessions.c.id == sid).values(created_at=when, updated_at=when, ended_at=when))


def reported(store: Store, scored: list[tuple[str, int]]) -> str:
    """An interview ended two days ago whose stored report scored each (bank id, score)."""
    sid = store.create_session(PracticeSpec(mode="interview", num_questions=len(scored)))
    for n, (qid, _) in enumerate(scored):
        text = banks.all_questions()[qid]["question"]
        store.add_turn(sid, "assistant", f"Question: {text}", {"asks": record(text, qid)})
        store.add_turn(sid, "user", f"My answer number {n}.", {"input": "text"})
    store.end_session(sid)
    store.save_report(sid, {"answers": [{"answer": f"My answer number {n}.", "score": s}
                                        for n, (_, s) in enumerate(scored)]})
    backdate(store, sid)
    return sid


def test_nothing_to_review_shows_nothing(store):
    reported(store, [(CS[0], 9)])  # answered well: nothing comes back
    at = new_app(page=None)
    assert "to review today" not in all_text(at)
    assert not [b for b in at.button if b.label.startswith("Review")]


def test_home_counts_the_questions_due_and_starts_a_review_of_just_those(store):
    reported(store, [(CS[0], 5), (CS[1], 9), (CS[2], 2)])
    reported(store, [(CS[3], 3)])
    at = new_app(page=None)
    assert "3 questions to review today" in all_text(at)
    button(at, "Review them now").click().run()
    assert not at.exception, at.exception
    review = next(s for s in store.list_sessions("interview") if s["spec"].get("review_ids"))
    assert review["spec"]["review_ids"] == [CS[2], CS[3], CS[0]]  # weakest first (all due since yesterday)
    assert review["spec"]["num_questions"] == 3
    assert "Review of weak answers · 3 questions" in all_text(at)
    [(role, opening)] = chat_texts(at)
    assert role == "assistant" and banks.all_questions()[CS[2]]["question"] in opening
    say(at, "I'd start from the requirements, then compare the options and measure the result.")
    assert banks.all_questions()[CS[3]]["question"] in chat_texts(at)[-1][1]


def test_one_question_reads_in_the_singular(store):
    reported(store, [(CS[0], 4)])
    at = new_app(page=None)
    assert "1 question to review today" in all_text(at)
    assert button(at, "Review it now")


@pytest.fixture
def shared(monkeypatch, tmp_path):
    """A public deployment: owner scoping on (the default outside tests)."""
    monkeypatch.setenv("PARLEY_SINGLE_USER", "0")
    get_settings.cache_clear()
    from ui.state import _store

    _store.clear()
    opened = Store(tmp_path / "parley.db")
    yield opened
    opened.dispose()
    get_settings.cache_clear()


def test_a_visitor_sees_only_their_own_questions_to_review(shared):
    a = new_app()
    button(a, "Start interview").click().run()
    say(a, "Um, not sure.")
    [session] = shared.list_sessions()
    shared.end_session(session["id"])
    shared.save_report(session["id"], {"answers": [{"answer": "Um, not sure.", "score": 2}]})
    backdate(shared, session["id"])
    goto(a, "pages/home.py")
    assert "1 question to review today" in all_text(a)
    b = new_app(page=None)
    assert "to review today" not in all_text(b)
