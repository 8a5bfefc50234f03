"""A forgiving parser for reports written by an LLM, and the check that every quote is the user's own words.

`parse_report` pulls the JSON out of whatever the model wrote, fixes the harmless slips (code fences,
prose around it, trailing commas, single quotes, "7/10" scores), fills optional fields, then validates it
and lists every problem in plain words.
"""
from __future__ import annotations

import json
import re

from core.report.schema import MODES, REPORT_SCHEMAS, _show, validate

# ---- parsing LLM output ---------------------------------------------------------------------------

class ReportParseError(ValueError):
    """The model's output is not a usable report; `problems` says why, one plain sentence each."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


_FENCE = re.compile(r"```[ \t]*(?:json|JSON|javascript)?[ \t]*\n?(.*?)(?:```|\Z)", re.DOTALL)
_SCORE_TEXT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:(?:/|out of)\s*(\d+(?:\.\d+)?))?\s*(?:points?)?\s*$",
                         re.IGNORECASE)
_PY_WORDS = {"True": "true", "False": "false", "None": "null"}


def _apostrophe(text: str, i: int) -> bool:
    """A ' between two letters ("don't") is an apostrophe, not a quote."""
    return text[i - 1:i].isalnum() and text[i + 1:i + 2].isalnum()


def _balanced(text: str, start: int) -> int | None:
    """Index just past the object opened at text[start] == "{", or None if it never closes."""
    depth, quote, i = 0, None, start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote and not (quote == "'" and _apostrophe(text, i)):
                quote = None
        elif ch in "\"'":
            if ch == '"' or not _apostrophe(text, i):
                quote = ch
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def _jsonish(text: str) -> str:
    """JSON from near-JSON: single-quoted strings, trailing commas, Python True/False/None."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            j, buf = i + 1, []
            while j < n and (text[j] != ch or (ch == "'" and _apostrophe(text, j))):
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j:j + 2] if text[j + 1] != "'" else "'")
                    j += 2
                    continue
                buf.append('\\"' if text[j] == '"' else text[j])
                j += 1
            out.append('"' + "".join(buf) + '"')
            i = j + 1
        elif ch == ",":
            rest = text[i + 1:].lstrip()
            if not rest.startswith(("}", "]")):
                out.append(ch)
            i += 1
        elif ch.isalpha():
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            out.append(_PY_WORDS.get(word, word))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def extract_json(text: str) -> dict:
    """The first JSON object in `text` (inside a code fence if there is one); ReportParseError otherwise."""
    if not (text or "").strip():
        raise ReportParseError(["The response was empty: expected a JSON object."])
    fenced = [m.group(1) for m in _FENCE.finditer(text) if "{" in m.group(1)]
    body = fenced[0] if fenced else text
    starts = [m.start() for m in re.finditer(r"\{", body)][:20]
    if not starts:
        raise ReportParseError(["No JSON object found in the response: it must be a single {...} object."])
    first_error, after = None, 0
    for start in starts:
        if start < after:  # inside an object that was already tried: its parts are not the report
            continue
        end = _balanced(body, start)
        if end is None:
            raise ReportParseError([first_error or "The JSON is incomplete: it stops before its closing brace "
                                                   "(the output was probably cut off)."])
        after = end
        chunk = body[start:end]
        for candidate in (chunk, _jsonish(chunk)):
            try:
                value = json.loads(candidate)
            except json.JSONDecodeError as exc:
                first_error = first_error or (f"The JSON could not be read: {exc.msg} "
                                              f"(line {exc.lineno}, column {exc.colno}).")
                continue
            if isinstance(value, dict):
                return value
    raise ReportParseError([first_error or "No JSON object found in the response."])


def coerce_score(value, decimals: int = 0):
    """7, 7.4, "7", "7/10", "8 out of 10", "75/100" -> an int clamped to 1-10 (with `decimals`, a float
    rounded to that many decimals: the overall score); anything else unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        match = _SCORE_TEXT.match(value)
        if not match:
            return value
        number = float(match.group(1))
        scale = float(match.group(2)) if match.group(2) else 10.0
        value = number * 10.0 / scale if scale else number
    if isinstance(value, (int, float)):
        if decimals:
            return max(1.0, min(10.0, round(float(value) + 1e-9, decimals)))
        return max(1, min(10, int(value + 0.5) if value >= 0 else 1))
    return value


def _normalise(report: dict, mode: str) -> dict:
    """Coerce scores, fill optional fields with their defaults, pin the mode."""
    report = dict(report)
    report["mode"] = mode
    if "overall" in report:
        report["overall"] = coerce_score(report["overall"], decimals=1)
    criteria = report.get("criteria")
    if isinstance(criteria, dict):
        report["criteria"] = {
            name: ({**c, "score": coerce_score(c["score"])} if isinstance(c, dict) and "score" in c else c)
            for name, c in criteria.items()
        }
    if isinstance(report.get("answers"), list):
        report["answers"] = [({**a, "score": coerce_score(a["score"])} if isinstance(a, dict) and "score" in a else a)
                             for a in report["answers"]]
    if isinstance(report.get("recommendations"), str):
        report["recommendations"] = [report["recommendations"]]
    level = report.get("cefr", {}).get("level") if isinstance(report.get("cefr"), dict) else None
    if isinstance(level, str):
        found = re.search(r"\b([ABC][12])\b", level.upper())
        report["cefr"] = {**report["cefr"], "level": found.group(1) if found else level}
    defaults = {"job_terms": {"used": [], "missed": []}, "answers": [], "source": "llm", "note": None}
    if mode == "interview":
        defaults["model_answer"] = None
    if mode == "language":
        defaults["corrections"] = []
    for name, default in defaults.items():
        report.setdefault(name, default)
    return report


def parse_report(text: str, mode: str) -> dict:
    """A validated report dict from an LLM's output for `mode`; ReportParseError lists every problem."""
    if mode not in MODES:
        raise ValueError(f"Unknown report mode {mode!r}; expected one of {MODES}")
    report = _normalise(extract_json(text), mode)
    problems = validate(report, REPORT_SCHEMAS[mode])
    if problems:
        raise ReportParseError(problems)
    return report


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("’", "'").replace("‘", "'")
                  .replace("“", '"').replace("”", '"')).strip().lower()


def unverified_quotes(report: dict, answers: list[str]) -> list[str]:
    """Quotes in strengths/improvements that are not in the user's answers (ignoring case and spacing)."""
    said = [_plain(a) for a in answers]
    problems = []
    for section in ("strengths", "improvements"):
        for i, item in enumerate(report.get(section) or []):
            quote = _plain(item.get("quote", "")) if isinstance(item, dict) else ""
            if quote and not any(quote.strip('"') in a for a in said):
                problems.append(f"{section}[{i}].quote is not the user's words: {_show(item['quote'])}")
    return problems
