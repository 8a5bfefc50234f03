"""Text to speech: one call, a chain of voices, and a spoken reply whatever is offline.

`synthesize()` cleans the text with `core.speakable`, then tries each voice in turn:
PARLEY_TTS first when set, else OpenAI (with a key), Piper (English), gTTS (if enabled) and
espeak-ng, which always exists. A failing online voice is skipped for `RETRY_AFTER_S`
(so every sentence does not wait for the same timeout: that breaker is process-wide, since a
service that is down is down for everyone). The switch is announced once per visitor through
the `Notices` collector the caller passes (one per browser session), never through module
state shared between visitors. Every voice returns a WAV.
"""
from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from typing import Callable

from config import Settings, get_settings
from core.errors import StageError
from core.languages import Language, get_language
from core.speakable import speakable
from core.text.clean import clean_text
from services.tts import espeak, gtts_provider, openai_tts, piper
from services.tts.breaker import CircuitBreaker

__all__ = ["synthesize", "chain_names", "tts_label", "consume_notices", "reset",
           "Notices", "PROVIDERS", "RETRY_AFTER_S"]

log = logging.getLogger(__name__)

RETRY_AFTER_S = 300.0  # how long a failed online voice is skipped before one call tries it again


@dataclass(frozen=True)
class Provider:
    name: str
    title: str  # how a notice names it
    network: bool  # online voices are skipped for a while after a failure
    synthesize: Callable[..., bytes]  # (clean text, *, language, mode, tone, settings[, voice]) -> WAV


PROVIDERS: dict[str, Provider] = {p.name: p for p in (
    # Titles are what a toast says, in the user's words: the engines are named only in "Technical details".
    Provider("openai", "The cloud voice", True, openai_tts.synthesize),
    Provider("piper", "The offline voice", False, piper.synthesize),
    Provider("gtts", "The online voice", True, gtts_provider.synthesize),
    Provider("espeak", "The basic offline voice", False, espeak.synthesize),
)}

_breaker = CircuitBreaker(RETRY_AFTER_S)  # process-wide on purpose: a provider that is down is down for all


class Notices:
    """One visitor's voice notices: switches not yet shown, and failures already told.

    Keep one per browser session (st.session_state) and pass it to `synthesize`; thread-safe,
    since a reply's sentences are synthesized off the script thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[str] = []
        self._announced: set = set()  # failures already told to this visitor, until that voice works again

    def settle(self, failed: list, used: "Provider", used_key: tuple) -> None:
        """Queue one notice per newly failed voice; a voice that works is announced again next outage."""
        with self._lock:
            self._announced.discard(used_key)
            for provider, key, exc in failed:
                if key in self._announced:
                    continue
                self._announced.add(key)
                self._pending.append(f"{provider.title} {_why(exc)} — using {used.title[0].lower()}{used.title[1:]}.")

    def consume(self) -> list[str]:
        """Notices not yet shown (each is returned once)."""
        with self._lock:
            out, self._pending = self._pending, []
        return out

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
            self._announced.clear()


MAX_TEXT_CHARS = 5000  # ~4 minutes of speech; replies are far shorter, chunks much shorter


def _language(code: str) -> Language:
    try:
        return get_language(code)
    except ValueError as exc:
        raise StageError("tts", "unsupported_language", f"{exc}. Replies are shown as text.") from exc


def chain_names(settings: Settings | None = None, language: str = "en") -> list[str]:
    """The voices `synthesize` would try for `language`, in order (skipping none for failures)."""
    settings = settings or get_settings()
    code = get_language(language).code
    chain = [name for name, wanted in (
        ("openai", bool(settings.openai_api_key)),
        ("piper", code == "en"),
        ("gtts", settings.gtts_enabled),
        ("espeak", True),
    ) if wanted]
    override = settings.parley_tts.strip().lower()
    if override in PROVIDERS and not (override == "piper" and code != "en"):
        chain = [override] + [name for name in chain if name != override]
    return chain


def synthesize(text: str, language: str = "en", mode: str = "chat", tone: str = "neutral", *,
               settings: Settings | None = None, notices: Notices | None = None, voice: str = "") -> bytes:
    """A WAV of `text` read aloud, or b"" when nothing in it is speakable; `voice` names one of
    services.tts.voices (a panel's interviewers each have their own), "" the mode's own.

    Raises StageError("tts", "all_failed") when every voice failed, ("tts", "unsupported_language")
    for a language Parley does not speak. Voice switches go to `notices` (this visitor's), if given.
    """
    lang = _language(language)
    text = clean_text(text)
    if len(text) > MAX_TEXT_CHARS:
        raise StageError("tts", "text_too_long", "This reply is too long to read aloud; it is shown as text.")
    return _speak(speakable(text, lang.code), lang, mode, tone, settings or get_settings(), notices, voice)


def consume_notices(notices: Notices | None) -> list[str]:
    """Voice switches not yet shown to this visitor (each is returned once); [] without a collector."""
    return notices.consume() if notices is not None else []


def active_names(settings: Settings | None = None, language: str = "en") -> list[str]:
    """The voices that would be tried now for `language`: online ones that just failed are left out."""
    settings = settings or get_settings()
    return [n for n in chain_names(settings, language)
            if not (PROVIDERS[n].network and _breaker.is_open(_breaker_key(n, settings)))]


def tts_label(settings: Settings | None = None, language: str = "en") -> str:
    """What the sidebar says about the voice: the first one that will be tried, and its fallback."""
    settings = settings or get_settings()
    names = active_names(settings, language)
    label = _label(names[0], settings)
    return f"{label}, falls back to {_label(names[1], settings)}" if len(names) > 1 else label


def reset() -> None:
    """Forget failures (tests; or to retry online voices at once). Notices live with each visitor."""
    _breaker.reset()


def _label(name: str, settings: Settings) -> str:
    return {
        "openai": f"OpenAI {settings.openai_tts_model}",
        "piper": "Piper (offline)",
        "gtts": "gTTS (online)",
        "espeak": "espeak-ng (offline)",
    }[name]


def _breaker_key(name: str, settings: Settings) -> tuple:
    """Failures are remembered per service and per key, so a newly pasted key is tried at once."""
    if name == "openai":
        key = hashlib.sha256(settings.openai_api_key.encode()).hexdigest()[:12]
        return name, settings.openai_base_url, key
    return (name,)


def _speak(clean: str, lang: Language, mode: str, tone: str, settings: Settings,
           notices: Notices | None = None, voice: str = "") -> bytes:
    """Try each voice in turn on already-clean text."""
    if not clean:
        return b""
    failed: list[tuple[Provider, tuple, Exception]] = []
    for name in chain_names(settings, lang.code):
        provider = PROVIDERS[name]
        key = _breaker_key(name, settings)
        if provider.network and not _breaker.allow(key):
            failed.append((provider, key, _Resting()))  # down for everyone: this visitor is told once too
            continue
        try:
            audio = provider.synthesize(clean, language=lang, mode=mode, tone=tone, settings=settings,
                                        **({"voice": voice} if voice else {}))
            if not audio:
                raise RuntimeError("no audio")
        except Exception as exc:  # any voice failing must only mean "try the next one"
            log.warning("TTS %s failed (%s: %s); trying the next voice", name, type(exc).__name__, exc)
            if provider.network:
                _breaker.failure(key)
            failed.append((provider, key, exc))
            continue
        if provider.network:
            _breaker.success(key)
        if notices is not None:
            notices.settle(failed, provider, key)
        elif failed:
            log.info("voice switched to %s; no visitor collector to tell", provider.name)
        return audio
    raise StageError("tts", "all_failed", "Couldn't produce speech — the reply is shown as text.", retryable=True)


class _Resting(Exception):
    """A voice skipped because it failed recently (for any visitor)."""


def _why(exc: Exception) -> str:
    if isinstance(exc, _Resting):
        return "is unavailable for now"
    code = getattr(exc, "code", "")
    if code in ("connection", "timeout") or isinstance(exc, (TimeoutError, ConnectionError, OSError)) \
            or type(exc).__name__ == "gTTSError":
        return "is unreachable"
    return {"auth": "rejected the API key", "missing_key": "needs an API key", "rate_limited": "is rate limited",
            "server_error": "had a server error"}.get(code, "failed")
