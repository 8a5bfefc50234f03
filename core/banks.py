"""Curated content for the offline coach: interview question banks, language prompts, chat script.

The files live in data/ as JSON so they can be reviewed and extended without touching code.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def interview_banks() -> dict[str, list[dict]]:
    """{domain display name: [question, ...]} for every domain file."""
    banks: dict[str, list[dict]] = {}
    for path in sorted((DATA / "interview").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        banks[data["domain"]] = data["questions"]
    return banks


def questions_for(domain: str, interview_type: str | None = None) -> list[dict]:
    questions = interview_banks().get(domain, [])
    return [q for q in questions if interview_type is None or q["type"] == interview_type]


@lru_cache(maxsize=None)
def all_questions() -> dict[str, dict]:
    """Every question by id."""
    return {q["id"]: q for qs in interview_banks().values() for q in qs}


@lru_cache(maxsize=None)
def language_pack(code: str) -> dict:
    return json.loads((DATA / "language" / f"{code}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def chat_script() -> dict:
    return json.loads((DATA / "chat.json").read_text(encoding="utf-8"))


def find_question(text: str) -> dict | None:
    """The bank question whose wording appears in `text` (e.g. an interviewer turn), if any."""
    for question in all_questions().values():
        if question["question"] in text:
            return question
    return None
