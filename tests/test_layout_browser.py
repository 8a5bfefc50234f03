"""Layout in real Chromium: a coach reply streamed with its voice leaves no blank band under the avatar."""
from __future__ import annotations

import pytest

from tests.browser_app import chromium, require_chromium, settle, streamlit_server

pytestmark = pytest.mark.browser

GAP_SCRIPT = """() => [...document.querySelectorAll('[data-testid="stChatMessage"]')].map((m) => {
  const avatar = m.firstElementChild.getBoundingClientRect();
  const text = m.querySelector('[data-testid="stMarkdownContainer"]');
  return text ? Math.round(text.getBoundingClientRect().top - avatar.top) : null;
})"""


def test_a_spoken_reply_starts_level_with_the_coach_avatar(tmp_path):
    """The reply's audio chunks (1-pixel iframes), its emptied "Stop reply" and waiting line each took a
    flex gap: ~100 px of blank under the avatar before the text."""
    require_chromium()
    env = {"PARLEY_DB": str(tmp_path / "parley.db"), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0",
           "SPEAK_REPLIES": "1"}
    with streamlit_server(env) as url, chromium() as page:
        page.set_default_timeout(90_000)
        page.goto(f"{url}/interview")
        page.get_by_role("button", name="Start interview", exact=True).click()
        page.get_by_text("Hi, I'm Alex").wait_for()
        settle(page)
        box = page.get_by_placeholder("Type your answer…")
        box.fill("I moved into finance after an internship at a credit union where I built loan models.")
        box.press("Enter")
        page.wait_for_function("document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= 3")
        settle(page)
        gaps = page.evaluate(GAP_SCRIPT)
        assert page.locator('iframe').count() >= 1  # the reply was spoken (its chunks are on the page)
        assert all(gap is not None and gap < 24 for gap in gaps), gaps
