"""One visitor's sessions of a mode read whole, with their turns and practise-again attempts, in three queries
(the review of weak answers reads every interview's scores at once, services/review.py)."""
from __future__ import annotations

import json

from sqlalchemy import select

from services.storage.schema import attempts, turns
from services.storage.store import ANY_OWNER, Store

BATCH = 400  # session ids per query (SQLite allows 999 bound values in older builds)


def sessions_with_answers(store: Store, mode: str, owner: str | None = ANY_OWNER, limit: int = 500) -> list[dict]:
    """`owner`'s sessions of `mode` (every owner's with ANY_OWNER), newest first, each with its "turns" and
    "attempts" in order as Store.turns and Store.attempts give them. Damaged rows are skipped or emptied."""
    sessions = store.list_sessions(mode, limit=limit, owner=owner)
    ids = [s["id"] for s in sessions]
    by_session: dict[str, dict] = {sid: {"turns": [], "attempts": []} for sid in ids}
    for at in range(0, len(ids), BATCH):
        part = ids[at:at + BATCH]
        turn_rows = select(turns.c.id, turns.c.session_id, turns.c.role, turns.c.content, turns.c.meta_json,
                           turns.c.created_at).where(turns.c.session_id.in_(part)).order_by(turns.c.id)
        attempt_rows = select(attempts).where(attempts.c.session_id.in_(part)).order_by(attempts.c.id)
        found = store._do(lambda c: (c.execute(turn_rows).all(), c.execute(attempt_rows).all()), write=False)
        for r in found[0]:
            by_session[r.session_id]["turns"].append({"id": r.id, "role": r.role, "content": r.content,
                                                      "meta": store._meta(r), "created_at": r.created_at})
        for r in found[1]:
            by_session[r.session_id]["attempts"].append({
                "id": r.id, "answer_index": r.answer_index, "question": r.question, "answer": r.answer,
                "meta": _json(r.meta_json), "created_at": r.created_at})
    return [{**s, **by_session[s["id"]]} for s in sessions]


def _json(raw: str | None) -> dict:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
