"""Storage faults met where the user meets them (AppTest through the pages): a read-only, full, locked,
damaged, newer or not-a-database file never crashes a page, and each says what went wrong. Damaged rows are
checked on PostgreSQL too; its own faults (down, restarted, exhausted, stalled) are in test_storage_pg_faults.py."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import pytest

from core.spec import PracticeSpec
from services.storage import SCHEMA_VERSION, Store
from tests.apptest_helpers import all_text, button, goto, new_app, say
from tests.report_helpers import interview_session

pytestmark = pytest.mark.slow
PAGES = ("pages/home.py", "pages/interview.py", "pages/language.py", "pages/chat.py", "pages/feedback.py",
         "pages/history.py")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "parley.db"  # conftest points PARLEY_DB here


@pytest.fixture(autouse=True)
def fresh_store_cache():
    """The app caches its Store per process; each test opens the file as it now is."""
    from ui.state import _store

    _store.clear()
    yield
    _store.clear()


def _every_page_renders(expect: str) -> None:
    at = new_app(page=None)
    for page in PAGES:
        goto(at, page)
        assert not at.exception, (page, at.exception)
        assert expect in all_text(at), (page, all_text(at)[:400])


def _immutable(*paths) -> None:
    if shutil.which("chattr") is None or os.geteuid() != 0:
        pytest.skip("needs root and chattr to make a file read-only for root")
    for path in paths:
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"this filesystem cannot make a file read-only for root ({done.stderr.decode().strip()})")


@pytest.fixture
def read_only_db(db_path):
    store = Store(db_path)
    sid = interview_session(store)
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in ("-wal", "-shm"):
        (db_path.parent / f"parley.db{extra}").unlink(missing_ok=True)
    _immutable(db_path, db_path.parent)
    yield sid
    subprocess.run(["chattr", "-i", str(db_path), str(db_path.parent)], check=False)


def test_read_only_database_pages_read_and_writes_say_read_only(read_only_db):
    _every_page_renders("read-only")
    at = goto(new_app(), "pages/feedback.py")
    assert "General interview" in all_text(at) or "Behavioral interview" in all_text(at)  # the session is listed
    at = new_app()
    button(at, "Start interview").click().run()
    assert not at.exception
    assert any("read-only" in e.value for e in at.error)


def test_a_full_disk_says_so_and_keeps_the_typed_answer_on_screen(db_path, monkeypatch):
    at = new_app()
    button(at, "Start interview").click().run()
    original = Store._open

    def full(self, read_only=False):
        db = original(self, read_only)
        db.execute("PRAGMA max_page_count = 1")  # any write that needs a page now fails: SQLITE_FULL
        return db

    monkeypatch.setattr(Store, "_open", full)
    long_answer = ("I reconciled the ledgers every night and cut the close from eight days to five. " * 50)[:3990]
    say(at, long_answer)  # about a page of text: the insert must grow the file
    errors = " ".join(e.value for e in at.error)
    assert "disk" in errors and "full" in errors and "read-only" not in errors
    assert at.text_area(key="unsaved_answer").value == long_answer.strip()  # still on screen, to copy or resend


def test_a_locked_database_says_busy_not_disk_space(db_path, monkeypatch):
    at = new_app()
    button(at, "Start interview").click().run()
    monkeypatch.setattr(Store, "busy_timeout", 0.2)
    holder = sqlite3.connect(db_path, timeout=1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        say(at, "My answer while another process writes.")
    finally:
        holder.rollback()
        holder.close()
    errors = " ".join(e.value for e in at.error)
    assert "busy" in errors and "disk" not in errors


def test_a_damaged_row_is_skipped_and_reported_and_the_rest_still_shows(db_target, monkeypatch):
    from sqlalchemy import text

    from tests.test_ownership import use_database

    store = use_database(monkeypatch, db_target)  # on SQLite and on PostgreSQL
    good = interview_session(store)
    bad = interview_session(store)
    with store.engine.begin() as db:
        db.execute(text("UPDATE sessions SET spec_json = '{not json' WHERE id = :id"), {"id": bad})
        db.execute(text("UPDATE turns SET meta_json = '[[[' WHERE session_id = :id"), {"id": good})
    for page in ("pages/feedback.py", "pages/history.py", "pages/home.py"):
        at = goto(new_app(), page)
        assert not at.exception, (page, at.exception)
        assert "damaged record" in all_text(at)
    at = goto(new_app(), "pages/feedback.py")
    assert len(at.selectbox(key="fb_pick").options) == 1


def test_a_database_from_a_newer_version_is_refused_clearly(db_path):
    Store(db_path)
    with sqlite3.connect(db_path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    _every_page_renders("newer version of Parley")


def test_a_file_of_random_bytes_is_refused_clearly(db_path):
    db_path.write_bytes(os.urandom(8192))
    _every_page_renders("not a Parley database")


def test_an_old_database_is_migrated_and_keeps_its_sessions(db_path):
    with sqlite3.connect(db_path) as db:  # the schema before versions, owners and attempts
        db.executescript("""
            CREATE TABLE sessions (id TEXT PRIMARY KEY, mode TEXT NOT NULL, title TEXT NOT NULL, spec_json TEXT NOT NULL,
                created_at REAL NOT NULL, updated_at REAL NOT NULL, ended_at REAL, report_json TEXT);
            CREATE TABLE turns (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, role TEXT NOT NULL,
                content TEXT NOT NULL, meta_json TEXT NOT NULL DEFAULT '{}', created_at REAL NOT NULL);
        """)
        db.execute("INSERT INTO sessions VALUES ('old', 'chat', 'Free conversation', ?, 1, 1, NULL, NULL)",
                   (__import__("json").dumps(PracticeSpec().to_dict()),))
    store = Store(db_path)
    assert store.problem is None
    assert [s["id"] for s in store.list_sessions()] == ["old"]
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.add_attempt("old", 0, "q", "a")  # the newest tables exist
