"""Live voice: hands-free practice over WebRTC, with interruptions (barge-in)."""
import streamlit as st

from ui import live, sidebar

sidebar.render()
st.title("Live voice")
live.render()
