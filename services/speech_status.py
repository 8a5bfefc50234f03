"""What the sidebar says about the coach, listening and voice: plain words first, technical names after."""
from __future__ import annotations

from config import Settings

COACH = {
    "offline": "offline coach (prepared questions, no AI model)",
    "groq": "cloud AI coach (Groq)",
    "openai": "cloud AI coach (OpenAI)",
    "compatible": "your own AI model server",
}
LISTENING = {"local": "offline speech recognition", "groq": "cloud speech recognition (Groq)",
             "openai": "cloud speech recognition (OpenAI)"}
VOICE = {"piper": "offline voice", "espeak": "offline voice", "openai": "cloud voice (OpenAI)",
         "gtts": "online voice (Google)"}


def plain_lines(settings: Settings) -> list[str]:
    """Markdown lines a newcomer understands: who coaches, who listens, who speaks."""
    from services.tts import chain_names

    coach = COACH.get(settings.llm_provider, settings.llm_provider)
    listening = LISTENING.get(settings.stt_provider, settings.stt_provider)
    english = VOICE.get(chain_names(settings, "en")[0], "offline voice")
    other = VOICE.get(chain_names(settings, "es")[0], "offline voice")
    voice = english if english == other else f"{english} in English, {other} in other languages"
    return [f"**Coach:** {coach}", f"**Listening:** {listening}", f"**Voice:** {voice}"]


def lines(settings: Settings) -> list[str]:
    """The technical names: model and engine of speech to text and of the voice."""
    from services.stt import stt_label
    from services.tts import tts_label

    english, other = tts_label(settings, "en"), tts_label(settings, "es")
    voice = english if english == other else f"{english} in English; {other} in other languages"
    return [f"**Speech to text:** {stt_label(settings)}", f"**Voice:** {voice}"]
