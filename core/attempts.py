"""Practise again: a new attempt at one answer, judged beside the earlier one.

Both attempts go through the same offline judgement as the report (core.feedback.offline_report),
so the comparison never contradicts it: the score change, the key points newly covered (or
dropped), and fillers and pace when the answers were spoken.
"""
from __future__ import annotations

from core.feedback import offline_report
from core.metrics import filler_counts


def attempt_turn(original: dict, answer: str, meta: dict | None = None) -> dict:
    """A report turn for a new attempt: the original's question (and bank id) with the new answer."""
    meta = meta or {}
    turn = {key: original[key] for key in ("question", "question_id") if original.get(key)}
    turn["answer"] = answer
    if isinstance(meta.get("metrics"), dict):
        turn["metrics"] = meta["metrics"]
    if isinstance(meta.get("seconds"), (int, float)):
        turn["seconds"] = meta["seconds"]
    return turn


def _fillers(turn: dict) -> int:
    metrics = turn.get("metrics") or {}
    if isinstance(metrics.get("filler_total"), int):
        return metrics["filler_total"]
    return sum(filler_counts(turn.get("answer") or "").values())


def _wpm(turn: dict) -> float | None:
    wpm = (turn.get("metrics") or {}).get("wpm")
    return float(wpm) if isinstance(wpm, (int, float)) and wpm > 0 else None


def judged(turn: dict, mode: str, language: str | None = None) -> dict:
    """One answer on its own, judged as the report judges it: score, covered and missing points."""
    answer = offline_report([turn], mode, language)["answers"][0]
    return {"score": answer["score"], "covered": list(answer.get("covered") or []),
            "missing": list(answer.get("missing") or []), "fillers": _fillers(turn), "wpm": _wpm(turn),
            "answer": turn.get("answer") or ""}


def compare(before: dict, after: dict, mode: str, language: str | None = None) -> dict:
    """The earlier and the new attempt side by side, with what changed."""
    old, new = judged(before, mode, language), judged(after, mode, language)
    return {
        "before": old,
        "after": new,
        "score_change": new["score"] - old["score"],
        "newly_covered": [p for p in new["covered"] if p not in old["covered"]],
        "dropped": [p for p in old["covered"] if p not in new["covered"]],
        "filler_change": new["fillers"] - old["fillers"],
        "wpm_change": (new["wpm"] - old["wpm"]) if old["wpm"] is not None and new["wpm"] is not None else None,
    }


def verdict(judgement: dict) -> dict:
    """What is kept of a judgement beside the attempt (History shows it): the score and how many key points
    the answer covered and missed."""
    return {"score": judgement["score"], "covered": len(judgement["covered"]), "missing": len(judgement["missing"])}


def short_judgement(kept: dict) -> str:
    """A judgement in a few words: "7/10 · 2 key points covered · 1 missing" ("7/10" alone where the question
    has no key points, as in a language test or a chat)."""
    parts = [f"{kept['score']}/10"]
    covered, missing = kept.get("covered") or 0, kept.get("missing") or 0
    if covered or missing:
        parts.append(f"{covered} key point{'s' if covered != 1 else ''} covered")
        parts.append(f"{missing} missing")
    return " · ".join(parts)


def _kept(meta: dict, key: str) -> dict | None:
    kept = (meta or {}).get(key)
    return kept if isinstance(kept, dict) and isinstance(kept.get("score"), (int, float)) else None


def attempt_lines(original: dict, attempts: list[dict], mode: str, language: str | None = None) -> list[dict]:
    """Every attempt at one answer, oldest first: {"n", "answer", "judgement"} with the original answer as
    attempt 1. The judgement is the one kept when the attempt was made (its "judgement" meta, and the first
    attempt's "earlier_judgement" for the original); attempts kept without one are judged again here."""
    first_meta = attempts[0].get("meta") if attempts else {}
    rows = [{"n": 1, "answer": original.get("answer") or "",
             "judgement": _kept(first_meta, "earlier_judgement") or verdict(judged(original, mode, language))}]
    for n, attempt in enumerate(attempts, start=2):
        meta = attempt.get("meta") or {}
        kept = _kept(meta, "judgement") or verdict(judged(attempt_turn(original, attempt["answer"], meta),
                                                          mode, language))
        rows.append({"n": n, "answer": attempt["answer"], "judgement": kept})
    return rows
