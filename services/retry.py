"""When and how long to wait before trying a failed provider call again.

One policy for every stage: exponential backoff from 0.5 s, honouring a server's Retry-After,
never waiting longer than MAX_WAIT_S (past that, the user is better served by a clear message).
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
