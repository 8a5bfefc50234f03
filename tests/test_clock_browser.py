"""In Chromium: a timed typed answer is cut at its limit and saved. The session's spec gives 3 s to think and
4 s to answer; the answer typed in the box but not sent is sent by the page at the limit and saved marked cut
(the server's clock says it came after the limit); the next question, left unanswered, locks the box."""
from __future__ import annotations

import time

import pytest

from config import get_settings
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.storage import Store
from tests.browser_app import offline_app, settle

pytestmark = pytest.mark.browser
TYPED = "I would put a read-through cache in front of the database and"


def _session(db) -> str:
    """A timed interview whose first question was answered and whose reply is still to come: resuming it and
    pressing Retry reply asks the next question in the browser, so its clock starts there."""
    store = Store(db)
    sid = store.create_session(PracticeSpec(mode="interview", think_s=3, answer_s=4, seed=7))
    convo = Conversation(store, sid, get_settings())
    list(convo.reply())
    convo.add_user("skip")
    return sid


def _user_turns(db, sid: str) -> list[dict]:
    return [t for t in Store(db).turns(sid) if t["role"] == "user"]


def test_a_timed_typed_answer_is_cut_at_its_limit_and_saved(tmp_path):
    db = tmp_path / "parley.db"
    sid = _session(db)
    with offline_app(tmp_path) as (url, page):
        page.goto(f"{url}/interview")
        page.get_by_role("button", name="Resume it").click()
        settle(page)
        page.get_by_role("button", name="Retry reply").click()
        clock = page.locator("#parley-clock")
        clock.wait_for()
        assert "Thinking time" in clock.inner_text() or "Answer time" in clock.inner_text()
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill(TYPED)  # typed, never sent by the user
        page.get_by_text("Answer time").wait_for(timeout=10_000)  # the countdown moves on by itself
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(_user_turns(db, sid)) < 2:
            page.wait_for_timeout(250)
        answers = _user_turns(db, sid)
        assert len(answers) == 2, page.inner_text("body")[-1500:]
        cut = answers[1]
        assert cut["content"] == TYPED  # nothing lost
        assert cut["meta"]["cut"] is True and cut["meta"]["cut_reason"] == "sent_late"
        assert cut["meta"]["limit_s"] == 4
        page.get_by_text("Cut at the 4 s limit").wait_for()
        # The next question's time runs out with nothing typed: the box is locked, Next question offered.
        page.get_by_role("button", name="Next question").wait_for(timeout=20_000)
        settle(page)
        assert page.get_by_test_id("stChatInputTextArea").is_disabled()
        assert "Time's up for this question, so the answer box is locked" in page.inner_text("body")
