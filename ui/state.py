"""Per-process resources and per-session state, in one place.

Process-wide: the settings and the SQLite store (`st.cache_resource`). Per browser session:
keys pasted in the sidebar and the active session of each mode (`st.session_state`).
"""
from __future__ import annotations

import hashlib
import re
import secrets

import streamlit as st

from config import Settings, get_settings
from core.ratelimit import TokenBucket
from core.errors import StageError
from core.spec import PracticeSpec
from services.storage import ANY_OWNER, Store

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


# ---- who is visiting: sessions belong to their visitor -----------------------------------------------
VISITOR_COOKIE = "parley_visitor"
VISITOR = "visitor_token"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def visitor_id() -> str | None:
    """The owner of this visitor's sessions, or ANY_OWNER (None) on a single-user install.

    A signed-in user (st.login, OpenID Connect) is their account; anyone else is an anonymous, unguessable
    browser id kept in a cookie, so it survives a reload in the same browser. Only a hash is stored.
    """
    if get_settings().parley_single_user:
        return ANY_OWNER
    account = _signed_in_account()
    if account:
        return "user:" + hashlib.sha256(account.encode("utf-8")).hexdigest()
    token = st.session_state.get(VISITOR)
    if token is None:
        cookie = _cookie(VISITOR_COOKIE)
        token = cookie if cookie and _TOKEN.fullmatch(cookie) else secrets.token_urlsafe(32)
        st.session_state[VISITOR] = token
    if _cookie(VISITOR_COOKIE) != token:
        _remember(token)
    return "anon:" + hashlib.sha256(token.encode("ascii")).hexdigest()


def _signed_in_account() -> str | None:
    try:
        if st.user.is_logged_in is True:
            account = st.user.get("email") or st.user.get("sub")
            return account if isinstance(account, str) and account else None
    except Exception:  # auth not configured, or an older Streamlit
        return None
    return None


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser context (tests, bare mode)
        return None
    return value if isinstance(value, str) else None


def _remember(token: str) -> None:
    """Keep the visitor token in a first-party cookie (Streamlit can read cookies but not set them)."""
    script = (f"window.parent.document.cookie = '{VISITOR_COOKIE}={token}; path=/; max-age=31536000; "
              "SameSite=Strict' + (window.parent.location.protocol === 'https:' ? '; Secure' : '');")
    st.iframe(f"<script>{script}</script>", height=1)  # a 1-pixel frame: ui/style.py hides it


def visible_sessions(mode: str | None = None, limit: int = 200) -> list[dict]:
    """This visitor's sessions, newest first ([] when the database cannot be read: the sidebar says why)."""
    try:
        return store().list_sessions(mode, limit=limit, owner=visitor_id())
    except StageError:
        return []


def owned_session(session_id: str | None) -> dict | None:
    """The session if it exists and belongs to this visitor."""
    if not session_id:
        return None
    try:
        return store().get_session(session_id, owner=visitor_id())
    except StageError:
        return None


def create_session(spec: PracticeSpec) -> str:
    """A new session owned by this visitor (StageError when it cannot be saved)."""
    return store().create_session(spec, owner=visitor_id())


def delete_session(session_id: str) -> bool:
    """Delete one of this visitor's sessions; another visitor's is left untouched."""
    return store().delete_session(session_id, owner=visitor_id())


def active_session(mode: str) -> str | None:
    """The session id the user is practising in on this mode's page, if it still exists and is theirs."""
    sid = st.session_state.get(f"active:{mode}")
    if sid and owned_session(sid) is None:
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


ENDED = "feedback_session"  # a session just ended: Feedback writes its report on arrival
OPENED = "feedback_open"  # a session picked elsewhere: Feedback shows it (no report written without a click)


def open_in_feedback(session_id: str, *, write_report: bool = False) -> None:
    """Hand a session to the Feedback page and go there (one call, whoever hands it over)."""
    st.session_state[ENDED if write_report else OPENED] = session_id
    st.switch_page("pages/feedback.py")
