"""The offline coach: Parley's embedded default when no LLM is configured.

`offline_reply(spec, transcript)` returns the next message for any mode; each mode's script
lives in its own module.
"""
from __future__ import annotations

from core.coach import chat, interview, language
from core.spec import PracticeSpec


def offline_reply(spec: PracticeSpec, transcript: list[dict]) -> str:
    """The coach's next message, given the whole transcript so far ({role, content} dicts)."""
    if spec.mode == "interview":
        return interview.reply(spec, transcript)
    if spec.mode == "language":
        return language.reply(spec, transcript)
    return chat.reply(spec.seed, transcript)
