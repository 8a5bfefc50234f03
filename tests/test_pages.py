"""Every page, driven with AppTest through a real offline session, saved in real SQLite."""
from __future__ import annotations

from core.spec import PracticeSpec
from services.storage import Store
from tests.apptest_helpers import all_text, button, chat_texts, goto, new_app, say


def _db(tmp_path):
    return Store(tmp_path / "parley.db")


def test_mock_interview_from_setup_to_transcript_on_feedback(tmp_path):
    at = new_app()  # on the mock interview page
    assert at.title[0].value == "Mock interview"
    at.selectbox(key="iv_domain").select("Finance & Banking")
    at.selectbox(key="iv_type").select("behavioral")
    at.slider(key="iv_count").set_value(3)
    at.text_area(key="iv_jd_text").input("Risk analyst at a retail bank. Basel III, stress testing.")
    button(at, "Start interview").click().run()
    assert not at.exception
    opening = chat_texts(at)
    assert len(opening) == 1 and opening[0][0] == "assistant" and "Hi, I'm Alex" in opening[0][1]

    answers = [
        "At my last job the situation was a failed audit. My task was to fix the reporting. I decided to "
        "rebuild the controls and as a result we cut errors by 60% in three months.",
        "I don't know",
        "We had a conflict on the team, so I talked to both people and in the end we shipped on time.",
    ]
    for answer in answers:
        say(at, answer)
    if "That was the last question" not in chat_texts(at)[-1][1]:  # the vague last answer may be asked again first
        answers.append("I pushed back on my director's loss forecast with the data, and we changed the model.")
        say(at, answers[-1])
    messages = chat_texts(at)
    assert [role for role, _ in messages] == ["assistant", "user"] * len(answers) + ["assistant"]
    assert "That was the last question" in messages[-1][1]
    assert any("Interview complete" in s.value for s in at.success)

    store = _db(tmp_path)
    [session] = store.list_sessions("interview")
    assert PracticeSpec.from_dict(session["spec"]).domain == "Finance & Banking"
    assert [t["content"] for t in store.turns(session["id"]) if t["role"] == "user"] == answers

    button(at, "End session").click().run()
    assert not at.exception
    assert at.title[0].value == "Feedback"
    transcript = [text for _, text in chat_texts(at)]
    assert answers[0] in transcript and "That was the last question" in transcript[-1]
    assert store.get_session(session["id"])["ended_at"]


def test_language_test_page(tmp_path):
    at = goto(new_app(), "pages/language.py")
    at.selectbox(key="lt_lang").select("fr")
    button(at, "Start test").click().run()
    opening = chat_texts(at)[0][1]
    assert "B1" in opening
    say(at, "J'aime beaucoup voyager en Italie avec mes amis pendant les vacances d'été.")
    assert len(chat_texts(at)) == 3
    assert "cannot correct grammar" in all_text(at)
    button(at, "End session").click().run()
    assert at.title[0].value == "Feedback"
    [session] = _db(tmp_path).list_sessions("language")
    assert session["spec"]["language"] == "fr"


def test_chat_page(tmp_path):
    at = goto(new_app(), "pages/chat.py")
    button(at, "Start a conversation").click().run()
    assert "scripted" in chat_texts(at)[0][1]
    say(at, "I just got back from a trip to Lisbon and it was amazing!")
    assert [r for r, _ in chat_texts(at)] == ["assistant", "user", "assistant"]
    button(at, "End session").click().run()
    assert at.title[0].value == "Feedback"


def test_feedback_with_nothing_saved():
    at = goto(new_app(), "pages/feedback.py")
    assert any("No saved sessions yet" in i.value for i in at.info)


def test_session_survives_a_restart_and_can_be_continued_and_deleted(tmp_path):
    at = goto(new_app(), "pages/chat.py")
    button(at, "Start a conversation").click().run()
    say(at, "Hello from before the restart.")

    restarted = goto(new_app(), "pages/feedback.py")  # a new process-like app run, same database
    assert "Hello from before the restart." in [t for _, t in chat_texts(restarted)]
    button(restarted, "Continue this session").click().run()
    assert restarted.title[0].value == "Chat"
    goto(restarted, "pages/chat.py")  # AppTest does not follow st.switch_page on later runs by itself
    say(restarted, "And hello after it.")
    [session] = _db(tmp_path).list_sessions()
    assert [t["content"] for t in _db(tmp_path).turns(session["id"]) if t["role"] == "user"] == [
        "Hello from before the restart.", "And hello after it."]

    goto(restarted, "pages/feedback.py")
    button(restarted, "Delete this session").click().run()
    button(restarted, "Yes, delete it").click().run()
    assert _db(tmp_path).list_sessions() == []
    assert any("No saved sessions yet" in i.value for i in restarted.info)


def test_sidebar_names_providers_and_keeps_pasted_key_secret(monkeypatch):
    monkeypatch.delenv("PARLEY_LLM")
    at = new_app()
    assert "Offline coach" in all_text(at) and "cannot hold an open conversation" in all_text(at)
    assert "Piper (offline)" in all_text(at) and "espeak-ng (offline) in other languages" in all_text(at)
    key_box = [t for t in at.text_input if t.label == "API key"][0]
    key_box.input("gsk_this_is_a_secret_key_123")
    button(at, "Use this key").click().run()
    assert not at.exception
    text = all_text(at)
    assert "llama-3.3-70b-versatile" in text and "Session key active: Groq" in text
    assert "gsk_this_is_a_secret_key_123" not in text
    assert [t for t in at.text_input if t.label == "API key"][0].value == ""
