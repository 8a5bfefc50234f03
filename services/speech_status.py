"""What the sidebar says about the coach, listening and voice: plain words first, technical names after."""
from __future__ import annotations

from config import Settings

# User words only: the providers and engines are named under "Technical details".
COACH = {
    "offline": "offline coach (prepared questions, no AI model)",
    "groq": "cloud AI coach",
    "openai": "cloud AI coach",
    "compatible": "your own AI model server",
}
LISTENING = {"local": "offline speech recognition", "groq": "cloud speech recognition",
             "openai": "cloud speech recognition"}
VOICE = {"piper": "offline voice", "espeak": "offline voice", "openai": "cloud voice", "gtts": "online voice"}


def plain_lines(settings: Settings) -> list[str]:
    """Markdown lines a newcomer understands: who coaches, who listens, who speaks."""
    from services.tts import active_names

    coach = COACH.get(settings.llm_provider, settings.llm_provider)
    listening = LISTENING.get(settings.stt_provider, settings.stt_provider)
    # What is active: an online voice that just failed (no internet) is not claimed.
    english = VOICE.get(active_names(settings, "en")[0], "offline voice")
    other = VOICE.get(active_names(settings, "es")[0], "offline voice")
    voice = english if english == other else f"{english} in English, {other} in other languages"
    return [f"**Coach:** {coach}", f"**Listening:** {listening}", f"**Voice:** {voice}"]


def lines(settings: Settings) -> list[str]:
    """The technical names: model and engine of speech to text and of the voice."""
    from services.stt import stt_label
    from services.tts import tts_label

    english, other = tts_label(settings, "en"), tts_label(settings, "es")
    voice = english if english == other else f"{english} in English; {other} in other languages"
    return [f"**Speech to text:** {stt_label(settings)}", f"**Voice:** {voice}"]
