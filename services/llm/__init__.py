"""Pick the active LLM provider from settings and stream replies through it."""
from __future__ import annotations

from functools import lru_cache

from config import Settings
from core.errors import StageError
from services.llm.base import LLMProvider, TurnContext
from services.llm.chat_completions import ChatCompletionsProvider

__all__ = ["LLMProvider", "TurnContext", "get_provider", "provider_label"]

LABELS = {
    "groq": "Groq",
    "openai": "OpenAI",
    "compatible": "OpenAI-compatible server",
    "offline": "Offline coach (scripted)",
}


def _missing(env_name: str, provider: str) -> StageError:
    return StageError(
        "llm",
        "missing_key",
        f"{provider} is selected but no key is set. Put {env_name}=... in .env (or Streamlit secrets), "
        "paste a key in the sidebar, or set PARLEY_LLM=offline.",
    )


@lru_cache(maxsize=16)
def get_provider(settings: Settings) -> LLMProvider:
    """The provider for these settings (cached: one SDK client per configuration)."""
    name = settings.llm_provider
    # Retries happen in one place with one policy (services/retry.py), not also inside the SDKs.
    common = {"timeout": settings.request_timeout, "max_retries": 0}
    if name == "groq":
        if not settings.groq_api_key:
            raise _missing("GROQ_API_KEY", "Groq")
        import groq

        client = groq.Groq(api_key=settings.groq_api_key, base_url=settings.groq_base_url or None, **common)
        return ChatCompletionsProvider("groq", LABELS["groq"], client, settings.groq_chat_model,
                                       settings.groq_summary_model)
    if name == "openai":
        if not settings.openai_api_key:
            raise _missing("OPENAI_API_KEY", "OpenAI")
        import openai

        client = openai.OpenAI(api_key=settings.openai_api_key, base_url=settings.openai_base_url or None, **common)
        return ChatCompletionsProvider("openai", LABELS["openai"], client, settings.openai_chat_model,
                                       settings.openai_summary_model)
    if name == "compatible":
        if not settings.llm_base_url:
            raise StageError("llm", "missing_base_url", "PARLEY_LLM=compatible needs LLM_BASE_URL, e.g. "
                             "http://localhost:11434/v1 for Ollama.")
        import openai

        # Local servers usually ignore the key, but the SDK requires a non-empty one.
        client = openai.OpenAI(api_key=settings.llm_api_key or "not-needed", base_url=settings.llm_base_url, **common)
        label = f"{LABELS['compatible']} · {settings.llm_model}"
        return ChatCompletionsProvider("compatible", label, client, settings.llm_model)
    from services.llm.offline import OfflineCoachProvider

    return OfflineCoachProvider()


def provider_label(settings: Settings) -> str:
    """A short description of the active LLM for the sidebar, even when misconfigured."""
    name = settings.llm_provider
    label = LABELS[name]
    if name == "groq":
        return f"{label} · {settings.groq_chat_model}"
    if name == "openai":
        return f"{label} · {settings.openai_chat_model}"
    if name == "compatible":
        return f"{label} · {settings.llm_model}"
    return label
