"""In a real browser: a spoken reply plays chunk after chunk, a sentence's pause apart and never overlapping
(any extra silence is logged as `late`), and Stop stops it."""
from __future__ import annotations

from tests.browser_app import chromium, require_chromium, streamlit_server


def test_reply_chunks_play_back_to_back_in_order_and_stop_silences(tmp_path):
    require_chromium()
    env = {"PARLEY_DB": str(tmp_path / "parley.db"), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0",
           "SPEAK_REPLIES": "1"}  # the test is about spoken replies
    with streamlit_server(env) as url, chromium() as page:
        page.goto(f"{url}/interview")
        page.get_by_role("button", name="Start interview").click()
        page.wait_for_function("window.__parleyPlayer && window.__parleyPlayer.log.length >= 1", timeout=90_000)
        page.get_by_placeholder("Type your answer…").fill(
            "I would profile first, then add an index. It cut the p99 latency by 40 percent in two weeks.")
        page.keyboard.press("Enter")
        page.wait_for_function(
            """() => { const log = window.__parleyPlayer.log.filter(e => e.event === 'play');
                       const turns = [...new Set(log.map(e => e.turn))];
                       return turns.length >= 2 && log.filter(e => e.turn === turns[1]).length >= 2; }""",
            timeout=90_000)
        log = page.evaluate("window.__parleyPlayer.log")
        plays = [e for e in log if e["event"] == "play"]
        reply_turn = list(dict.fromkeys(e["turn"] for e in plays))[1]
        reply = [e for e in plays if e["turn"] == reply_turn]
        assert [e["seq"] for e in reply] == list(range(len(reply)))
        for before, after in zip(reply, reply[1:]):  # a sentence's pause apart, never overlapping
            assert after["pause"] == 0.2 and after["start"] >= before["start"] + before["duration"] + 0.2 - 0.002
            assert abs(after["late"] - (after["start"] - before["start"] - before["duration"] - 0.2)) < 0.002
        assert all(e["duration"] > 0.3 for e in reply)

        stops = "window.__parleyPlayer.log.filter(e => e.event === 'stop').length"
        before = page.evaluate(stops)
        assert page.evaluate("window.__parleyPlayer.sources.length") > 0  # still speaking
        page.get_by_role("button", name="Stop speaking").click()
        page.wait_for_function(f"{stops} > {before} && window.__parleyPlayer.sources.length === 0", timeout=30_000)
