"""A newcomer's path through every page in real Chromium, Live voice included, with a fake microphone.

The microphone delivers frames but no speech: bursts of noise (the input meter must move), then
silence (the "I can't hear you" hint must appear, not "Listening" forever). Then Stop, and End session
must still reach Feedback, keeping no half-started session. Server and browser run inside a
loopback-only network namespace (tests/browser/walk_driver.py drives the page and reports).
"""
from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from services.storage import Store
from tests.browser_app import run_driver, why_no_isolated_browser

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "browser" / "walk_driver.py"
RUN_TIMEOUT_S = 200


_REASON = why_no_isolated_browser()
pytestmark = [pytest.mark.skipif(_REASON is not None, reason=_REASON or ""), pytest.mark.browser, pytest.mark.live]


def silence_then_noise(path: Path, rate: int = 22050) -> Path:
    """50 s of silence (the coach's greeting, then the user's turn with nothing heard), 10 s of quiet noise
    bursts (0.4 s on, 0.6 s off: sound for the meter, too faint and flat to be taken for speech), silence."""
    rng = np.random.default_rng(29)
    parts = [np.zeros(50 * rate)]
    for _ in range(10):
        parts += [rng.normal(0, 300, int(0.4 * rate)), np.zeros(int(0.6 * rate))]
    parts.append(np.zeros(60 * rate))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.clip(np.concatenate(parts), -32768, 32767).astype("<i2").tobytes())
    return path


def test_a_newcomer_walks_every_page_and_a_silent_microphone_is_told_and_ended(tmp_path):
    wav = silence_then_noise(tmp_path / "mic.wav")
    config = {"root": str(ROOT), "port": 8598, "wav": str(wav), "db": str(tmp_path / "walk.db"),
              "log": str(tmp_path / "server.log"), "deadline_s": RUN_TIMEOUT_S - 20, "domain": "Finance & Banking"}
    report, log, events = run_driver(DRIVER, config, tmp_path, RUN_TIMEOUT_S)

    visited = [e["name"] for e in report["events"] if e["event"] == "page"]
    assert visited == ["Home", "Mock interview", "Language test", "Chat", "Live voice", "Feedback", "History",
                       "Home"], events

    setup = report["live_setup"]  # the interview set up on Mock interview is the one Live voice starts
    assert report["interview_domain"] == config["domain"]
    assert setup["mode_checked"] and setup["domain_shown"] == config["domain"], setup
    assert setup["page_start_buttons"] == 0, setup  # the call's own button is the one button
    for jargon in ("TURN", "PARLEY_ICE_SERVERS", "Direct connection"):
        assert jargon not in setup["text"], setup["text"]

    assert any(e["event"] == "hint shown" for e in report["events"]), events
    levels = [level for _, level, _ in report["levels"] if level is not None]
    assert levels and max(levels) > 0.2, report["levels"]  # the meter moved with the noise…
    assert min(levels[levels.index(max(levels)):]) < 0.05, report["levels"]  # …and fell back in the silence

    assert any(e["event"] == "call stopped" for e in report["events"]), events
    assert report["back_visible"], events  # a way back after Stop too
    assert any(e["event"] == "feedback opened" for e in report["events"]), events
    assert "Nothing was said in that call" in report["feedback_text"], report["feedback_text"]
    store = Store(config["db"])
    assert store.list_sessions() == []  # no half-started session left "in progress"
