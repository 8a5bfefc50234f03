"""Live voice: hands-free practice over WebRTC, with interruptions (barge-in)."""
import streamlit as st

from ui import entry, live, sidebar

entry.through_app()  # a deep link to a fresh server: run inside app.py's navigation

sidebar.render()
st.title("Live voice")
live.render()
