"""One place that builds the official Groq and OpenAI SDK clients, cached per configuration.

Chat, transcription and speech all reuse the same client (and its connection pool) for the
same provider, key, endpoint and timeout. `provider` is "groq" or "openai" (OpenAI-compatible
servers use the openai SDK with their own base URL).
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=16)
def sdk_client(provider: str, api_key: str, base_url: str = "", timeout: float = 30.0, max_retries: int = 0):
    common = {"api_key": api_key, "base_url": base_url or None, "timeout": timeout, "max_retries": max_retries}
    if provider == "groq":
        import groq

        return groq.Groq(**common)
    import openai

    return openai.OpenAI(**common)
