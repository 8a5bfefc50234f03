"""The coaching report's JSON schema, one per mode, and a validator for the subset it uses.

The dict it describes is what both the offline report (core.feedback) and an LLM report produce, so the
UI renders either the same way. `response_format(mode)` wraps it for OpenAI/Groq structured output.
"""
from __future__ import annotations

import json

CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]
MODES = ("interview", "language", "chat")

# Criteria per mode: (required, optional). "delivery" needs timing; "pronunciation" needs STT confidence.
CRITERIA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "interview": (("relevance", "structure", "clarity", "confidence"), ("delivery",)),
    "language": (("fluency", "grammatical_accuracy", "vocabulary_range", "coherence"), ("pronunciation",)),
    "chat": (("engagement", "clarity", "fillers"), ("delivery",)),
}

_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": {"type": "string"}}
SCORE = {"type": "integer", "minimum": 1, "maximum": 10, "description": "1 = very weak, 10 = excellent"}
# The overall score has one decimal (6.4): it is a weighted mean of whole-number scores (core.feedback.common.one_decimal).
OVERALL = {"type": "number", "minimum": 1, "maximum": 10, "description": "1 = very weak, 10 = excellent; one decimal"}

CRITERION = {
    "type": "object",
    "description": "One criterion: a score and the evidence for it (measured facts or the user's own words).",
    "properties": {
        "score": SCORE,
        "evidence": _TEXTS,
        "estimate": {"type": "boolean", "description": "true when the score is a rough estimate"},
    },
    "required": ["score", "evidence"],
}
STRENGTH = {
    "type": "object",
    "properties": {"point": {"type": "string", "minLength": 1},
                   "quote": {"type": "string", "description": "verbatim words from the user's answers"}},
    "required": ["point", "quote"],
}
IMPROVEMENT = {
    "type": "object",
    "properties": {"point": {"type": "string", "minLength": 1},
                   "quote": {"type": "string", "description": "verbatim words from the user's answers, or \"\""},
                   "example": {"type": "string", "minLength": 1, "description": "how it could be said instead"},
                   "items": {**_TEXTS, "description": "the things the point lists, each shown as its own bullet"}},
    "required": ["point", "quote", "example"],
}
ANSWER = {
    "type": "object",
    "properties": {"question": _TEXT, "answer": _TEXT, "score": SCORE, "covered": _TEXTS, "missing": _TEXTS,
                   "wrong": {"type": "array", "description": "known wrong claims the answer asserts",
                             "items": {"type": "object", "properties": {"claim": _TEXT, "correction": _TEXT,
                                                                        "quote": _TEXT}}},
                   "unconfirmed": {**_TEXTS, "description": "key points the answer came near but that could not "
                                                             "be confirmed"},
                   "contradicted": {"type": "array", "description": "key points the answer says the opposite of",
                                    "items": {"type": "object", "properties": {"point": _TEXT, "quote": _TEXT}}},
                   "off_topic": {"type": "string", "description": "the question the answer seems to answer instead"},
                   "verified": {"type": "boolean", "description": "false when the question is not in the bank"}},
    "required": ["question", "answer", "score"],
}
JOB_TERMS = {"type": "object", "properties": {"used": _TEXTS, "missed": _TEXTS}, "required": ["used", "missed"]}
MODEL_ANSWER = {
    "type": ["object", "null"],
    "description": "A stronger answer to the user's weakest question, in their voice, using only facts they gave.",
    "properties": {"question": _TEXT, "answer": _TEXT},
    "required": ["question", "answer"],
}
LEVEL = {
    "type": "object",
    "description": "Estimated CEFR level of the speaking shown in this session (null when too little to judge).",
    "properties": {"level": {"type": ["string", "null"], "enum": CEFR + [None]}, "evidence": _TEXTS,
                   "estimate": {"type": "boolean"}},
    "required": ["level", "evidence"],
}
CORRECTION = {
    "type": "object",
    "properties": {"said": _TEXT, "fix": _TEXT, "note": _TEXT},
    "required": ["said", "fix"],
}


def report_schema(mode: str) -> dict:
    """The JSON schema (draft 2020-12 subset) of a report for `mode`."""
    if mode not in MODES:
        raise ValueError(f"Unknown report mode {mode!r}; expected one of {MODES}")
    required, optional = CRITERIA[mode]
    properties = {
        "mode": {"type": "string", "enum": [mode]},
        "overall": OVERALL,
        "criteria": {"type": "object", "properties": {name: CRITERION for name in required + optional},
                     "required": list(required)},
        "strengths": {"type": "array", "items": STRENGTH, "description": "only what the answers actually show"},
        "improvements": {"type": "array", "items": IMPROVEMENT},
        "recommendations": _TEXTS,
        "job_terms": JOB_TERMS,
        "answers": {"type": "array", "items": ANSWER},
        "summary": {"type": "string", "minLength": 1},
        "source": {"type": "string", "enum": ["offline", "llm"]},
        "note": {"type": ["string", "null"]},
    }
    must = ["mode", "overall", "criteria", "strengths", "improvements", "recommendations", "summary"]
    if mode == "interview":
        properties["model_answer"] = MODEL_ANSWER
    if mode == "language":
        properties["cefr"] = LEVEL
        properties["corrections"] = {"type": "array", "items": CORRECTION}
        must.append("cefr")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"Parley {mode} coaching report",
        "type": "object",
        "properties": properties,
        "required": must,
    }


REPORT_SCHEMAS: dict[str, dict] = {mode: report_schema(mode) for mode in MODES}


def response_format(mode: str) -> dict:
    """The `response_format` argument for OpenAI/Groq structured output."""
    return {"type": "json_schema",
            "json_schema": {"name": "coaching_report", "schema": REPORT_SCHEMAS[mode], "strict": False}}


# ---- validation ---------------------------------------------------------------------------------

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def _is(value, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[kind])


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _kind_of(value) -> str:
    for kind in ("null", "boolean", "integer", "number", "string", "array", "object"):
        if _is(value, kind):
            return "a number" if kind == "number" else {"null": "null", "array": "a list", "object": "an object",
                                                         "integer": "an integer"}.get(kind, f"a {kind}")
    return type(value).__name__


def validate(value, schema: dict, path: str = "report") -> list[str]:
    """Problems with `value` against the schema subset used here; [] when it is valid."""
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if kinds and not any(_is(value, k) for k in kinds):
        wanted = " or ".join({"integer": "an integer", "array": "a list", "object": "an object",
                              "null": "null"}.get(k, f"a {k}") for k in kinds)
        return [f"{path}: expected {wanted}, got {_kind_of(value)} {_show(value)}"]
    problems: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join("null" if v is None else str(v) for v in schema["enum"])
        problems.append(f"{path}: {_show(value)} is not one of {allowed}")
    if _is(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{path}: must be at least {schema['minimum']}, got {value}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{path}: must be at most {schema['maximum']}, got {value}")
    if isinstance(value, str) and len(value.strip()) < schema.get("minLength", 0):
        problems.append(f"{path}: must not be empty")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{path}: missing required field '{name}'")
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                problems += validate(value[name], sub, f"{path}.{name}" if path != "report" else name)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += validate(item, schema["items"], f"{path}[{i}]")
    return problems
