"""Per-process resources and per-browser-session state: the one module that touches `st.session_state`.

Process-wide: the settings and the session store, SQLite or PostgreSQL (`st.cache_resource`). Per browser session: every
`st.session_state` key Parley uses is declared below, once, as a `Key` constant saying what it holds and
who writes it. Other modules use those keys through `get`, `put`, `pop`, `setdefault` and `has`, or through
the typed accessors further down (`active_session`, `open_in_feedback`, ...). Widget keys that only make a
widget unique and are never read back stay literal where the widget is, and are listed in WIDGET_ONLY.
tests/test_state_registry.py checks all of this.
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
from services.storage import ANY_OWNER, Limits, Store, database_url
from services.storage.budgets import VisitorBudget

Key = str  # a session-state key; the annotation marks the declarations of the registry below

# ---- the registry: every st.session_state key, once -----------------------------------------------------
# "widget:" marks a widget's own key that code also reads back. A key with {fields} is a template, one key
# per mode, session or document: fill it with str.format. The string values are stable (tests use them).

# This module
SESSION_KEYS: Key = "session_keys"  # {provider: API key} pasted in the sidebar; written by set_session_key
RATE_LIMITER: Key = "rate_limiter"  # this visitor's VisitorBudget of LLM calls (in the database); rate_limiter()
VISITOR: Key = "visitor_token"  # the anonymous visitor id, mirrored in a cookie; written by visitor_id()
ACTIVE: Key = "active:{mode}"  # session id practised on a mode's page; written by set_active_session
ENDED: Key = "feedback_session"  # a session just ended, Feedback writes its report; written by open_in_feedback
OPENED: Key = "feedback_open"  # a session opened elsewhere, Feedback shows it; written by open_in_feedback

# Sidebar (ui.sidebar)
SPEAK_REPLIES: Key = "speak_replies"  # widget: the "Speak replies aloud" toggle; read by ui.practice
KEY_PROVIDER: Key = "key_provider"  # widget: provider of the key being pasted; read by ui.sidebar._take_key
KEY_VALUE: Key = "key_value"  # widget: the key being pasted; ui.sidebar._take_key moves it out and empties it

# Practice view (ui.practice) and diagnostics (ui.diagnostics)
STOP_REPLY: Key = "stop_reply"  # True after "Stop reply"; set by its callback, taken by ui.practice.conversation
STOP_AUDIO: Key = "stop_audio"  # True after a stop button; set by ui.practice callbacks, taken by conversation
VOICE_NOTICES: Key = "voice_notices"  # this visitor's tts.Notices (voice fallbacks); made by ui.practice
ANNOUNCED: Key = "announced"  # {(stage, code)} recoveries already shown once; grown by ui.practice.announce
DIAG_ERRORS: Key = "diag_errors"  # the last 20 errors as dicts; appended by ui.diagnostics.record_error
DIAG_SHOW: Key = "diag_show"  # widget: the sidebar's "Show diagnostics" toggle; read by ui.diagnostics.wanted
DIAG_TIMINGS: Key = "diag_timings"  # the last 20 turns' stage timings (ms); appended by ui.diagnostics.record_timing
CLOCK_NEXT: Key = "clock:next"  # session id whose "Next question" was clicked after its time ran out; ui.practice

# Voice answers (ui.voice), one set per practice session; {round} grows each time the recorder is reset
VOICE_ROUND: Key = "voice_round:{session}"  # the recorder's round (int); incremented by ui.voice._reset
VOICE_RECORDER: Key = "recorder:{session}:{round}"  # widget: st.audio_input; a new round is an empty recorder
VOICE_UPLOAD: Key = "upload:{session}:{round}"  # widget: the recording uploader; new each round like the recorder
VOICE_BOX: Key = "voice_box:{session}:{round}"  # widget: the editable transcript; read by ui.voice._send
VOICE_DRAFT: Key = "voice_draft:{session}"  # transcript under review (None after a failure); ui.voice._transcribe
VOICE_META: Key = "voice_meta:{session}"  # the draft's metadata (provider, metrics, words); ui.voice._transcribe
VOICE_SEEN: Key = "voice_seen:{session}"  # sha256 of recordings done with (never transcribed twice); ui.voice
VOICE_FAILED: Key = "voice_failed:{session}"  # {sha256: message} of retryable failures; ui.voice._transcribe
VOICE_RETRY: Key = "voice_retry:{session}"  # True after "Transcribe again"; set by its callback, taken by ui.voice
VOICE_PENDING: Key = "voice_pending:{session}"  # (text, meta) sent by ui.voice._send, taken by voice_answer

# Set-up forms (ui.setup)
EXTRACTED: Key = "{document}_extracted"  # (sha256, text or StageError) of the last upload; ui.setup._read_once
SETUP_KEPT: Key = "setup:kept"  # {widget key: value} of the set-up forms, kept across pages; keep_setup/restore_setup
SETUP_MODE: Key = "setup:mode"  # the mode last set up on a practice page (Live voice opens on it); keep_setup

# Feedback (ui.feedback) and History (ui.history)
FEEDBACK_PICK: Key = "fb_pick"  # widget: the session shown; set by ui.feedback.choose_session on a handover
FEEDBACK_AUTO: Key = "fb_generate_for"  # session whose report is written on arrival; set and taken by ui.feedback
FEEDBACK_CONFIRM_DELETE: Key = "fb_confirm_delete"  # session awaiting "Yes, delete it"; ui.feedback.session_view
HISTORY_CONFIRM_DELETE: Key = "hist_confirm_delete"  # session awaiting "Yes, delete it"; ui.history._session_row

# Live voice (ui.live)
LIVE_CALL: Key = "live_call"  # widget: the webrtc_streamer context; read by ui.live and services.realtime.quirks
LIVE_EOT: Key = "live_eot"  # widget: the end-of-turn slider; gone after another page ran (ui.live: "returning")
LIVE_EOT_SECONDS: Key = "live:eot_s"  # the slider's value, kept across pages; written by ui.live._call
LIVE_INTERRUPT: Key = "live:interrupt"  # CancelFlag shared with the audio thread via the bridge; made by ui.live
LIVE_BRIDGE: Key = "live:bridge"  # this browser's VoiceBridge (audio thread <-> page); made by ui.live
LIVE_WORKER: Key = "live:worker"  # this browser's TurnWorker thread; made and restarted by ui.live
LIVE_ENDING: Key = "live:ending"  # session id whose End session was clicked; set by ui.live._end_clicked, taken by ui.live
LIVE_OBSERVER: Key = "live:observer"  # SessionShutdownObserver that stops the worker; replaced by ui.live
LIVE_SPEC: Key = "live:spec"  # the PracticeSpec chosen on the set-up; the call's start makes its session (ui.live)
LIVE_BACK: Key = "live:back"  # session id whose "Back to set-up" was clicked; set by ui.live._back_clicked
LIVE_HANG_UP: Key = "live:hang_up"  # True from Back until the call has stopped: it is asked to stop (ui.live)
LIVE_STARTING: Key = "live:starting"  # True from a call's start (its callback) to the run that makes its session
LIVE_STARTED: Key = "live:started"  # {"session": id} the call's start made (a mutable box: see ui.live._start_session)
LIVE_DIALLED: Key = "live:dialled"  # monotonic time the call began connecting (None when connected); ui.live
FEEDBACK_NOTICE: Key = "fb_notice"  # a one-shot message for Feedback (a session with no answer was not kept)

# Widget keys that only make a widget unique (never read back through session state), as written in the code
# ("{}" stands for an f-string field). Kept here so the test can tell them from undeclared state.
WIDGET_ONLY = frozenset({
    "home_{}", "home_review",  # ui.home
    "resume_{}", "resume_end_{}", "resume_any",  # ui.resume
    "iv_domain", "iv_type", "iv_difficulty", "iv_count", "iv_panel", "iv_timed", "iv_start", "lt_lang", "lt_level",
    "lt_start",
    "chat_start", "{}_text", "{}_file", "{}_files", "{}_reuse",  # ui.setup
    "stop_reply:{}", "stop_speaking", "unsaved_answer", "end_session", "clock_next",  # ui.practice
    "stt_retry:{}", "send:{}", "again:{}",  # ui.voice
    "fb_mode", "fb_generate", "fb_regenerate", "{}_md_{}", "{}_pdf_{}",  # ui.feedback
    "again_pick_{}", "again_text_{}_{}",  # ui.practise_again
    "hist_mode", "hist_open_{}", "hist_delete_{}", "hist_yes_{}",  # ui.history
    "live_mode", "live_in", "live_out", "live_end_session", "live_back",  # ui.live
})


def get(key: Key, default=None):
    """The value under a declared key (or `default`)."""
    return st.session_state.get(key, default)


def put(key: Key, value) -> None:
    st.session_state[key] = value


def pop(key: Key, default=None):
    """Take the value under a key (a one-shot flag or hand-over), leaving the key unset."""
    return st.session_state.pop(key, default)


def setdefault(key: Key, default):
    """The value under a key, first storing `default` if it is unset."""
    return st.session_state.setdefault(key, default)


def has(key: Key) -> bool:
    return key in st.session_state


@st.cache_resource(show_spinner=False)
def _store(target: str) -> Store:
    settings = get_settings()
    return Store(target, Limits(pool_size=settings.db_pool_size, pool_timeout_s=settings.db_pool_timeout_s,
                                statement_timeout_s=settings.db_statement_timeout_s))


def settings() -> Settings:
    """Process settings plus any key pasted in this browser session."""
    return get_settings().with_session_keys(session_keys())


def rate_limiter() -> VisitorBudget:
    """This visitor's budget of LLM calls, kept in the database (every tab and replica shares it), with the
    optional daily cap on all visitors' calls (see Settings.llm_calls_per_minute and parley_daily_calls).
    A key pasted in the sidebar is the visitor's own: the site's daily cap does not apply to it."""
    limiter = get(RATE_LIMITER)
    settings = get_settings()
    daily_cap = 0 if session_keys() else settings.parley_daily_calls
    if limiter is None or limiter.daily_cap != daily_cap:
        owner = visitor_key()  # the visitor, not the tab: every tab and replica of theirs shares it
        limiter = VisitorBudget(store(), owner, settings.llm_burst, settings.llm_calls_per_minute, daily_cap,
                                fallback=TokenBucket(settings.llm_burst, settings.llm_calls_per_minute))
        put(RATE_LIMITER, limiter)
    return limiter


def store() -> Store:
    """The session database: the SQLite file, or the server DATABASE_URL names (shared by every replica)."""
    return _store(database_url(get_settings()))


# ---- who is visiting: sessions belong to their visitor -----------------------------------------------
VISITOR_COOKIE = "parley_visitor"  # the cookie's name (a cookie, not a session-state key)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def visitor_id() -> str | None:
    """The owner of this visitor's sessions, or ANY_OWNER (None) on a single-user install."""
    if get_settings().parley_single_user:
        return ANY_OWNER
    return visitor_key()


def visitor_key() -> str:
    """Who is visiting, also on a single-user install (where it keys only the LLM budget).

    A signed-in user (st.login, OpenID Connect) is their account; anyone else is an anonymous, unguessable
    browser id kept in a cookie, so it survives a reload in the same browser. Only a hash is stored.
    """
    account = _signed_in_account()
    if account:
        return "user:" + hashlib.sha256(account.encode("utf-8")).hexdigest()
    token = get(VISITOR)
    if token is None:
        cookie = _cookie(VISITOR_COOKIE)
        token = cookie if cookie and _TOKEN.fullmatch(cookie) else secrets.token_urlsafe(32)
        put(VISITOR, token)
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


def listed_sessions(mode: str | None = None, limit: int = 200) -> list[dict]:
    """The sessions Feedback and History list: ended ones, and open ones the user answered in. An open session
    holding only the coach's opening (a call left before a word was said, a page opened and left) has
    nothing to show and is not listed as "in progress"."""
    def answered(session: dict) -> bool:  # only open sessions of one turn or none are read again
        if session.get("ended_at") or session.get("turn_count", 0) > 1:
            return True
        try:
            return any(t["role"] == "user" for t in store().turns(session["id"]))
        except StageError:
            return True

    return [s for s in visible_sessions(mode, limit) if answered(s)]


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
    key = ACTIVE.format(mode=mode)
    sid = get(key)
    if not sid:
        return None
    try:
        found = store().get_session(sid, owner=visitor_id())
    except StageError:  # the database cannot answer now (busy, restarting): keep the session; the page says why
        return sid
    if found is None:
        pop(key)
        return None
    return sid


def set_active_session(mode: str, session_id: str | None) -> None:
    key = ACTIVE.format(mode=mode)
    if session_id is None:
        pop(key)
    else:
        put(key, session_id)


def set_session_key(provider: str, key: str) -> None:
    """Keep a pasted key in this browser session only (never stored, logged or shown)."""
    keys = dict(session_keys())
    keys[provider] = key.strip()
    put(SESSION_KEYS, keys)


def session_keys() -> dict[str, str]:
    """The keys pasted in this browser session, by provider ({} when none)."""
    return get(SESSION_KEYS) or {}


def forget_session_keys() -> None:
    pop(SESSION_KEYS)


# ui.setup's widgets whose choice carries over between practice pages
SETUP_WIDGETS = ("iv_domain", "iv_type", "iv_difficulty", "iv_count", "iv_panel", "iv_timed", "iv_jd_text",
                 "iv_resume_text", "lt_lang", "lt_level")


def keep_setup(page: str, mode: str | None = None, chosen: bool = False) -> None:
    """Remember the set-up chosen on a page (Streamlit forgets a widget's value once another page runs).

    Live voice opens on the mode last set up: one where a choice was changed or a session started (`chosen`),
    not one only looked at on the way."""
    kept = get(SETUP_KEPT) or {}
    before = kept.get("values", {})
    values = {key: st.session_state[key] for key in SETUP_WIDGETS if key in st.session_state}
    changed = any(key in before and before[key] != value for key, value in values.items())
    put(SETUP_KEPT, {"page": page, "values": {**before, **values}})
    if chosen or changed or not has(SETUP_MODE):
        put(SETUP_MODE, mode or page)


def restore_setup(page: str) -> None:
    """Give the set-up widgets about to be drawn on `page` the values last chosen on any page. Coming from
    another page, a widget's state here is a stale one (Streamlit's widgets are per page); on the same page
    it is what the user just chose, and is left alone unless Streamlit dropped it."""
    kept = get(SETUP_KEPT) or {}
    for key, value in kept.get("values", {}).items():
        if kept.get("page") != page or key not in st.session_state:
            st.session_state[key] = value


def open_in_feedback(session_id: str, *, write_report: bool = False) -> None:
    """Hand a session to the Feedback page and go there (one call, whoever hands it over)."""
    put(ENDED if write_report else OPENED, session_id)
    st.switch_page("pages/feedback.py")


def handed_to_feedback() -> tuple[str | None, str | None]:
    """Take what open_in_feedback handed over: (session just ended, session opened elsewhere), once."""
    return pop(ENDED), pop(OPENED)
