"""Review of weak answers, read from storage (services.review, services.storage.history): the stored reports'
per-answer scores and practise-again attempts feed the schedule, per visitor, on SQLite and PostgreSQL."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from config import get_settings
from core import banks
from core.asked import record
from core.spec import PracticeSpec
from services.report import generate_report
from services.review import due_questions, scored_attempts
from services.storage import ANY_OWNER, Store
from services.storage.history import sessions_with_answers
from services.storage.schema import attempts, sessions

CS = [q["id"] for q in banks.questions_for("Computer Science & Technology")]
ME, THEM = "anon:" + "a" * 64, "anon:" + "b" * 64
DAY = 86400.0


def days_ago(n: float) -> float:
    return time.time() - n * DAY


def interview(store: Store, answers: list[tuple[str | None, str]], scores: list | None, owner=None,
              when: float | None = None) -> str:
    """An ended interview: (bank id or None for a written question, answer) pairs, a stored report with
    `scores` (None: no report), dated `when`."""
    sid = store.create_session(PracticeSpec(mode="interview", num_questions=len(answers)), owner=owner)
    for qid, answer in answers:
        text = banks.all_questions()[qid]["question"] if qid else "Tell me about the Lisbon migration on your CV?"
        store.add_turn(sid, "assistant", f"Next question: {text}", {"asks": record(text, qid)})
        store.add_turn(sid, "user", answer, {"input": "text"})
    store.add_turn(sid, "assistant", "That was the last question — thanks.", {"asks": None})
    store.end_session(sid)
    if scores is not None:
        store.save_report(sid, {"answers": [{"answer": a, "score": s} for (_, a), s in zip(answers, scores)]})
    if when is not None:
        with store.engine.begin() as c:
            c.execute(update(sessions).where(sessions.c.id == sid).values(created_at=when, updated_at=when,
                                                                            ended_at=when))
    return sid


def retry(store: Store, sid: str, index: int, score: int | None, when: float) -> None:
    """A practise-again attempt at answer `index`, with its kept judgement (None: kept without one)."""
    meta = {"input": "text", **({"judgement": {"score": score, "covered": 1, "missing": 0}} if score else {})}
    attempt = store.add_attempt(sid, index, "the question", "a new answer", meta)
    with store.engine.begin() as c:
        c.execute(update(attempts).where(attempts.c.id == attempt["id"]).values(created_at=when))


@pytest.fixture
def store(db_target):
    opened = Store(db_target)
    yield opened
    opened.dispose()


def due_ids(store: Store, owner=ME) -> list[str]:
    return [r.question_id for r in due_questions(store, owner, date.today())]


def test_weak_answers_of_a_reported_session_are_due_after_a_day(store):
    interview(store, [(CS[0], "Not sure."), (CS[1], "A long strong answer."), (None, "Written question.")],
              [3, 9, 2], owner=ME, when=days_ago(3))
    assert due_ids(store) == [CS[0]]  # the strong one is not weak; the written question has no bank id
    interview(store, [(CS[2], "Hmm.")], [4], owner=ME, when=time.time())
    assert due_ids(store) == [CS[0]]  # answered weakly today: due tomorrow, not today


def test_a_strong_practise_again_attempt_moves_a_question_out_of_today(store):
    sid = interview(store, [(CS[0], "Not sure."), (CS[1], "Also not sure.")], [3, 4], owner=ME, when=days_ago(3))
    retry(store, sid, 0, 9, time.time())
    retry(store, sid, 1, None, time.time())  # kept without a judgement: not scored, so it changes nothing
    assert due_ids(store) == [CS[1]]
    retry(store, sid, 1, 2, days_ago(2))  # a weak retry two days ago: due since yesterday, still due
    assert due_ids(store) == [CS[1]]


def test_attempts_count_even_when_the_session_has_no_report(store):
    sid = interview(store, [(CS[0], "Not sure.")], None, owner=ME, when=days_ago(5))
    assert due_ids(store) == []
    retry(store, sid, 0, 3, days_ago(2))
    assert due_ids(store) == [CS[0]]


def test_a_visitor_sees_only_their_own_queue(store):
    interview(store, [(CS[0], "Not sure.")], [2], owner=ME, when=days_ago(2))
    interview(store, [(CS[1], "No idea.")], [2], owner=THEM, when=days_ago(2))
    assert due_ids(store, ME) == [CS[0]]
    assert due_ids(store, THEM) == [CS[1]]
    assert due_ids(store, "anon:" + "c" * 64) == []
    assert sorted(due_ids(store, ANY_OWNER)) == sorted(CS[:2])  # a single-user install sees every session


def test_other_modes_and_damaged_reports_are_left_out(store):
    chat = store.create_session(PracticeSpec(mode="chat"), owner=ME)
    store.add_turn(chat, "user", "Hello.")
    store.save_report(chat, {"answers": [{"answer": "Hello.", "score": 1}]})
    sid = interview(store, [(CS[0], "Not sure.")], None, owner=ME, when=days_ago(2))
    store.save_report(sid, {"answers": "not a list"})
    assert due_ids(store) == []


def test_history_reads_turns_and_attempts_of_many_sessions_at_once(store):
    ids = [interview(store, [(CS[i], f"Answer {i}.")], [5], owner=ME) for i in range(3)]
    retry(store, ids[1], 0, 8, time.time())
    found = {s["id"]: s for s in sessions_with_answers(store, "interview", owner=ME)}
    assert set(found) == set(ids)
    assert [t["role"] for t in found[ids[0]]["turns"]] == ["assistant", "user", "assistant"]
    assert found[ids[0]]["turns"] == store.turns(ids[0])
    assert [a["meta"]["judgement"]["score"] for a in found[ids[1]]["attempts"]] == [8]
    assert sessions_with_answers(store, "interview", owner=THEM) == []


def test_dates_are_the_visitors_day():
    late = datetime(2026, 11, 2, 23, 30, tzinfo=timezone.utc).timestamp()
    session = {"spec": {"num_questions": 1}, "report": {"answers": [{"score": 2}]}, "ended_at": late,
               "created_at": late, "attempts": [],
               "turns": [{"role": "assistant", "content": "Q?", "meta": {"asks": record("Q?", CS[0])}},
                         {"role": "user", "content": "Hmm, no idea really.", "meta": {}}]}
    assert scored_attempts(session, timezone.utc)[0].on == date(2026, 11, 2)
    assert scored_attempts(session, timezone(timedelta(hours=9)))[0].on == date(2026, 11, 3)  # Tokyo


@pytest.mark.slow
def test_the_offline_reports_own_score_puts_a_thin_answer_in_the_queue(tmp_path):
    store = Store(tmp_path / "parley.db")
    hash_table = next(q for q in banks.all_questions().values() if "hash table" in q["question"].lower())
    sid = interview(store, [(hash_table["id"], "It's fast, um, like a dictionary I think.")], None, owner=ME)
    session = store.get_session(sid)
    report = generate_report(session, store.turns(sid), get_settings())
    store.save_report(sid, report)
    assert report["answers"][0]["score"] < 7
    tomorrow = date.today() + timedelta(days=1)
    assert [r.question_id for r in due_questions(store, ME, tomorrow)] == [hash_table["id"]]
