"""Page speed in real Chromium, offline, fresh database: first load of Home, switches between pages
from the sidebar (Mock interview, Live voice, Feedback, History), and a typed answer's reply.

Usage: .venv/bin/python bench/page_speed.py [ROUNDS]  — prints one JSON line of medians in seconds.
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_app import chromium, settle, streamlit_server  # noqa: E402

SETTLE_PAUSE_S = 0.5  # tests.browser_app.settle waits this long before it looks
SWITCHES = ["Mock interview", "Live voice", "Feedback", "History", "Home"]  # each page's heading is its name


def _timed(action, wait) -> float:
    start = time.perf_counter()
    action()
    wait()
    return time.perf_counter() - start


def main(rounds: int) -> None:
    loads, switches, replies = [], {name: [] for name in SWITCHES}, []
    settled = {name: [] for name in SWITCHES}  # until the page's run is over (no "Running…", nothing stale)
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PARLEY_DB": f"{tmp}/parley.db", "PARLEY_LLM": "offline", "GTTS_ENABLED": "0", "SPEAK_REPLIES": "0"}
        with streamlit_server(env) as url, chromium() as page:
            page.set_default_timeout(90_000)
            page.goto(url)  # warm the server (first imports), not timed
            page.get_by_text("Works with no key and no internet").wait_for()
            settle(page)
            for _ in range(rounds):
                loads.append(_timed(lambda: page.goto(url),
                                    lambda: page.get_by_text("Works with no key and no internet").wait_for()))
                settle(page)
                nav = page.locator('[data-testid="stSidebarNav"]')
                main = page.get_by_test_id("stMain")
                for name in SWITCHES:
                    heading = (main.get_by_text("Works with no key and no internet") if name == "Home"
                               else main.get_by_role("heading", name=name, exact=True))
                    start = time.perf_counter()
                    switches[name].append(_timed(lambda: nav.get_by_text(name, exact=True).click(),
                                                 lambda: heading.first.wait_for()))
                    settle(page)
                    settled[name].append(time.perf_counter() - start - SETTLE_PAUSE_S)
            page.goto(f"{url}/chat")
            page.get_by_role("button", name="Start a conversation").click()
            box = page.get_by_placeholder("Say something…")
            box.wait_for()
            settle(page)
            for i in range(rounds):
                before = page.locator('[data-testid="stChatMessage"]').count()
                box.fill(f"I like cooking pasta with my friends, take {i}.")
                replies.append(_timed(lambda: box.press("Enter"), lambda: page.wait_for_function(
                    f"document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= {before + 2}")))
                settle(page)
    med = lambda xs: round(statistics.median(xs), 3)  # noqa: E731
    print(json.dumps({"rounds": rounds, "first_load_s": med(loads),
                      "switch_s": {name: med(xs) for name, xs in switches.items()},
                      "switch_settled_s": {name: med(xs) for name, xs in settled.items()}, "typed_reply_s": med(replies)}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
