"""Speech models load once per process, with a visible status the first time."""
from __future__ import annotations

import streamlit as st

from core.languages import get_language
from core.spec import PracticeSpec
from ui import state


@st.cache_resource(show_spinner="Loading the offline speech recognizer (first time only)…")
def _whisper(model_dir: str, threads: int):
    from services import stt

    return stt.load_local_model(state.settings())


@st.cache_resource(show_spinner="Loading the offline voice (first time only)…")
def _piper():
    from services.tts.piper import load_piper

    return load_piper()


def local_whisper():
    settings = state.settings()
    return _whisper(settings.whisper_model_dir, settings.whisper_threads)


def piper_voice():
    return _piper()


def voice_caveat(spec: PracticeSpec) -> str:
    """What voice input can do here, said plainly."""
    settings = state.settings()
    language = spec.speech_language
    if settings.stt_provider == "local" and language != "en" and not settings.whisper_model_dir:
        return (f"Offline transcription is English-only, so {get_language(language).name} answers can't be "
                "transcribed here: type your answer, add a Groq or OpenAI key, or set WHISPER_MODEL_DIR to a "
                "multilingual Whisper model. Replies are still spoken.")
    if settings.stt_provider == "local":
        return "Transcribed on this machine with Whisper (offline). Check the transcript before sending."
    return "Transcribed by your cloud provider. Check the transcript before sending."
