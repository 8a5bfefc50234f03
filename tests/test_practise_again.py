"""Practise again: a question of a finished session answered anew, stored, and judged beside the earlier try."""
from __future__ import annotations

import pytest

from core.attempts import attempt_lines, attempt_turn, compare, judged, short_judgement, verdict
from core.spec import PracticeSpec
from services.storage import Store
from tests.apptest_helpers import all_text, button, goto, new_app

HASH_Q = "How does a hash table work, and what are its average and worst-case lookup times?"
THIN = "It's like a dictionary, you put a key in and get the value out. It's fast, um, constant time I think."
BETTER = ("A hash table keeps values in an array. A hash function turns each key into an index, so a lookup "
          "goes straight to the right bucket. When two keys land in the same bucket you chain them in a small "
          "list or probe for the next free slot. On average lookups are O(1), but if everything collides it "
          "degrades to O(n), so the table resizes once the load factor passes about 0.75.")


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "parley.db")  # the app's database: conftest points PARLEY_DB here


def _session(store: Store) -> str:
    sid = store.create_session(PracticeSpec(mode="interview", domain="Computer Science & Technology",
                                            interview_type="technical", num_questions=1))
    store.add_turn(sid, "assistant", f"Hi, I'm Alex. First question: {HASH_Q}", {"provider": "offline"})
    store.add_turn(sid, "user", THIN, {"input": "text"})
    store.add_turn(sid, "assistant", "That was the last question. Press End session to see your feedback.", {})
    store.end_session(sid)
    return sid


def test_compare_reports_the_score_change_and_points_newly_covered():
    before = {"question": HASH_Q, "answer": THIN}
    result = compare(before, attempt_turn(before, BETTER), "interview")
    assert result["score_change"] > 0
    assert result["newly_covered"] and set(result["newly_covered"]) <= set(result["after"]["covered"])
    assert result["before"]["fillers"] == 1 and result["after"]["fillers"] == 0 and result["filler_change"] == -1


def test_compare_of_a_worse_attempt_says_so():
    before = {"question": HASH_Q, "answer": BETTER}
    result = compare(before, attempt_turn(before, THIN), "interview")
    assert result["score_change"] < 0 and result["after"]["score"] < result["before"]["score"]


def test_spoken_attempts_compare_pace():
    before = {"question": HASH_Q, "answer": THIN, "metrics": {"wpm": 190.0, "filler_total": 3}}
    after = attempt_turn(before, BETTER, {"input": "voice", "metrics": {"wpm": 150.0, "filler_total": 1}})
    result = compare(before, after, "interview")
    assert result["wpm_change"] == -40.0 and result["filler_change"] == -2


def test_attempts_are_stored_per_session_and_deleted_with_it(store):
    sid = _session(store)
    store.add_attempt(sid, 0, HASH_Q, BETTER, {"input": "text"})
    [attempt] = store.attempts(sid)
    assert attempt["answer"] == BETTER and attempt["answer_index"] == 0
    assert store.attempt_counts() == {sid: 1}
    store.delete_session(sid)
    assert store.attempts(sid) == [] and store.attempt_counts() == {}


@pytest.mark.slow
def test_a_second_attempt_from_the_report_is_stored_and_shown_beside_the_first(store):
    sid = _session(store)
    at = new_app()
    at.session_state["feedback_open"] = sid
    goto(at, "pages/feedback.py")
    button(at, "Generate report").click().run()
    assert not at.exception
    assert any(m.value.startswith("### Practise again") for m in at.markdown)
    at.text_area(key=f"again_text_{sid}_0").input(BETTER)
    [submit] = [b for b in at.button if b.label == "Submit new attempt"]
    submit.click().run()
    assert not at.exception, at.exception
    [attempt] = store.attempts(sid)
    assert attempt["answer"] == BETTER
    score = next(m for m in at.metric if m.label == "Score /10")
    assert score.delta.startswith("+")
    assert "Newly covered" in all_text(at)
    # The transcript keeps the original answer; History counts the attempt.
    assert [t["content"] for t in store.turns(sid) if t["role"] == "user"] == [THIN]
    history = goto(at, "pages/history.py")
    assert any("practised again 1×" in e.label for e in history.expander)
    # The judgement kept with the attempt is the one the Feedback page showed.
    [kept] = [m.value for m in history.markdown if "Attempt 2:" in m.value]
    assert f"Attempt 2: “{BETTER}” — {score.value}/10" in kept


def test_attempt_lines_use_the_judgement_kept_with_each_attempt_and_judge_older_ones_again():
    original = {"question": HASH_Q, "answer": THIN}
    kept = [{"answer": BETTER, "meta": {"judgement": {"score": 9, "covered": 3, "missing": 0},
                                        "earlier_judgement": {"score": 1, "covered": 0, "missing": 2}}},
            {"answer": THIN, "meta": {"input": "text"}}]  # kept before judgements were: judged here
    rows = attempt_lines(original, kept, "interview")
    assert [(r["n"], r["answer"]) for r in rows] == [(1, THIN), (2, BETTER), (3, THIN)]
    assert short_judgement(rows[0]["judgement"]) == "1/10 · 0 key points covered · 2 missing"
    assert short_judgement(rows[1]["judgement"]) == "9/10 · 3 key points covered · 0 missing"
    assert rows[2]["judgement"] == verdict(judged(attempt_turn(original, THIN), "interview"))
    assert short_judgement({"score": 6, "covered": 0, "missing": 0}) == "6/10"  # no key points: the score alone


@pytest.mark.slow
def test_history_shows_what_was_said_on_each_attempt_and_its_judgement(store):
    """Issue 29: History counted attempts but never showed what the user said on each one or how it was judged."""
    sid = _session(store)
    store.add_attempt(sid, 0, HASH_Q, BETTER, {"input": "text"})
    at = new_app()
    goto(at, "pages/history.py")
    [shown] = [m.value for m in at.markdown if "Attempt 2:" in m.value]
    first, second = (verdict(judged(t, "interview")) for t in
                     ({"question": HASH_Q, "answer": THIN}, {"question": HASH_Q, "answer": BETTER}))
    assert shown.startswith(f"Question 1: {HASH_Q}")
    assert f"- Attempt 1: “{THIN}” — {short_judgement(first)}" in shown
    assert f"- Attempt 2: “{BETTER}” — {short_judgement(second)}" in shown
    assert second["score"] > first["score"] and second["covered"] > 0


@pytest.mark.slow
def test_the_new_answer_stays_on_screen_with_its_judgement_and_reaches_both_exports(store):
    """Issue 29: the form emptied on Submit, so the user could not see what was judged; exports left attempts out."""
    from services.export import report_markdown, report_pdf

    sid = _session(store)
    at = new_app()
    at.session_state["feedback_open"] = sid
    goto(at, "pages/feedback.py")
    button(at, "Generate report").click().run()
    at.text_area(key=f"again_text_{sid}_0").input(BETTER)
    [submit] = [b for b in at.button if b.label == "Submit new attempt"]
    submit.click().run()
    assert not at.exception, at.exception
    shown = all_text(at)
    assert "A hash function turns each key into an index" in shown and "Newly covered" in shown
    session, turns, attempts = store.get_session(sid), store.turns(sid), store.attempts(sid)
    markdown = report_markdown(session, turns, None, attempts)
    assert "## Practised again" in markdown and "A hash function turns each key into an index" in markdown
    assert f"Question 1: {HASH_Q}" in markdown  # the examiner's question, not "Hi, I'm Alex…"
    pdf = report_pdf(session, turns, None, attempts)
    assert pdf.startswith(b"%PDF") and len(pdf) > len(report_pdf(session, turns, None))


@pytest.mark.slow
def test_a_language_tests_practise_again_question_is_the_examiners_question_not_the_greeting(store):
    greeting = ("¡Hola! Soy tu examinadora. Vamos a hablar unos minutos en español, con calma. "
                "Para empezar, ¿qué te gusta hacer los fines de semana?")
    sid = store.create_session(PracticeSpec(mode="language", language="es", level="B1"))
    store.add_turn(sid, "assistant", greeting, {"provider": "offline"})
    store.add_turn(sid, "user", "Me gusta caminar por el parque con mi perro y leer novelas.", {"input": "text"})
    store.end_session(sid)
    at = new_app()
    at.session_state["feedback_open"] = sid
    goto(at, "pages/feedback.py")
    button(at, "Generate report").click().run()
    assert not at.exception, at.exception
    picker = at.selectbox(key=f"again_pick_{sid}")
    assert picker.options == ["1. Para empezar, ¿qué te gusta hacer los fines de semana?"]
    assert any(m.value == "> Para empezar, ¿qué te gusta hacer los fines de semana?" for m in at.markdown)
