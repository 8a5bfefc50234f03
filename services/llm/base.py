"""The LLM seam: a provider is one method that yields text chunks.

Modelled on simonw/llm: `stream(messages, ...)` yields deltas; a provider stops between
chunks as soon as `cancel` is set (barge-in, Stop button, page rerun).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol

from core.spec import PracticeSpec


@dataclass
class TurnContext:
    """What a provider may need beyond the messages: the set-up and the full transcript.

    Cloud models only read `messages`; the offline coach has no context window and reads the
    uncompressed transcript to know which scripted question it is on.
    """

    spec: PracticeSpec = field(default_factory=PracticeSpec)
    transcript: list[dict] = field(default_factory=list)
    asks: dict | None = None  # set by a provider that knows which question its reply asks (the offline coach)
    knows_asks: bool = False


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


class CancelFlag(threading.Event):
    """A cancel Event that also runs hooks the moment it is set.

    A provider blocked on its next token only sees a plain Event after that token arrives; with
    this one it can hang up at once (`on_set`), so the server stops generating. Any plain
    `threading.Event` still works wherever a cancel flag is taken.
    """

    def __init__(self) -> None:
        super().__init__()
        self._hooks: list[Callable[[], None]] = []
        self._hooks_lock = threading.Lock()

    def on_set(self, hook: Callable[[], None]) -> Callable[[], None]:
        """Run `hook` when the flag is set (now, if it already is); returns a function that removes it."""
        with self._hooks_lock:
            already = self.is_set()
            if not already:
                self._hooks.append(hook)
        if already:
            hook()

        def remove() -> None:
            with self._hooks_lock:
                if hook in self._hooks:
                    self._hooks.remove(hook)

        return remove

    def set(self) -> None:
        with self._hooks_lock:
            super().set()
            hooks, self._hooks = self._hooks, []
        for hook in hooks:
            try:
                hook()
            except Exception:  # a hook must never break the caller (often the audio thread)
                pass
