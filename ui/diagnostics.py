"""Diagnostics: recent errors (stage, code, request id) and per-stage timings of recent turns.

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


def panel() -> None:
    errors = state.get(state.DIAG_ERRORS) or []
    timings = state.get(state.DIAG_TIMINGS) or []
    with st.expander(f"Diagnostics ({len(errors)} error{'s' if len(errors) != 1 else ''})"):
        st.caption("Per-stage timings of your recent turns, in milliseconds from the start of the turn.")
        if timings:
            st.dataframe(list(reversed(timings)), hide_index=True, width="stretch")
        else:
            st.caption("No turns yet.")
        st.caption("Recent errors")
        if errors:
            st.dataframe([{k: e.get(k) for k in ("time", "stage", "code", "request_id", "retryable", "message")}
                          for e in reversed(errors)], hide_index=True, width="stretch")
        else:
            st.caption("None.")
