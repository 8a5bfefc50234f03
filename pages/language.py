"""Language test: pick a language and level, then talk with a patient native speaker."""
import streamlit as st

from ui import entry, practice, setup, sidebar

entry.through_app()  # a deep link to a fresh server: run inside app.py's navigation

sidebar.render()
st.title("Language test")
session_id = practice.active_or_new("language", setup.language_form)
if session_id is not None:
    convo = practice.conversation(session_id, placeholder="Answer in the language you practise…")
    if convo is not None:
        st.caption(convo.spec.title())
        if convo.provider.name == "offline":
            st.caption("Offline coach: it asks native prompts and reacts to how much you say, but cannot "
                       "correct grammar. Add a key in the sidebar for inline corrections.")
        practice.end_button(convo)
