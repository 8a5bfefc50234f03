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
# Ordered schema migrations: (version, columns to add as (table, column, type), SQL to run after).
# PRAGMA user_version records the last one applied; each step is idempotent, so a database that
# already has a column (an older build added it without a version) is upgraded safely.
MIGRATIONS: list[tuple[int, list[tuple[str, str, str]], str]] = [
    (1, [], SCHEMA),
    (2, [("sessions", "owner", "TEXT"), ("sessions", "summary_json", "TEXT")],
     "CREATE INDEX IF NOT EXISTS sessions_by_owner ON sessions(owner, updated_at);"),
    (3, [], """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    answer_index INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    meta_json TEXT NOT NULL DEFAULT '{}',
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS attempts_by_session ON attempts(session_id, id);
"""),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
ANY_OWNER = None  # list/get/delete across every owner (a single-user install, tests, maintenance)


def storage_error(exc: sqlite3.Error, path: str, writing: bool = True) -> StageError:
    """What went wrong with the database, in words that say what to do (never "free disk space" for all)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    where = f"the session database ({path})"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return StageError("storage", "read_only", f"Nothing can be saved: {where} is read-only. Your text is still on "
                          "screen; copy it, then make the file and its folder writable or point PARLEY_DB at a "
                          "writable place.")
    if name == "SQLITE_FULL" or "disk is full" in text or "database or disk is full" in text:
        return StageError("storage", "disk_full", f"Nothing can be saved: the disk holding {where} is full. Your "
                          "text is still on screen; free some disk space and try again.", retryable=True)
    if name.startswith("SQLITE_BUSY") or "locked" in text:
        return StageError("storage", "locked", f"{where[0].upper()}{where[1:]} is busy (another Parley process is "
                          "writing). Your text is still on screen; try again in a moment.", retryable=True)
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "not a database" in text or "malformed" in text:
        return StageError("storage", "corrupt", f"{where[0].upper()}{where[1:]} is damaged or not a Parley database. "
                          "Move the file aside (keep it if it matters) and Parley starts a new one, or point "
                          "PARLEY_DB elsewhere.")
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        return StageError("storage", "cannot_open", f"Could not open {where}. Check that its folder exists and is "
                          "writable, or point PARLEY_DB elsewhere.")
    action = "Saving to" if writing else "Reading"
    return StageError("storage", "write_failed" if writing else "read_failed",
                      f"{action} {where} failed ({exc}). Your text is still on screen; try again.", retryable=True)


class Store:
    """The session database. Opening never raises: a database that cannot be used sets `problem`,
    reads then return what can be read, and writes raise that problem as a StageError.

    `read_only` is true when the file can be read but not written (pages that only read work on).
    Rows whose JSON is damaged are skipped and counted in `skipped`, never fatal.
    """

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.read_only = False
        self.problem: StageError | None = None
        self.skipped: set[tuple[str, str]] = set()  # (table, id) of damaged rows left out
        try:
            if self.path != ":memory:":
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self._migrate()
        except StageError as exc:
            self.problem = exc
        except (sqlite3.Error, OSError) as exc:
            error = storage_error(exc, self.path) if isinstance(exc, sqlite3.Error) else \
                storage_error(sqlite3.OperationalError("unable to open database file"), self.path)
            self.problem = error
            if error.code in ("read_only", "cannot_open") and self._readable():
                self.read_only = True  # readable but not writable (the file or its folder): say read-only
                self.problem = storage_error(sqlite3.OperationalError("attempt to write a readonly database"),
                                             self.path)

    def _migrate(self) -> None:
        db = self._open()
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StageError("storage", "newer_schema", f"The session database ({self.path}) was written by a "
                                 f"newer version of Parley (schema {version}; this version knows up to "
                                 f"{SCHEMA_VERSION}). Update Parley, or point PARLEY_DB at another file.")
            if version == SCHEMA_VERSION:
                return
            db.execute("PRAGMA journal_mode=WAL")
            with db:
                for number, columns, sql in MIGRATIONS:
                    if number <= version:
                        continue
                    for table, column, kind in columns:
                        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                        if column not in have:
                            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
                    for statement in filter(str.strip, sql.split(";")):
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            db.close()

    def _readable(self) -> bool:
        try:
            with self._open(read_only=True) as db:
                db.execute("SELECT COUNT(*) FROM sessions").fetchone()
            return True
        except (sqlite3.Error, StageError):
            return False

    busy_timeout = 10.0  # seconds to wait for another writer before saying the database is busy

    def _open(self, read_only: bool = False) -> sqlite3.Connection:
        if read_only and self.path != ":memory:":
            uri = Path(self.path).expanduser().resolve().as_uri()
            try:
                db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=self.busy_timeout)
                db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                return db
            except sqlite3.Error:  # a WAL database in a read-only folder can't make its -shm file
                return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=self.busy_timeout)
        return sqlite3.connect(self.path, timeout=self.busy_timeout)

    @contextmanager
    def _connect(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        if self.problem is not None and (write or not self.read_only):
            raise self.problem
        try:
            db = self._open(read_only=self.read_only)
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path, write) from exc
        db.row_factory = sqlite3.Row
        try:
            db.execute("PRAGMA foreign_keys=ON")
            with db:
                yield db
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path, write) from exc
        finally:
            db.close()

    def _rows(self, table: str, rows: list[sqlite3.Row], convert) -> list[dict]:
        """Convert rows, skipping (and remembering) any whose stored JSON is damaged."""
        out = []
        for row in rows:
            try:
                out.append(convert(row))
            except (ValueError, TypeError, KeyError):
                self.skipped.add((table, str(row["id"])))
        return out

    # Sessions -----------------------------------------------------------------------------
    def create_session(self, spec: PracticeSpec, owner: str | None = None) -> str:
        """A new session; `owner` is the visitor it belongs to (see ui/state.visitor_id)."""
        sid = uuid.uuid4().hex
        now = time.time()
        with self._connect() as db:
            db.execute(
                "INSERT INTO sessions (id, mode, title, spec_json, created_at, updated_at, owner) "
                "VALUES (?,?,?,?,?,?,?)",
                (sid, spec.mode, spec.title(), json.dumps(spec.to_dict()), now, now, owner),
            )
        return sid

    def get_session(self, session_id: str, owner: str | None = ANY_OWNER) -> dict | None:
        """The session, or None when it does not exist, is damaged, or belongs to another owner."""
        query = ("SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count "
                 "FROM sessions s WHERE id = ?")
        args: tuple = (session_id,)
        if owner is not ANY_OWNER:
            query += " AND owner = ?"
            args += (owner,)
        with self._connect(write=False) as db:
            row = db.execute(query, args).fetchone()
        found = self._rows("sessions", [row], _session) if row else []
        return found[0] if found else None

    def list_sessions(self, mode: str | None = None, limit: int = 200, owner: str | None = ANY_OWNER) -> list[dict]:
        """Newest first, with turn counts; only `owner`'s when one is given. Damaged rows are skipped."""
        query = (
            "SELECT s.*, (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count FROM sessions s"
        )
        where, args = [], []
        if mode:
            where.append("mode = ?")
            args.append(mode)
        if owner is not ANY_OWNER:
            where.append("owner = ?")
            args.append(owner)
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY updated_at DESC, created_at DESC LIMIT ?"
        with self._connect(write=False) as db:
            rows = db.execute(query, (*args, limit)).fetchall()
        return self._rows("sessions", rows, _session)

    def end_session(self, session_id: str) -> None:
        now = time.time()
        with self._connect() as db:
            db.execute("UPDATE sessions SET ended_at = COALESCE(ended_at, ?), updated_at = ? WHERE id = ?",
                       (now, now, session_id))

    def save_report(self, session_id: str, report: dict) -> None:
        with self._connect() as db:
            db.execute("UPDATE sessions SET report_json = ?, updated_at = ? WHERE id = ?",
                       (json.dumps(report, ensure_ascii=False), time.time(), session_id))

    def delete_session(self, session_id: str, owner: str | None = ANY_OWNER) -> bool:
        """Delete a session (only `owner`'s, when given), its turns and any recordings kept for it.
        True when it existed and was deleted."""
        with self._connect() as db:
            if owner is ANY_OWNER:
                cur = db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            else:
                cur = db.execute("DELETE FROM sessions WHERE id = ? AND owner = ?", (session_id, owner))
        if cur.rowcount == 0:
            return False
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
        """The session's turns in order; a turn whose metadata is damaged keeps its text with empty metadata."""
        with self._connect(write=False) as db:
            rows = db.execute(
                "SELECT id, role, content, meta_json, created_at FROM turns WHERE session_id = ? ORDER BY id",
                (session_id,),
            ).fetchall()
        return [{"id": r["id"], "role": r["role"], "content": r["content"], "meta": self._meta(r),
                 "created_at": r["created_at"]} for r in rows]

    def _meta(self, row: sqlite3.Row) -> dict:
        try:
            meta = json.loads(row["meta_json"] or "{}")
            return meta if isinstance(meta, dict) else {}
        except ValueError:
            self.skipped.add(("turns", str(row["id"])))
            return {}

    # Attempts: a question of a finished session answered again from its report ------------
    def add_attempt(self, session_id: str, answer_index: int, question: str, answer: str,
                    meta: dict | None = None) -> dict:
        """Keep a new attempt at the session's `answer_index`-th answer (the original turn stays as it was)."""
        now = time.time()
        with self._connect() as db:
            cur = db.execute(
                "INSERT INTO attempts (session_id, answer_index, question, answer, meta_json, created_at) "
                "VALUES (?,?,?,?,?,?)",
                (session_id, int(answer_index), question, answer, json.dumps(meta or {}, ensure_ascii=False), now))
        return {"id": cur.lastrowid, "answer_index": int(answer_index), "question": question, "answer": answer,
                "meta": meta or {}, "created_at": now}

    def attempts(self, session_id: str) -> list[dict]:
        """Every attempt of a session, oldest first."""
        with self._connect(write=False) as db:
            rows = db.execute("SELECT id, answer_index, question, answer, meta_json, created_at FROM attempts "
                              "WHERE session_id = ? ORDER BY id", (session_id,)).fetchall()
        return [{"id": r["id"], "answer_index": r["answer_index"], "question": r["question"], "answer": r["answer"],
                 "meta": json.loads(r["meta_json"] or "{}"), "created_at": r["created_at"]} for r in rows]

    def attempt_counts(self) -> dict[str, int]:
        """How many attempts each session has (History shows it)."""
        with self._connect(write=False) as db:
            rows = db.execute("SELECT session_id, COUNT(*) AS n FROM attempts GROUP BY session_id").fetchall()
        return {r["session_id"]: r["n"] for r in rows}

    # Rolling summary and streamed replies --------------------------------------------------
    def get_summary(self, session_id: str) -> dict | None:
        """The session's rolling summary ({"text", "upto_id", ...}), or None (none yet, or unreadable)."""
        with self._connect(write=False) as db:
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
    data["spec"] = json.loads(data.pop("spec_json"))
    if not isinstance(data["spec"], dict):
        raise ValueError("spec is not an object")
    report = data.pop("report_json")
    data["report"] = json.loads(report) if report else None
    if data["report"] is not None and not isinstance(data["report"], dict):
        data["report"] = None
    data.pop("summary_json", None)  # read through Store.get_summary (a damaged one is rebuilt, never fatal)
    return data
