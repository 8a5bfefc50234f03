"""Unfinished sessions offered for resuming, so a reload or a return visit never loses your place."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from core.spec import MODE_LABELS
from ui import state

PAGES = {"interview": "pages/interview.py", "language": "pages/language.py", "chat": "pages/chat.py"}


def unfinished(mode: str | None = None) -> list[dict]:
    """This visitor's sessions that were started, answered at least once, and never ended; newest first."""
    try:
        sessions = state.visible_sessions(mode, limit=20)
    except Exception:  # a broken database must not take the practice pages down with it
        return []
    return [s for s in sessions if not s.get("ended_at") and s.get("turn_count", 0) >= 2 and s["mode"] in PAGES]


def _when(session: dict) -> str:
    return dt.datetime.fromtimestamp(session["updated_at"]).strftime("%b %d, %H:%M")


def _resume(session: dict) -> None:
    state.set_active_session(session["mode"], session["id"])
    st.switch_page(PAGES[session["mode"]])


def offer(mode: str) -> None:
    """On a practice page with no active session: resume the latest unfinished one, or start afresh below."""
    sessions = unfinished(mode)
    if not sessions:
        return
    latest = sessions[0]
    with st.container(border=True):
        st.markdown(f"**You have an unfinished session:** {latest['title']} (last answer {_when(latest)}).")
        left, right = st.columns(2)
        if left.button("Resume it", type="primary", icon=":material/play_arrow:", key=f"resume_{mode}"):
            _resume(latest)
        if right.button("End it and see feedback", icon=":material/flag:", key=f"resume_end_{mode}"):
            state.store().end_session(latest["id"])
            state.open_in_feedback(latest["id"], write_report=True)
        st.caption("Or set up a new one below.")


def offer_any() -> None:
    """On the front door: the latest unfinished session of any mode."""
    sessions = unfinished()
    if not sessions:
        return
    latest = sessions[0]
    with st.container(border=True):
        st.markdown(f"**Pick up where you left off:** {MODE_LABELS[latest['mode']]} · {latest['title']} "
                    f"(last answer {_when(latest)}).")
        if st.button("Resume", type="primary", icon=":material/play_arrow:", key="resume_any"):
            _resume(latest)
