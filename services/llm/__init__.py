"""Pick the active LLM provider from settings and stream replies through it."""
from __future__ import annotations

from functools import lru_cache

from config import Settings
from core.errors import StageError
from services.llm.base import LLMProvider, TurnContext
from services.llm.chat_completions import ChatCompletionsProvider
from services.sdk_clients import sdk_client

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
    timeout = settings.request_timeout
    if name in ("groq", "openai"):
        key, base_url, env, chat, summary = {
            "groq": (settings.groq_api_key, settings.groq_base_url, "GROQ_API_KEY", settings.groq_chat_model,
                     settings.groq_summary_model),
            "openai": (settings.openai_api_key, settings.openai_base_url, "OPENAI_API_KEY",
                       settings.openai_chat_model, settings.openai_summary_model),
        }[name]
        if not key:
            raise _missing(env, LABELS[name])
        return ChatCompletionsProvider(name, LABELS[name], sdk_client(name, key, base_url, timeout), chat, summary)
    if name == "compatible":
        if not settings.llm_base_url:
            raise StageError("llm", "missing_base_url", "PARLEY_LLM=compatible needs LLM_BASE_URL, e.g. "
                             "http://localhost:11434/v1 for Ollama.")
        # Local servers usually ignore the key, but the SDK requires a non-empty one.
        client = sdk_client("openai", settings.llm_api_key or "not-needed", settings.llm_base_url, timeout)
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
