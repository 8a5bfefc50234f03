"""Drive one live voice call in a real browser: the Streamlit server and headless Chromium, both
inside the caller's loopback-only network namespace (see tests/test_live_browser.py).

Usage: live_driver.py CONFIG.json — prints one JSON object of observations on its last line.
Config keys: root, port, wav, db, scenario ("answer" | "barge_in"), mode, form ({selectbox key:
option label}), log, deadline_s.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import app_server  # noqa: E402

# Wrap RTCPeerConnection in every frame (the component lives in an iframe) so the test can read
# the receiver's stats and tap the remote track with an AnalyserNode.
INIT_SCRIPT = """
(() => {
  const Orig = window.RTCPeerConnection;
  if (!Orig || window.__pcs) return;
  window.__pcs = [];
  window.__rms = 0;
  // Levels of the microphone (what the page sends) and of the coach (what it receives), every
  // 20 ms on one clock: [performance.now() ms, mic RMS, remote RMS]. Voice-to-voice as a caller
  // hears it is measured on these (see voice_to_voice below).
  window.__levels = [];
  const taps = {mic: null, remote: null};
  const tap = (name, track) => {
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;  // ~21 ms at 48 kHz
    ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    taps[name] = {analyser, buf: new Float32Array(analyser.fftSize)};
    if (window.__levelTimer) return;
    const rms = (t) => {
      if (!t) return null;
      t.analyser.getFloatTimeDomainData(t.buf);
      let sum = 0;
      for (const v of t.buf) sum += v * v;
      return Math.round(Math.sqrt(sum / t.buf.length) * 1e4) / 1e4;
    };
    window.__levelTimer = setInterval(() => {
      window.__levels.push([Math.round(performance.now()), rms(taps.mic), rms(taps.remote)]);
    }, 20);
  };
  const media = navigator.mediaDevices;
  if (media && media.getUserMedia) {  // what the page asked of the microphone, and what it got
    const gum = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      const stream = await gum(constraints);
      const track = stream.getAudioTracks()[0];
      window.__mic = {constraints: JSON.parse(JSON.stringify(constraints || {})),
                      settings: track && track.getSettings ? track.getSettings() : null};
      try { if (track) tap('mic', track); } catch (e) { window.__tapError = String(e); }
      return stream;
    };
  }
  const Wrapped = function (...args) {
    const pc = new Orig(...args);
    window.__pcs.push(pc);
    pc.addEventListener('track', (event) => {
      if (event.track.kind !== 'audio' || window.__analyser) return;
      try { tap('remote', event.track); } catch (e) { window.__tapError = String(e); }
      try {
        const ctx = new AudioContext();
        const src = ctx.createMediaStreamSource(new MediaStream([event.track]));
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 2048;
        src.connect(analyser);
        window.__analyser = analyser;
        const buf = new Float32Array(analyser.fftSize);
        setInterval(() => {
          analyser.getFloatTimeDomainData(buf);
          let sum = 0;
          for (const v of buf) sum += v * v;
          window.__rms = Math.max(window.__rms, Math.sqrt(sum / buf.length));
        }, 50);
      } catch (e) { window.__analyserError = String(e); }
    });
    return pc;
  };
  Wrapped.prototype = Orig.prototype;
  Object.setPrototypeOf(Wrapped, Orig);
  window.RTCPeerConnection = Wrapped;
})();
"""

STATS_SCRIPT = """
async () => {
  const out = {pcs: (window.__pcs || []).length, level: null, energy: null, samples: null,
               rms: window.__rms || 0, analyser: !!window.__analyser, analyserError: window.__analyserError || null};
  window.__rms = 0;
  for (const pc of window.__pcs || []) {
    if (pc.connectionState === 'closed') continue;
    const stats = await pc.getStats();
    stats.forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') {
        out.level = Math.max(out.level || 0, r.audioLevel || 0);
        out.energy = (out.energy || 0) + (r.totalAudioEnergy || 0);
        out.samples = (out.samples || 0) + (r.totalSamplesReceived || 0);
      }
    });
    out.connection = pc.connectionState;
  }
  return out;
}
"""

CALL_FRAME = 'iframe[src*="webrtc_streamer"]'  # the call's component (other iframes may come first)

PAGE_SCRIPT = """
() => {
  const text = (id) => { const el = document.getElementById(id); return el ? el.innerText : ''; };
  const state = document.getElementById('live-state');
  return {state: state ? state.dataset.state : null, user: text('live-user'), bot: text('live-bot')};
}
"""


def main(config_path: str) -> None:
    app_server.run(config_path, run_browser, {"events": [], "samples": []}, env={"PARLEY_DIAGNOSTICS": "1"},
                   args=("--logger.level", "info"))


def run_browser(cfg: dict, base: str, deadline: float, result: dict, started: float) -> None:
    from playwright.sync_api import sync_playwright

    def note(event: str, **extra) -> None:
        result["events"].append({"t": round(time.monotonic() - started, 2), "event": event, **extra})

    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={cfg['wav']}%noloop", "--allow-loopback-in-peer-connection",
            "--autoplay-policy=no-user-gesture-required"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
        context = browser.new_context(permissions=["microphone"])
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        page.set_default_timeout(30_000)
        # The page's own errors, so a blank page after End session can be told from a slow one.
        page.on("pageerror", lambda exc: note("page error", error=str(exc)[:400]))
        page.on("console", lambda msg: msg.type == "error" and note("console error", text=msg.text[:400]))
        page.goto(f"{base}/live")
        page.get_by_role("heading", name="Live voice").wait_for()
        main = page.get_by_test_id("stMain")
        main.locator('[data-testid="stRadio"] label').filter(has_text=cfg["mode_label"]).click()
        for label, option in cfg.get("form", {}).items():
            main.get_by_test_id("stSelectbox").filter(has_text=label).click()
            page.get_by_role("option", name=option, exact=True).click()
        # The call's own button, labelled for the mode, starts it (and makes the session): one button.
        start = page.frame_locator(CALL_FRAME).get_by_role("button", name=cfg["start_label"])
        start.wait_for(timeout=60_000)  # the speech models load before the call can start
        note("ready")
        start.click()
        page.locator("#live-state").wait_for()
        note("start clicked")
        frame = None
        last_state = None
        done_at = None
        while time.monotonic() < deadline:
            if frame is None:  # the component's iframe, once its peer connection exists
                frame = next((f for f in page.frames if f != page.main_frame
                              and f.evaluate("() => (window.__pcs || []).length") > 0), None)
            if frame is not None and "mic" not in result:
                mic = frame.evaluate("() => window.__mic || null")
                if mic:
                    result["mic"] = mic
            view = page.evaluate(PAGE_SCRIPT)
            stats = frame.evaluate(STATS_SCRIPT) if frame is not None else {}
            sample = {"t": round(time.monotonic() - started, 2), **view, **stats}
            result["samples"].append(sample)
            key = (view["state"], view["user"], "(cut off)" in view["bot"])
            if key != last_state:  # a new state, a new transcript, or the reply was cut
                note("state", state=view["state"], user=view["user"], bot=view["bot"])
                last_state = key
            if done_at is None and finished(cfg["scenario"], result):
                done_at = time.monotonic()
                note("scenario complete")
            if done_at is not None and time.monotonic() - done_at > 1.0:
                break
            time.sleep(0.25)
        else:
            note("deadline reached")
        result["final"] = page.evaluate(PAGE_SCRIPT)
        if frame is not None:
            levels = frame.evaluate("() => window.__levels || []")
            result["levels"] = levels  # [browser ms, microphone RMS, coach RMS]
            result["voice_to_voice"] = voice_to_voice(levels)
            result["diagnostics"] = diagnostics_summary(page)
        if cfg.get("end_session") and done_at is not None:
            end_session(page, result, note, deadline)
            browser.close()
            return
        try:
            page.frame_locator(CALL_FRAME).get_by_role("button", name="Stop").click(timeout=5000)
            time.sleep(1.0)
        except Exception:
            pass
        browser.close()


VOICED, QUIET_MS = 0.01, 400  # an RMS above this is sound; an onset follows this much silence


def voice_to_voice(levels: list[list]) -> dict:
    """Each coach reply's onset after the user spoke, and how long after the user's last voiced
    moment it came, in ms, on the browser's own clock (so it includes the network, the jitter
    buffer and the analysers' ~21 ms window: what a caller hears)."""
    turns, last_mic, quiet_since, spoke = [], None, None, False
    for t, mic, remote in levels:
        if mic is not None and mic > VOICED:
            last_mic, spoke = t, True
        loud = remote is not None and remote > VOICED
        if not loud:
            quiet_since = t if quiet_since is None else quiet_since
            continue
        if quiet_since is not None and t - quiet_since >= QUIET_MS and spoke and last_mic is not None:
            turns.append({"speech_end_ms": last_mic, "reply_onset_ms": t, "voice_to_voice_ms": t - last_mic})
            spoke = False
        quiet_since = None
    return {"samples": len(levels), "turns": turns,
            "interval_ms_p95": _interval_p95(levels)}


def _interval_p95(levels: list[list]) -> float | None:
    gaps = sorted(b[0] - a[0] for a, b in zip(levels, levels[1:]))
    return gaps[int(0.95 * (len(gaps) - 1))] if gaps else None


def diagnostics_summary(page) -> str | None:
    """The live panel's own voice-to-voice line (server side: last voiced frame → first audible frame)."""
    try:
        main = page.get_by_test_id("stMain")  # shown on request: PARLEY_DIAGNOSTICS=1 (see main)
        main.get_by_text("Diagnostics", exact=True).click(timeout=20_000)
        line = main.get_by_text("Voice-to-voice over").first.inner_text(timeout=5_000)
        table = main.get_by_test_id("stTable").first.inner_text(timeout=5_000)
        return line + "\nstages (ms):\n" + table
    except Exception as exc:
        return f"not read: {type(exc).__name__}"


def end_session(page, result: dict, note, deadline: float) -> None:
    """Click End session (during the call, as a user would) until Feedback opens; count the clicks."""
    main = page.get_by_test_id("stMain")
    button = main.get_by_role("button", name="End session")
    try:
        button.wait_for(timeout=15_000)
        note("end session visible")
    except Exception:
        note("end session not visible")
        result["end_clicks"] = None
        return
    for clicks in range(1, 4):
        if time.monotonic() > deadline:
            break
        try:
            button.click(timeout=5_000)
        except Exception as exc:  # gone: the page may be switching already
            note("end click failed", error=type(exc).__name__)
        note("end session clicked", clicks=clicks)
        try:
            # Feedback writes the report on arrival; on a loaded 2-core machine its first paint took over 8 s.
            page.get_by_role("heading", name="Feedback", exact=True).first.wait_for(timeout=20_000)
            note("feedback opened", clicks=clicks, url=page.url)
            result["end_clicks"] = clicks
            return
        except Exception as exc:
            note("still on the live page", clicks=clicks, url=page.url, error=f"{type(exc).__name__}: {exc}"[:300],
                 page=page.get_by_test_id("stMain").inner_text(timeout=5_000)[:600], **_page_state(page))
    result["end_clicks"] = None


def _page_state(page) -> dict:
    """What else the page shows when Feedback does not appear: Streamlit's status widget ("Running…",
    "Connecting"), the whole body's text and the main area's element count, to tell a blank page from a
    hung run or a lost connection."""
    try:
        return page.evaluate("""() => ({
            status: (document.querySelector('[data-testid="stStatusWidget"]') || {}).innerText || "",
            body: document.body.innerText.slice(0, 400),
            main_elements: document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]').length,
        })""")
    except Exception as exc:  # noqa: BLE001 - a diagnostic only
        return {"state_error": type(exc).__name__}


def finished(scenario: str, result: dict) -> bool:
    """Answer: the user's words were transcribed, the coach spoke after that, then listened again.
    Barge-in: a reply was cut off, and the coach then answered the interruption and listened again."""
    states = [e for e in result["events"] if e["event"] == "state"]
    names = [e["state"] for e in states]
    if scenario == "answer":
        heard = next((i for i, e in enumerate(states) if e["user"]), None)
        return heard is not None and "speaking" in names[heard:] and names[-1] == "listening"
    cut = next((i for i, e in enumerate(states) if "(cut off)" in e["bot"]), None)
    return cut is not None and "speaking" in names[cut:] and names[-1] == "listening" and \
        "(cut off)" not in states[-1]["bot"]


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except BaseException as exc:  # always leave a report for the test to show
        print(json.dumps({"events": [], "samples": [], "error": f"driver crashed: {type(exc).__name__}: {exc}"}))
        raise
