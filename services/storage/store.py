"""Sessions, turns, attempts, reports and rolling summaries, saved the moment they happen.

One schema on two databases through SQLAlchemy Core: the embedded SQLite file (WAL, a short-lived connection
per operation: safe from Streamlit's script threads and the audio worker alike) or a shared PostgreSQL that
several replicas use at once. Raw audio is never stored here.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Callable, TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

from core.errors import StageError
from core.spec import PracticeSpec
from core.text.clean import clean_text
from services.storage.engine import Limits, normalise, postgres_engine, shown, sqlite_engine
from services.storage.errors import database_error, storage_error
from services.storage.migrate import NewerSchema, newer_schema_error, upgrade
from services.storage.schema import attempts, sessions, turns

ANY_OWNER = None  # list/get/delete across every owner (a single-user install, tests, maintenance)
T = TypeVar("T")
_NOT_TRANSIENT = ("57014", "55P03")  # statement or lock timeout: retrying would only double the wait


class Store:
    """The session database. Opening never raises: a database that cannot be used sets `problem`,
    reads then return what can be read, and writes raise that problem as a StageError.

    `target` is a SQLite path or a database URL (postgresql://...). `read_only` is true when a SQLite file
    can be read but not written (pages that only read work on). Rows whose JSON is damaged are skipped and
    counted in `skipped`, never fatal. A PostgreSQL server that cannot be reached is tried again on later
    use, so a page recovers once it is back; a connection it dropped is replaced and the operation retried.
    """

    busy_timeout = 10.0  # SQLite: seconds to wait for another writer before saying the database is busy
    retry_s = 4.0  # PostgreSQL: how long an operation keeps retrying a dropped or refused connection
    recheck_s = 5.0  # PostgreSQL: how often an unreachable server is tried again

    def __init__(self, target: str | Path, limits: Limits | None = None):
        self.url = normalise(str(target))
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self.path = shown(self.url)
        self.setting = "PARLEY_DB" if self.sqlite else "DATABASE_URL"
        self.read_only = False
        self.migrated = False  # this process applied a migration when it opened the database
        self.skipped: set[tuple[str, str]] = set()  # (table, id) of damaged rows left out
        self._problem: StageError | None = None
        self._checked = 0.0
        if self.sqlite:
            self.engine = sqlite_engine(self.url, lambda: self._open(self.read_only))
        else:
            self.engine = postgres_engine(self.url, limits or Limits())
        self._prepare()

    # Opening ------------------------------------------------------------------------------
    def _prepare(self) -> None:
        self._checked = time.monotonic()
        self._problem = None
        try:
            if self.sqlite and self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.migrated = upgrade(self.engine)
        except NewerSchema as exc:
            self._problem = newer_schema_error(exc.found, self.path, self.setting)
        except StageError as exc:
            self._problem = exc
        except (sa_exc.SQLAlchemyError, sqlite3.Error, OSError) as exc:
            self._problem = self._opening_error(exc)

    def _opening_error(self, exc: BaseException) -> StageError:
        if not self.sqlite:
            return database_error(exc, self.path, sqlite=False)
        orig = getattr(exc, "orig", exc)
        error = storage_error(orig if isinstance(orig, sqlite3.Error) else
                              sqlite3.OperationalError("unable to open database file"), self.path)
        if error.code in ("read_only", "cannot_open") and self._readable():
            self.read_only = True  # readable but not writable (the file or its folder): say read-only
            error = storage_error(sqlite3.OperationalError("attempt to write a readonly database"), self.path)
        return error

    @property
    def problem(self) -> StageError | None:
        """Why the database cannot be used (None when it can). An unreachable server is tried again."""
        if self._problem is not None and self._problem.code == "unavailable" and \
                time.monotonic() - self._checked >= self.recheck_s:
            self._prepare()
        return self._problem

    @problem.setter
    def problem(self, value: StageError | None) -> None:
        self._problem = value

    def _readable(self) -> bool:
        try:
            with self._open(read_only=True) as db:
                db.execute("SELECT COUNT(*) FROM sessions").fetchone()
            return True
        except (sqlite3.Error, StageError):
            return False

    def _open(self, read_only: bool = False) -> sqlite3.Connection:
        """A raw SQLite connection (the engine's creator)."""
        if read_only and self.path != ":memory:":
            uri = Path(self.path).expanduser().resolve().as_uri()
            try:
                db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=self.busy_timeout,
                                     check_same_thread=False)
                db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                return db
            except sqlite3.Error:  # a WAL database in a read-only folder can't make its -shm file
                return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=self.busy_timeout,
                                       check_same_thread=False)
        return sqlite3.connect(self.path, timeout=self.busy_timeout, check_same_thread=False)

    def dispose(self) -> None:
        """Close this process's connections (tests, benchmarks, shutdown)."""
        self.engine.dispose()

    # Running one operation ----------------------------------------------------------------
    def _do(self, work: Callable[[Connection], T], write: bool = True) -> T:
        """Run `work` in one transaction; database faults become StageError("storage", ...).

        PostgreSQL: a connection the server dropped (a restart) or a server still starting is retried with a
        short backoff for up to `retry_s`; the transaction was rolled back, so nothing is half-saved.
        """
        problem = self.problem
        if problem is not None and (write or not self.read_only):
            raise problem
        deadline = time.monotonic() + self.retry_s
        pause = 0.2
        while True:
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except (sa_exc.SQLAlchemyError, sqlite3.Error) as exc:
                if self._transient(exc) and time.monotonic() + pause < deadline:
                    time.sleep(pause)
                    pause = min(pause * 2, 1.0)
                    continue
                raise database_error(exc, self.path, self.sqlite, write) from exc

    def _transient(self, exc: BaseException) -> bool:
        if self.sqlite or not isinstance(exc, sa_exc.DBAPIError):
            return False
        if getattr(exc.orig, "sqlstate", None) in _NOT_TRANSIENT:
            return False
        return exc.connection_invalidated or isinstance(exc, sa_exc.OperationalError)

    def _rows(self, table: str, rows, convert) -> list[dict]:
        """Convert rows, skipping (and remembering) any whose stored JSON is damaged."""
        out = []
        for row in rows:
            try:
                out.append(convert(row))
            except (ValueError, TypeError, KeyError):
                self.skipped.add((table, str(row._mapping["id"])))
        return out

    # Sessions -----------------------------------------------------------------------------
    def create_session(self, spec: PracticeSpec, owner: str | None = None) -> str:
        """A new session; `owner` is the visitor it belongs to (see ui/state.visitor_id)."""
        sid = uuid.uuid4().hex
        now = time.time()
        self._do(lambda c: c.execute(insert(sessions).values(
            id=sid, mode=spec.mode, title=spec.title(), spec_json=json.dumps(spec.to_dict()), created_at=now,
            updated_at=now, owner=owner)))
        return sid

    @staticmethod
    def _with_counts(*where):
        count = select(func.count()).where(turns.c.session_id == sessions.c.id).scalar_subquery()
        return select(sessions, count.label("turn_count")).where(*where)

    def get_session(self, session_id: str, owner: str | None = ANY_OWNER) -> dict | None:
        """The session, or None when it does not exist, is damaged, or belongs to another owner."""
        where = [sessions.c.id == session_id]
        if owner is not ANY_OWNER:
            where.append(sessions.c.owner == owner)
        row = self._do(lambda c: c.execute(self._with_counts(*where)).first(), write=False)
        found = self._rows("sessions", [row], _session) if row else []
        return found[0] if found else None

    def list_sessions(self, mode: str | None = None, limit: int = 200, owner: str | None = ANY_OWNER) -> list[dict]:
        """Newest first, with turn counts; only `owner`'s when one is given. Damaged rows are skipped."""
        where = []
        if mode:
            where.append(sessions.c.mode == mode)
        if owner is not ANY_OWNER:
            where.append(sessions.c.owner == owner)
        query = self._with_counts(*where).order_by(sessions.c.updated_at.desc(), sessions.c.created_at.desc())
        rows = self._do(lambda c: c.execute(query.limit(limit)).all(), write=False)
        return self._rows("sessions", rows, _session)

    def end_session(self, session_id: str) -> None:
        now = time.time()
        self._do(lambda c: c.execute(update(sessions).where(sessions.c.id == session_id).values(
            ended_at=func.coalesce(sessions.c.ended_at, now), updated_at=now)))

    def save_report(self, session_id: str, report: dict) -> None:
        self._do(lambda c: c.execute(update(sessions).where(sessions.c.id == session_id).values(
            report_json=json.dumps(report, ensure_ascii=False), updated_at=time.time())))

    def delete_session(self, session_id: str, owner: str | None = ANY_OWNER) -> bool:
        """Delete a session (only `owner`'s, when given), its turns and any recordings kept for it.
        True when it existed and was deleted."""
        query = delete(sessions).where(sessions.c.id == session_id)
        if owner is not ANY_OWNER:
            query = query.where(sessions.c.owner == owner)
        deleted = self._do(lambda c: c.execute(query).rowcount)
        if deleted == 0:
            return False
        folder = self._recordings_root()
        if folder is not None:  # opt-in recordings are kept on this machine (services/recordings.py)
            shutil.rmtree(folder / session_id, ignore_errors=True)
        return True

    def _recordings_root(self) -> Path | None:
        if self.sqlite:
            return None if self.path == ":memory:" else Path(self.path).parent / "recordings"
        from config import get_settings  # with a server, recordings still live beside PARLEY_DB

        return Path(get_settings().parley_db).expanduser().parent / "recordings"

    # Turns --------------------------------------------------------------------------------
    def add_turn(self, session_id: str, role: str, content: str, meta: dict | None = None) -> dict:
        now = time.time()
        content = clean_text(content)  # nothing unencodable or invisible reaches the database
        meta_json = json.dumps(meta or {}, ensure_ascii=False)

        def work(c: Connection) -> int:
            turn_id = c.execute(insert(turns).values(session_id=session_id, role=role, content=content,
                                                     meta_json=meta_json, created_at=now)
                                .returning(turns.c.id)).scalar_one()
            c.execute(update(sessions).where(sessions.c.id == session_id).values(updated_at=now))
            return turn_id

        return {"id": self._do(work), "role": role, "content": content, "meta": meta or {}, "created_at": now}

    def update_turn(self, turn_id: int, content: str, meta: dict) -> None:
        """Rewrite one turn (a spoken reply cut by a barge-in keeps only what was heard)."""
        self._do(lambda c: c.execute(update(turns).where(turns.c.id == turn_id).values(
            content=content, meta_json=json.dumps(meta, ensure_ascii=False))))

    def delete_turn(self, turn_id: int) -> bool:
        return self._do(lambda c: c.execute(delete(turns).where(turns.c.id == turn_id)).rowcount) > 0

    def turns(self, session_id: str) -> list[dict]:
        """The session's turns in order; a turn whose metadata is damaged keeps its text with empty metadata."""
        query = select(turns.c.id, turns.c.role, turns.c.content, turns.c.meta_json, turns.c.created_at).where(
            turns.c.session_id == session_id).order_by(turns.c.id)
        rows = self._do(lambda c: c.execute(query).all(), write=False)
        return [{"id": r.id, "role": r.role, "content": r.content, "meta": self._meta(r),
                 "created_at": r.created_at} for r in rows]

    def _meta(self, row) -> dict:
        try:
            meta = json.loads(row.meta_json or "{}")
            return meta if isinstance(meta, dict) else {}
        except ValueError:
            self.skipped.add(("turns", str(row.id)))
            return {}

    # Attempts: a question of a finished session answered again from its report ------------
    def add_attempt(self, session_id: str, answer_index: int, question: str, answer: str,
                    meta: dict | None = None) -> dict:
        """Keep a new attempt at the session's `answer_index`-th answer (the original turn stays as it was)."""
        now = time.time()
        attempt_id = self._do(lambda c: c.execute(insert(attempts).values(
            session_id=session_id, answer_index=int(answer_index), question=question, answer=answer,
            meta_json=json.dumps(meta or {}, ensure_ascii=False), created_at=now).returning(attempts.c.id)
        ).scalar_one())
        return {"id": attempt_id, "answer_index": int(answer_index), "question": question, "answer": answer,
                "meta": meta or {}, "created_at": now}

    def attempts(self, session_id: str) -> list[dict]:
        """Every attempt of a session, oldest first."""
        query = select(attempts).where(attempts.c.session_id == session_id).order_by(attempts.c.id)
        rows = self._do(lambda c: c.execute(query).all(), write=False)
        return [{"id": r.id, "answer_index": r.answer_index, "question": r.question, "answer": r.answer,
                 "meta": json.loads(r.meta_json or "{}"), "created_at": r.created_at} for r in rows]

    def attempt_counts(self) -> dict[str, int]:
        """How many attempts each session has (History shows it)."""
        query = select(attempts.c.session_id, func.count().label("n")).group_by(attempts.c.session_id)
        rows = self._do(lambda c: c.execute(query).all(), write=False)
        return {r.session_id: r.n for r in rows}

    # Rolling summary and streamed replies --------------------------------------------------
    def get_summary(self, session_id: str) -> dict | None:
        """The session's rolling summary ({"text", "upto_id", ...}), or None (none yet, or unreadable)."""
        raw = self._do(lambda c: c.execute(select(sessions.c.summary_json).where(
            sessions.c.id == session_id)).scalar(), write=False)
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None  # a corrupt summary is rebuilt, never fatal
        return data if isinstance(data, dict) else None

    def set_summary(self, session_id: str, summary: dict | None) -> None:
        payload = None if summary is None else json.dumps(summary, ensure_ascii=False)
        self._do(lambda c: c.execute(update(sessions).where(sessions.c.id == session_id).values(
            summary_json=payload)))

    def update_turn_content(self, turn_id: int, text: str, meta: dict) -> None:
        """Rewrite a reply that is still arriving (saved as it streams, so a rerun never loses it)."""
        now = time.time()

        def work(c: Connection) -> None:
            c.execute(update(turns).where(turns.c.id == turn_id).values(
                content=clean_text(text), meta_json=json.dumps(meta, ensure_ascii=False)))
            owner_session = select(turns.c.session_id).where(turns.c.id == turn_id).scalar_subquery()
            c.execute(update(sessions).where(sessions.c.id == owner_session).values(updated_at=now))

        self._do(work)


def _session(row) -> dict:
    data = dict(row._mapping)
    data["spec"] = json.loads(data.pop("spec_json"))
    if not isinstance(data["spec"], dict):
        raise ValueError("spec is not an object")
    report = data.pop("report_json")
    data["report"] = json.loads(report) if report else None
    if data["report"] is not None and not isinstance(data["report"], dict):
        data["report"] = None
    data.pop("summary_json", None)  # read through Store.get_summary (a damaged one is rebuilt, never fatal)
    return data
