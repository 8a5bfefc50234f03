"""The offline coach behind the LLM seam: no key, no network, no model weights."""
from __future__ import annotations

import re
import threading
from typing import Iterator

from core.coach import offline_turn
from core.errors import StageError
from services.llm.base import TurnContext, is_cancelled


class OfflineCoachProvider:
    name = "offline"
    label = "Offline coach (scripted)"

    def stream(
        self,
        messages: list[dict],
        *,
        max_tokens: int = 0,
        temperature: float = 0.0,
        cancel: threading.Event | None = None,
        context: TurnContext | None = None,
    ) -> Iterator[str]:
        """Yield the scripted reply word by word, like a streaming model (and as cancellable)."""
        context = context or TurnContext(transcript=[m for m in messages if m["role"] != "system"])
        text, context.asks = offline_turn(context.spec, context.transcript)
        context.knows_asks = True
        for piece in re.findall(r"\S+\s*", text):
            if is_cancelled(cancel):
                return
            yield piece

    def complete(self, messages: list[dict], *, max_tokens: int = 0, temperature: float = 0.0, **_) -> str:
        raise StageError("llm", "offline", "The offline coach cannot write free text; the offline report is used.")
