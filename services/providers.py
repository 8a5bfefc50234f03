"""The cloud providers Parley can talk to, in one table, and the one factory for their SDK clients.

Each entry names the settings (see config.Settings) that hold its key, base URL and models for
chat, summaries, reports, speech to text and text to speech; the model defaults live in Settings.
`client()` builds every SDK client (chat, transcription, speech) with the SDK's own retries OFF:
services/retry.py decides what is retried, so a failure is never retried twice over.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from config import Settings
from core.errors import StageError


@dataclass(frozen=True)
class CloudProvider:
    name: str  # "groq", "openai", "compatible"
    title: str  # how messages and the sidebar name it
    sdk: str  # which official SDK speaks to it: "groq" or "openai"
    key_setting: str  # Settings field holding the API key (its env var is the upper-cased name)
    base_url_setting: str  # Settings field holding the endpoint ("" → the SDK's default)
    chat_model: str  # Settings field names of the models, "" when the provider has none
    summary_model: str = ""
    report_model: str = ""
    stt_model: str = ""
    tts_model: str = ""
    key_required: bool = True  # local OpenAI-compatible servers usually ignore the key

    @property
    def key_env(self) -> str:
        return self.key_setting.upper()

    @property
    def base_url_env(self) -> str:
        return self.base_url_setting.upper()

    def key(self, settings: Settings) -> str:
        return getattr(settings, self.key_setting)

    def base_url(self, settings: Settings) -> str:
        return getattr(settings, self.base_url_setting)

    def model(self, settings: Settings, use: str) -> str:
        """The model for `use` (chat, summary, report, stt, tts); chat when the provider has no special one."""
        field = getattr(self, f"{use}_model") or self.chat_model
        return getattr(settings, field)


PROVIDERS: dict[str, CloudProvider] = {p.name: p for p in (
    CloudProvider("groq", "Groq", "groq", "groq_api_key", "groq_base_url", "groq_chat_model",
                  summary_model="groq_summary_model", report_model="groq_report_model", stt_model="groq_stt_model"),
    CloudProvider("openai", "OpenAI", "openai", "openai_api_key", "openai_base_url", "openai_chat_model",
                  summary_model="openai_summary_model", report_model="openai_report_model",
                  stt_model="openai_stt_model", tts_model="openai_tts_model"),
    CloudProvider("compatible", "OpenAI-compatible server", "openai", "llm_api_key", "llm_base_url", "llm_model",
                  key_required=False),
)}

# What a user can do instead of adding a key, per stage.
_OFFLINE_SWITCH = {"llm": "PARLEY_LLM=offline", "stt": "PARLEY_STT=local", "tts": "PARLEY_TTS=piper"}
# What a message calls a cloud service, per stage, in the user's words (the provider is named in details).
PLAIN = {"llm": "the AI coach", "stt": "cloud speech recognition", "tts": "the cloud voice"}
OWN_SERVER = "your own model server"


def plain_name(provider: str, stage: str) -> str:
    """How a message names the service behind `stage` ("the AI coach"), never the provider's name."""
    return OWN_SERVER if provider == "compatible" else PLAIN.get(stage, "the online service")


def title(provider: str) -> str:
    """The provider's name for technical details ("Groq")."""
    return PROVIDERS[provider].title if provider in PROVIDERS else provider


def missing_key(provider: CloudProvider, stage: str) -> StageError:
    """The one message for a selected provider without its key; the details name the exact setting to set."""
    who = plain_name(provider.name, stage)
    return StageError(stage, "missing_key", f"{who[0].upper()}{who[1:]} is chosen but has no key. Paste a key in "
                      "the sidebar.", details=f"{provider.title}: set {provider.key_env} in the environment, .env "
                                              f"or st.secrets (or set {_OFFLINE_SWITCH[stage]}).")


def missing_base_url(provider: CloudProvider, stage: str) -> StageError:
    return StageError(stage, "missing_base_url", f"{OWN_SERVER[0].upper()}{OWN_SERVER[1:]} is chosen but has no "
                      "address.", details=f"{provider.title}: set {provider.base_url_env} (e.g. "
                                          "http://localhost:11434/v1 for Ollama) in the environment, .env or "
                                          "st.secrets.")


def client(settings: Settings, name: str, stage: str, timeout: float | None = None):
    """The SDK client for provider `name` (cached per configuration; retries off). StageError when unset."""
    provider = PROVIDERS[name]
    key, base_url = provider.key(settings), provider.base_url(settings)
    if provider.key_required and not key:
        raise missing_key(provider, stage)
    if not provider.key_required and not base_url:
        raise missing_base_url(provider, stage)
    # The SDK requires a non-empty key even for a server that ignores it.
    return _sdk_client(provider.sdk, key or "not-needed", base_url,
                       settings.request_timeout if timeout is None else timeout)


@lru_cache(maxsize=16)
def _sdk_client(sdk: str, api_key: str, base_url: str, timeout: float):
    """One client (and connection pool) per SDK, key, endpoint and timeout; the SDK never retries."""
    common = {"api_key": api_key, "base_url": base_url or None, "timeout": timeout, "max_retries": 0}
    if sdk == "groq":
        import groq

        return groq.Groq(**common)
    import openai

    return openai.OpenAI(**common)
