"""Feedback: the coaching report and transcript of the latest or any saved session."""
import streamlit as st

from ui import entry, feedback, sidebar

entry.through_app()  # a deep link to a fresh server: run inside app.py's navigation

sidebar.render()
st.title("Feedback")
session = feedback.choose_session()
if session is not None:
    feedback.session_view(session)
