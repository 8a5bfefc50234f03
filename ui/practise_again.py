"""Practise again: re-answer any question of a finished session, by text or voice, and see the new
attempt judged beside the earlier one (question → answer → critique → better answer).

Attempts are stored with the session (services.storage attempts); the judging is core.attempts.
"""
from __future__ import annotations

import streamlit as st

from core.attempts import attempt_turn, compare, verdict
from core.errors import StageError
from core.md import inert
from services import report as report_service
from services.conversation import Conversation
from services.pending_question import pending_question
from ui import problem, state, voice
from ui.report_view import bullets

MODES = ("interview", "language", "chat")


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _delta(value: float | None, unit: str = "") -> str | None:
    if value is None:
        return None
    return f"{value:+.0f}{unit}"


def show_comparison(result: dict, language_mode: bool = False) -> None:
    """Score, fillers and pace before → after, and the points the new attempt newly covers."""
    before, after = result["before"], result["after"]
    cols = st.columns(3)
    cols[0].metric("Score /10", after["score"], delta=_delta(result["score_change"]),
                   help=f"Earlier attempt: {before['score']}/10")
    cols[1].metric("Filler words", after["fillers"], delta=_delta(result["filler_change"]), delta_color="inverse",
                   help=f"Earlier attempt: {before['fillers']}")
    if after["wpm"] is not None:
        cols[2].metric("Pace (wpm)", f"{after['wpm']:.0f}", delta=_delta(result["wpm_change"]), delta_color="off",
                       help="Comfortable: 140–160 words per minute." + (
                           f" Earlier attempt: {before['wpm']:.0f}." if before["wpm"] is not None else ""))
    else:
        cols[2].metric("Pace (wpm)", "—", help="Pace is measured on spoken answers.")
    if result["newly_covered"]:
        st.markdown(bullets("**Newly covered:**", result["newly_covered"]))
    if result["dropped"]:
        st.markdown(bullets("**Covered before, missing now:**", result["dropped"]))
    if after["missing"] and not language_mode:
        st.markdown(bullets("Still to cover:", after["missing"]))


def render(session: dict) -> None:
    """The practise-again panel of a session on the Feedback page."""
    if session["mode"] not in MODES:
        return
    store = state.store()
    turns = store.turns(session["id"])
    mode, language = session["mode"], (session.get("spec") or {}).get("language")
    report_turns = report_service.session_turns(turns, mode, language)
    if not report_turns:
        return
    st.markdown("### Practise again")
    st.caption("Pick a question, answer it again by typing or speaking, and see the new attempt judged beside "
               "your earlier one. Your original answer stays in the transcript.")
    index = st.selectbox("Question", range(len(report_turns)), key=f"again_pick_{session['id']}",
                         format_func=lambda i: f"{i + 1}. {_short(asked(report_turns[i]))}")
    original = report_turns[index]
    attempts = [a for a in store.attempts(session["id"]) if a["answer_index"] == index]
    st.markdown(f"> {inert(asked(original))}")
    _history(original, attempts, mode, language)
    answer = _take_answer(session, index)
    if answer:
        text, meta = answer
        result = compare(_latest(original, attempts), attempt_turn(original, text, meta), mode, language)
        # The judgement is kept with the attempt, so History can show it without judging every answer again.
        kept = {**meta, "judgement": verdict(result["after"]), "earlier_judgement": verdict(result["before"])}
        try:
            store.add_attempt(session["id"], index, original["question"], text, kept)
        except StageError as exc:
            problem.show(exc)
            return
        # The form empties on submit: the answer just judged stays on screen with its judgement.
        st.markdown(f"**Attempt {len(attempts) + 2}** (your new answer), compared with attempt {len(attempts) + 1}:")
        st.markdown(f"> “{inert(text)}”")
        show_comparison(result, mode == "language")


def asked(turn: dict) -> str:
    """The examiner's question of a report turn: from its last question on (a language test's first
    "question" is the whole greeting, with the question at its end)."""
    return pending_question(turn["question"])


def _latest(original: dict, attempts: list[dict]) -> dict:
    if not attempts:
        return original
    last = attempts[-1]
    return attempt_turn(original, last["answer"], last["meta"])


def _history(original: dict, attempts: list[dict], mode: str, language: str | None) -> None:
    """Earlier attempts at this question, each compared with the one before it."""
    if not attempts:
        st.caption(f"Your answer: “{inert(_short(original['answer'] or '(skipped)', 40))}”")
        return
    with st.expander(f"Your {len(attempts) + 1} attempts at this question", expanded=False):
        previous = original
        st.markdown(f"**Attempt 1:** “{inert(_short(original['answer'] or '(skipped)', 40))}”")
        for n, attempt in enumerate(attempts, start=2):
            turn = attempt_turn(original, attempt["answer"], attempt["meta"])
            st.markdown(f"**Attempt {n}:** “{inert(_short(attempt['answer'], 40))}”")
            show_comparison(compare(previous, turn, mode, language), mode == "language")
            previous = turn


def _take_answer(session: dict, index: int) -> tuple[str, dict] | None:
    """A new attempt, typed or spoken (spoken answers are reviewed before they are sent)."""
    with st.form(f"again_form_{session['id']}_{index}", clear_on_submit=True):
        typed = st.text_area("Your new answer", key=f"again_text_{session['id']}_{index}",
                             max_chars=state.settings().max_text_chars)
        submitted = st.form_submit_button("Submit new attempt", type="primary", icon=":material/replay:")
    if submitted and typed.strip():
        return typed.strip(), {"input": "text"}
    if submitted:
        st.warning("Type an answer first, or record one below.", icon=":material/edit:")
    try:
        convo = Conversation(state.store(), session["id"], state.settings(), limiter=state.rate_limiter())
    except StageError:
        return None
    return voice.voice_answer(convo)
