"""Sessions and turns in SQLite (WAL), saved the moment they happen.

One short-lived connection per operation: safe from Streamlit's script threads and the audio
worker alike, and cheap with SQLite. Raw audio is never stored here.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from core.errors import StageError
from core.spec import PracticeSpec
from core.text_clean import clean_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    mode TEXT NOT NULL,
    title TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    ended_at REAL,
    report_json TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    meta_json TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_by_session ON turns(session_id, id);
CREATE INDEX IF NOT EXISTS sessions_by_time ON sessions(updated_at);
"""


class Store:
    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
        self._add_summary_column()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as exc:
            raise StageError("storage", "open_failed", f"Could not open the session database: {exc}. "
                             "Check PARLEY_DB points to a writable place.") from exc
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        try:
            with db:
                yield db
        except sqlite3.Error as exc:
            raise StageError("storage", "write_failed", f"Saving to the session database failed ({exc}). "
                             "Your text is still on screen; free some disk space and try again.",
                             retryable=True) from exc
        finally:
            db.close()

    # Sessions -----------------------------------------------------------------------------
    def create_session(self, spec: PracticeSpec) -> str:
        sid = uuid.uuid4().hex
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT INTO sessions (id, mode, title, spec_json, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                (sid, spec.mode, spec.title(), json.dumps(spec.to_dict()), now, now),
            )
        return sid

    def get_session(self, session_id: str) -> dict | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count "
                "FROM sessions s WHERE id = ?",
                (session_id,),
            ).fetchone()
        return _session(row) if row else None

    def list_sessions(self, mode: str | None = None, limit: int = 200) -> list[dict]:
        """Newest first, with turn counts."""
        query = (
            "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count FROM sessions s"
        )
        args: tuple = ()
        if mode:
            query += " WHERE mode = ?"
            args = (mode,)
        query += " ORDER BY updated_at DESC, created_at DESC LIMIT ?"
        with self._connect() as db:
            rows = db.execute(query, args + (limit,)).fetchall()
        return [_session(r) for r in rows]

    def end_session(self, session_id: str) -> None:
        now = time.time()
        with self._connect() as db:
            db.execute("UPDATE sessions SET ended_at = COALESCE(ended_at, ?), updated_at = ? WHERE id = ?",
                       (now, now, session_id))

    def save_report(self, session_id: str, report: dict) -> None:
        with self._connect() as db:
            db.execute("UPDATE sessions SET report_json = ?, updated_at = ? WHERE id = ?",
                       (json.dumps(report, ensure_ascii=False), time.time(), session_id))

    def delete_session(self, session_id: str) -> bool:
        """Delete a session, all its turns and any recordings kept for it. True when it existed."""
        with self._connect() as db:
            cur = db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        if self.path != ":memory:":  # opt-in recordings live beside the database (services/recordings.py)
            shutil.rmtree(Path(self.path).expanduser().parent / "recordings" / session_id, ignore_errors=True)
        return cur.rowcount > 0

    # Turns --------------------------------------------------------------------------------
    def add_turn(self, session_id: str, role: str, content: str, meta: dict | None = None) -> dict:
        now = time.time()
        content = clean_text(content)  # nothing unencodable or invisible reaches the database
        meta_json = json.dumps(meta or {}, ensure_ascii=False)
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO turns (session_id, role, content, meta_json, created_at) VALUES (?,?,?,?,?)",
                (session_id, role, content, meta_json, now),
            )
            db.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now, session_id))
        return {"id": cur.lastrowid, "role": role, "content": content, "meta": meta or {}, "created_at": now}

    def update_turn(self, turn_id: int, content: str, meta: dict) -> None:
        """Rewrite one turn (a spoken reply cut by a barge-in keeps only what was heard)."""
        with self._connect() as db:
            db.execute("UPDATE turns SET content = ?, meta_json = ? WHERE id = ?",
                       (content, json.dumps(meta, ensure_ascii=False), turn_id))

    def delete_turn(self, turn_id: int) -> bool:
        with self._connect() as db:
            cur = db.execute("DELETE FROM turns WHERE id = ?", (turn_id,))
        return cur.rowcount > 0

    def turns(self, session_id: str) -> list[dict]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, role, content, meta_json, created_at FROM turns WHERE session_id = ? ORDER BY id",
                (session_id,),
            ).fetchall()
        return [
            {"id": r["id"], "role": r["role"], "content": r["content"], "meta": json.loads(r["meta_json"]),
             "created_at": r["created_at"]}
            for r in rows
        ]

    # Rolling summary and streamed replies (stream branch) ----------------------------------
    def _add_summary_column(self) -> None:
        """Older databases lack sessions.summary_json: add it (nullable, so nothing else changes)."""
        with self._connect() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
            if "summary_json" not in columns:
                db.execute("ALTER TABLE sessions ADD COLUMN summary_json TEXT")

    def get_summary(self, session_id: str) -> dict | None:
        """The session's rolling summary ({"text", "upto_id", ...}), or None (none yet, or unreadable)."""
        with self._connect() as db:
            row = db.execute("SELECT summary_json FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None or not row[0]:
            return None
        try:
            data = json.loads(row[0])
        except ValueError:
            return None  # a corrupt summary is rebuilt, never fatal
        return data if isinstance(data, dict) else None

    def set_summary(self, session_id: str, summary: dict | None) -> None:
        payload = None if summary is None else json.dumps(summary, ensure_ascii=False)
        with self._connect() as db:
            db.execute("UPDATE sessions SET summary_json = ? WHERE id = ?", (payload, session_id))

    def update_turn_content(self, turn_id: int, text: str, meta: dict) -> None:
        """Rewrite a reply that is still arriving (saved as it streams, so a rerun never loses it)."""
        now = time.time()
        with self._connect() as db:
            db.execute("UPDATE turns SET content = ?, meta_json = ? WHERE id = ?",
                       (clean_text(text), json.dumps(meta, ensure_ascii=False), turn_id))
            db.execute("UPDATE sessions SET updated_at = ? WHERE id = (SELECT session_id FROM turns WHERE id = ?)",
                       (now, turn_id))


def _session(row: sqlite3.Row) -> dict:
    data = dict(row)
    data.pop("summary_json", None)  # read through Store.get_summary
    data["spec"] = json.loads(data.pop("spec_json"))
    report = data.pop("report_json")
    data["report"] = json.loads(report) if report else None
    return data
