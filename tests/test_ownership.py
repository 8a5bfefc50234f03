"""Sessions belong to their visitor: on a shared deployment another visitor cannot see, open, continue,
export or delete them (AppTest: each AppTest run is a new browser with no cookie). On SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from config import get_settings
from core.spec import PracticeSpec
from services.storage import Store
from tests.apptest_helpers import all_text, button, goto, new_app, say

pytestmark = pytest.mark.slow


def use_database(monkeypatch, target: str) -> Store:
    """Point the app at `target` (a SQLite file or a PostgreSQL URL) and open it here too."""
    monkeypatch.setenv("DATABASE_URL" if "://" in target else "PARLEY_DB", target)
    get_settings.cache_clear()
    from ui.state import _store

    _store.clear()
    return Store(target)


@pytest.fixture
def shared(monkeypatch, db_target):
    """A public deployment: owner scoping on (the default outside tests)."""
    monkeypatch.setenv("PARLEY_SINGLE_USER", "0")
    store = use_database(monkeypatch, db_target)
    yield store
    store.dispose()
    get_settings.cache_clear()


def _visitor_a_practises():
    at = new_app()
    button(at, "Start interview").click().run()
    say(at, "I built the monthly forecast model in SQL and Python and cut the variance to two percent.")
    return at


def test_another_visitor_sees_none_of_my_sessions_anywhere(shared):
    a = _visitor_a_practises()
    [session] = shared.list_sessions()
    b = new_app(page=None)
    assert "Pick up where you left off" not in all_text(b)
    goto(b, "pages/interview.py")
    assert "unfinished session" not in all_text(b)
    goto(b, "pages/feedback.py")
    assert "No saved sessions yet" in all_text(b) and not b.get("download_button")
    goto(b, "pages/history.py")
    assert "No sessions here yet" in all_text(b)
    goto(a, "pages/feedback.py")  # the owner still has it
    assert session["title"] in all_text(a)
    assert shared.get_session(session["id"]) is not None


def test_owners_are_hashes_and_another_owner_cannot_delete(shared):
    _visitor_a_practises()
    [session] = shared.list_sessions()
    owner = session["owner"]
    assert owner.startswith("anon:") and len(owner) == len("anon:") + 64
    assert shared.delete_session(session["id"], owner="anon:" + "0" * 64) is False
    assert shared.get_session(session["id"], owner="anon:" + "0" * 64) is None
    assert shared.get_session(session["id"], owner=owner) is not None


def test_sessions_without_an_owner_stay_hidden_on_a_shared_deployment(shared):
    sid = shared.create_session(PracticeSpec(mode="chat"))  # made before owners existed
    shared.add_turn(sid, "user", "Hello there.")  # answered: hidden for its owner, not for being empty
    at = goto(new_app(), "pages/history.py")
    assert "No sessions here yet" in all_text(at)


def test_single_user_install_sees_everything(monkeypatch, db_target):
    store = use_database(monkeypatch, db_target)
    sid = store.create_session(PracticeSpec(mode="chat"), owner="anon:" + "1" * 64)
    store.add_turn(sid, "user", "Hello there.")  # an open session with no answer is not listed (issue 29)
    monkeypatch.setenv("PARLEY_SINGLE_USER", "1")
    get_settings.cache_clear()
    at = goto(new_app(), "pages/history.py")
    assert "Free conversation" in all_text(at)
