"""The 13 practice languages and their codes for each speech engine.

One table, so Whisper, gTTS, espeak-ng and the UI never disagree about a language.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, also Whisper's language code
    name: str  # English display name
    native: str  # name in the language itself
    gtts: str  # gTTS language code
    espeak: str  # espeak-ng voice name
    rtl: bool = False


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English", "en", "en-us"),
        Language("es", "Spanish", "Español", "es", "es"),
        Language("fr", "French", "Français", "fr", "fr-fr"),
        Language("de", "German", "Deutsch", "de", "de"),
        Language("zh", "Chinese (Mandarin)", "中文", "zh-CN", "cmn"),
        Language("hi", "Hindi", "हिन्दी", "hi", "hi"),
        Language("ja", "Japanese", "日本語", "ja", "ja"),
        Language("ko", "Korean", "한국어", "ko", "ko"),
        Language("pt", "Portuguese", "Português", "pt", "pt"),
        Language("ar", "Arabic", "العربية", "ar", "ar", rtl=True),
        Language("ru", "Russian", "Русский", "ru", "ru"),
        Language("it", "Italian", "Italiano", "it", "it"),
        Language("nl", "Dutch", "Nederlands", "nl", "nl"),
    )
}

CODES: tuple[str, ...] = tuple(LANGUAGES)
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")


def get_language(code: str) -> Language:
    """Return the language for `code` (case-insensitive, 'pt-BR' → 'pt'); ValueError if unsupported."""
    key = (code or "").strip().lower().replace("_", "-").split("-")[0]
    try:
        return LANGUAGES[key]
    except KeyError:
        raise ValueError(f"Unsupported language {code!r}; choose one of: {', '.join(CODES)}") from None


def display_name(code: str) -> str:
    """'es' → 'Spanish (Español)', for select boxes."""
    lang = get_language(code)
    return lang.name if lang.native == lang.name else f"{lang.name} ({lang.native})"


# How reliable offline speech recognition is per language, from bench/stt_multilingual.py and
# tests/test_stt_languages.py (character error rate on espeak-ng speech, a pessimistic stand-in for a real
# voice): good ≤ 0.15, fair ≤ 0.6, weak above. English uses tiny.en; the others the multilingual base model.
STT_RELIABILITY: dict[str, str] = {
    "en": "good", "es": "good", "it": "good",
    "nl": "fair", "de": "fair", "ru": "fair", "pt": "fair", "hi": "fair", "ja": "fair", "ar": "fair",
    "fr": "fair",
    "ko": "weak", "zh": "weak",  # Mandarin: 0.46-0.69 depending on the machine (docs/voice.md)
}
_RELIABILITY_WORDS = {
    "good": "Offline speech recognition works well in {name}.",
    "fair": "Offline speech recognition is fair in {name}: check your transcript before sending.",
    "weak": "Offline speech recognition is weak in {name}: check your transcript carefully, or type.",
}


def stt_reliability(code: str) -> tuple[str, str]:
    """("good" | "fair" | "weak", a sentence for the page) for offline recognition of `code`."""
    lang = get_language(code)
    level = STT_RELIABILITY.get(lang.code, "weak")
    return level, _RELIABILITY_WORDS[level].format(name=lang.name)
