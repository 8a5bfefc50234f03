"""Parley: practise interviews, language tests and conversation, by text or voice."""
import streamlit as st

from ui import stale_ticks

# A fragment rerun still in flight when a page switches (Live voice's panel ticks every 300 ms) must not
# blank the next page: see ui/stale_ticks.py. Idempotent, so every run may call it.
stale_ticks.install()

st.set_page_config(page_title="Parley — speaking practice", page_icon=":material/record_voice_over:",
                   layout="centered")

navigation = st.navigation(
    [
        st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
        st.Page("pages/interview.py", title="Mock interview", icon=":material/work:"),
        st.Page("pages/language.py", title="Language test", icon=":material/translate:"),
        st.Page("pages/chat.py", title="Chat", icon=":material/forum:"),
        st.Page("pages/live.py", title="Live voice", icon=":material/headset_mic:"),
        st.Page("pages/feedback.py", title="Feedback", icon=":material/analytics:"),
        st.Page("pages/history.py", title="History", icon=":material/timeline:"),
    ]
)
navigation.run()
