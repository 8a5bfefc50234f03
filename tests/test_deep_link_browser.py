"""A link straight to a page is the first thing a fresh server is asked for (a shared demo link after the
app restarted): the page must run inside app.py's navigation, not on its own.

With a `pages/` folder beside app.py, Streamlit runs the old folder-based navigation until some session has
run app.py's `st.navigation`: a deep link then ran pages/interview.py alone, under a sidebar listing the
raw file names ("app", "chat", "feedback"…), and its Start button led nowhere (ui/entry.py)."""
from __future__ import annotations

import pytest

from tests.browser_app import chromium, require_chromium, streamlit_server

pytestmark = pytest.mark.browser
WAIT = 90_000  # ms: generous, the machine may be busy


def test_a_deep_link_to_a_fresh_server_opens_the_page_inside_the_app(tmp_path):
    require_chromium()
    env = {"PARLEY_DB": str(tmp_path / "parley.db"), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0",
           "SPEAK_REPLIES": "0"}
    with streamlit_server(env) as url, chromium() as page:
        page.set_default_timeout(WAIT)
        page.goto(f"{url}/interview")  # nobody has opened the front page of this server
        page.get_by_role("button", name="Start interview", exact=True).wait_for(state="visible")
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text("Mock interview", exact=True).wait_for()
        assert nav.get_by_text("app", exact=True).count() == 0, nav.inner_text()
        page.get_by_role("button", name="Start interview", exact=True).click()
        page.get_by_placeholder("Type your answer…").wait_for(state="visible")
