"""In Chromium: a review of weak answers is started from Home. Earlier interviews, stored with their reports, scored
some bank questions poorly two days ago (due again today), one well (never due) and one poorly only today (due
tomorrow, not today). Home counts the questions due, its button opens an interview whose spec carries just
those ids, and the interviewer asks exactly them, weakest first, and nothing else."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import update

from core import banks
from core.asked import record
from core.spec import PracticeSpec
from services.storage import Store
from services.storage.schema import sessions
from tests.browser_app import offline_app, settle

pytestmark = pytest.mark.browser

CS = [q["id"] for q in banks.questions_for("Computer Science & Technology")]
DUE = [CS[2], CS[3], CS[0]]  # scored 2, 3, 5 two days ago: due since yesterday, the lowest score first
NOT_DUE = [CS[1], CS[4]]  # scored 9 (never weak), and scored 2 only today (due tomorrow)
ANSWER = "I'd start from the requirements, then compare the options and measure the result."


def _question(qid: str) -> str:
    return banks.all_questions()[qid]["question"]


def _reported(store: Store, scored: list[tuple[str, int]], days_ago: float) -> str:
    """An ended interview whose stored report scored each (bank id, score), dated `days_ago`."""
    sid = store.create_session(PracticeSpec(mode="interview", num_questions=len(scored)))
    for n, (qid, _) in enumerate(scored):
        store.add_turn(sid, "assistant", f"Question: {_question(qid)}", {"asks": record(_question(qid), qid)})
        store.add_turn(sid, "user", f"My answer number {n}.", {"input": "text"})
    store.end_session(sid)
    store.save_report(sid, {"answers": [{"answer": f"My answer number {n}.", "score": s}
                                        for n, (_, s) in enumerate(scored)]})
    when = time.time() - days_ago * 86400
    with store.engine.begin() as c:
        c.execute(update(sessions).where(sessions.c.id == sid).values(created_at=when, updated_at=when,
                                                                        ended_at=when))
    return sid


def _review_session(db) -> dict | None:
    store = Store(db)
    try:
        found = [s for s in store.list_sessions("interview") if (s["spec"] or {}).get("review_ids")]
        if not found:
            return None
        [session] = found
        return {**session, "turns": store.turns(session["id"])}
    finally:
        store.dispose()


def _asked(session: dict) -> list[str | None]:
    """The bank id each assistant turn asks, in order (turns that ask nothing left out)."""
    return [(t["meta"].get("asks") or {}).get("id") for t in session["turns"]
            if t["role"] == "assistant" and (t.get("meta") or {}).get("asks")]


def _messages(page) -> list[str]:
    return page.get_by_test_id("stChatMessage").all_inner_texts()


def _wait_for_messages(page, count: int) -> None:
    """Wait until the page shows `count` chat messages and the reply among them is complete."""
    page.wait_for_function(f"document.querySelectorAll('[data-testid=stChatMessage]').length >= {count}")
    settle(page)


def test_a_review_of_the_questions_due_is_started_from_home(tmp_path):
    db = tmp_path / "parley.db"
    seed = Store(db)
    _reported(seed, [(CS[0], 5), (CS[1], 9), (CS[2], 2)], days_ago=2)
    _reported(seed, [(CS[3], 3)], days_ago=2)
    _reported(seed, [(CS[4], 2)], days_ago=0)
    seed.dispose()
    with offline_app(tmp_path) as (url, page):
        page.goto(url)
        page.get_by_role("button", name="Start a mock interview").wait_for()  # Home is up (a cold start is slow)
        settle(page)
        page.set_default_timeout(30_000)  # from here on every step is quick: a missing one fails fast
        assert "3 questions to review today" in page.inner_text("body"), page.inner_text("body")[:1500]
        assert _review_session(db) is None  # nothing started before the click
        page.get_by_role("button", name="Review them now").click()
        page.get_by_text("Review of weak answers · 3 questions").first.wait_for()
        _wait_for_messages(page, 1)  # the interviewer's opening
        assert page.url.rstrip("/").endswith("/interview"), page.url

        review = _review_session(db)
        assert review is not None, page.inner_text("body")[-1500:]
        assert review["spec"]["review_ids"] == DUE
        assert review["spec"]["num_questions"] == 3
        first = next(t for t in review["turns"] if t["role"] == "assistant")
        assert (first["meta"].get("asks") or {}).get("id") == DUE[0], first
        opening = _messages(page)[0]
        assert "Let's review 3 questions you found hard before" in opening, opening
        assert _question(DUE[0]) in opening, opening  # asked in full, as shown on the page

        box = page.get_by_placeholder("Type your answer…")
        for n, qid in enumerate(DUE[1:], start=1):  # each answer brings the next question due, in order
            box.fill(f"{ANSWER} ({n})")
            box.press("Enter")
            _wait_for_messages(page, 2 * n + 1)
            reply = _messages(page)[-1]
            assert _question(qid) in reply, reply

        text = page.inner_text("body")
        for qid in NOT_DUE:
            assert _question(qid) not in text, f"{qid} is not due today but was asked"
        review = _review_session(db)
        assert _asked(review) == DUE, review["turns"]
