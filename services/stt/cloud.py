"""Transcription through the official Groq and OpenAI SDKs.

Both expose `client.audio.transcriptions.create`; we send a normalised 16 kHz mono WAV (small,
predictable, accepted by both) and ask for plain JSON (text only: that is all
gpt-4o-mini-transcribe returns, so both providers behave alike).

Retries: the SDK never retries (services/providers.py turns that off); a retryable failure
(timeout, connection, 429, 5xx) is tried again here up to `Settings.max_retries` times, waiting
as services/retry.py says. What is still failing after that reaches the user, with a
"Transcribe again" button (ui/voice.py).
"""
from __future__ import annotations

import time


from config import Settings
from core.errors import StageError
from services.provider_errors import to_stage_error
from services.providers import PROVIDERS, client
from services.retry import backoff_seconds

sleep = time.sleep  # tests replace it

NAMES = {name: PROVIDERS[name].title for name in ("groq", "openai")}  # the providers that transcribe


def model_for(settings: Settings, provider: str) -> str:
    return PROVIDERS[provider].model(settings, "stt")


def client_for(settings: Settings, provider: str):
    """The provider's SDK client (shared, retries off); StageError("stt", "missing_key") without a key."""
    return client(settings, provider, "stt")


def transcribe(settings: Settings, provider: str, wav: bytes, language: str, prompt: str | None) -> str:
    """The text the provider heard in `wav`, retried as services/retry.py says (StageError "stt" on failure)."""
    attempt = 0
    while True:
        try:
            return _transcribe_once(settings, provider, wav, language, prompt)
        except StageError as exc:
            attempt += 1
            wait = backoff_seconds(attempt, exc) if attempt <= settings.max_retries else None
            if wait is None:
                raise
            sleep(wait)


def _transcribe_once(settings: Settings, provider: str, wav: bytes, language: str, prompt: str | None) -> str:
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
