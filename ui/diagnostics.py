"""Diagnostics: recent errors (stage, code, request id) and per-stage timings of recent turns;
for a live call, each turn's voice-to-voice time and the stages between (`live_panel`).

Kept per browser session (ui.state.DIAG_ERRORS, DIAG_TIMINGS), so one user never sees another's diagnostics.
"""
from __future__ import annotations

import time

import streamlit as st

from core.errors import StageError
from ui import state

KEEP = 20


def record_error(exc: StageError) -> None:
    errors = state.setdefault(state.DIAG_ERRORS, [])
    errors.append({"time": time.strftime("%H:%M:%S"), **exc.to_dict()})
    del errors[:-KEEP]


def record_timing(**stages: float | None) -> None:
    """One row per turn: seconds from the start of the turn to each stage (None when not reached)."""
    timings = state.setdefault(state.DIAG_TIMINGS, [])
    timings.append({"time": time.strftime("%H:%M:%S"),
                    **{k: (round(v * 1000) if v is not None else None) for k, v in stages.items()}})
    del timings[:-KEEP]


def wanted(errors: list) -> bool:
    """Diagnostics show only when something went wrong, or when asked for (the sidebar's Technical details)."""
    return bool(errors) or bool(state.get(state.DIAG_SHOW, False)) or state.settings().parley_diagnostics


def panel() -> None:
    errors = state.get(state.DIAG_ERRORS) or []
    timings = state.get(state.DIAG_TIMINGS) or []
    if not wanted(errors):
        return
    with st.expander(f"Diagnostics ({len(errors)} error{'s' if len(errors) != 1 else ''})"):
        st.caption("Per-stage timings of your recent turns, in milliseconds from the start of the turn.")
        if timings:
            st.dataframe(list(reversed(timings)), hide_index=True, width="stretch")
        else:
            st.caption("No turns yet.")
        st.caption("Recent errors")
        if errors:
            st.dataframe([{k: e.get(k) for k in ("time", "stage", "code", "request_id", "retryable", "message", "details")}
                          for e in reversed(errors)], hide_index=True, width="stretch")
        else:
            st.caption("None.")


# ---- Live voice --------------------------------------------------------------------------------------------
# Columns of services.realtime.bridge.TurnTimings.row(): ms from the user's last voiced frame (from
# connecting, for the call's opening). Each stage runs from the previous mark that was reached.
_MARKS = ("end of turn", "transcript", "first token", "first chunk", "first audio out")
LIVE_STAGES = {  # stage label: the mark that ends it
    "end-of-turn wait": "end of turn",
    "speech to text": "transcript",
    "model's first token": "first token",
    "first sentence written": "first chunk",
    "voice and playout": "first audio out",
}


def voice_to_voice_rows(timings: list[dict]) -> list[dict]:
    """One row per live turn: voice-to-voice and the stages between, in ms (None: not reached).

    Voice-to-voice is what a caller feels: from their last voiced frame to the coach's first audible
    frame sent back (the bridge's end_of_speech and the playout's first non-silent frame). Only an
    answer has one; the opening counts from connecting, so it shows its stages but no voice-to-voice.
    """
    rows = []
    for timing in timings:
        marks = {name: timing.get(name) for name in _MARKS}
        cut = timing.get("barge-in → silence")
        if all(v is None for v in marks.values()) and cut is None:
            continue
        answer = timing.get("kind", "answer") == "answer"
        row = {"turn": timing.get("turn"), "kind": timing.get("kind"),
               "voice-to-voice": marks["first audio out"] if answer else None}
        previous = 0 if answer else marks["end of turn"]
        for label, mark in LIVE_STAGES.items():
            at = marks[mark]
            row[label] = None if at is None or previous is None else at - previous
            if at is not None:
                previous = at
        if not answer:
            row["end-of-turn wait"] = None  # no user speech before the opening
        row["barge-in → silence"] = cut
        rows.append(row)
    return rows


def _percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def voice_to_voice_summary(rows: list[dict]) -> str | None:
    """One line over the answers shown, e.g. "Voice-to-voice over 6 answers: median 980 ms, 95th percentile
    1,420 ms, slowest 1,500 ms." (nearest-rank percentiles; None before the first answer)."""
    values = [r["voice-to-voice"] for r in rows if isinstance(r.get("voice-to-voice"), (int, float))]
    if not values:
        return None
    n = len(values)
    return (f"Voice-to-voice over {n} answer{'s' if n != 1 else ''}: median {_percentile(values, 0.5):,} ms, "
            f"95th percentile {_percentile(values, 0.95):,} ms, slowest {max(values):,} ms.")


def _cell(value) -> str:
    """One cell of the stage table: "1,240" for milliseconds, "–" for a stage not reached."""
    if value is None:
        return "–"
    return f"{value:,}" if isinstance(value, int) else str(value)


def live_panel(snap: dict) -> None:
    """The Diagnostics expander of a live call (`snap`: VoiceBridge.snapshot())."""
    if not wanted(snap["errors"]):
        return
    with st.expander("Diagnostics", expanded=False):
        rows = voice_to_voice_rows(snap["timings"])
        if rows:
            summary = voice_to_voice_summary(rows)
            if summary:
                st.markdown(summary)
            st.caption("Milliseconds. Voice-to-voice runs from your last voiced frame to the coach's first "
                       "audible frame; the stages between add up to it (the opening counts from connecting). "
                       "Barge-in → silence is how long the coach kept talking over you.")
            # A plain table, not a canvas grid: a screen reader (and the live browser test) can read it.
            # Every cell a string: a column mixing numbers and "–" cannot be converted to Arrow.
            st.table([{k: _cell(v) for k, v in row.items()} for row in rows[-10:]])
        else:
            st.caption("Each turn's voice-to-voice time appears here (your last voiced frame → the coach's "
                       "first audible frame), with its stages: end-of-turn wait, speech to text, the model's "
                       "first token, first sentence, voice and playout; and barge-in → silence.")
        st.caption(f"Frames received: {snap['frames_in']}")
        if snap["errors"]:
            st.caption("Recent errors")
            st.dataframe([{k: e.get(k) for k in ("time", "stage", "code", "request_id", "retryable", "message", "details")}
                          for e in reversed(snap["errors"])], hide_index=True, width="stretch")
