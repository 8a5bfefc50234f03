"""A newcomer's first five minutes, through the pages with AppTest: the front door, no dead ends,
resuming after a reload, and small things that read as unfinished."""
from __future__ import annotations

import pytest

from services.storage import Store
from tests.apptest_helpers import all_text, button, chat_texts, goto, new_app, say

pytestmark = pytest.mark.slow


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "parley.db")  # the app's database: conftest points PARLEY_DB here


def _start_interview(at, count: int = 2):
    at.selectbox(key="iv_domain").select("Finance & Banking")
    at.slider(key="iv_count").set_value(count)
    button(at, "Start interview").click().run()
    assert not at.exception, at.exception
    return at


def test_the_front_door_says_what_parley_is_and_starts_practising_in_one_click():
    at = new_app(page=None)
    assert at.title[0].value == "Parley"
    text = all_text(at)
    assert "no key and no internet" in text and "key adds" in text
    for label in ("Start a mock interview", "Start a language test", "Start a chat", "Start a call"):
        assert any(b.label == label for b in at.button), label
    button(at, "Start a mock interview").click().run()
    assert not at.exception and at.title[0].value == "Mock interview"


def test_the_sidebar_speaks_plain_words_and_keeps_technical_names_in_an_expander():
    at = new_app(page=None)
    top = [m.value for m in at.sidebar.markdown]
    assert "**Voice:** offline voice" in top and any(m.startswith("**Coach:** offline coach") for m in top)
    assert any(m.startswith("**Listening:** offline speech recognition") for m in top)
    [details] = [e for e in at.sidebar.expander if e.label == "Technical details"]
    inside = "\n".join(m.value for m in details.markdown)
    assert "Piper" in inside
    outside = "\n".join(m.value for m in at.sidebar.markdown if m not in details.markdown)
    for jargon in ("Piper", "espeak", "LLM_BASE_URL", "vLLM", "gTTS"):
        assert jargon not in outside + "\n".join(c.value for c in at.sidebar.caption if c not in details.caption)


def test_skipping_every_question_still_offers_end_session_and_the_way_on():
    at = _start_interview(new_app(), count=2)
    say(at, "skip")
    say(at, "skip")
    assert any("Interview complete" in s.value for s in at.success)
    button(at, "End session").click().run()
    assert not at.exception and at.title[0].value == "Feedback"
    labels = {b.label for b in at.button}
    # A finished interview is not continued (that led to a chat that could only say "press End session"):
    # the ways on are practising a question again and a new interview.
    assert "Start a new interview" in labels and "Continue this session" not in labels
    assert "practise any question again" in all_text(at)
    button(at, "Start a new interview").click().run()
    assert not at.exception and at.title[0].value == "Mock interview"
    assert any(b.label == "Start interview" for b in at.button)


def test_a_reload_mid_interview_offers_to_resume_on_its_own_page_and_on_home(store):
    at = _start_interview(new_app(), count=3)
    say(at, "I moved into finance after an internship at a credit union, where I built their loan models.")
    reloaded = new_app()  # a new browser session: nothing in session state, same database
    assert any("unfinished session" in m.value for m in reloaded.markdown)
    button(reloaded, "Resume it").click().run()
    assert not reloaded.exception
    texts = [t for _, t in chat_texts(reloaded)]
    assert any("credit union" in t for t in texts) and len(texts) == 3
    home = new_app(page=None)
    assert any("Pick up where you left off" in m.value for m in home.markdown)


def test_an_unfinished_session_can_be_ended_from_the_offer(store):
    at = _start_interview(new_app(), count=3)
    say(at, "I moved into finance after an internship at a credit union, where I built their loan models.")
    reloaded = new_app()
    button(reloaded, "End it and see feedback").click().run()
    assert not reloaded.exception and reloaded.title[0].value == "Feedback"
    [session] = store.list_sessions("interview")
    assert session["ended_at"] and session["report"] is not None


def test_the_coach_and_the_button_name_the_same_action():
    at = _start_interview(new_app(), count=1)
    say(at, "I like the pace of markets and I built a small valuation model for a local company last year.")
    if "End session" not in chat_texts(at)[-1][1]:  # some questions earn one follow-up first
        say(at, "Last year I modelled a bakery's cash flow; the owner used it to get a 40,000 pound loan.")
    last = chat_texts(at)[-1][1]
    assert "End session" in last and "End interview" not in last
    assert any(b.label == "End session" for b in at.button)


def test_the_chat_partner_says_it_is_scripted_once_per_reply():
    at = goto(new_app(), "pages/chat.py")
    button(at, "Start a conversation").click().run()
    say(at, "Pretty good, thanks. What did you do this weekend?")
    reply = chat_texts(at)[-1][1].lower()
    assert reply.count("scripted") == 1


def test_upload_hint_matches_the_document_limit():
    from services.documents import MAX_FILE_BYTES

    at = new_app()
    uploaders = [u for u in at.get("file_uploader") if "job description" in u.proto.label.lower()]
    assert uploaders and all(u.proto.max_upload_size_mb == MAX_FILE_BYTES // (1024 * 1024) for u in uploaders)


def test_the_coach_and_the_report_name_the_same_filler_and_write_I_as_I():
    from core.coach.assess import assess
    from core.coach.interview import react
    from core.feedback import offline_report
    from core.banks import all_questions

    question = all_questions()["cs-technical-02"]
    answer = ("Um, so a hash table, you know, maps keys to buckets, um, with a hash function, you know. And I think "
              "collisions are handled by chaining, I think, and lookups are constant time on average.")
    reaction = react(assess(answer, question), question, 1)
    report = offline_report([{"question": question["question"], "question_id": question["id"], "answer": answer}],
                            "interview")
    said = [item["point"] for item in report["improvements"] if "filler" in item["point"]]
    assert "mostly “um”" in reaction and said and "mostly “um”" in said[0]
    confidence = " ".join(report["criteria"]["confidence"]["evidence"])
    assert "“I think”" in confidence and "“i think”" not in confidence


def test_history_cells_are_blank_not_none_and_rows_keep_their_order_after_a_report(store):
    from config import Settings
    from core.spec import PracticeSpec
    from services.report import generate_report
    from tests.report_helpers import interview_session

    older = store.create_session(PracticeSpec(mode="chat"))  # no report, no voice: empty cells
    store.add_turn(older, "assistant", "Hi! How was your week?")
    store.add_turn(older, "user", "Busy but good, I finished a big project at work.")
    newer = interview_session(store)
    at = goto(new_app(), "pages/history.py")
    table = at.dataframe[0].value
    assert "None" not in table.astype(str).to_string() and "nan" not in table.astype(str).to_string()
    before = list(table["title"])
    session = store.get_session(older)  # writing a report touches the session's "updated" time
    store.save_report(older, generate_report(session, store.turns(older), Settings(parley_llm="offline")))
    at = goto(new_app(), "pages/history.py")
    assert list(at.dataframe[0].value["title"]) == before  # newest first by date of practice, not of report
    assert newer
