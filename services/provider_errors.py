"""Turn OpenAI/Groq SDK exceptions into StageErrors a user can act on, in their words.

Both official SDKs share the same exception names and attributes, so one mapping serves both,
for chat replies (stage "llm"), transcription (stage "stt") and the OpenAI voice (stage "tts").
Messages never include the provider's response body (it may echo a key).
"""
from __future__ import annotations

import math
import time
from email.utils import parsedate_to_datetime

from core.errors import StageError
from services.providers import plain_name, title

RETRY_AFTER_MAX_S = 600.0  # a server asking for longer is clamped: the message stays sane


def parse_retry_after(raw: object, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header value, clamped to [0, RETRY_AFTER_MAX_S]; None when malformed.

    Accepts delay-seconds ("3", "1.5") and an HTTP date. Negative, NaN, infinite, empty or
    garbage values are ignored (None), so callers fall back to their own backoff.
    """
    if raw is None:
        return None
    text = str(raw).strip()[:64]
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None or when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
        if seconds < 0:
            return 0.0  # a date in the past means "now"
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return min(seconds, RETRY_AFTER_MAX_S)


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    try:
        raw = headers.get("retry-after") if hasattr(headers, "get") else None
    except Exception:
        return None
    return parse_retry_after(raw)


def _request_id(exc: Exception) -> str | None:
    rid = getattr(exc, "request_id", None)
    if rid:
        return str(rid)
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    return headers.get("x-request-id") if hasattr(headers, "get") else None


def to_stage_error(exc: Exception, provider: str, stage: str = "llm") -> StageError:
    """Map an SDK (or transport) exception to a StageError for `stage` (llm, stt or tts): the message names the
    service in the user's words ("the AI coach"); the provider, the exception and the HTTP status go in details."""
    if isinstance(exc, StageError):
        return exc
    kind = type(exc).__name__
    status = getattr(exc, "status_code", None)
    rid = _request_id(exc)
    who = plain_name(provider, stage)
    Who = who[0].upper() + who[1:]
    details = f"{title(provider)}: {kind}" + (f", HTTP {status}" if isinstance(status, int) else "")

    def error(code: str, message: str, retryable: bool = False, more: str = "", **extra) -> StageError:
        return StageError(stage, code, message, retryable=retryable, request_id=rid, details=details + more, **extra)

    if kind == "APITimeoutError":
        return error("timeout", f"{Who} took too long to answer. Try again in a moment.", True)
    if kind == "APIConnectionError":
        return error("connection", f"Could not reach {who}. Check your internet connection, then try again.", True,
                     ". Check the network or the base URL.")
    if status == 401:
        return error("auth", f"{Who} rejected the API key. Paste a valid key in the sidebar.",
                     more=". Or fix the key in .env.")
    if status == 403:
        return error("forbidden", f"{Who} refused access: this key cannot use the chosen model.")
    if status == 404:
        return error("not_found", f"{Who} does not know the chosen model. Check the model name in the settings.")
    if status == 429:
        wait = _retry_after(exc)
        hint = f" Wait {max(1, round(wait))} s and try again." if wait else " Wait a moment and try again."
        return error("rate_limited", f"{Who} has had too many requests for now.{hint}", True, retry_after=wait)
    if status == 413 and stage == "stt":
        return error("too_large", f"{Who} refused the recording as too large. Record a shorter answer.")
    if isinstance(status, int) and status >= 500:
        return error("server_error", f"{Who} had a problem on its side. Try again.", True)
    if isinstance(status, int):
        return error(f"http_{status}", f"{Who} refused the request.")
    if stage == "stt":
        return error("bad_response", f"{Who} could not transcribe this recording. Try again, or type your answer.",
                     True)
    return error("stream_error", f"The reply from {who} was cut off or malformed. Try again.", True)
