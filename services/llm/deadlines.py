"""Deadlines for a streamed reply: first token, idle gap and overall, whatever the transport does.

An SDK's read timeout restarts with every byte, so a server that sends three tokens and then
keep-alive comments forever never trips it. Here the stream is read in a helper thread and
handed over through a queue; the caller waits on the queue with its own deadlines, so it is
never blocked longer than they allow. When one passes, `hang_up` is called (the provider's
cancel flag: it shuts the connection so the server stops too) and `StreamTimeout` is raised.
While waiting, `on_wait(seconds waited)` is called every `poll_s`, so a page can show progress
(and Streamlit gets a chance to stop the run when the user clicks Stop).
"""
from __future__ import annotations

import queue
import threading
import time
from typing import Callable, Iterator

_ITEM, _END, _ERROR = "item", "end", "error"


class StreamTimeout(Exception):
    """`kind` is "first_token" (nothing arrived in time), "idle" (stalled after text) or "deadline"."""

    def __init__(self, kind: str, seconds: float):
        super().__init__(f"{kind} after {seconds:.1f} s")
        self.kind = kind
        self.seconds = seconds


def guarded(source: Iterator[str], *, first_token_s: float, idle_s: float, total_s: float,
            hang_up: Callable[[], None], stopped: Callable[[], bool] = lambda: False,
            on_wait: Callable[[float], None] | None = None, poll_s: float = 0.25,
            clock: Callable[[], float] = time.monotonic) -> Iterator[str]:
    """Yield what `source` yields; raise StreamTimeout when a deadline passes (after `hang_up()`).

    Only non-empty text counts as progress. Errors from `source` are re-raised here. When
    `stopped()` turns true the stream ends quietly (a Stop or barge-in).
    """
    handoff: queue.Queue = queue.Queue()

    def pump() -> None:
        try:
            for item in source:
                handoff.put((_ITEM, item))
            handoff.put((_END, None))
        except BaseException as exc:  # handed to the reader, which decides what it means
            handoff.put((_ERROR, exc))

    reader = threading.Thread(target=pump, name="llm-stream", daemon=True)
    started = clock()
    last_text: float | None = None
    reader.start()
    try:
        while True:
            now = clock()
            if last_text is None:
                kind, until = "first_token", started + first_token_s
            else:
                kind, until = "idle", last_text + idle_s
            if started + total_s <= until:
                kind, until = "deadline", started + total_s
            if now >= until:
                hang_up()
                raise StreamTimeout(kind, now - (last_text if kind == "idle" else started))
            try:
                tag, value = handoff.get(timeout=min(poll_s, max(0.001, until - now)))
            except queue.Empty:
                if stopped():
                    return
                if on_wait is not None:
                    on_wait(clock() - (last_text if last_text is not None else started))
                continue
            if tag == _END:
                return
            if tag == _ERROR:
                raise value
            if value:
                last_text = clock()
                yield value
            if stopped():
                return
    finally:
        if reader.is_alive():
            hang_up()  # we are leaving early (deadline, error or the caller closed us)
