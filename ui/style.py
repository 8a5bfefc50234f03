"""Page-wide CSS that Streamlit has no option for, in one place."""
from __future__ import annotations

import streamlit as st

# The reply player delivers each audio chunk through a 1-pixel iframe (ui/player.py). Shown, every one
# adds a thin line and a block gap above the reply; hidden, its script still runs. A placeholder emptied
# after use (a reply's "Stop reply" and waiting line), and a block left with nothing visible (the reply's
# audio slot), are hidden too: each still took a flex gap, and together they left a blank band under the
# coach's avatar before the reply's text.
_CSS = """
<style>
div[data-testid="stElementContainer"]:has(> iframe[height="1"]),
div[data-testid="stElementContainer"][height="1px"]:has(> iframe),
div[data-testid="stElementContainer"]:empty { display: none; }
div[data-testid="stChatMessageContent"] div[data-testid="stLayoutWrapper"]:not(:has(
  div[data-testid="stElementContainer"]:not(:empty):not([height="1px"]))) { display: none; }
</style>
"""


def apply() -> None:
    st.html(_CSS)
