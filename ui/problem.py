"""A failure as the user sees it: the message in their words, then what only whoever runs Parley can act on
(a setting, the engine or provider that failed) folded under "Technical details" (StageError.details)."""
from __future__ import annotations

import streamlit as st

from core.errors import StageError

DETAILS_LABEL = "Technical details"


def show(problem: StageError | dict, kind: str = "error", icon: str = ":material/error:", before: str = "",
         after: str = "") -> None:
    """`problem`: a StageError or its `to_dict()`; `kind`: "error", "warning" or "info"; `before` and `after`
    frame the message (e.g. after=" You can retry.")."""
    message, details = ((problem.message, problem.details) if isinstance(problem, StageError)
                        else (problem.get("message") or "", problem.get("details")))
    getattr(st, kind)(f"{before}{message}{after}", icon=icon)
    if details:
        with st.expander(DETAILS_LABEL):
            st.caption(details)
