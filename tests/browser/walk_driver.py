"""A newcomer's walk through every page in real Chromium, with a fake microphone on Live voice: the
Streamlit server and headless Chromium, both inside the caller's loopback-only network namespace
(see tests/test_newcomer_walk_browser.py, which builds the microphone's WAV and checks the report).

Usage: walk_driver.py CONFIG.json — prints one JSON object of observations on its last line.
Config keys: root, port, wav, db, log, deadline_s.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import app_server  # noqa: E402

PAGES = ["Mock interview", "Language test", "Chat", "Live voice", "Feedback", "History", "Home"]
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                 "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required"]
CALL_FRAME = 'iframe[src*="webrtc_streamer"]'  # the call's component (other iframes may come first)
LIVE_SCRIPT = """() => {
  const level = document.getElementById('live-level');
  const state = document.getElementById('live-state');
  return {level: level ? parseFloat(level.dataset.level) : null, state: state ? state.dataset.state : null,
          hint: document.body.innerText.includes("I can't hear you")};
}"""


def domain_shown(main) -> str:
    """The interview set-up's Domain choice (a combobox: its value is the input's, not its text)."""
    return main.get_by_role("combobox", name="Domain").input_value()


def base_of(page, cfg: dict) -> str:
    return f"http://127.0.0.1:{cfg['port']}"


def main(config_path: str) -> None:
    app_server.run(config_path, walk, {"events": [], "levels": []}, env={"GTTS_ENABLED": "0", "SPEAK_REPLIES": "0"})


def walk(cfg: dict, base: str, deadline: float, result: dict, started: float) -> None:
    from playwright.sync_api import sync_playwright

    def note(event: str, **extra) -> None:
        result["events"].append({"t": round(time.monotonic() - started, 2), "event": event, **extra})

    args = CHROMIUM_ARGS + [f"--use-file-for-fake-audio-capture={cfg['wav']}%noloop"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
        context = browser.new_context(permissions=["microphone"], viewport={"width": 1200, "height": 1400})
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.on("pageerror", lambda exc: note("page error", error=str(exc)[:400]))
        main = page.get_by_test_id("stMain")
        nav = page.get_by_test_id("stSidebarNav")

        def go(name: str) -> None:
            nav.get_by_text(name, exact=True).click()
            if name == "Home":
                main.get_by_text("Works with no key and no internet").wait_for()
            else:
                main.get_by_role("heading", name=name, exact=True).wait_for()
            note("page", name=name)

        try:
            steps(page, main, go, note, cfg, deadline, result, started)
        except Exception:
            page.screenshot(path=str(Path(cfg["log"]).with_name("failure.png")), full_page=True)
            result["page_text"] = page.inner_text("body")[:3000]
            raise
        browser.close()


def steps(page, main, go, note, cfg: dict, deadline: float, result: dict, started: float) -> None:
    if True:
        page.goto(base_of(page, cfg))
        main.get_by_text("Works with no key and no internet").wait_for()
        note("page", name="Home")
        go("Mock interview")
        main.get_by_test_id("stSelectbox").filter(has_text="Domain").click()
        page.get_by_role("option", name=cfg["domain"], exact=True).click()
        page.wait_for_timeout(1000)
        result["interview_domain"] = domain_shown(main)
        for name in ("Language test", "Chat", "Live voice"):
            go(name)

        # Live voice: the set-up carried over, one button, no connection advice before anything failed.
        call = page.frame_locator(CALL_FRAME)
        start = call.get_by_role("button", name="Start interview")
        start.wait_for(timeout=90_000)  # the speech models load before the call can start
        result["live_setup"] = {
            "mode_checked": main.get_by_role("radio", name="Mock interview").is_checked(),
            "domain_shown": domain_shown(main),
            "page_start_buttons": main.get_by_role("button", name="Start interview", exact=True).count(),
            "text": main.inner_text()[:3000],
        }
        start.click()
        note("start clicked")
        page.locator("#live-state").wait_for(timeout=60_000)
        note("call view")
        hint_at, loudest, fell = None, 0.0, False
        while time.monotonic() < deadline - 40:
            view = page.evaluate(LIVE_SCRIPT)
            level = view["level"] or 0.0
            result["levels"].append([round(time.monotonic() - started, 2), view["level"], view["state"]])
            if view["hint"] and hint_at is None:
                hint_at = time.monotonic()
                note("hint shown")
            loudest = max(loudest, level)
            if loudest > 0.2 and level < 0.05 and not fell:
                fell = True
                note("meter moved", loudest=loudest)
            if hint_at is not None and fell and time.monotonic() - hint_at > 1.0:
                break
            time.sleep(0.25)
        else:
            note("deadline reached", hint=hint_at is not None, meter=fell)
        call.get_by_role("button", name="Stop").click()
        note("stop clicked")
        page.wait_for_function("() => { const s = document.getElementById('live-state');"
                               " return s && s.dataset.state === 'idle'; }", timeout=30_000)
        note("call stopped")
        page.wait_for_timeout(1000)
        end = main.get_by_role("button", name="End session")
        end.wait_for(timeout=15_000)
        result["back_visible"] = main.get_by_role("button", name="Back to set-up").is_visible()
        end.click()
        main.get_by_role("heading", name="Feedback", exact=True).wait_for(timeout=30_000)
        note("feedback opened")
        note("page", name="Feedback")
        result["feedback_text"] = main.inner_text(timeout=10_000)[:2000]
        for name in ("History", "Home"):
            go(name)


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except BaseException as exc:  # always leave a report for the test to show
        print(json.dumps({"events": [], "error": f"driver crashed: {type(exc).__name__}: {exc}"}))
        raise
