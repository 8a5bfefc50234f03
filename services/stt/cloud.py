"""Transcription through the official Groq and OpenAI SDKs.

Both expose `client.audio.transcriptions.create`; we send a normalised 16 kHz mono WAV (small,
predictable, accepted by both) and ask for plain JSON (text only: that is all
gpt-4o-mini-transcribe returns, so both providers behave alike).
"""
from __future__ import annotations


from config import Settings
from core.errors import StageError
from services.sdk_clients import sdk_client
from services.llm.errors import to_stage_error

NAMES = {"groq": "Groq", "openai": "OpenAI"}


def model_for(settings: Settings, provider: str) -> str:
    return settings.groq_stt_model if provider == "groq" else settings.openai_stt_model


def client_for(settings: Settings, provider: str):
    """One SDK client per configuration (connection reuse between answers)."""
    key = settings.groq_api_key if provider == "groq" else settings.openai_api_key
    if not key:
        env = "GROQ_API_KEY" if provider == "groq" else "OPENAI_API_KEY"
        raise StageError("stt", "missing_key", f"{NAMES[provider]} transcription is selected but no key is set. Put "
                         f"{env}=... in .env, paste a key in the sidebar, or set PARLEY_STT=local.")
    base_url = settings.groq_base_url if provider == "groq" else settings.openai_base_url
    return sdk_client(provider, key, base_url, settings.request_timeout, settings.max_retries)


def transcribe(settings: Settings, provider: str, wav: bytes, language: str, prompt: str | None) -> str:
    """The text the provider heard in `wav` (StageError stage "stt" on any failure)."""
    client = client_for(settings, provider)
    extra = {"prompt": prompt} if prompt else {}
    try:
        result = client.audio.transcriptions.create(
            file=("answer.wav", wav, "audio/wav"),
            model=model_for(settings, provider),
            language=language,
            response_format="json",
            temperature=0,
            **extra,
        )
    except Exception as exc:
        raise to_stage_error(exc, provider, stage="stt") from exc
    text = getattr(result, "text", None)
    if text is None and isinstance(result, dict):
        text = result.get("text")
    if text is None and isinstance(result, str):
        text = result
    return " ".join((text or "").split())
