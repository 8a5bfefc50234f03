"""Voice-to-voice in a real browser: the issue-11 target of a hands-free reply heard less than 1.5 s
after the caller stops talking, measured as a caller hears it.

Each call is the hands-free browser test's call (tests/test_live_browser.py): headless Debian
Chromium in a loopback-only network namespace, a fake microphone playing one Piper sentence after
the coach's greeting, the real Streamlit app and offline coach. Voice-to-voice is measured in the
page on one clock, from the microphone's last voiced moment to the reply's first audible moment,
so it includes both network legs, the browser's jitter buffer and its audio output.

Timings belong here, not in the test (the machine is shared, and one call is one sample). Runs
BENCH_BROWSER_CALLS calls (default 3, about 75 s each), prints a line per call, then one JSON line:
voice_to_voice_ms (each call), voice_to_voice_p50_ms, voice_to_voice_max_ms, under_1500 (calls
under the target), server_ms (the server's own measure: last voiced frame in → first audible frame
out), slow_frame_callback_warnings (streamlit-webrtc's "callback is too slow" lines: media-loop
stalls) and target_met (the median under 1,500 ms).
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.realtime import piper_speech  # noqa: E402
from core.coach import offline_reply  # noqa: E402
from core.spec import PracticeSpec  # noqa: E402
from tests.test_live_browser import _REASON, run_call, seconds, write_wav  # noqa: E402

CALLS = int(os.environ.get("BENCH_BROWSER_CALLS", 3))
TARGET_MS = 1500
ANSWER = "I went hiking in the mountains last weekend with my brother."


def one_call(index: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"parley-bench-browser-{index}-"))
    greetings = {offline_reply(PracticeSpec(mode="chat", seed=s), []) for s in range(100)}
    longest = max(seconds(piper_speech, g) for g in greetings)
    wav = write_wav(tmp / "answer.wav", piper_speech, [longest + 8.0, ANSWER, 30.0])
    report, _ = run_call(tmp, wav, "answer", "Chat", "Start a conversation", end_session=False)
    [turn] = report["voice_to_voice"]["turns"]
    log = (tmp / "server.log").read_text(errors="replace")
    return {"voice_to_voice_ms": turn["voice_to_voice_ms"], "server": report.get("diagnostics"),
            "server_log_warnings": log.count("too slow")}


def main() -> None:
    if _REASON:
        print(json.dumps({"skipped": _REASON}))
        return
    # As the test suite runs it (tests/conftest.py): offline, one user, no gTTS (it needs the internet).
    for name in ("GROQ_API_KEY", "OPENAI_API_KEY", "LLM_BASE_URL"):
        os.environ.pop(name, None)
    os.environ.update(PARLEY_LLM="offline", PARLEY_SINGLE_USER="1", GTTS_ENABLED="0")
    calls = []
    for i in range(CALLS):
        call = one_call(i)
        calls.append(call)
        print(f"call {i + 1}: {call['voice_to_voice_ms']} ms as heard; server: {call['server']}", flush=True)
    heard = [c["voice_to_voice_ms"] for c in calls]
    server = [int(c["server"].split("median ")[1].split(" ms")[0].replace(",", "")) if c["server"] else None
              for c in calls]
    p50 = statistics.median(heard)
    print(json.dumps({
        "calls": CALLS,
        "voice_to_voice_ms": heard,
        "voice_to_voice_p50_ms": p50,
        "voice_to_voice_max_ms": max(heard),
        "under_1500": sum(h < TARGET_MS for h in heard),
        "server_ms": server,
        "slow_frame_callback_warnings": [c["server_log_warnings"] for c in calls],
        "target_met": p50 < TARGET_MS,
    }))


if __name__ == "__main__":
    main()
