"""PostgreSQL faults met where a visitor meets them, each with a clear message and nothing lost:
the server down at start (every page says so and serves what needs no storage, and recovers once it is
back), restarted mid-session (the next write reconnects, no turn is lost), the pool exhausted or a statement
stalled (a bounded wait, then the same StageError("storage", ...) as on SQLite, never a hung page).

This module starts its own server, so stopping and restarting it disturbs no other test.
"""
from __future__ import annotations

import threading
import time

import psycopg
import pytest

from config import get_settings
from core.errors import StageError
from core.spec import PracticeSpec
from services.storage import Limits, Store
from tests.apptest_helpers import all_text, button, goto, new_app, say
from tests.browser_app import free_port
from tests.postgres import PgServer

pytestmark = pytest.mark.slow
PAGES = ("pages/home.py", "pages/interview.py", "pages/language.py", "pages/chat.py", "pages/feedback.py",
         "pages/history.py")
ANSWER = "I rebuilt the nightly billing job so a failed run resumes where it stopped instead of starting over."


@pytest.fixture(scope="module")
def server():
    pg = PgServer()
    try:
        yield pg
    finally:
        pg.destroy()


@pytest.fixture
def app_on(monkeypatch):
    """Point the app (AppTest, in this process) at a database URL."""
    from ui.state import _store

    def use(url: str) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        _store.clear()

    yield use
    _store.clear()
    get_settings.cache_clear()


def test_server_down_at_start_every_page_says_so_and_recovers_when_it_is_back(app_on, monkeypatch):
    monkeypatch.setattr(Store, "recheck_s", 0.0)  # try the server again on every page run
    port = free_port()  # nothing listens here yet
    app_on(f"postgresql://parley@127.0.0.1:{port}/postgres")
    at = new_app(page=None)
    for page in PAGES:
        goto(at, page)
        assert not at.exception, (page, at.exception)
        assert "cannot be reached" in all_text(at), page
    goto(at, "pages/home.py")
    assert "Works with no key and no internet" in all_text(at)  # what needs no storage is served
    at = new_app()
    button(at, "Start interview").click().run()
    assert not at.exception and any("cannot be reached" in e.value for e in at.error)

    late = PgServer(port=port)  # the server comes up: the next page run finds it, migrates and goes on
    try:
        at = new_app()
        assert "cannot be reached" not in all_text(at)
        button(at, "Start interview").click().run()
        say(at, ANSWER)
        assert not at.error, [e.value for e in at.error]
        [session] = Store(late.url()).list_sessions()
        assert ANSWER in [t["content"] for t in Store(late.url()).turns(session["id"])]
    finally:
        late.destroy()


def test_restarted_mid_session_the_next_answer_is_saved_and_none_is_lost(server, app_on):
    url = server.new_database()
    app_on(url)
    at = new_app()
    button(at, "Start interview").click().run()
    say(at, ANSWER)
    server.restart()  # every pooled connection of the app is now dead
    say(at, "Then I added an alert when a run took twice as long as usual, which caught two stuck jobs.")
    assert not at.error, [e.value for e in at.error]
    store = Store(url)
    [session] = store.list_sessions()
    said = [t["content"] for t in store.turns(session["id"]) if t["role"] == "user"]
    assert said == [ANSWER, "Then I added an alert when a run took twice as long as usual, which caught two "
                    "stuck jobs."]
    store.dispose()


def test_a_write_while_the_server_is_still_coming_back_waits_for_it(server):
    store = Store(server.new_database())
    sid = store.create_session(PracticeSpec())
    store.add_turn(sid, "user", "before")
    server.stop()
    starter = threading.Timer(0.5, server.start)  # back within the store's retry window
    starter.start()
    try:
        store.add_turn(sid, "user", "during the restart")
    finally:
        starter.join()
    assert [t["content"] for t in store.turns(sid)] == ["before", "during the restart"]
    store.dispose()


def test_an_exhausted_pool_is_a_bounded_wait_then_busy(server):
    store = Store(server.new_database(), Limits(pool_size=1, max_overflow=0, pool_timeout_s=0.5))
    sid = store.create_session(PracticeSpec())
    with store.engine.connect() as held:  # another request holds the only connection
        held.exec_driver_sql("SELECT 1")
        started = time.monotonic()
        with pytest.raises(StageError) as info:
            store.add_turn(sid, "user", "while every connection is in use")
        waited = time.monotonic() - started
    assert info.value.stage == "storage" and info.value.code == "busy" and info.value.retryable
    assert waited < 5.0  # bounded by pool_timeout, not hung
    store.add_turn(sid, "user", "once one is free")
    assert [t["content"] for t in store.turns(sid)] == ["once one is free"]
    store.dispose()


def _lock_turns(url: str) -> psycopg.Connection:
    """Another client holds the turns table against writes (reads go on): every write to it stalls."""
    blocker = psycopg.connect(url.replace("+psycopg", ""))
    blocker.execute("LOCK TABLE turns IN EXCLUSIVE MODE")
    return blocker


def test_a_stalled_statement_is_a_bounded_wait_then_a_message(server):
    url = server.new_database()
    store = Store(url, Limits(statement_timeout_s=0.5))
    sid = store.create_session(PracticeSpec())
    blocker = _lock_turns(url)
    try:
        started = time.monotonic()
        with pytest.raises(StageError) as info:
            store.add_turn(sid, "user", "while the table is locked")
        waited = time.monotonic() - started
    finally:
        blocker.rollback()
        blocker.close()
    assert info.value.stage == "storage" and info.value.code == "slow" and "in time" in info.value.message
    assert waited < 5.0  # statement_timeout, not retried into a long wait
    store.add_turn(sid, "user", "afterwards")
    assert [t["content"] for t in store.turns(sid)] == ["afterwards"]
    store.dispose()


def test_a_stalled_database_on_the_page_says_so_and_keeps_the_answer_on_screen(server, app_on, monkeypatch):
    url = server.new_database()
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_S", "0.5")
    app_on(url)
    at = new_app()
    button(at, "Start interview").click().run()
    blocker = _lock_turns(url)
    try:
        say(at, ANSWER)
    finally:
        blocker.rollback()
        blocker.close()
    assert any("did not answer in time" in e.value for e in at.error), [e.value for e in at.error]
    assert at.text_area(key="unsaved_answer").value == ANSWER  # still on screen, to copy or resend


def test_a_page_whose_reads_stall_says_so_and_keeps_the_session(server, app_on, monkeypatch):
    url = server.new_database()
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT_S", "0.5")
    app_on(url)
    at = new_app()
    button(at, "Start interview").click().run()
    say(at, ANSWER)
    blocker = psycopg.connect(url.replace("+psycopg", ""))
    blocker.execute("LOCK TABLE sessions, turns IN ACCESS EXCLUSIVE MODE")  # reads stall too
    try:
        at.run()
    finally:
        blocker.rollback()
        blocker.close()
    assert not at.exception
    assert any("did not answer in time" in e.value for e in at.error), [e.value for e in at.error]
    at.run()  # the database answers again: the same session, every turn, not a new set-up form
    assert not at.error and ANSWER in all_text(at)
    assert "Start interview" not in [b.label for b in at.button]
