"""Two visitors on one shared server, in Chromium: B, in a fresh browser context, cannot see, export,
continue or delete A's sessions; A keeps them across a reload (the visitor cookie)."""
from __future__ import annotations

import pytest

from services.storage import Store
from tests.browser_app import CHROMIUM, CHROMIUM_FLAGS, require_chromium, settle, streamlit_server

pytestmark = pytest.mark.browser
ANSWER = "I built the monthly forecast model in SQL and Python and cut the variance to two percent."



def test_visitor_b_cannot_reach_visitor_a_sessions_and_a_keeps_them(tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    db = tmp_path / "parley.db"
    env = {"PARLEY_DB": str(db), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0", "SPEAK_REPLIES": "0",
           "PARLEY_SINGLE_USER": "0"}
    with streamlit_server(env) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            a = browser.new_context().new_page()
            a.set_default_timeout(90_000)
            a.goto(f"{url}/interview")
            a.get_by_role("button", name="Start interview", exact=True).click()
            a.get_by_text("Hi, I'm Alex").wait_for()
            box = a.get_by_placeholder("Type your answer…")
            box.fill(ANSWER)
            box.press("Enter")
            a.get_by_text("forecast model").first.wait_for()
            settle(a)
            [session] = Store(db).list_sessions()
            assert session["owner"].startswith("anon:")

            b = browser.new_context().new_page()  # another visitor: no cookie of A's
            b.set_default_timeout(90_000)
            for path in ("feedback", "history"):
                b.goto(f"{url}/{path}")
                b.get_by_role("link", name="Start practising").wait_for()
                assert b.get_by_text("forecast model").count() == 0
                assert b.get_by_role("button", name="Download Markdown").count() == 0
                assert b.get_by_role("button", name="Delete this session").count() == 0
            b.goto(f"{url}/interview")
            b.get_by_role("button", name="Start interview", exact=True).wait_for()
            assert b.get_by_text("unfinished session").count() == 0  # nothing of A's to continue
            b.goto(url)
            b.get_by_text("Works with no key and no internet").wait_for()
            assert b.get_by_text("Pick up where you left off").count() == 0

            a.reload()  # same browser: the cookie brings A's sessions back
            a.get_by_text("You have an unfinished session").wait_for()
            a.goto(f"{url}/feedback")
            a.get_by_role("button", name="Delete this session").wait_for()
            assert Store(db).get_session(session["id"]) is not None  # A's session survived B's visit
        finally:
            browser.close()
