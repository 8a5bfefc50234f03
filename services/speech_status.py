"""What the sidebar says about speech: which recognizer and voice are active, and their limits."""
from __future__ import annotations

from config import Settings


def lines(settings: Settings, language: str = "en") -> list[str]:
    from services.stt import stt_label
    from services.tts import tts_label

    return [f"**Speech to text:** {stt_label(settings)}", f"**Voice:** {tts_label(settings, language)}"]
