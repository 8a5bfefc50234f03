"""Parley: practise interviews, language tests and conversation, by text or voice."""
import streamlit as st

st.set_page_config(page_title="Parley — speaking practice", page_icon="🎙️", layout="centered")

navigation = st.navigation(
    [
        st.Page("pages/interview.py", title="Mock interview", icon="💼", default=True),
        st.Page("pages/language.py", title="Language test", icon="🌍"),
        st.Page("pages/chat.py", title="Chat", icon="💬"),
        st.Page("pages/live.py", title="Live voice", icon="🎧"),
        st.Page("pages/feedback.py", title="Feedback", icon="📊"),
        st.Page("pages/history.py", title="History", icon="📈"),
    ]
)
navigation.run()
