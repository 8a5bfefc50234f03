"""Free conversation practice with a casual colleague."""
import streamlit as st

from ui import entry, practice, setup, sidebar, state

entry.through_app()  # a deep link to a fresh server: run inside app.py's navigation

sidebar.render()
st.title("Chat")
if state.active_session("chat") is None:
    st.write("Practise speaking about anything: your day, your work, your plans.")
session_id = practice.active_or_new("chat", setup.chat_form)
if session_id is not None:
    convo = practice.conversation(session_id, placeholder="Say something…")
    if convo is not None:
        practice.end_button(convo)
