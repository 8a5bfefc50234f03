"""Feedback: pick a saved session, read its coaching report and transcript, export, reopen or delete it.

A report is generated once, with visible progress, and stored with the session; every later
run reads the stored one (only the explicit "Regenerate" button writes a new one).
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from core.errors import StageError
from core.report.outline import out_of_ten
from core.spec import MODE_LABELS
from services import export
from services import report as report_service
from services.conversation import Conversation
from ui import practice, practise_again, report_view, state

PAGES = {"chat": "pages/chat.py", "interview": "pages/interview.py", "language": "pages/language.py"}


def _label(session: dict) -> str:
    when = dt.datetime.fromtimestamp(session["created_at"]).strftime("%Y-%m-%d %H:%M")
    status = "" if session["ended_at"] else " · in progress"
    score = f" · {out_of_ten(session['report'].get('overall'))}" if session.get("report") else ""
    return f"{when} · {session['title']} · {session['turn_count']} turns{score}{status}"


def choose_session() -> dict | None:
    """A session picker (filterable by mode); defaults to the one just ended, else the latest."""
    notice = state.pop(state.FEEDBACK_NOTICE)
    if notice:
        st.info(notice, icon=":material/info:")
    modes = ["all", *MODE_LABELS]
    mode = st.radio("Show", modes, horizontal=True, format_func=lambda m: "All" if m == "all" else MODE_LABELS[m],
                    key="fb_mode")
    sessions = state.listed_sessions(None if mode == "all" else mode)
    if not sessions:
        st.info("No saved sessions yet. Practise on the Chat, Mock interview or Language test page first.")
        st.page_link("pages/home.py", label="Start practising", icon=":material/play_arrow:")
        return None
    ids = [s["id"] for s in sessions]
    ended, opened = state.handed_to_feedback()  # by an "End" button, or by History's "Open"
    if ended in ids:
        state.put(state.FEEDBACK_AUTO, ended)  # a session just ended: write its report on arrival, no click
    if ended in ids or opened in ids:
        state.put(state.FEEDBACK_PICK, ended if ended in ids else opened)
    if state.get(state.FEEDBACK_PICK) not in ids:
        state.put(state.FEEDBACK_PICK, ids[0])
    by_id = {s["id"]: s for s in sessions}
    picked = st.selectbox("Session", ids, format_func=lambda i: _label(by_id[i]), key=state.FEEDBACK_PICK)
    return by_id[picked]


def session_view(session: dict) -> None:
    store = state.store()
    st.subheader(session["title"])
    turns = store.turns(session["id"])
    finished = _finished_interview(session, turns)
    col1, col2, col3 = st.columns(3)
    if finished:  # continuing it led to a chat that could only say "press End session"
        col1.caption("This interview is finished: practise any question again under the report, or start a new one.")
    elif col1.button("Continue this session", disabled=session["mode"] not in PAGES, icon=":material/play_arrow:"):
        state.set_active_session(session["mode"], session["id"])
        st.switch_page(PAGES[session["mode"]])
    new_label = "Start a new interview" if finished else "Start a new session"
    if col2.button(new_label, disabled=session["mode"] not in PAGES, icon=":material/add:"):
        state.set_active_session(session["mode"], None)
        st.switch_page(PAGES[session["mode"]])
    if col3.button("Delete this session", type="secondary", icon=":material/delete:"):
        state.put(state.FEEDBACK_CONFIRM_DELETE, session["id"])
    if state.get(state.FEEDBACK_CONFIRM_DELETE) == session["id"]:
        st.warning("Delete this session, its report and its transcript for good?")
        if st.button("Yes, delete it", type="primary"):
            state.delete_session(session["id"])
            state.pop(state.FEEDBACK_CONFIRM_DELETE)
            state.pop(state.FEEDBACK_PICK)
            st.toast("Session deleted.")
            st.rerun()
    report = report_section(session, turns)
    if turns:
        downloads(session, report, key="fb", turns=turns)
    if report is not None:
        practise_again.render(session)
    st.markdown("#### Transcript")
    if not turns:
        st.caption("This session has no turns yet.")
    for turn in turns:
        practice.show_turn(turn)


def _finished_interview(session: dict, turns: list[dict]) -> bool:
    """An interview whose planned questions were all asked and answered (nothing is left to continue)."""
    if session["mode"] != "interview" or not turns:
        return False
    try:
        convo = Conversation(state.store(), session["id"], state.settings(), limiter=state.rate_limiter())
    except StageError:
        return False
    return convo.is_complete(turns)


def report_section(session: dict, turns: list[dict]) -> dict | None:
    """The stored report, or a way to write one; returns the report shown (None when there is none)."""
    st.markdown("### Coaching report")
    report = session.get("report")
    auto = state.get(state.FEEDBACK_AUTO) == session["id"]
    if auto:
        state.pop(state.FEEDBACK_AUTO)
    if not any(t["role"] == "user" for t in turns):
        st.info("No answers yet, so there is nothing to report on. Continue the session and answer a question or two.")
        return None
    controls = st.empty()  # cleared once a report is written, so no stale "Generate" sits above it
    if report is None:
        with controls.container():
            st.caption("Your report is written once, saved with the session, and shown from storage after that.")
            clicked = st.button("Generate report", type="primary", key="fb_generate")
        if auto or clicked:
            controls.empty()
            report = generate(session, turns)
    elif controls.button("Regenerate report", key="fb_regenerate",
                         help="Write a new report and replace the saved one (with an API key, this calls the model again)."):
        report = generate(session, turns) or report
    if report is not None:
        report_view.render(report, session.get("spec"), turns)
    return report


def generate(session: dict, turns: list[dict]) -> dict | None:
    """Write the report with visible progress and store it with the session."""
    with st.status(report_service.PROGRESS[0], expanded=True) as status:
        def step(message: str) -> None:
            status.update(label=message)
            status.write(message)

        try:
            report = report_service.generate_report(session, turns, state.settings(), progress=step,
                                                    limiter=state.rate_limiter())
            state.store().save_report(session["id"], report)
        except StageError as exc:
            status.update(label="The report could not be written", state="error")
            practice.show_error(exc)
            return None
        status.update(label="Report ready and saved with the session", state="complete", expanded=False)
    return report


def downloads(session: dict, report: dict | None, key: str, turns: list[dict] | None = None) -> None:
    """Markdown and PDF downloads of the report and transcript, built only when clicked.

    Without `turns`, they are read from storage at that moment (History lists many sessions).
    """
    store = state.store()
    name = f"parley-{session['mode']}-{dt.datetime.fromtimestamp(session['created_at']):%Y%m%d-%H%M}"

    def transcript() -> list[dict]:
        return turns if turns is not None else store.turns(session["id"])

    col1, col2 = st.columns(2)
    col1.download_button("Download Markdown",
                         lambda: export.report_markdown(session, transcript(), report, store.attempts(session["id"])),
                         file_name=f"{name}.md", mime="text/markdown", key=f"{key}_md_{session['id']}")
    col2.download_button("Download PDF",
                         lambda: export.report_pdf(session, transcript(), report, store.attempts(session["id"])),
                         file_name=f"{name}.pdf", mime="application/pdf", key=f"{key}_pdf_{session['id']}")
