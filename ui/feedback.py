"""Feedback: pick a saved session, read its transcript, reopen or delete it."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from core.spec import MODE_LABELS
from ui import practice, state

PAGES = {"chat": "pages/chat.py", "interview": "pages/interview.py", "language": "pages/language.py"}


def _label(session: dict) -> str:
    when = dt.datetime.fromtimestamp(session["created_at"]).strftime("%Y-%m-%d %H:%M")
    status = "" if session["ended_at"] else " · in progress"
    return f"{when} · {session['title']} · {session['turn_count']} turns{status}"


def choose_session() -> dict | None:
    """A session picker (filterable by mode); defaults to the one just ended, else the latest."""
    store = state.store()
    modes = ["all", *MODE_LABELS]
    mode = st.radio("Show", modes, horizontal=True, format_func=lambda m: "All" if m == "all" else MODE_LABELS[m],
                    key="fb_mode")
    sessions = store.list_sessions(None if mode == "all" else mode)
    if not sessions:
        st.info("No saved sessions yet. Practise on the Chat, Mock interview or Language test page first.")
        return None
    ids = [s["id"] for s in sessions]
    wanted = st.session_state.pop("feedback_session", None)
    if wanted in ids:
        st.session_state["fb_pick"] = wanted
    if st.session_state.get("fb_pick") not in ids:
        st.session_state["fb_pick"] = ids[0]
    by_id = {s["id"]: s for s in sessions}
    picked = st.selectbox("Session", ids, format_func=lambda i: _label(by_id[i]), key="fb_pick")
    return by_id[picked]


def session_view(session: dict) -> None:
    store = state.store()
    st.subheader(session["title"])
    turns = store.turns(session["id"])
    col1, col2 = st.columns(2)
    if col1.button("Continue this session", disabled=session["mode"] not in PAGES):
        state.set_active_session(session["mode"], session["id"])
        st.switch_page(PAGES[session["mode"]])
    if col2.button("Delete this session", type="secondary"):
        st.session_state["fb_confirm_delete"] = session["id"]
    if st.session_state.get("fb_confirm_delete") == session["id"]:
        st.warning("Delete this session and its transcript for good?")
        if st.button("Yes, delete it", type="primary"):
            store.delete_session(session["id"])
            st.session_state.pop("fb_confirm_delete", None)
            st.session_state.pop("fb_pick", None)
            st.toast("Session deleted.")
            st.rerun()
    st.markdown("#### Transcript")
    if not turns:
        st.caption("This session has no turns yet.")
    for turn in turns:
        practice.show_turn(turn)
    if turns:
        st.download_button("Download transcript (Markdown)", transcript_markdown(session, turns),
                           file_name=f"parley-{session['id'][:8]}.md", mime="text/markdown")


def transcript_markdown(session: dict, turns: list[dict]) -> str:
    lines = [f"# {session['title']}", ""]
    for turn in turns:
        who = "You" if turn["role"] == "user" else "Coach"
        lines += [f"**{who}:** {turn['content']}", ""]
    return "\n".join(lines)
