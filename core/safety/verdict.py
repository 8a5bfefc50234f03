"""The screen's decision about one message, and the stage-tagged error that records a refusal.

Order: self-harm first (a person in danger gets support whatever else the message holds), then the exact
injection rules, then the model's refusal, then the second reading for threats and hate, else allowed.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.errors import StageError

REFUSED = ("harmful", "sexual", "harassment", "injection", "off_task")
SELF_HARM = "self_harm"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    category: str  # "allowed", one of REFUSED, or "self_harm"
    source: str = ""  # "rule", "model", or "" (nothing to screen, or allowed with no model at hand)
    p_allowed: float | None = None  # the model's probability that the message is practice
    evidence: str = ""  # the words a rule matched

    def error(self) -> StageError:
        """The refusal as a StageError of stage "safety" (code: the category)."""
        return SafetyError(self.category, MESSAGES.get(self.category, MESSAGES["harmful"]),
                           details=f"safety screen: {self.category} ({self.source or 'none'})")


ALLOWED = Verdict(True, "allowed")

MESSAGES = {  # the user-facing words of each refusal (the coach's reply says the rest)
    "harmful": "That message asked for something harmful, so Parley did not pass it on. Nothing was generated.",
    "sexual": "That message was sexual, so Parley did not pass it on. Nothing was generated.",
    "harassment": "That message attacked a person or group, so Parley did not pass it on. Nothing was generated.",
    "injection": "That message tried to change the coach's instructions or read its settings, so Parley did not pass "
                 "it on. Nothing was generated.",
    "off_task": "That message asked for work outside speaking practice, so Parley did not pass it on. Nothing was "
                "generated.",
    "self_harm": "Parley paused the practice to share where to find support.",
    "reply_leak": "The coach's reply was cut before it could show its instructions or a key.",
}


class SafetyError(StageError):
    """A StageError whose stage is "safety": a refusal, or a reply cut by the guard."""

    def __init__(self, code: str, message: str, *, details: str | None = None):
        super().__init__("safety", code, message, details=details)


def leak_error(kind: str) -> StageError:
    """The coach's own reply was cut: it carried its instructions or a key (`kind`)."""
    return SafetyError("reply_leak", MESSAGES["reply_leak"], details=f"reply guard: {kind}")
