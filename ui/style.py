"""Page-wide CSS that Streamlit has no option for, in one place."""
from __future__ import annotations

import streamlit as st

# The reply player delivers each audio chunk through a 1-pixel iframe (ui/player.py). Shown, every one
# adds a thin line and a block gap above the reply; hidden, its script still runs.
_CSS = """
<style>
div[data-testid="stElementContainer"]:has(> iframe[height="1"]),
div[data-testid="stElementContainer"]:has(iframe[height="1"]) { display: none; }
</style>
"""


def apply() -> None:
    st.html(_CSS)
