"""Typed settings, read once from the environment, `.env` and `st.secrets`.

Precedence: a key pasted in the sidebar (this session only) > environment > `.env` > `st.secrets`.
Model names, temperature and token limits live here, never as literals in code.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Mapping

ROOT = Path(__file__).resolve().parent
LLM_PROVIDERS = ("offline", "groq", "openai", "compatible")


@dataclass(frozen=True)
class Settings:
    # Provider choice and credentials. Keys are never printed: see __repr__.
    parley_llm: str = ""  # explicit override: offline | groq | openai | compatible
    groq_api_key: str = ""
    openai_api_key: str = ""
    llm_base_url: str = ""  # any OpenAI-compatible server (Ollama, llama.cpp, vLLM)
    llm_api_key: str = ""
    llm_model: str = "llama3.2"
    groq_base_url: str = ""  # empty → the SDK's default endpoint
    openai_base_url: str = ""
    # Models.
    groq_chat_model: str = "llama-3.3-70b-versatile"
    groq_report_model: str = "llama-3.3-70b-versatile"
    groq_summary_model: str = "llama-3.1-8b-instant"
    openai_chat_model: str = "gpt-4o-mini"
    openai_report_model: str = "gpt-4o-mini"
    openai_summary_model: str = "gpt-4o-mini"
    # Generation.
    temperature: float = 0.85
    max_tokens_interview: int = 300
    max_tokens_language: int = 150
    max_tokens_chat: int = 150
    max_tokens_summary: int = 200
    max_tokens_report: int = 3000  # a full coaching report as JSON
    temperature_report: float = 0.2  # reports should be steady, not creative
    request_timeout: float = 30.0
    max_retries: int = 2  # our own retries with backoff (the SDKs' built-in retries are off)
    offline_fallback: bool = True  # when a cloud LLM is down, the offline coach answers and says so
    llm_calls_per_minute: float = 20.0  # per visitor (kept in the database: a new tab or replica shares it)
    llm_burst: int = 10
    # Every LLM call of every visitor together, per UTC day (0: no cap): a public key's overall limit, kept in
    # the database so a restart or another replica resets nothing.
    parley_daily_calls: int = 0
    max_text_chars: int = 4000
    # Reply deadlines (seconds): a stalled or dripping stream ends with a clear error, never hangs.
    llm_first_token_s: float = 20.0  # per attempt: nothing at all arrived
    llm_idle_s: float = 20.0  # no new text for this long after some arrived (keep-alives do not count)
    llm_reply_deadline_s: float = 120.0  # one streamed reply, start to end
    llm_wait_s: float = 30.0  # all attempts and backoff waits before a first token, together
    stream_save_every_s: float = 0.5  # a streaming reply is saved at least this often as it arrives
    max_voice_text_chars: int = 12000  # a spoken answer is limited by MAX_AUDIO_SECONDS, not MAX_TEXT_CHARS
    tts_timeout: float = 10.0
    # Speech. Empty overrides mean "choose from the keys present".
    parley_stt: str = ""  # local | groq | openai
    parley_tts: str = ""  # openai | piper | gtts | espeak
    whisper_model_dir: str = ""  # any local CTranslate2 Whisper model (e.g. a multilingual one)
    whisper_threads: int = 2
    # Live English turns (tiny.en on its short window) run on their own one-thread copy (about 55 MB more resident):
    # beside the end-of-turn model and the media loop, two threads waited on each other (docs/voice.md, Latency).
    live_whisper_threads: int = 1
    groq_stt_model: str = "whisper-large-v3-turbo"
    openai_stt_model: str = "gpt-4o-mini-transcribe"
    openai_tts_model: str = "gpt-4o-mini-tts"
    tts_voice_interview: str = "coral"
    tts_voice_language: str = "shimmer"
    tts_voice_chat: str = "ash"
    gtts_enabled: bool = True
    gtts_timeout: float = 5.0
    max_audio_seconds: float = 300.0
    max_audio_bytes: int = 25 * 1024 * 1024
    speak_replies: bool = True  # default of the "Speak replies aloud" toggle
    keep_recordings: bool = False  # opt-in: keep raw audio of answers on disk
    # Memory.
    history_max_messages: int = 20
    history_keep_recent: int = 10
    # Storage.
    parley_db: str = str(ROOT / ".parley" / "parley.db")  # env PARLEY_DB: the embedded SQLite file
    # A shared database server instead (postgresql://user:password@host/db, e.g. Neon or Supabase): env
    # DATABASE_URL, or a [connections.parley] section in secrets.toml (st.connection's convention).
    database_url: str = ""
    db_pool_size: int = 5  # connections each process keeps to that server
    db_pool_timeout_s: float = 5.0  # waiting for a free one before saying the database is busy
    db_statement_timeout_s: float = 10.0  # one statement, before saying it did not answer in time
    # Sessions belong to the visitor who made them (a signed-in user, else an anonymous browser id), so a
    # shared deployment shows each visitor only their own. A single-user local install may see all.
    parley_single_user: bool = False
    # Live voice: the RTCIceServer list as JSON (a TURN server on Streamlit Community Cloud); checked by
    # services/realtime/ice.py. In secrets.toml it may be a TOML array of tables: it arrives here as JSON.
    parley_ice_servers: str = ""
    # Diagnostics (turn timings, errors) under every conversation, for whoever runs Parley; users turn them on
    # under the sidebar's Technical details, and they show by themselves after an error.
    parley_diagnostics: bool = False

    def __repr__(self) -> str:  # never leak keys into logs or tracebacks
        shown = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.endswith("api_key")}
        keys = [f.name for f in fields(self) if f.name.endswith("api_key") and getattr(self, f.name)]
        return f"Settings({shown}, keys_set={keys})"

    __str__ = __repr__

    @property
    def llm_provider(self) -> str:
        """Which LLM backend is active: the override, else the first key found, else offline."""
        choice = self.parley_llm.strip().lower()
        if choice in LLM_PROVIDERS:
            return choice
        if self.groq_api_key:
            return "groq"
        if self.openai_api_key:
            return "openai"
        if self.llm_base_url:
            return "compatible"
        return "offline"

    @property
    def stt_provider(self) -> str:
        """Which speech-to-text backend is active: the override, else a cloud key, else local Whisper."""
        choice = self.parley_stt.strip().lower()
        if choice in ("local", "groq", "openai"):
            return choice
        if self.groq_api_key:
            return "groq"
        if self.openai_api_key:
            return "openai"
        return "local"

    def tts_voice(self, mode: str) -> str:
        return {"interview": self.tts_voice_interview, "language": self.tts_voice_language}.get(
            mode, self.tts_voice_chat)

    def max_tokens(self, mode: str) -> int:
        return {"interview": self.max_tokens_interview, "language": self.max_tokens_language}.get(
            mode, self.max_tokens_chat
        )

    def with_session_keys(self, keys: Mapping[str, str] | None) -> "Settings":
        """A copy with keys pasted in the UI for this session (they win over the environment)."""
        keys = keys or {}
        changes = {}
        if keys.get("groq"):
            changes["groq_api_key"] = keys["groq"].strip()
        if keys.get("openai"):
            changes["openai_api_key"] = keys["openai"].strip()
        return replace(self, **changes) if changes else self


_YES, _NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _coerce(kind: type, raw: str):
    if kind is bool:
        if raw.lower() in _YES + _NO:
            return raw.lower() in _YES
        raise ValueError(raw)
    if kind is int:
        return int(raw)
    if kind is float:
        return float(raw)
    return str(raw)


def load_settings(env: Mapping[str, str] | None = None, secrets: Mapping[str, object] | None = None) -> Settings:
    """Build settings from `env` (default: os.environ after loading `.env`) and `secrets`."""
    if env is None:
        _load_dotenv()
        env = os.environ
        if secrets is None:
            secrets = _streamlit_secrets()
    secrets = secrets or {}
    if "DATABASE_URL" not in secrets and connection_url(secrets):
        secrets = {**secrets, "DATABASE_URL": connection_url(secrets)}
    values = {}
    for f in fields(Settings):
        name = f.name.upper()
        raw = env.get(name)
        if raw is None and name in secrets:
            raw = secrets[name]
        if raw in (None, ""):
            continue
        kind = type(f.default)
        if kind is str and isinstance(raw, (list, tuple, Mapping)):  # a TOML table or array of tables
            raw = json.dumps([dict(v) if isinstance(v, Mapping) else v for v in raw] if isinstance(raw, (list, tuple))
                             else dict(raw))
        try:
            values[f.name] = _coerce(kind, str(raw).strip())
        except ValueError:
            raise ValueError(f"Setting {name} must be a {kind.__name__}, got {raw!r}") from None
    return Settings(**values)


def connection_url(secrets: Mapping[str, object]) -> str:
    """The URL of `[connections.parley]` in secrets.toml, as st.connection("parley", type="sql") reads it:
    either `url = "postgresql://..."` or its parts (dialect, driver, host, port, database, username, password)."""
    connections = secrets.get("connections")
    section = connections.get("parley") if isinstance(connections, Mapping) else None
    if not isinstance(section, Mapping):
        return ""
    if section.get("url"):
        return str(section["url"])
    if not section.get("host") and not section.get("database"):
        return ""
    from sqlalchemy.engine import URL

    dialect = str(section.get("dialect") or "postgresql")
    driver = section.get("driver")
    return URL.create(f"{dialect}+{driver}" if driver else dialect, username=section.get("username"),
                      password=section.get("password"), host=section.get("host"),
                      port=int(section["port"]) if section.get("port") else None,
                      database=section.get("database")).render_as_string(hide_password=False)


def _load_dotenv() -> None:
    try:
        from dotenv import load_dotenv
    except ImportError:  # optional at import time; it is in requirements.txt
        return
    load_dotenv(ROOT / ".env", override=False)


def _streamlit_secrets() -> dict:
    """Top-level `st.secrets` values, or {} when there is no secrets file or no Streamlit.

    Sections ([auth] and the like) are left out, except a table named like a setting
    ([PARLEY_ICE_SERVERS]), which is that setting's value.
    """
    try:
        import streamlit as st

        names = {f.name.upper() for f in fields(Settings)} | {"connections"}
        return {k: v for k, v in st.secrets.to_dict().items() if not isinstance(v, dict) or k in names}
    except Exception:  # no secrets.toml, or not running under Streamlit
        return {}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for this process, read once."""
    return load_settings()
