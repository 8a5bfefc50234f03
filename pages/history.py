"""History: past sessions, progress over time, and open / export / delete for each."""
import streamlit as st

from ui import entry, history, sidebar

entry.through_app()  # a deep link to a fresh server: run inside app.py's navigation

sidebar.render()
st.title("History")
history.render()
