"""Nothing in a transcript makes the browser fetch anything or shows an active link: hostile Markdown in
answers and replies, on the practice page, Feedback, History and in the Markdown export (Chromium, with a
loopback canary server that counts every request it gets)."""
from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from config import Settings
from core.spec import PracticeSpec
from services.report import generate_report
from services.storage import Store
from tests.browser_app import chromium, require_chromium, settle, streamlit_server

pytestmark = pytest.mark.browser


class Canary:
    """A loopback server that only counts requests: any hit means the page fetched attacker content."""

    def __init__(self):
        self.hits: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                canary.hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def _hostile(base: str) -> str:
    return (f"I improved the pipeline. ![chart]({base}/img?d=my-resume-secrets) See [the report]({base}/link) "
            f"or <{base}/auto> or {base}/bare. <img src='{base}/raw.png'>\n\n![ref][1]\n\n[1]: {base}/ref")


def _download_markdown(page) -> str:
    """Click Download Markdown as a user would: again if nothing came. A click while the page reruns can
    be lost (seen twice under load, once after `settle`); three lost clicks in a row fail the test."""
    for attempt in range(3):
        settle(page)
        try:
            with page.expect_download(timeout=30_000) as download:
                page.get_by_role("button", name="Download Markdown").click()
            return download.value.path().read_text(encoding="utf-8")
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def test_hostile_markdown_fetches_nothing_and_links_nowhere(tmp_path):
    require_chromium()
    canary = Canary()
    db = tmp_path / "parley.db"
    store = Store(db)
    sid = store.create_session(PracticeSpec(mode="interview", num_questions=1))
    store.add_turn(sid, "assistant", "Tell me about a project you improved. " + _hostile(canary.base))
    store.add_turn(sid, "user", _hostile(canary.base))
    store.end_session(sid)
    store.save_report(sid, generate_report(store.get_session(sid), store.turns(sid), Settings(parley_llm="offline")))
    env = {"PARLEY_DB": str(db), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0", "SPEAK_REPLIES": "0",
           "PARLEY_SINGLE_USER": "1"}
    with streamlit_server(env) as url, chromium() as page:
        page.set_default_timeout(90_000)
        page.goto(f"{url}/feedback")
        page.get_by_text("I improved the pipeline").first.wait_for()
        exported = _download_markdown(page)
        page.get_by_role("button", name="Continue this session").click()  # the practice page renders it too
        page.get_by_text("I improved the pipeline").first.wait_for()
        page.wait_for_timeout(1500)
        links = page.locator(f'a[href*="127.0.0.1:{canary.server.server_address[1]}"]').count()
        images = page.locator(f'img[src*="127.0.0.1:{canary.server.server_address[1]}"]').count()
        page.goto(f"{url}/history")
        page.get_by_text("Progress").first.wait_for()
        page.wait_for_timeout(1000)
    assert canary.hits == [], canary.hits
    assert links == 0 and images == 0
    assert "my-resume-secrets" in exported  # the words are kept…
    assert not re.search(r"(?<!\\)\]\(|(?<!\\)<img|(?<!\\)<http", exported)  # …but no link or image syntax
    assert f"{canary.base}/" not in exported  # and no URL a Markdown viewer would autolink
