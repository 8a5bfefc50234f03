"""Which question an interviewer's or examiner's message asks, kept as data on the turn.

A reply is saved with `meta["asks"]`: the question it puts to the user, as a record
`{"id": bank id or None, "text": the question as asked, "kind": "question" | "follow_up" | "repeat"}`
(plus `"by"`, the panelist who asks it, in a panel interview: core.coach.panel), or None when it asks
nothing new ("Take your time", a closing remark). Everything that pairs answers with questions (the
report, Practise again, History, exports, the offline coach itself) reads these records, never a search
for bank wording inside the message: a reaction that quotes another question must not change which
question the next answer is judged against.

Sessions saved before these records existed have no "asks" key; `legacy_question` reads them as
before, but takes the question at the end of the message (the one actually being asked), not the
first bank wording that appears anywhere in it.
"""
from __future__ import annotations

from core.quotes import sentences

KINDS = ("question", "follow_up", "repeat")
_QUESTION_MARKS = ("?", "？", "؟")


def record(text: str, question_id: str | None = None, kind: str = "question", by: str | None = None) -> dict | None:
    """A question record, or None for an empty question. `by` (who asks, in a panel) is kept only when given."""
    text = " ".join(str(text or "").split())
    if not text:
        return None
    found = {"id": question_id or None, "text": text, "kind": kind if kind in KINDS else "question"}
    return {**found, "by": by} if by else found


def has_record(turn: dict) -> bool:
    """Whether an assistant turn was saved with a question record (even a None one)."""
    meta = turn.get("meta") if isinstance(turn.get("meta"), dict) else {}
    return "asks" in meta


def asks(turn: dict) -> dict | None:
    """The question record of an assistant turn (None: it asked nothing new, or it has no record)."""
    meta = turn.get("meta") if isinstance(turn.get("meta"), dict) else {}
    found = meta.get("asks")
    return found if isinstance(found, dict) and found.get("text") else None


def last_question_sentence(text: str) -> str:
    """The question inside a free-text message: from its last question sentence on, else all of it."""
    text = str(text or "")
    spans = [(a, b) for a, b in sentences(text) if any(m in text[a:b] for m in _QUESTION_MARKS)]
    return text[spans[-1][0]:].strip() if spans else text.strip()


def latest_of(candidates: list[dict], text: str, key: str = "question") -> dict | None:
    """The candidate whose wording occurs latest in `text` (the one being asked, not one quoted earlier)."""
    best, at = None, -1
    for candidate in candidates:
        wording = str(candidate.get(key) or "")
        where = text.rfind(wording) if wording else -1
        if where > at or (where == at and where >= 0 and best is not None
                          and len(wording) > len(str(best.get(key) or ""))):
            best, at = candidate, where
    return best


def from_free_text(message: str, bank: list[dict]) -> dict | None:
    """The record of a model-written message: its last question sentence, with the bank id when that sentence
    holds a bank question's wording. None when it asks nothing (no question mark)."""
    if not any(m in str(message or "") for m in _QUESTION_MARKS):
        return None
    asked = last_question_sentence(message)
    found = latest_of(bank, asked)
    return record(found["question"] if found else asked, found["id"] if found else None)


def legacy_question(message: str, bank: list[dict]) -> tuple[str, dict | None]:
    """(question text, bank question) of an assistant message saved without a record."""
    found = latest_of(bank, str(message or ""))
    if found is not None:
        return found["question"], found
    return last_question_sentence(message), None
