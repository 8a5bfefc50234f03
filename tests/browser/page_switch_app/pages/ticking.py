"""A page like Live voice: a panel in a fragment that reruns every 50 ms; its button leaves the page."""
import time

import streamlit as st

st.title("Ticking")
if st.session_state.pop("leaving", False):
    st.switch_page("pages/report.py")


def leave() -> None:
    st.session_state.leaving = True


@st.fragment(run_every=0.05)
def panel() -> None:
    if st.session_state.get("leaving"):
        st.rerun(scope="app")  # leave from a full run, as ui.live does
    for i in range(80):  # enough to draw that the browser is busy when the switch comes
        st.write(round(time.time(), 3), i)
    st.button("Leave", on_click=leave)


panel()
