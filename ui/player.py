"""Play reply audio chunk by chunk in the browser, back to back, with a Stop control.

Each chunk is handed to a small queue that lives in the parent page (ui/static/player.js), so
playback is ordered, never repeated by a rerun, and keeps going across reruns. Chunks are usually
single sentences (services.speaker): each one after the first starts PAUSE_S after the previous
one ends, a sentence's natural pause, or as soon as it arrives if it comes later than that.
"""
from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path

import streamlit as st

_JS = Path(__file__).parent / "static" / "player.js"
PAUSE_S = 0.2  # silence between two chunks of a reply: the pause between sentences (Piper's, too)


@lru_cache(maxsize=1)
def _script() -> str:
    return _JS.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _bootstrap() -> str:
    """Iframe script: install the player in the parent page once, then pass it the command."""
    source = json.dumps(_script()).replace("</", "<\\/")
    return (
        "const host = window.parent;"
        "if (!host.__parleyPlayer) { const s = host.document.createElement('script');"
        f" s.textContent = {source}; host.document.head.appendChild(s); }}"
        "const cmd = JSON.parse(document.getElementById('parley-command').textContent);"
        "if (cmd.op === 'stop') host.__parleyPlayer.stop();"
        "else host.__parleyPlayer.enqueue(cmd.turn, cmd.seq, cmd.audio, cmd.pause);"
    )


def _send(command: dict) -> None:
    payload = json.dumps(command).replace("</", "<\\/")
    # Our own fixed script and base64 audio only: never user or model text.
    st.iframe(
        f'<script type="application/json" id="parley-command">{payload}</script><script>{_bootstrap()}</script>',
        height=1,
    )


def play_chunk(turn_key: str, seq: int, audio: bytes) -> None:
    """Queue one chunk of a reply (turn_key groups the chunks of one reply)."""
    if audio:
        _send({"op": "play", "turn": turn_key, "seq": seq, "pause": PAUSE_S,
               "audio": base64.b64encode(audio).decode("ascii")})


def stop() -> None:
    """Silence the current reply at once and drop what is queued."""
    _send({"op": "stop"})
