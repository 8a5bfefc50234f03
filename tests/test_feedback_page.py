"""Feedback and History pages, driven with AppTest over sessions stored in real SQLite."""
from __future__ import annotations

import sqlite3

import pytest

from config import get_settings
from services.llm import get_provider
from services.storage import Store
from core.spec import PracticeSpec
from tests.apptest_helpers import button, goto, new_app
from tests.fakes.openai_server import Fault
from tests.report_helpers import ScriptedOpenAI, age, as_json, interview_llm_report, interview_session, language_session


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "parley.db")  # the app's database: conftest points PARLEY_DB here


@pytest.fixture
def llm(monkeypatch):
    """The app on OpenAI, pointed at a local fake that answers with a valid report."""
    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        for name, value in {"PARLEY_LLM": "openai", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.base_url,
                            "MAX_RETRIES": "0", "REQUEST_TIMEOUT": "5"}.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        get_provider.cache_clear()
        yield server


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def rows(store: Store, table: str, session_id: str) -> int:
    column = "id" if table == "sessions" else "session_id"
    with sqlite3.connect(store.path) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (session_id,)).fetchone()[0]


# ---- Feedback ------------------------------------------------------------------------------------------

def test_llm_report_is_generated_once_stored_and_never_regenerated_on_a_rerun(store, llm):
    sid = interview_session(store)
    at = goto(new_app(), "pages/feedback.py")
    assert not at.metric and any(b.label == "Generate report" for b in at.button)
    assert llm.chat_requests() == []  # nothing is written before the user asks (this session wasn't just ended)

    button(at, "Generate report").click().run()
    assert not at.exception
    assert len(llm.chat_requests()) == 1
    assert at.status[0].label == "Report ready and saved with the session"
    assert at.metric[0].label == "Overall" and at.metric[0].value == "7/10"
    text = markdown(at)
    assert "> “p99 latency dropped from 4 seconds to 300 milliseconds”" in text  # a quote, as a blockquote
    assert "#### A stronger answer" in text and "**Missed:** PACELC" in text
    assert any(c.value == "AI coach report" and "OpenAI" in (c.help or "") for c in at.caption)  # names in the details
    assert store.get_session(sid)["report"]["source"] == "llm"

    at.run()  # a plain rerun
    goto(at, "pages/chat.py")
    goto(at, "pages/feedback.py")  # and a visit to another page and back
    assert len(llm.chat_requests()) == 1  # read from storage, not written again
    assert at.metric[0].value == "7/10" and not at.status
    assert [b.label for b in at.download_button] == ["Download Markdown", "Download PDF"]

    button(at, "Regenerate report").click().run()  # only an explicit click writes a new one
    assert len(llm.chat_requests()) == 2


def test_a_failing_llm_shows_the_offline_report_and_says_why(store, llm):
    interview_session(store)
    llm.fail_next(Fault(status=500), Fault(status=500))
    at = goto(new_app(), "pages/feedback.py")
    button(at, "Generate report").click().run()
    assert not at.exception
    assert any("offline report instead" in w.value and "problem on its side" in w.value for w in at.warning)
    assert any(c.value == "Offline estimate (the AI coach report failed)" for c in at.caption)


def test_offline_report_shows_measured_delivery_from_the_voice_answer(store):
    sid = interview_session(store)
    at = goto(new_app(), "pages/feedback.py")
    button(at, "Generate report").click().run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Pace"] == "131 wpm" and metrics["Long pauses"] == "2" and metrics["Fillers per minute"] == "17.1"
    assert any("below the comfortable 140–160 wpm band" in c.value for c in at.caption)
    assert any(c.value == "Offline estimate" for c in at.caption)
    assert any("Offline estimate. Key points" in i.value and "by meaning" in i.value and "claim checker" in i.value
               for i in at.info)
    assert "**Structure (STAR)**" in "\n".join(p.proto.text for p in at.get("progress"))
    assert store.get_session(sid)["report"]["speech"]["wpm"] == 131.0


def test_language_report_shows_the_level_and_estimates(store):
    language_session(store)
    at = goto(new_app(), "pages/feedback.py")
    button(at, "Generate report").click().run()
    metrics = {m.label: m.value for m in at.metric}
    # A short B1-ish answer pair: 28 words give a wide range, so the exact level is the model's call.
    assert metrics["Estimated CEFR level"] in ("B1", "B2")
    assert "#### Corrections" in markdown(at)
    assert "Pronunciation**: 6/10 · estimate" in "\n".join(p.proto.text for p in at.get("progress"))


def test_ending_a_session_writes_its_report_on_arrival(store):
    sid = interview_session(store)
    at = new_app()
    at.session_state["feedback_session"] = sid  # what "End interview" hands over
    goto(at, "pages/feedback.py")
    assert at.metric[0].label == "Overall" and store.get_session(sid)["report"] is not None


def test_a_session_without_answers_has_no_report_button(store):
    sid = interview_session(store)
    for turn in store.turns(sid):
        if turn["role"] == "user":
            store.delete_turn(turn["id"])
    at = goto(new_app(), "pages/feedback.py")
    assert any("nothing to report on" in i.value for i in at.info)
    assert not any(b.label == "Generate report" for b in at.button)


# ---- History ------------------------------------------------------------------------------------------

def _history_with_three_sessions(store: Store) -> dict[str, str]:
    from config import Settings
    from services.report import generate_report

    ids = {"old": interview_session(store), "language": language_session(store), "new": interview_session(store)}
    for days, key in ((9, "old"), (5, "language"), (1, "new")):
        session = store.get_session(ids[key])
        store.save_report(ids[key], generate_report(session, store.turns(ids[key]), Settings(parley_llm="offline")))
        age(store, ids[key], days)
    return ids


def test_history_lists_sessions_filters_by_mode_and_charts_progress(store):
    _history_with_three_sessions(store)
    at = goto(new_app(), "pages/history.py")
    assert at.title[0].value == "History"
    table = at.dataframe[0].value
    assert len(table) == 3 and set(table["mode"]) == {"Mock interview", "Language test"}
    assert table["overall"].notna().all()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3  # overall score, pace, fillers per minute
    assert "Overall score" in charts[0].proto.spec and "Pace (words per minute)" in charts[1].proto.spec
    assert len(at.main.expander) == 3

    at.radio(key="hist_mode").set_value("language").run()
    assert [e.label.split(" · ")[1] for e in at.main.expander] == ["Spanish test"]
    assert len(at.dataframe[0].value) == 1
    assert [b.label for b in at.get("download_button")] == ["Download Markdown", "Download PDF"]


def test_history_open_shows_the_session_on_feedback_without_writing_a_report(store):
    ids = _history_with_three_sessions(store)
    chat = store.create_session(PracticeSpec(mode="chat"))
    store.add_turn(chat, "user", "Just chatting about my weekend.")
    at = goto(new_app(), "pages/history.py")
    at.button(key=f"hist_open_{chat}").click().run()
    goto(at, "pages/feedback.py")  # AppTest does not follow st.switch_page on later runs by itself
    assert at.selectbox(key="fb_pick").value == chat
    assert store.get_session(chat)["report"] is None  # opening is not generating
    assert any(b.label == "Generate report" for b in at.button)
    assert all(store.get_session(i)["report"] for i in ids.values())


def test_history_delete_removes_the_session_from_sqlite(store):
    ids = _history_with_three_sessions(store)
    victim = ids["old"]
    assert rows(store, "sessions", victim) == 1 and rows(store, "turns", victim) == 5
    at = goto(new_app(), "pages/history.py")
    at.button(key=f"hist_delete_{victim}").click().run()
    assert any("for good" in w.value for w in at.warning)
    assert rows(store, "sessions", victim) == 1  # nothing is deleted before the confirmation
    at.button(key=f"hist_yes_{victim}").click().run()
    assert not at.exception
    assert rows(store, "sessions", victim) == 0 and rows(store, "turns", victim) == 0
    assert len(at.dataframe[0].value) == 2 and len(at.main.expander) == 2


def test_empty_database_gets_a_friendly_message_on_both_pages():
    at = goto(new_app(), "pages/history.py")
    assert any("No sessions here yet" in i.value for i in at.info)
    assert not at.get("vega_lite_chart") and not at.dataframe
    goto(at, "pages/feedback.py")
    assert any("No saved sessions yet" in i.value for i in at.info)
