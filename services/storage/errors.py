"""What went wrong with the database, as a StageError("storage", ...) in words that say what to do.

SQLite faults are named from the file's point of view (read-only, disk full, busy, damaged); PostgreSQL ones
from the server's (cannot be reached, too slow, every connection in use). Never "free disk space" for all.
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc

from core.errors import StageError


def storage_error(exc: sqlite3.Error, path: str, writing: bool = True) -> StageError:
    """What went wrong with the database, in words that say what to do (never "free disk space" for all)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    where = f"the session database ({path})"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return StageError("storage", "read_only", f"Nothing can be saved: {where} is read-only. Your text is still on "
                          "screen; copy it, then make the file and its folder writable.",
                          details="Or point PARLEY_DB at a writable place.")
    if name == "SQLITE_FULL" or "disk is full" in text or "database or disk is full" in text:
        return StageError("storage", "disk_full", f"Nothing can be saved: the disk holding {where} is full. Your "
                          "text is still on screen; free some disk space and try again.", retryable=True)
    if name.startswith("SQLITE_BUSY") or "locked" in text:
        return StageError("storage", "locked", f"{where[0].upper()}{where[1:]} is busy (another Parley process is "
                          "writing). Your text is still on screen; try again in a moment.", retryable=True)
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "not a database" in text or "malformed" in text:
        return StageError("storage", "corrupt", f"{where[0].upper()}{where[1:]} is damaged or not a Parley database. "
                          "Move the file aside (keep it if it matters) and Parley starts a new one.",
                          details=f"Or point PARLEY_DB at another file. SQLite: {exc}")
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        return StageError("storage", "cannot_open", f"Could not open {where}. Check that its folder exists and is "
                          "writable.", details=f"Or point PARLEY_DB elsewhere. SQLite: {exc}")
    action = "Saving to" if writing else "Reading"
    return StageError("storage", "write_failed" if writing else "read_failed",
                      f"{action} {where} failed. Your text is still on screen; try again.", retryable=True,
                      details=f"SQLite: {exc}")


def server_error(exc: BaseException, where: str, writing: bool = True) -> StageError:
    """A PostgreSQL fault (`exc` is the SQLAlchemy or psycopg exception), named for what a visitor can do."""
    if isinstance(exc, sa_exc.TimeoutError):  # the pool: every connection of this process in use
        return StageError("storage", "busy", "The session database is busy (every connection is in use). Your "
                          "text is still on screen; try again in a moment.", retryable=True)
    orig = getattr(exc, "orig", exc)
    name = type(orig).__name__
    text = str(orig).lower()
    if name in ("QueryCanceled", "LockNotAvailable") or "statement timeout" in text or "lock timeout" in text:
        return StageError("storage", "slow", "The session database did not answer in time. Your text is still on "
                          "screen; try again in a moment.", retryable=True)
    if isinstance(exc, sa_exc.OperationalError) or name in ("OperationalError", "AdminShutdown", "CannotConnectNow"):
        return StageError("storage", "unavailable", f"The session database server ({where}) cannot be reached, so "
                          "sessions cannot be saved or listed right now. Practice still works; your text stays on "
                          "screen. Try again in a moment.", retryable=True)
    action = "Saving to" if writing else "Reading"
    return StageError("storage", "write_failed" if writing else "read_failed",
                      f"{action} the session database failed. Your text is still on screen; try again.",
                      retryable=True, details=f"PostgreSQL: {name}")


def database_error(exc: BaseException, where: str, sqlite: bool, writing: bool = True) -> StageError:
    """Any database exception as the StageError a page shows."""
    orig = getattr(exc, "orig", exc)
    if sqlite and isinstance(orig, sqlite3.Error):
        return storage_error(orig, where, writing)
    return server_error(exc, where, writing)
