"""Remember, for a while, which online voices just failed, so each sentence does not wait again.

A reply is spoken sentence by sentence; without this, an unreachable service would cost its
full timeout on every sentence. After `cooldown` seconds one call may try again.
"""
from __future__ import annotations

import threading
import time
from typing import Callable, Hashable


class CircuitBreaker:
    def __init__(self, cooldown: float, clock: Callable[[], float] = time.monotonic):
        self.cooldown = cooldown
        self._clock = clock
        self._open_until: dict[Hashable, float] = {}
        self._lock = threading.Lock()

    def allow(self, key: Hashable) -> bool:
        """Whether `key` may be tried now (never failed, or its cooldown is over)."""
        with self._lock:
            return self._clock() >= self._open_until.get(key, 0.0)

    def failure(self, key: Hashable) -> None:
        with self._lock:
            self._open_until[key] = self._clock() + self.cooldown

    def success(self, key: Hashable) -> None:
        with self._lock:
            self._open_until.pop(key, None)

    def is_open(self, key: Hashable) -> bool:
        return not self.allow(key)

    def reset(self) -> None:
        with self._lock:
            self._open_until.clear()
