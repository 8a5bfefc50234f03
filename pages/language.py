"""Language test: pick a language and level, then talk with a patient native speaker."""
import streamlit as st

from ui import practice, setup, sidebar, state

sidebar.render()
st.title("Language test")
session_id = state.active_session("language")
if session_id is None:
    spec = setup.language_form()
    if spec is not None:
        state.set_active_session("language", state.store().create_session(spec))
        st.rerun()
else:
    convo = practice.conversation(session_id, placeholder="Answer in the language you practise…")
    if convo is not None:
        st.caption(convo.spec.title())
        if convo.provider.name == "offline":
            st.caption("Offline coach: it asks native prompts and reacts to how much you say, but cannot "
                       "correct grammar. Add a key in the sidebar for inline corrections.")
        if convo.answers_given() >= 1 and st.button("End test"):
            convo.end()
            state.set_active_session("language", None)
            st.session_state["feedback_session"] = session_id
            st.switch_page("pages/feedback.py")
