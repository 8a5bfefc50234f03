"""Per-process resources and per-session state, in one place.

Process-wide: the settings and the SQLite store (`st.cache_resource`). Per browser session:
keys pasted in the sidebar and the active session of each mode (`st.session_state`).
"""
from __future__ import annotations

import streamlit as st

from config import Settings, get_settings
from core.ratelimit import TokenBucket
from services.storage import Store

KEYS = "session_keys"


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def settings() -> Settings:
    """Process settings plus any key pasted in this browser session."""
    return get_settings().with_session_keys(st.session_state.get(KEYS))


def rate_limiter() -> TokenBucket:
    """This browser session's budget of LLM calls (see Settings.llm_calls_per_minute)."""
    if "rate_limiter" not in st.session_state:
        settings = get_settings()
        st.session_state["rate_limiter"] = TokenBucket(settings.llm_burst, settings.llm_calls_per_minute)
    return st.session_state["rate_limiter"]


def store() -> Store:
    return _store(get_settings().parley_db)


def active_session(mode: str) -> str | None:
    """The session id the user is practising in on this mode's page, if it still exists."""
    sid = st.session_state.get(f"active:{mode}")
    if sid and store().get_session(sid) is None:
        st.session_state.pop(f"active:{mode}", None)
        return None
    return sid


def set_active_session(mode: str, session_id: str | None) -> None:
    if session_id is None:
        st.session_state.pop(f"active:{mode}", None)
    else:
        st.session_state[f"active:{mode}"] = session_id


def set_session_key(provider: str, key: str) -> None:
    """Keep a pasted key in this browser session only (never stored, logged or shown)."""
    keys = dict(st.session_state.get(KEYS) or {})
    keys[provider] = key.strip()
    st.session_state[KEYS] = keys


def forget_session_keys() -> None:
    st.session_state.pop(KEYS, None)


def visible_sessions(mode: str | None = None, limit: int = 200) -> list[dict]:
    """The sessions this visitor may see, newest first."""
    return store().list_sessions(mode, limit=limit)


ENDED = "feedback_session"  # a session just ended: Feedback writes its report on arrival
OPENED = "feedback_open"  # a session picked elsewhere: Feedback shows it (no report written without a click)


def open_in_feedback(session_id: str, *, write_report: bool = False) -> None:
    """Hand a session to the Feedback page and go there (one call, whoever hands it over)."""
    st.session_state[ENDED if write_report else OPENED] = session_id
    st.switch_page("pages/feedback.py")
