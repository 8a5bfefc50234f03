"""History: past sessions, progress over time, and open / export / delete for each."""
import streamlit as st

from ui import history, sidebar

sidebar.render()
st.title("History")
history.render()
