"""Every page runs inside app.py's navigation, even when a deep link is a fresh server's first request.

Streamlit keeps a pages/ folder's old meaning (each file a page of its own, run without the entrypoint)
until some session has run app.py's `st.navigation`. So the first visitor of a restarted server (a shared
Streamlit Cloud link such as /interview, after the app slept) got pages/interview.py alone: a sidebar of
raw file names and a Start button that led nowhere, until someone opened the front page. The first page
run in a process that finds itself run that way switches the old mode off and reruns; the rerun runs
app.py, on the same page (tests/test_walkthrough_browser.py, the deep-link test).
"""
from __future__ import annotations

import streamlit as st

_checked = False  # a page has run in this process: the mode is right from here on


def through_app() -> None:
    """Call first on every page: rerun through app.py when Streamlit ran this page on its own.

    Acts at most once per process, so no rerun loop is possible. (Streamlit's AppTest sets the old mode again
    before every run; there the first page runs after app.py, so this never acts, and pages run as they
    always did in tests.) Two deep links in the very same moment: the second may see its first run alone.
    """
    global _checked
    if _checked:
        return
    _checked = True
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:  # Streamlit internals (1.67); st.navigation sets it to False too
        PagesManager.uses_pages_directory = False
        st.rerun()
