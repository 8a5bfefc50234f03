"""The LLM seam: a provider is one method that yields text chunks.

Modelled on simonw/llm: `stream(messages, ...)` yields deltas; a provider stops between
chunks as soon as `cancel` is set (barge-in, Stop button, page rerun).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Iterator, Protocol

from core.spec import PracticeSpec


@dataclass
class TurnContext:
    """What a provider may need beyond the messages: the set-up and the full transcript.

    Cloud models only read `messages`; the offline coach has no context window and reads the
    uncompressed transcript to know which scripted question it is on.
    """

    spec: PracticeSpec = field(default_factory=PracticeSpec)
    transcript: list[dict] = field(default_factory=list)


class LLMProvider(Protocol):
    name: str  # "groq", "openai", "compatible", "offline"
    label: str  # what the sidebar shows

    def stream(
        self,
        messages: list[dict],
        *,
        max_tokens: int,
        temperature: float,
        cancel: threading.Event | None = None,
        context: TurnContext | None = None,
    ) -> Iterator[str]: ...

    def complete(self, messages: list[dict], *, max_tokens: int, temperature: float = 0.3) -> str: ...


def is_cancelled(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()
