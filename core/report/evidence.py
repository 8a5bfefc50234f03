"""Parley's measurements as evidence for an LLM report, and the check of the LLM's report against them.

The offline judgement (core.feedback) measures what it can: which bank key points a real sentence makes
(by meaning), which known misconceptions an answer asserts, which job terms were said, the CEFR signals.
`evidence_lines` hands those to the model as trusted facts; `check` then reads the model's report and
flags or drops every claim that contradicts a measurement, so an LLM can add judgement but cannot praise
a known wrong claim, call a point missing that a sentence plainly made, or list a said term as missed.
Each change is recorded in the report's "checks" as one plain sentence.
"""
from __future__ import annotations

import re

from core.languages import CEFR_LEVELS

RELEVANCE_SLACK = 2  # how far above the measured content score an LLM's relevance may go unflagged
WRONG_ANSWER_CAP = 4  # an answer asserting a known wrong claim scores at most this
CEFR_GAP = 2  # levels between the LLM's CEFR level and the measured estimate that earn a flag
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset("a an the of to and or in on for with by is are be that this it as at from your you".split())


def evidence_lines(offline: dict, mode: str) -> list[str]:
    """Short trusted lines from the offline judgement, numbered like the transcript's answers (A1, A2…)."""
    if mode == "language":
        cefr = offline.get("cefr") or {}
        if not cefr.get("level"):
            return []
        return [f"Measured CEFR estimate: {cefr['level']} (likely range {cefr.get('range') or cefr['level']}), "
                "from accuracy, word-frequency and linking signals; treat it as an estimate to confirm or question."]
    if mode != "interview":
        return []
    lines = []
    for i, answer in enumerate(offline.get("answers") or [], 1):
        if not answer.get("verified", True):
            lines.append(f"A{i}: question not in Parley's bank: its content could not be verified offline.")
            continue
        if answer.get("covered"):
            lines.append(f"A{i}: key points a full sentence makes (judged by meaning): "
                         + "; ".join(p.rstrip(".") for p in answer["covered"]) + ".")
        if answer.get("missing"):
            lines.append(f"A{i}: key points no sentence makes: " + "; ".join(p.rstrip(".") for p in answer["missing"]) + ".")
        for wrong in answer.get("wrong") or []:
            lines.append(f"A{i}: asserts a known misconception: \"{wrong.get('quote', '')}\" (wrong: "
                         f"{wrong['claim'].rstrip('.')}; correct: {wrong['correction'].rstrip('.')}).")
    used = (offline.get("job_terms") or {}).get("used") or []
    if used:
        lines.append("Job terms the user said (in some form): " + ", ".join(used) + ".")
    return lines


def check(report: dict, offline: dict, mode: str) -> dict:
    """The LLM's report with every claim that contradicts a measurement dropped or corrected, and noted."""
    checks: list[str] = []
    report = dict(report)
    if mode == "interview":
        report = _check_interview(report, offline, checks)
    elif mode == "language":
        _check_level(report, offline, checks)
    report["checks"] = checks  # Parley's own: anything a model wrote under this name is replaced
    return report


# ---- interview ---------------------------------------------------------------------------------------

def _check_interview(report: dict, offline: dict, checks: list[str]) -> dict:
    measured = offline.get("answers") or []
    wrong_quotes = [_plain(w.get("quote", "")) for a in measured for w in a.get("wrong") or [] if w.get("quote")]
    kept = []
    for strength in report.get("strengths") or []:
        quote = _plain(strength.get("quote", "")) if isinstance(strength, dict) else ""
        if quote and any(_overlaps(quote, wq) for wq in wrong_quotes):
            checks.append(f"Dropped a strength (“{strength.get('point', '')}”): it quotes a sentence that asserts a "
                          "known misconception.")
            continue
        kept.append(strength)
    report["strengths"] = kept
    answers = [a for a in report.get("answers") or [] if isinstance(a, dict)]
    pairs = [(a, _measured_for(a, i, answers, measured)) for i, a in enumerate(answers)]
    report["answers"] = [_check_answer(a, m, i, checks) for i, (a, m) in enumerate(pairs)]
    reviewed = {id(m) for _, m in pairs if m is not None}
    for i, m in enumerate(measured):  # a wrong claim in an answer the model's review left out entirely
        if m.get("wrong") and id(m) not in reviewed:
            checks.append(f"Answer {i + 1} asserts a known misconception the AI coach did not mention: "
                          f"“{m['wrong'][0].get('quote', '')}” ({m['wrong'][0]['correction']})")
    _check_relevance(report, offline, checks)
    _check_terms(report, offline, checks)
    return report


def _measured_for(answer: dict, index: int, answers: list[dict], measured: list[dict]) -> dict | None:
    """The offline judgement of the same answer: by its text, else by position when the counts agree."""
    said = _plain(str(answer.get("answer") or ""))
    for m in measured:
        if said and (said in _plain(m.get("answer", "")) or _plain(m.get("answer", "")) in said):
            return m
    question = _plain(str(answer.get("question") or ""))
    for m in measured:
        if question and question == _plain(m.get("question", "")):
            return m
    return measured[index] if len(answers) == len(measured) and index < len(measured) else None


def _check_answer(answer: dict, measured: dict | None, index: int, checks: list[str]) -> dict:
    if measured is None or not measured.get("verified", True):
        return answer
    answer = dict(answer)
    label = f"Answer {index + 1}"
    covered, missing = list(answer.get("covered") or []), list(answer.get("missing") or [])
    missing, covered = _correct(measured.get("covered"), missing, covered, checks,
                                f"{label}: the AI coach called “{{}}” missing, but a sentence of the answer makes it "
                                "(measured by meaning): kept as covered.")
    covered, missing = _correct(measured.get("missing"), covered, missing, checks,
                                f"{label}: the AI coach counted “{{}}” as covered, but no sentence of the answer "
                                "makes it: moved to missing.")
    answer["covered"], answer["missing"] = covered, missing
    wrong = measured.get("wrong") or []
    if wrong:
        known = {_plain(w.get("claim", "")) for w in answer.get("wrong") or [] if isinstance(w, dict)}
        answer["wrong"] = [*(answer.get("wrong") or []), *(w for w in wrong if _plain(w["claim"]) not in known)]
        score = answer.get("score")
        if isinstance(score, int) and score > WRONG_ANSWER_CAP:
            answer["score"] = WRONG_ANSWER_CAP
            checks.append(f"{label}: scored {score}/10 by the AI coach, capped at {WRONG_ANSWER_CAP}: it asserts "
                          f"a known misconception (“{wrong[0].get('quote', '')}”).")
    return answer


def _correct(points: list[str] | None, wrong_list: list[str], right_list: list[str], checks: list[str],
             note: str) -> tuple[list[str], list[str]]:
    """Move each measured point the model put in the wrong list to the right one, noting each move."""
    for point in points or []:
        misplaced = [p for p in wrong_list if _same_point(p, point)]
        if misplaced:
            wrong_list = [p for p in wrong_list if p not in misplaced]
            right_list = [*right_list, point]
            checks.append(note.format(point.rstrip(".")))
    return wrong_list, right_list


def _check_relevance(report: dict, offline: dict, checks: list[str]) -> None:
    llm = (report.get("criteria") or {}).get("relevance")
    measured = (offline.get("criteria") or {}).get("relevance")
    if not (isinstance(llm, dict) and isinstance(measured, dict)):
        return
    score, floor = llm.get("score"), measured.get("score")
    if isinstance(score, int) and isinstance(floor, int) and score > floor + RELEVANCE_SLACK:
        capped = floor + RELEVANCE_SLACK
        report["criteria"] = {**report["criteria"], "relevance": {
            **llm, "score": capped,
            "evidence": [*llm.get("evidence", []), f"Capped from {score} to {capped}: Parley measured content at "
                                                   f"{floor}/10 (key points made by full sentences, wrong claims)."]}}
        checks.append(f"Relevance: the AI coach gave {score}/10 where Parley measured {floor}/10: capped at {capped}.")


def _check_terms(report: dict, offline: dict, checks: list[str]) -> None:
    terms = report.get("job_terms")
    used = (offline.get("job_terms") or {}).get("used") or []
    if not isinstance(terms, dict) or not used:
        return
    said = {_plain(t) for t in used}
    wrongly_missed = [t for t in terms.get("missed") or [] if _plain(t) in said]
    if wrongly_missed:
        report["job_terms"] = {"used": list(dict.fromkeys([*(terms.get("used") or []), *wrongly_missed])),
                               "missed": [t for t in terms.get("missed") or [] if t not in wrongly_missed]}
        checks.append("Job terms the AI coach listed as missed but the answers say: " + ", ".join(wrongly_missed) + ".")


# ---- language ----------------------------------------------------------------------------------------

def _check_level(report: dict, offline: dict, checks: list[str]) -> None:
    llm = (report.get("cefr") or {}).get("level")
    measured = (offline.get("cefr") or {}).get("level")
    if llm in CEFR_LEVELS and measured in CEFR_LEVELS and abs(CEFR_LEVELS.index(llm) - CEFR_LEVELS.index(measured)) >= CEFR_GAP:
        report["cefr"] = {**report["cefr"], "evidence": [
            *(report["cefr"].get("evidence") or []),
            f"Parley's measured signals suggest {measured} (range {offline['cefr'].get('range') or measured}): "
            f"two or more levels from this estimate, so treat both with caution."]}
        checks.append(f"CEFR: the AI coach said {llm}, Parley's measured signals suggest {measured}.")


# ---- matching ----------------------------------------------------------------------------------------

def _plain(text: str) -> str:
    return " ".join(_WORD.findall((text or "").lower()))


def _overlaps(quote: str, other: str) -> bool:
    """One quote holds the other, or they share most of their words (a quote may be trimmed)."""
    if not quote or not other:
        return False
    if quote in other or other in quote:
        return True
    a, b = set(quote.split()), set(other.split())
    return len(a & b) >= 0.8 * min(len(a), len(b))


def _content(text: str) -> set[str]:
    return {w[:6] for w in _plain(text).split() if w not in _STOP}


def _same_point(said: str, point: str) -> bool:
    """The model's wording of a key point names this bank point (the prompt asks it to copy them)."""
    a, b = _content(said), _content(point)
    return bool(a and b) and len(a & b) >= 0.6 * min(len(a), len(b))
