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
