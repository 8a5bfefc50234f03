"""Opt-in keeping of raw answer recordings (KEEP_RECORDINGS=1). Off by default: audio is only
ever held in memory, transcribed, and dropped. Kept files live beside the database and go when
their session is deleted (Store.delete_session).
"""
from __future__ import annotations

from pathlib import Path

from config import Settings


def folder(settings: Settings, session_id: str) -> Path:
    return Path(settings.parley_db).expanduser().parent / "recordings" / session_id


def keep(settings: Settings, session_id: str, digest: str, data: bytes) -> Path | None:
    """Save a recording when the user opted in; return its path (None when not kept)."""
    if not settings.keep_recordings:
        return None
    path = folder(settings, session_id) / f"{digest[:16]}.audio"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
