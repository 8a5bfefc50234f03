"""What the sidebar says about speech: which recognizer and voice are active, and their limits."""
from __future__ import annotations

from config import Settings


def lines(settings: Settings) -> list[str]:
    """Markdown lines; the voice differs by language offline (Piper speaks English only)."""
    from services.stt import stt_label
    from services.tts import tts_label

    english, other = tts_label(settings, "en"), tts_label(settings, "es")
    voice = english if english == other else f"{english} in English; {other} in other languages"
    return [f"**Speech to text:** {stt_label(settings)}", f"**Voice:** {voice}"]
