"""Review of weak answers for one visitor: their scored answers read from storage, the schedule of core.review
applied to them, and the set-up of a short interview that asks the questions due.

An answer's score is the one its session's stored report gave it (answers[i]["score"], the report the Feedback
page wrote when the session ended); a practise-again attempt's is the judgement kept with it (ui/practise_again).
Only bank questions can be reviewed (the offline interviewer asks them by id): questions written from a job
description or asked by an AI interviewer have no id, and are left out.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, tzinfo

from core import banks
from core.review import Attempt, Review, due
from core.spec import PracticeSpec
from services.storage import Store
from services.storage.history import sessions_with_answers

SESSION_MAX = 5  # questions in one review session: a short one, the most overdue first


def _day(timestamp: float, tz: tzinfo | None) -> date:
    return datetime.fromtimestamp(timestamp, tz).date()


def _score(value) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value <= 10
    return float(value) if ok else None


def _words(text) -> str:
    return " ".join(str(text or "").lower().split())


def report_scores(report: dict | None, report_turns: list[dict]) -> list[float | None]:
    """The report's score of each report turn (None where it has none). The offline report scores every turn in
    order; an AI-written one may leave answers out, so its answers are then matched by their words."""
    answers = [a for a in (report or {}).get("answers") or [] if isinstance(a, dict)]
    if len(answers) == len(report_turns):
        return [_score(a.get("score")) for a in answers]
    by_words = {_words(a.get("answer")): _score(a.get("score")) for a in answers}
    return [by_words.get(_words(t.get("answer"))) for t in report_turns]


def scored_attempts(session: dict, tz: tzinfo | None = None) -> list[Attempt]:
    """Every scored answer to a bank question in one stored interview session (services.storage.history):
    its report's answers, dated when the session ended, and its practise-again attempts, dated when made."""
    from services.report import session_turns  # here, not at the top: it imports the judge, which Home needn't

    report_turns = session_turns(session["turns"], "interview")
    planned = (session.get("spec") or {}).get("num_questions")
    judged = report_turns[:planned] if isinstance(planned, int) and planned > 0 else report_turns
    when = _day(session.get("ended_at") or session.get("updated_at") or session["created_at"], tz)
    scores = report_scores(session.get("report"), judged)
    found = [Attempt(t["question_id"], score, when) for t, score in zip(judged, scores)
             if t.get("question_id") and score is not None]
    for attempt in session.get("attempts") or []:
        index = attempt.get("answer_index")
        kept = (attempt.get("meta") or {}).get("judgement")
        score = _score(kept.get("score")) if isinstance(kept, dict) else None
        if score is not None and isinstance(index, int) and 0 <= index < len(report_turns) \
                and report_turns[index].get("question_id"):
            found.append(Attempt(report_turns[index]["question_id"], score, _day(attempt["created_at"], tz)))
    return found


def due_questions(store: Store, owner: str | None, today: date, tz: tzinfo | None = None) -> list[Review]:
    """`owner`'s weak questions due `today` or earlier, most overdue first (ANY_OWNER: a single-user install)."""
    sessions = sessions_with_answers(store, "interview", owner=owner)
    attempts = [a for s in sessions if s.get("report") or s.get("attempts") for a in scored_attempts(s, tz)]
    known = banks.all_questions()
    return [r for r in due(attempts, today) if r.question_id in known]


def review_spec(question_ids: list[str], seed: int = 0) -> PracticeSpec:
    """A short interview asking these bank questions (the first SESSION_MAX), in order. Its domain, type and
    difficulty are the ones most of them share (they only word the interviewer's opening)."""
    ids = list(dict.fromkeys(question_ids))[:SESSION_MAX]
    if not ids:
        raise ValueError("a review needs at least one question")
    domain_of = {q["id"]: domain for domain, qs in banks.interview_banks().items() for q in qs}
    questions = [banks.all_questions()[i] for i in ids]

    def most(values) -> str:
        return Counter(values).most_common(1)[0][0]

    return PracticeSpec(mode="interview", domain=most(domain_of[i] for i in ids),
                        interview_type=most(q["type"] for q in questions),
                        difficulty=most(q["difficulty"] for q in questions), num_questions=len(ids),
                        review_ids=tuple(ids), seed=seed)

