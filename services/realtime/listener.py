"""The bridge's helper thread: the heavy questions the media thread must never wait for.

The media thread `submit`s a question (the end-of-turn model on the turn so far, or the words of
speech over the bot) tagged with a token, and polls `take` on later frames: both are a lock held
for a few microseconds. Only the latest question of each kind is kept (an older one is about a
pause that is already over), so a burst of pauses never queues up model runs.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, Callable

log = logging.getLogger(__name__)


class Listener:
    def __init__(self, name: str = "live-listener"):
        self._name = name
        self._cond = threading.Condition()
        self._todo: dict[str, tuple[int, Callable[[Any], Any], Any]] = {}
        self._done: dict[str, tuple[int, Any]] = {}
        self._thread: threading.Thread | None = None
        self._running = False
        self.busy_s = 0.0  # total time spent answering (diagnostics)

    def submit(self, kind: str, token: int, fn: Callable[[Any], Any], arg: Any) -> None:
        """Ask `fn(arg)` in the background; its answer is kept under (kind, token)."""
        with self._cond:
            self._todo[kind] = (token, fn, arg)
            self._done.pop(kind, None)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify()

    def take(self, kind: str, token: int):
        """The answer to question `token` of `kind` once ready (an exception if it failed), else None."""
        with self._cond:
            done = self._done.get(kind)
            if done is None or done[0] != token:
                return None
            del self._done[kind]
            return done[1]

    def _run(self) -> None:
        import time

        while True:
            with self._cond:
                while not self._todo:
                    self._cond.wait()
                kind = "words" if "words" in self._todo else next(iter(self._todo))  # barge-ins first
                token, fn, arg = self._todo.pop(kind)
                self._running = True
            started = time.perf_counter()
            try:
                answer = fn(arg)
            except Exception as exc:  # the media thread decides without it
                log.warning("live listener %s failed: %s", kind, exc)
                answer = exc
            self.busy_s += time.perf_counter() - started
            with self._cond:
                self._done[kind] = (token, answer)
                self._running = False
                self._cond.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Until every question asked so far is answered (tests and benchmarks; never the media thread)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._todo and not self._running, timeout)
