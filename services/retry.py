"""When and how long to wait before trying a failed cloud call again.

Exponential backoff from 0.5 s, honouring a server's Retry-After, never waiting longer than
MAX_WAIT_S (past that, the user is better served by a clear message). The SDKs never retry on
their own (services/providers.py builds every client with max_retries=0); this policy is used by:
- streamed LLM replies (services/conversation.py), up to Settings.max_retries attempts and
  within Settings.llm_wait_s in all, then the offline coach if allowed;
- cloud transcription (services/stt/cloud.py), up to Settings.max_retries attempts.
Not retried: the OpenAI voice (a failure falls through to the next voice at once) and reports
(a provider error gives the offline report, with a note).
"""
from __future__ import annotations

import math

from core.errors import StageError

BASE_S = 0.5
MAX_WAIT_S = 8.0


def backoff_seconds(attempt: int, error: StageError) -> float | None:
    """Seconds to wait before retry number `attempt` (1, 2, …), or None when not worth retrying."""
    if not error.retryable:
        return None
    after = error.retry_after
    if isinstance(after, (int, float)) and math.isfinite(after) and after >= 0:  # malformed: our own backoff
        return float(after) if after <= MAX_WAIT_S else None
    return min(MAX_WAIT_S, BASE_S * 2 ** (attempt - 1))
