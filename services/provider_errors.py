"""Turn OpenAI/Groq SDK exceptions into StageErrors a user can act on.

Both official SDKs share the same exception names and attributes, so one mapping serves both,
for chat replies (stage "llm"), transcription (stage "stt") and the OpenAI voice (stage "tts").
Messages never include the provider's response body (it may echo a key).
"""
from __future__ import annotations

import math
import time
from email.utils import parsedate_to_datetime

from core.errors import StageError
from services.providers import PROVIDERS

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
    """Map an SDK (or transport) exception to a StageError for `stage` (llm, stt or tts)."""
    if isinstance(exc, StageError):
        return exc
    kind = type(exc).__name__
    status = getattr(exc, "status_code", None)
    rid = _request_id(exc)
    who = ("The local model server" if provider == "compatible"
           else PROVIDERS[provider].title if provider in PROVIDERS else provider.capitalize())
    if kind == "APITimeoutError":
        return StageError(stage, "timeout", f"{who} took too long to answer. Try again in a moment.",
                          retryable=True, request_id=rid)
    if kind == "APIConnectionError":
        return StageError(stage, "connection", f"Could not reach {who}. Check your network or the base URL, "
                          "then try again.", retryable=True, request_id=rid)
    if status == 401:
        return StageError(stage, "auth", f"{who} rejected the API key (401). Paste a valid key in the sidebar "
                          "or fix it in .env.", request_id=rid)
    if status == 403:
        return StageError(stage, "forbidden", f"{who} refused access (403): this key cannot use this model.",
                          request_id=rid)
    if status == 404:
        return StageError(stage, "not_found", f"{who} does not know this model (404). Check the model name "
                          "in your settings.", request_id=rid)
    if status == 429:
        wait = _retry_after(exc)
        hint = f" Wait {max(1, round(wait))} s and try again." if wait else " Wait a moment and try again."
        return StageError(stage, "rate_limited", f"{who} is rate limiting requests (429).{hint}",
                          retryable=True, request_id=rid, retry_after=wait)
    if status == 413 and stage == "stt":
        return StageError(stage, "too_large", f"{who} refused the recording as too large (413). Record a shorter "
                          "answer.", request_id=rid)
    if isinstance(status, int) and status >= 500:
        return StageError(stage, "server_error", f"{who} had a server error ({status}). Try again.",
                          retryable=True, request_id=rid)
    if isinstance(status, int):
        return StageError(stage, f"http_{status}", f"{who} refused the request ({status}).", request_id=rid)
    if stage == "stt":
        return StageError(stage, "bad_response", f"{who} could not transcribe this recording. Try again, or type "
                          "your answer.", retryable=True, request_id=rid)
    return StageError(stage, "stream_error", f"The reply from {who} was cut off or malformed. Try again.",
                      retryable=True, request_id=rid)
