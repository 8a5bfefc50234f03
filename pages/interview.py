"""Mock interview: set up, answer questions by voice or text, end and go to feedback."""
import streamlit as st

from ui import entry, practice, setup, sidebar

entry.through_app()  # a deep link to a fresh server: run inside app.py's navigation

sidebar.render()
st.title("Mock interview")
session_id = practice.active_or_new("interview", setup.interview_form)
if session_id is not None:
    convo = practice.conversation(session_id, placeholder="Type your answer…")
    if convo is not None:
        st.caption(convo.spec.title())
        complete = convo.is_complete()
        if complete:
            st.success("Interview complete — that was the last question. Press **End session** below for your "
                       "feedback; anything you type now is kept but not scored.", icon=":material/task_alt:")
        practice.end_button(convo, primary=complete)
