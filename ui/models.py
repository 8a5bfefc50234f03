"""Offline models (speech, voice, the answer judge) load once per process, with a visible status the first time."""
from __future__ import annotations

import streamlit as st

from core.languages import get_language, stt_reliability
from core.spec import PracticeSpec
from ui import state


@st.cache_resource(show_spinner="Loading the offline speech recognizer (first time only)…")
def _whisper(model_dir: str, threads: int, multilingual: bool):
    from services import stt

    return stt.load_local_model(state.settings(), "es" if multilingual else "en")


@st.cache_resource(show_spinner="Loading the offline voice (first time only)…")
def _piper():
    from services.tts.piper import load_piper

    return load_piper()


@st.cache_resource(show_spinner="Loading the answer judge (a small offline sentence model, first time only)…")
def _judge() -> bool:
    from core.judge import meaning

    if not meaning.available():
        return False
    meaning.queries(["warm-up"])  # loads the model and pays the first call's set-up now, not mid-answer
    return True


@st.cache_resource(show_spinner="Warming up live voice: end-of-turn model, recognizer and voice (first time only)…")
def _live_voice(language: str, stt_provider: str, threads: tuple[int, int]) -> dict:
    from services import realtime

    return realtime.preload(language, state.settings())


def live_voice(language: str = "en") -> dict:
    """Load and warm everything a live call needs before it starts, never at the first turn (seconds per part)."""
    settings = state.settings()
    return _live_voice(language, settings.stt_provider, (settings.whisper_threads, settings.live_whisper_threads))


def answer_judge() -> bool:
    """Load the embedding model the interview judgement uses; False when it is not installed."""
    return _judge()


def local_whisper(language: str = "en"):
    """The offline recognizer for `language` (tiny.en for English, multilingual base for the others)."""
    from services.stt.local import uses_multilingual

    settings = state.settings()
    return _whisper(settings.whisper_model_dir, settings.whisper_threads, uses_multilingual(settings, language))


def piper_voice():
    return _piper()


def voice_caveat(spec: PracticeSpec) -> str:
    """What voice input can do here, said plainly, with how reliable it is in this language."""
    settings = state.settings()
    language = spec.speech_language
    if settings.stt_provider != "local":
        return "Transcribed by your cloud provider. Check the transcript before sending."
    if settings.whisper_model_dir and language != "en" and not settings.whisper_model_dir.rstrip("/").endswith(".en"):
        return "Transcribed on this machine with the speech model set up here. Check the transcript."
    if settings.whisper_model_dir and language != "en":  # (an English-only WHISPER_MODEL_DIR: its name ends in .en)
        return (f"Speech recognition here understands English only, so {get_language(language).name} answers can't "
                "be transcribed: type your answer.")
    _level, sentence = stt_reliability(language)
    return f"{sentence} Transcribed on this machine (offline); nothing leaves your computer."
