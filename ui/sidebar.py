"""The sidebar: which providers are active, and a place to paste a key for this session only."""
from __future__ import annotations

import streamlit as st

from services.llm import provider_label
from services.providers import PROVIDERS
from ui import problem as shown, state, style

OFFLINE_LIMITS = (
    "Working offline: no key and no internet needed. The coach asks prepared questions and reacts to what it "
    "can measure in your answers. It cannot hold an open conversation or correct your grammar: paste an API "
    "key below for a live AI coach."
)
SERVER_HINT = ("Your own model server: set `LLM_BASE_URL` (and `LLM_MODEL`) to any OpenAI-compatible server, "
               "such as Ollama, a llama.cpp server or vLLM.")


def render() -> None:
    style.apply()
    storage_notice()
    with st.sidebar:
        status = st.container()  # filled after the key form, so a pasted key shows at once
        _key_form()
        settings = state.settings()
        with status:
            st.markdown("### Who you are talking to")
            for line in plain_provider_lines(settings):
                st.markdown(line)
            if settings.llm_provider == "offline":
                st.caption(OFFLINE_LIMITS)
            with st.expander("Technical details"):
                st.markdown(f"**LLM:** {provider_label(settings)}")
                for line in speech_provider_lines(settings):
                    st.markdown(line)
                st.caption(SERVER_HINT)
                st.toggle("Show diagnostics", key=state.DIAG_SHOW,
                          help="Timings of each turn and any errors, under the conversation. They also show "
                               "by themselves when something goes wrong.")
        st.toggle("Speak replies aloud", value=bool(state.settings().speak_replies), key=state.SPEAK_REPLIES,
                  help="Replies are spoken sentence by sentence while they are written.")


def plain_provider_lines(settings) -> list[str]:
    """The coach, listening and voice in user terms ("offline voice", "cloud voice")."""
    try:
        from services import speech_status
    except ImportError:  # voice not installed in this build
        return ["**Voice:** text only"]
    return speech_status.plain_lines(settings)


def speech_provider_lines(settings) -> list[str]:
    """Markdown lines naming the speech-to-text and text-to-speech providers."""
    try:
        from services import speech_status
    except ImportError:  # voice not installed in this build
        return ["**Voice:** text only"]
    return speech_status.lines(settings)


def _take_key() -> None:
    """Move the pasted key out of the widget into session-only state, and empty the box."""
    key = (state.get(state.KEY_VALUE) or "").strip()
    if key:
        state.set_session_key(state.get(state.KEY_PROVIDER, "groq"), key)
    state.put(state.KEY_VALUE, "")


def _key_form() -> None:
    with st.expander("Use your own API key", expanded=False):
        st.caption("Kept in this browser session only: never shown again, logged or saved.")
        with st.form("api_key_form"):
            st.selectbox("Provider", ["groq", "openai"], key=state.KEY_PROVIDER,
                         format_func=lambda p: PROVIDERS[p].title)
            st.text_input("API key", type="password", placeholder="gsk_… or sk-…", key=state.KEY_VALUE)
            st.form_submit_button("Use this key", on_click=_take_key)
        keys = state.session_keys()
        if keys:
            active = ", ".join(sorted(PROVIDERS[name].title if name in PROVIDERS else name
                                      for name, value in keys.items() if value))
            st.success(f"Session key active: {active}")
            if st.button("Forget session key"):
                state.forget_session_keys()
                st.rerun()


def storage_notice() -> None:
    """Say at the top of every page when sessions cannot be saved or read, and why (once per page run)."""
    store = state.store()
    problem = store.problem
    if problem is not None and store.read_only:
        shown.show(problem, "warning", ":material/lock:", before="Your sessions can be read but not saved. ")
    elif problem is not None:
        shown.show(problem, "error", ":material/database:")
    if store.skipped:
        count = len(store.skipped)
        were = "were" if count != 1 else "was"
        st.warning(f"{count} damaged record{'s' if count != 1 else ''} in the session database could not be read "
                   f"and {were} left out; everything else is shown.", icon=":material/report:")
