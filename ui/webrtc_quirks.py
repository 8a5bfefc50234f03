"""Upstream workarounds for the live page, each in one place with what it works around.

(The AppTest one, patching streamlit_webrtc.component.get_this_session_info to return None so
the component is inert under AppTest, lives in tests/test_live_page.py.)
"""
from __future__ import annotations

import streamlit as st

from ui import state


def keep_webrtc_context(key: str, returning_to_page: bool) -> None:
    """Call right before `webrtc_streamer(key=...)`.

    Upstream behaviour (streamlit-webrtc 0.79, `component._get_or_create_context`): a context whose
    `_last_rendered_run_count` is more than one script run behind is taken for an orphan of a
    page the user left; it logs "Context for key=... was not rendered for N script runs;
    resetting stale state" and stops the worker. Reruns racing the SDP answer trip it too: in
    about 1 start in 4 it stopped the worker it had just created. Forgetting the count before
    each call stops that (26/26 starts in our tests).

    When the user really did leave the page and come back (`returning_to_page`), the count is
    left alone, so upstream still resets the stale context as it should.
    """
    context = state.get(key)
    if context is not None and not returning_to_page and hasattr(context, "_last_rendered_run_count"):
        context._last_rendered_run_count = None
