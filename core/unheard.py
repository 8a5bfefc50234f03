"""The live call's "I can't hear you" hint: how long the coach has been listening for the user's turn
and heard no speech.

The count starts again every time the user's turn comes (after each of the coach's replies), so the
hint appears on any silent stretch of a call, not only before the first word, and goes away the
moment speech arrives. Sound that the recognizer finds no words in (a hum, a beeping tone, a fan) is
no speech either: its turn adds its length to the count instead of resetting it (`no_words`).
"""
from __future__ import annotations

HINT_MS = 5000  # this long listening with no speech: "I can't hear you"


def unheard_ms(before: int, frame_ms: int, *, speech: bool, in_turn: bool, coach_has_floor: bool) -> int:
    """The count after one frame: `before` plus the frame while the coach listens and hears no speech;
    0 when the frame holds speech, a user turn is open (a pause inside it is not a dead microphone) or the
    coach has the floor (thinking or speaking: the user is listening)."""
    if speech or in_turn or coach_has_floor:
        return 0
    return before + frame_ms


def cannot_hear(unheard: int) -> bool:
    """Whether the page shows the hint."""
    return unheard >= HINT_MS


def no_words(before_turn: int, turn_ms: int, since: int) -> int:
    """The count after a turn the recognizer found no words in: what it was before that sound began, plus the
    sound and whatever has been counted since, as if the sound had been silence."""
    return before_turn + turn_ms + since
