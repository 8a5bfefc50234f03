"""Pick the active LLM provider from settings and stream replies through it."""
from __future__ import annotations

from functools import lru_cache

from config import Settings
from services.llm.base import LLMProvider, TurnContext
from services.llm.chat_completions import ChatCompletionsProvider
from services.providers import PROVIDERS, client

__all__ = ["LLMProvider", "TurnContext", "get_provider", "provider_label"]

LABELS = {**{name: p.title for name, p in PROVIDERS.items()}, "offline": "Offline coach (scripted)"}


@lru_cache(maxsize=16)
def get_provider(settings: Settings) -> LLMProvider:
    """The provider for these settings (cached: one SDK client per configuration)."""
    name = settings.llm_provider
    if name in PROVIDERS:
        cloud = PROVIDERS[name]
        sdk = client(settings, name, "llm")
        chat = cloud.model(settings, "chat")
        label = f"{cloud.title} · {chat}" if name == "compatible" else cloud.title
        return ChatCompletionsProvider(name, label, sdk, chat, cloud.model(settings, "summary"))
    from services.llm.offline import OfflineCoachProvider

    return OfflineCoachProvider()


def provider_label(settings: Settings) -> str:
    """A short description of the active LLM for the sidebar, even when misconfigured."""
    name = settings.llm_provider
    if name in PROVIDERS:
        return f"{LABELS[name]} · {PROVIDERS[name].model(settings, 'chat')}"
    return LABELS[name]
