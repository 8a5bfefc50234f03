"""The offline coach: Parley's embedded default when no LLM is configured.

`offline_reply(spec, transcript)` returns the next message for any mode (`offline_turn` with the record of the
question it asks); each mode's script
lives in its own module.
"""
from __future__ import annotations

from core.coach import chat, interview, language
from core.spec import PracticeSpec


def offline_reply(spec: PracticeSpec, transcript: list[dict]) -> str:
    """The coach's next message, given the whole transcript so far ({role, content} dicts)."""
    return offline_turn(spec, transcript)[0]


def offline_turn(spec: PracticeSpec, transcript: list[dict]) -> tuple[str, dict | None]:
    """The coach's next message and the record of the question it asks (core.asked; None in chat)."""
    if spec.mode == "interview":
        return interview.turn(spec, transcript)
    if spec.mode == "language":
        return language.turn(spec, transcript)
    return chat.reply(spec.seed, transcript), None
