"""A chat session ready for a reply, with its backoff recorded rather than slept: shared by the fault tests."""
from __future__ import annotations

import sqlite3

from config import Settings
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.storage import Store


def waiting_chat(tmp_path, settings: Settings, answer: str, db: str = "faults.db"):
    """(store, session id, conversation, recorded waits) of a chat where the user has just said `answer`."""
    store = Store(tmp_path / db)
    sid = store.create_session(PracticeSpec(mode="chat"))
    store.add_turn(sid, "assistant", "Hi! How was your week?")
    convo = Conversation(store, sid, settings)
    waits: list[float] = []
    convo.sleep = waits.append  # the backoff is recorded, not slept
    convo.add_user(answer)
    return store, sid, convo, waits


def rows(store: Store, sid: str) -> list[tuple[str, str]]:
    """(role, content) of the session's turns, read straight from SQLite."""
    with sqlite3.connect(store.path) as db:
        return db.execute("SELECT role, content FROM turns WHERE session_id = ? ORDER BY id", (sid,)).fetchall()
