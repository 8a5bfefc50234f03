"""Migrations: a SQLite file written by every earlier version of Parley upgrades in place with nothing lost,
and replicas starting together on an empty PostgreSQL migrate it exactly once, none failing.

The old schemas below are copied from services/storage.py at the commits named (git history), with the
PRAGMA user_version each wrote: builds before versions wrote 0 and may already hold later columns or tables.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pytest
from sqlalchemy import text

from core.spec import PracticeSpec
from services.storage import SCHEMA_VERSION, Store, passage_vectors
from services.storage.schema import REVISIONS

FIRST = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, mode TEXT NOT NULL, title TEXT NOT NULL,
    spec_json TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL, ended_at REAL, report_json TEXT);
CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')), content TEXT NOT NULL,
    meta_json TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS turns_by_session ON turns(session_id, id);
CREATE INDEX IF NOT EXISTS sessions_by_time ON sessions(updated_at);
"""
SUMMARY = "ALTER TABLE sessions ADD COLUMN summary_json TEXT;"
OWNER = "ALTER TABLE sessions ADD COLUMN owner TEXT; " \
        "CREATE INDEX IF NOT EXISTS sessions_by_owner ON sessions(owner, updated_at);"
ATTEMPTS = """
CREATE TABLE IF NOT EXISTS attempts (id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, answer_index INTEGER NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, meta_json TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_by_session ON attempts(session_id, id);
"""
BUDGETS = """
CREATE TABLE IF NOT EXISTS budgets (owner TEXT PRIMARY KEY, tokens FLOAT NOT NULL, updated_at FLOAT NOT NULL);
CREATE TABLE IF NOT EXISTS daily_calls (day TEXT PRIMARY KEY, calls INTEGER NOT NULL);
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
INSERT INTO alembic_version (version_num) VALUES ('0004_budgets');
"""
# (name, schema script, PRAGMA user_version it wrote)
VERSIONS = [
    ("f148dd9 first SQLite schema", FIRST, 0),
    ("61c1209 attempts, no version", FIRST + ATTEMPTS, 0),
    ("b4958eb rolling summary, no version", FIRST + SUMMARY, 0),
    ("a9c38d0 schema 2: owners and summaries", FIRST + SUMMARY + OWNER, 2),
    ("2b3e64d schema 3: attempts", FIRST + SUMMARY + OWNER + ATTEMPTS, 3),
    ("1adfd4e schema 4: Alembic, budgets", FIRST + SUMMARY + OWNER + ATTEMPTS + BUDGETS, 4),
]


def _old_file(path, script: str, version: int) -> dict:
    """A file as that version left it, with two sessions, turns (one with odd text) and what else it had."""
    spec = json.dumps(PracticeSpec(mode="interview", num_questions=2).to_dict())
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(script)
        columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
        for n, sid in enumerate(("s1", "s2")):
            db.execute("INSERT INTO sessions (id, mode, title, spec_json, created_at, updated_at, ended_at, "
                       "report_json) VALUES (?, 'interview', 'General interview', ?, ?, ?, ?, ?)",
                       (sid, spec, 100.0 + n, 200.0 + n, 300.0 if n else None, json.dumps({"overall": 6}) if n else None))
        if "summary_json" in columns:
            db.execute("UPDATE sessions SET summary_json = ? WHERE id = 's1'", (json.dumps({"text": "so far"}),))
        if "owner" in columns:
            db.execute("UPDATE sessions SET owner = 'anon:' || id")
        for i, (sid, role, content) in enumerate([("s1", "assistant", "First question?"), ("s1", "user", "Ünïcode ✓"),
                                                  ("s2", "assistant", "Q"), ("s2", "user", "A")]):
            db.execute("INSERT INTO turns (session_id, role, content, meta_json, created_at) VALUES (?,?,?,?,?)",
                       (sid, role, content, json.dumps({"n": i}), 150.0 + i))
        if "CREATE TABLE IF NOT EXISTS attempts" in script:
            db.execute("INSERT INTO attempts (session_id, answer_index, question, answer, created_at) "
                       "VALUES ('s2', 0, 'Q', 'A better answer', 400.0)")
        db.execute(f"PRAGMA user_version = {version}")
        return {"owner": "owner" in columns, "summary": "summary_json" in columns,
                "attempts": "CREATE TABLE IF NOT EXISTS attempts" in script}


@pytest.mark.parametrize("name, script, version", VERSIONS, ids=[v[0].split()[0] for v in VERSIONS])
def test_every_earlier_sqlite_file_upgrades_in_place_with_nothing_lost(tmp_path, name, script, version):
    path = tmp_path / "parley.db"
    had = _old_file(path, script, version)
    store = Store(path)
    assert store.problem is None, store.problem
    assert store.migrated is True
    sessions = {s["id"]: s for s in store.list_sessions()}
    assert set(sessions) == {"s1", "s2"}
    assert sessions["s2"]["report"] == {"overall": 6} and sessions["s2"]["ended_at"] == 300.0
    assert sessions["s1"]["created_at"] == 100.0 and sessions["s1"]["turn_count"] == 2
    assert [(t["role"], t["content"], t["meta"]) for t in store.turns("s1")] == [
        ("assistant", "First question?", {"n": 0}), ("user", "Ünïcode ✓", {"n": 1})]
    assert store.get_summary("s1") == ({"text": "so far"} if had["summary"] else None)
    assert sessions["s1"]["owner"] == ("anon:s1" if had["owner"] else None)
    assert [a["answer"] for a in store.attempts("s2")] == (["A better answer"] if had["attempts"] else [])
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(REVISIONS[-1],)]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # The new parts work on the upgraded file, and a second start finds nothing to do.
    passage_vectors.save(store, "model", ["a passage"], np.ones((1, 3), dtype=np.float32))
    assert list(passage_vectors.load(store, "model", ["a passage"])) == ["a passage"]
    store.add_attempt("s1", 0, "First question?", "Again")
    turn = store.add_turn("s1", "user", "After the upgrade.")
    assert turn["id"] > 4  # AUTOINCREMENT kept: no id of a deleted turn is reused
    assert Store(path).migrated is False


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_empty_database_is_created_at_the_newest_schema(backend, request, tmp_path):
    db_target = str(tmp_path / "new.db") if backend == "sqlite" else \
        request.getfixturevalue("pg_server").new_database(migrated=False)
    store = Store(db_target)
    assert store.problem is None and store.migrated is True
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == REVISIONS[-1]
    store.dispose()
    again = Store(db_target)
    assert again.problem is None and again.migrated is False
    again.dispose()


def test_a_postgresql_database_from_a_newer_parley_is_refused_clearly(pg_server):
    url = pg_server.new_database()
    name = url.rsplit("/", 1)[1]
    pg_server.sql("UPDATE alembic_version SET version_num = '0099_from_the_future'", database=name)
    store = Store(url)
    assert store.problem is not None and store.problem.code == "newer_schema"
    assert "newer version of Parley" in store.problem.message and "DATABASE_URL" in store.problem.details


REPLICA = """
import json, sys, time
start = float(sys.argv[2])
from services.storage import Store
time.sleep(max(0.0, start - time.time()))  # every replica opens the database at the same moment
store = Store(sys.argv[1])
print(json.dumps({"problem": store.problem and store.problem.message, "migrated": store.migrated}))
"""


def test_three_replicas_racing_on_an_empty_postgresql_migrate_it_once(pg_server):
    url = pg_server.new_database(migrated=False)
    start = time.time() + 3.0  # after all three have imported SQLAlchemy and Alembic
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    replicas = [subprocess.Popen([sys.executable, "-c", REPLICA, url, str(start)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    results = []
    for proc in replicas:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["problem"] for r in results] == [None, None, None], results
    assert sum(r["migrated"] for r in results) == 1, results
    name = url.rsplit("/", 1)[1]
    assert pg_server.sql("SELECT version_num FROM alembic_version", database=name) == [(REVISIONS[-1],)]
