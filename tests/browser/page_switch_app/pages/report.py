"""The page switched to: it takes a moment, as Feedback does while it writes a report."""
import time

import streamlit as st

st.title("Report")
time.sleep(0.5)
st.write("The report is here.")
