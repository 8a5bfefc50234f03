"""Free conversation practice with a casual colleague."""
import streamlit as st

from ui import practice, setup, sidebar, state

sidebar.render()
st.title("Chat")
session_id = state.active_session("chat")
if session_id is None:
    st.write("Practise speaking about anything: your day, your work, your plans.")
    spec = setup.chat_form()
    if spec is not None:
        state.set_active_session("chat", state.store().create_session(spec))
        st.rerun()
else:
    convo = practice.conversation(session_id, placeholder="Say something…")
    if convo is not None and convo.answers_given() >= 1 and st.button("End conversation"):
        convo.end()
        state.set_active_session("chat", None)
        st.session_state["feedback_session"] = session_id
        st.switch_page("pages/feedback.py")
