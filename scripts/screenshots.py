"""Take the README's screenshots from the running app, so they always show what Parley shows.

Usage: .venv/bin/python scripts/screenshots.py  (needs Debian chromium; writes docs/screenshots/*.png).
Starts its own server on loopback with a throwaway database, offline, and drives it like a user.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_app import chromium, streamlit_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
ANSWER = ("At my last job our month-end close took eight days. I mapped every step, automated the bank "
          "reconciliations in Python, and we closed in five days by the next quarter.")


def _shot(page, name: str) -> Path:
    page.wait_for_timeout(800)  # let fonts and charts settle
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    print(path.relative_to(ROOT))
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PARLEY_DB": f"{tmp}/parley.db", "PARLEY_LLM": "offline", "GTTS_ENABLED": "0", "SPEAK_REPLIES": "0"}
        with streamlit_server(env) as url, chromium() as page:
            page.set_default_timeout(90_000)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(url)
            page.get_by_text("Works with no key and no internet").wait_for()
            _shot(page, "home")
            page.get_by_role("button", name="Start a mock interview", exact=True).click()
            page.get_by_role("button", name="Start interview", exact=True).click()
            page.get_by_text("Hi, I'm Alex").wait_for()
            box = page.get_by_placeholder("Type your answer…")
            box.fill(ANSWER)
            box.press("Enter")
            page.wait_for_function("document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= 3")
            _shot(page, "interview")
            page.get_by_role("button", name="End session", exact=True).click()
            page.get_by_text("Practise again").first.wait_for()
            _shot(page, "feedback")
            page.goto(f"{url}/history")
            page.get_by_text("Progress").first.wait_for()
            _shot(page, "history")
            page.goto(f"{url}/live")  # the set-up and the call's one button (a call needs a microphone)
            page.frame_locator('iframe[src*="webrtc_streamer"]').get_by_role("button", name="Start interview").wait_for()
            _shot(page, "live")


if __name__ == "__main__":
    main()
