"""A token bucket in memory: how many LLM calls may be made, and how long until the next.

Deterministic given its clock: tests pass a fake one and never sleep (the default is
time.monotonic). It never waits itself: `take()` says how long, and the caller
(services/llm/budget.py) refuses the call with that wait in its message. The app keeps each
visitor's budget in the database instead (services/storage/budgets.py, the same arithmetic, shared
by every tab and replica); this bucket is its per-tab fallback when the database cannot be reached.
A lock makes it safe to share between the page and the live-voice worker thread.
"""
from __future__ import annotations

import threading
import time
from typing import Callable


class TokenBucket:
    def __init__(self, capacity: int, per_minute: float, clock: Callable[[], float] = time.monotonic):
        if capacity < 1 or per_minute <= 0:
            raise ValueError("capacity must be ≥ 1 and per_minute > 0")
        self.capacity = capacity
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self.tokens = float(capacity)
        self.updated = clock()
        self._lock = threading.Lock()  # the live-voice worker and the page may both ask

    def take(self) -> float:
        """Spend one token. Returns 0.0 when allowed, else the seconds to wait for the next one."""
        with self._lock:
            now = self.clock()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            if self.tokens >= 1:
                self.tokens -= 1
                return 0.0
            return (1 - self.tokens) / self.rate
