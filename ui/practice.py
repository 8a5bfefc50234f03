"""The practice conversation view shared by Chat, Mock interview and Language test.

Shows the saved transcript, takes the next answer from `st.chat_input`, and streams the reply
with `st.write_stream` inside `st.chat_message`. The transcript is saved after every turn.
"""
from __future__ import annotations

import streamlit as st

from core.errors import StageError
from services.conversation import Conversation
from ui import state

AVATARS = {"user": "🧑", "assistant": "🎙️"}


def show_turn(turn: dict) -> None:
    with st.chat_message(turn["role"], avatar=AVATARS[turn["role"]]):
        st.markdown(turn["content"])
        if turn.get("meta", {}).get("partial"):
            st.caption("⚠️ This reply was cut short.")


def show_error(exc: StageError) -> None:
    hint = " You can retry." if exc.retryable else ""
    st.error(f"{exc.message}{hint}", icon="⚠️")


def stream_reply(convo: Conversation) -> bool:
    """Stream the next assistant message into the page. False if it failed (the error is shown)."""
    with st.chat_message("assistant", avatar=AVATARS["assistant"]):
        try:
            st.write_stream(convo.reply())
        except StageError as exc:
            show_error(exc)
            return False
    return True


def open_conversation(session_id: str) -> Conversation | None:
    try:
        return Conversation(state.store(), session_id, state.settings())
    except StageError as exc:
        show_error(exc)
        return None


def conversation(session_id: str, *, placeholder: str) -> Conversation | None:
    """Render a session and handle this run's input. Returns the conversation for extra controls."""
    convo = open_conversation(session_id)
    if convo is None:
        return None
    turns = convo.transcript()
    for turn in turns:
        show_turn(turn)
    if not turns:  # a new session: the coach speaks first
        if stream_reply(convo):
            st.rerun()
        return convo
    if turns[-1]["role"] == "user":  # the last reply failed: offer to try again, nothing is lost
        st.info("Your last message is saved but has no reply yet.")
        if st.button("Retry reply", type="primary"):
            if stream_reply(convo):
                st.rerun()
    text = st.chat_input(placeholder, max_chars=4000)
    if text:
        try:
            show_turn(convo.add_user(text))
        except StageError as exc:
            show_error(exc)
            return convo
        if stream_reply(convo):
            st.rerun()
    return convo
