"""Mock interview: set up, answer questions by text, end and go to feedback."""
import streamlit as st

from ui import practice, setup, sidebar, state

sidebar.render()
st.title("Mock interview")
session_id = state.active_session("interview")
if session_id is None:
    spec = setup.interview_form()
    if spec is not None:
        state.set_active_session("interview", state.store().create_session(spec))
        st.rerun()
else:
    convo = practice.conversation(session_id, placeholder="Type your answer…")
    if convo is not None:
        st.caption(convo.spec.title())
        answered = convo.answers_given()
        if convo.is_complete():
            st.success("Interview complete. End it to see your transcript and feedback.")
        if answered >= 1 and st.button("End interview", type="primary" if convo.is_complete() else "secondary"):
            convo.end()
            state.set_active_session("interview", None)
            st.session_state["feedback_session"] = session_id
            st.switch_page("pages/feedback.py")
