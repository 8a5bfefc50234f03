"""The front door: what Parley is, the ways to practise, what works offline and what a key adds.

One click starts practising; an unfinished session is offered first, so nobody loses their place, and the
questions answered weakly that are due for review today (services.review) are counted with one click to them.
"""
from __future__ import annotations

import random
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

import streamlit as st

from core.errors import StageError
from services import review
from ui import problem, resume, state

WAYS = (
    ("pages/interview.py", ":material/work:", "Mock interview",
     "An interviewer asks questions for your field and level, reacts to each answer, and scores the whole "
     "interview at the end.", "Start a mock interview"),
    ("pages/language.py", ":material/translate:", "Language test",
     "A speaking test in one of 13 languages, at your level (A1–C2), with an estimated level at the end.",
     "Start a language test"),
    ("pages/chat.py", ":material/forum:", "Chat",
     "Relaxed small talk to warm up, with notes on your pace and filler words.", "Start a chat"),
    ("pages/live.py", ":material/headset_mic:", "Live voice",
     "A hands-free call: talk, pause, and the coach answers out loud. Interrupt it any time.", "Start a call"),
)
OFFLINE = ("**Works with no key and no internet.** Everything runs on this computer: prepared questions with "
           "the points a good answer covers, speech recognition, a voice, and an honest report that quotes "
           "your own words.")
WITH_KEY = ("**A Groq or OpenAI key adds** an AI interviewer that follows up on what you actually said, "
            "grammar corrections in language tests, a written report with a stronger model answer, and "
            "more accurate speech recognition. Paste one in the sidebar: it stays in this browser session.")


def render() -> None:
    st.title("Parley")
    st.markdown("#### Practise speaking out loud — job interviews, language tests and conversation — "
                "and get honest coaching at the end.")
    resume.offer_any()
    review_offer()
    st.markdown("Answer by typing, by recording a clip, or hands-free. Every session is saved as you go.")
    left, right = st.columns(2)
    for i, (page, icon, title, what, cta) in enumerate(WAYS):
        with (left if i % 2 == 0 else right).container(border=True):
            st.markdown(f"**{title}**")
            st.caption(what)
            if st.button(cta, key=f"home_{page}", icon=icon, type="primary" if i == 0 else "secondary",
                         width="stretch"):
                st.switch_page(page)
    st.info(OFFLINE, icon=":material/wifi_off:")
    settings = state.settings()
    if settings.llm_provider == "offline":
        st.markdown(WITH_KEY)
    else:
        st.success("An AI coach is connected: interviews follow up on what you say.", icon=":material/check:")
    st.caption("Afterwards, **Feedback** shows your report and lets you practise any question again; "
               "**History** tracks your progress.")


def _timezone() -> tzinfo | None:
    """The browser's time zone, so "today" is the visitor's day (None: the server's)."""
    try:
        name = st.context.timezone
        return ZoneInfo(name) if isinstance(name, str) and name else None
    except Exception:  # no browser context, or a zone this system does not know
        return None


def review_offer() -> None:
    """Questions answered weakly that are due again today (services.review), and one click to a short interview
    of them. Nothing is shown when none is due, or when the database cannot say."""
    tz = _timezone()
    try:
        waiting = review.due_questions(state.store(), state.visitor_id(), datetime.now(tz).date(), tz)
    except StageError:
        return
    if not waiting:
        return
    count = len(waiting)
    with st.container(border=True):
        st.markdown(f"**{count} question{'s' if count != 1 else ''} to review today**")
        first = f" This session asks the {review.SESSION_MAX} most overdue." if count > review.SESSION_MAX else ""
        st.caption("Questions you answered weakly come back after a day, and at growing intervals once you answer "
                   f"them well.{first}")
        if st.button("Review them now" if count > 1 else "Review it now", key="home_review", type="primary",
                     icon=":material/event_repeat:"):
            spec = review.review_spec([r.question_id for r in waiting], seed=random.randrange(1 << 30))
            try:
                state.set_active_session("interview", state.create_session(spec))
            except StageError as exc:
                problem.show(exc)
                return
            st.switch_page("pages/interview.py")
