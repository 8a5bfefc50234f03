"""Ten browser sessions at once on one real server: none sees another's history or state."""
from __future__ import annotations

import pytest

from services.storage import Store
from tests.browser_app import chromium, require_chromium, streamlit_server

pytestmark = pytest.mark.browser  # ten Chromium contexts on one real server

SESSIONS = 10


def test_ten_simultaneous_sessions_do_not_leak(tmp_path):
    require_chromium()
    env = {"PARLEY_DB": str(tmp_path / "parley.db"), "PARLEY_LLM": "offline", "SPEAK_REPLIES": "0"}
    with streamlit_server(env) as url, chromium() as first_page:
        browser = first_page.context.browser
        contexts = [browser.new_context() for _ in range(SESSIONS)]  # separate cookies: separate sessions
        pages = [c.new_page() for c in contexts]
        for page in pages:
            page.goto(f"{url}/chat")
        for page in pages:
            page.get_by_role("button", name="Start a conversation").click(timeout=60_000)
        for round_name in ("alpha", "beta"):
            for n, page in enumerate(pages):  # all sessions send before any reply is awaited
                box = page.get_by_placeholder("Say something…")
                box.wait_for(timeout=60_000)
                box.fill(f"My word is marker-{n}-{round_name}.")
                box.press("Enter")
            for n, page in enumerate(pages):
                page.get_by_text(f"marker-{n}-{round_name}").first.wait_for(timeout=60_000)
                page.wait_for_function("document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= "
                                       f"{3 if round_name == 'alpha' else 5}", timeout=60_000)
        for n, page in enumerate(pages):
            text = page.inner_text("body")
            assert f"marker-{n}-alpha" in text and f"marker-{n}-beta" in text
            leaked = [m for m in range(SESSIONS) if m != n and f"marker-{m}-" in text]
            assert leaked == [], f"session {n} shows words of sessions {leaked}"
        for context in contexts:
            context.close()
    store = Store(tmp_path / "parley.db")
    sessions = store.list_sessions()
    assert len(sessions) == SESSIONS
    for session in sessions:
        words = [w for t in store.turns(session["id"]) if t["role"] == "user" for w in t["content"].split()]
        owners = {w.split("-")[1] for w in words if w.startswith("marker-")}
        assert len(owners) == 1 and len(words) > 0
