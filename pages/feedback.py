"""Feedback: the coaching report and transcript of the latest or any saved session."""
import streamlit as st

from ui import feedback, sidebar

sidebar.render()
st.title("Feedback")
session = feedback.choose_session()
if session is not None:
    feedback.session_view(session)
