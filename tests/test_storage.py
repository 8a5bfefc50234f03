"""Storage on SQLite and on a real PostgreSQL: turns saved at once, survive a reopen, delete removes everything;
SQLite in WAL mode."""
from __future__ import annotations

import sqlite3

import pytest

from core.errors import StageError
from core.spec import PracticeSpec
from services.storage import Store


@pytest.fixture
def store(db_target):
    store = Store(db_target)
    assert store.problem is None, store.problem
    yield store
    store.dispose()


def test_turns_are_saved_and_survive_a_new_store(store, db_target):
    sid = store.create_session(PracticeSpec(mode="interview", num_questions=3))
    store.add_turn(sid, "assistant", "First question?", {"provider": "offline"})
    store.add_turn(sid, "user", "My answer.")
    store.dispose()
    again = Store(db_target)  # a restart
    turns = again.turns(sid)
    assert [(t["role"], t["content"]) for t in turns] == [("assistant", "First question?"), ("user", "My answer.")]
    assert turns[0]["meta"] == {"provider": "offline"}
    session = again.get_session(sid)
    assert session["mode"] == "interview" and session["turn_count"] == 2
    assert PracticeSpec.from_dict(session["spec"]).num_questions == 3


def test_wal_mode(tmp_path):
    store = Store(tmp_path / "parley.db")
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_list_filter_end_report_and_delete(store):
    a = store.create_session(PracticeSpec(mode="chat"))
    b = store.create_session(PracticeSpec(mode="language", language="fr"))
    store.add_turn(a, "user", "hello")
    assert {s["id"] for s in store.list_sessions()} == {a, b}
    assert [s["id"] for s in store.list_sessions("language")] == [b]
    store.end_session(b)
    store.save_report(b, {"overall": 7})
    got = store.get_session(b)
    assert got["ended_at"] and got["report"] == {"overall": 7}
    assert store.delete_session(a) is True
    assert store.get_session(a) is None and store.turns(a) == []
    from sqlalchemy import text

    with store.engine.connect() as conn:  # the turns are really gone, not just hidden
        assert conn.execute(text("SELECT COUNT(*) FROM turns WHERE session_id = :a"), {"a": a}).scalar() == 0
    assert store.delete_session(a) is False


def test_unwritable_path_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = Store(blocker / "sub" / "parley.db")  # opening never raises: the problem is kept and reported
    assert store.problem is not None and store.problem.code == "cannot_open"
    with pytest.raises(StageError) as info:
        store.create_session(PracticeSpec())
    assert info.value.stage == "storage" and "PARLEY_DB" in info.value.details


def test_bad_role_is_refused(store):
    sid = store.create_session(PracticeSpec())
    with pytest.raises(StageError) as info:
        store.add_turn(sid, "system", "nope")
    assert info.value.stage == "storage"
