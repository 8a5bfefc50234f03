"""In a real browser: a typed panel interview where two interviewers ask in turn, and their spoken replies come
in two voices — told by the page (each reply's speakers and voices) and heard in the audio itself (the pitch of
the chunks the page's player was handed)."""
from __future__ import annotations

import base64
import io
import statistics
import wave

import numpy as np
import pytest

from tests.browser_app import chromium, require_chromium, settle, streamlit_server
from tests.test_panel_voices import mean_pitch

pytestmark = pytest.mark.browser

from services.storage import Store  # noqa: E402
from tests.answers import answer_to_last_question  # noqa: E402

# Keep every chunk the page hands its player (ui/static/player.js), with its reply and place in it.
CAPTURE = """
(() => {
  if (window !== window.top) return;
  window.__panelAudio = [];
  let player;
  Object.defineProperty(window, "__parleyPlayer", {
    configurable: true,
    get() { return player; },
    set(p) {
      const enqueue = p.enqueue.bind(p);
      p.enqueue = (turn, seq, audio, pause) => { window.__panelAudio.push({turn, seq, audio}); return enqueue(turn, seq, audio, pause); };
      player = p;
    },
  });
})();
"""


def _pitch(b64: str) -> float:
    with wave.open(io.BytesIO(base64.b64decode(b64))) as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        return mean_pitch(samples, wav.getframerate())


def test_two_interviewers_ask_in_turn_in_two_voices(tmp_path):
    require_chromium()
    env = {"PARLEY_DB": str(tmp_path / "parley.db"), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0",
           "SPEAK_REPLIES": "1"}  # the test is about the voices of spoken replies
    with streamlit_server(env) as url, chromium() as page:
        page.set_default_timeout(90_000)
        page.add_init_script(CAPTURE)
        page.goto(f"{url}/interview")
        page.get_by_text("A panel of 2").click()
        settle(page)
        page.get_by_role("button", name="Start interview").click()
        voices = page.locator(".parley-voice")
        voices.first.wait_for(state="attached")  # the opening was spoken in full
        assert [voices.nth(i).get_attribute("data-voice") for i in range(voices.count())] == ["natural"]

        [session] = Store(tmp_path / "parley.db").list_sessions("interview")
        page.get_by_placeholder("Type your answer…").fill(answer_to_last_question(
            Store(tmp_path / "parley.db").turns(session["id"])))
        page.keyboard.press("Enter")
        page.locator('.parley-voice[data-voice="lighter"]').wait_for(state="attached", timeout=120_000)
        spoken = [(voices.nth(i).get_attribute("data-name"), voices.nth(i).get_attribute("data-voice"))
                  for i in range(voices.count())]  # the reply's (the opening was redrawn from storage)
        assert spoken == [("Alex", "natural"), ("Priya", "lighter")], spoken
        page.get_by_text("Spoken by Alex (hiring manager) → Priya (technical lead)").wait_for()
        page.get_by_text("Asked by Priya (technical lead)").wait_for()
        page.get_by_text("Thanks, Alex — I'm Priya, I lead the team you'd join.").wait_for()

        chunks = page.evaluate("window.__panelAudio")
        replies = list(dict.fromkeys(c["turn"] for c in chunks))
        assert len(replies) == 2
        opening = [_pitch(c["audio"]) for c in chunks if c["turn"] == replies[0]]
        reply = [_pitch(c["audio"]) for c in sorted((c for c in chunks if c["turn"] == replies[1]),
                                                    key=lambda c: c["seq"])]
        alex, priya = statistics.median(opening), statistics.median(reply[-2:])  # Priya's handover and question
        assert priya > 1.12 * alex, (opening, reply)
        # the reaction before the handover was Alex's voice (a median too: one short chunk's pitch is a rough read)
        assert priya > 1.12 * statistics.median(reply[:-2]), (opening, reply)
