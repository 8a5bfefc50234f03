"""Preemptive generation: the reply starts on the draft transcript while the end of turn is decided.

The early transcript of a pause is ready about half a second into it; the end of turn is decided
then or later (an "unfinished" verdict waits 1.5–3 s). Starting the model on the draft at once
means its first words are already there, or on their way, when the turn is confirmed. If the
user goes on, the reply is discarded. Nothing is spoken and nothing is saved before the turn is
confirmed: the reply runs through the session's one reply path (`Conversation.reply`: the same
messages, memory, retries and cleaning) against a `HeldStore`, which shows the draft as the
last user turn and holds every write until `commit` (after the confirmed user turn is saved,
so the order in the transcript is right). A discarded reply's writes are dropped.

Cost: a discarded draft reply still spent the model's tokens (with a cloud model, the
visitor's budget); drafts that clearly stop mid-sentence ("…about the") are not started.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from typing import Callable, Iterator

from core.errors import StageError
from services.llm.base import CancelFlag

log = logging.getLogger(__name__)

HELD_ID = -1  # the held reply's id until it is committed
_DONE = object()


class HeldStore:
    """A Store stand-in for a reply started before its user turn is confirmed.

    Reads go to the real store, with the draft shown as the last user turn. Writes (the reply as
    it streams, a summary) are held; `commit()` writes them and lets later ones through;
    `discard()` drops them for good. Thread-safe: the reply writes from its own thread."""

    def __init__(self, store, session_id: str, user_text: str):
        self._store = store
        self._session = session_id
        self._lock = threading.Lock()
        self._state = "held"  # "held" → "live" (committed) or "dropped" (discarded)
        self._held: dict | None = None  # {"content", "meta"} of the reply so far
        self._real_id: int | None = None
        self._later: list[Callable[[], None]] = []
        self.user_text = user_text

    # Reads --------------------------------------------------------------------------------
    def get_session(self, session_id: str):
        return self._store.get_session(self._session)

    def get_summary(self, session_id: str):
        return self._store.get_summary(self._session)

    def turns(self, session_id: str) -> list[dict]:
        turns = self._store.turns(self._session)
        with self._lock:
            if self._state == "live":
                return turns
        last_id = max((t["id"] for t in turns), default=0)
        return turns + [{"id": last_id + 1, "role": "user", "content": self.user_text,
                         "meta": {"input": "voice", "live": True, "draft": True}, "created_at": time.time()}]

    # Writes -------------------------------------------------------------------------------
    def add_turn(self, session_id: str, role: str, content: str, meta: dict | None = None) -> dict:
        with self._lock:
            if self._state == "live":
                return self._store.add_turn(self._session, role, content, meta)
            if self._state == "held":
                self._held = {"role": role, "content": content, "meta": meta or {}}
        return {"id": HELD_ID, "role": role, "content": content, "meta": meta or {}, "created_at": time.time()}

    def _real(self, turn_id: int) -> int | None:
        """After the commit: the row a reply's id names (the held one, or one written since)."""
        return self._real_id if turn_id == HELD_ID else turn_id

    def update_turn_content(self, turn_id: int, text: str, meta: dict) -> None:
        with self._lock:
            if self._state == "live":
                real = self._real(turn_id)
                if real is not None:
                    self._store.update_turn_content(real, text, meta)
            elif self._state == "held" and turn_id == HELD_ID and self._held is not None:
                self._held.update(content=text, meta=meta)

    def delete_turn(self, turn_id: int) -> bool:
        with self._lock:
            if self._state == "live":
                real = self._real(turn_id)
                if turn_id == HELD_ID:
                    self._real_id = None
                return real is not None and self._store.delete_turn(real)
            if turn_id == HELD_ID:
                self._held = None
                return True
            return False

    def set_summary(self, session_id: str, summary) -> None:
        with self._lock:
            if self._state == "live":
                self._store.set_summary(self._session, summary)

    def after_commit(self, job: Callable[[], None]) -> None:
        """`Conversation.run_later`: the summary update waits for the commit (dropped on discard)."""
        with self._lock:
            if self._state == "held":
                self._later.append(job)
                return
            run = self._state == "live"
        if run:
            threading.Thread(target=job, name="rolling-summary", daemon=True).start()

    # The turn is decided ------------------------------------------------------------------
    def commit(self) -> None:
        """The turn was confirmed and its user turn saved: write the reply so far, then let writes through."""
        with self._lock:
            if self._state != "held":
                return
            self._state = "live"
            if self._held is not None:
                held = self._held
                self._real_id = self._store.add_turn(self._session, held["role"], held["content"], held["meta"])["id"]
            later, self._later = self._later, []
        for job in later:
            threading.Thread(target=job, name="rolling-summary", daemon=True).start()

    def discard(self) -> None:
        with self._lock:
            if self._state == "held":
                self._state = "dropped"
                self._held = None
                self._later = []

    @property
    def state(self) -> str:
        return self._state


class Preemption:
    """A reply generated on draft `draft_id`'s transcript, off the worker thread, held until
    `adopt` (the turn was confirmed with the same words) or `discard` (the user went on).

    `abandoned()` tells the generating thread the user went on talking (it then stops early);
    `make_conversation(store)` builds the reply's Conversation on the held store."""

    def __init__(self, draft_id: int, user_text: str, make_conversation: Callable[[HeldStore], object],
                 store, session_id: str, abandoned: Callable[[], bool] = lambda: False,
                 clock: Callable[[], float] = time.monotonic):
        self.draft_id = draft_id
        self.user_text = user_text
        self.store = HeldStore(store, session_id, user_text)
        self.cancel = CancelFlag()
        self._abandoned = abandoned
        self._clock = clock
        self._deltas: queue.Queue = queue.Queue()
        self.started_at = clock()
        self.first_token_at: float | None = None
        self.adopted = False
        self._convo = make_conversation(self.store)
        # Its own slot among the session's replies: saving the confirmed user turn stops any reply
        # streaming in the session (Conversation.add_user), and this one must go on.
        self._convo.session_id = f"{session_id}#preempt"
        self._convo.run_later = self.store.after_commit  # the summary update waits for the commit
        self._thread = threading.Thread(target=self._run, name="live-preempt", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        stream = self._convo.reply(cancel=self.cancel)
        try:
            for delta in stream:
                if self.first_token_at is None:
                    self.first_token_at = self._clock()
                self._deltas.put(delta)
                if not self.adopted and self._abandoned():
                    self.discard()  # the user went on talking: this reply will never be used
                if self.cancel.is_set():
                    break
        except StageError as exc:
            self._deltas.put(exc)
        except Exception as exc:  # keep the turn alive: the confirmed turn reports it
            log.exception("preemptive reply failed")
            self._deltas.put(StageError("llm", "failed", f"The reply failed ({type(exc).__name__}). Try again.",
                                        retryable=True))
        finally:
            stream.close()  # the reply's last save (held, written, or dropped)
            self._deltas.put(_DONE)

    def discard(self) -> None:
        """The user went on (or the turn's words differ): stop the model, drop everything held."""
        if not self.adopted:
            self.store.discard()
            self.cancel.set()

    def adopt(self, interrupt: threading.Event | None = None) -> Iterator[str]:
        """The turn is confirmed and its user turn saved: commit the held reply and stream its text
        (what was written so far at once, then the rest as it comes). `interrupt` (a barge-in)
        stops the model like `Conversation.reply(cancel=…)`. Closing the stream early stops it too,
        and returns once the reply's last save is done."""
        self.adopted = True
        self.store.commit()
        unhook = interrupt.on_set(self.cancel.set) if isinstance(interrupt, CancelFlag) else None
        return self._stream(unhook, interrupt)

    def _stream(self, unhook, interrupt) -> Iterator[str]:
        finished = False
        try:
            while True:
                item = self._deltas.get()
                if item is _DONE:
                    finished = True
                    return
                if isinstance(item, StageError):
                    raise item
                if interrupt is not None and interrupt.is_set():
                    self.cancel.set()
                yield item
        finally:
            if unhook is not None:
                unhook()
            if not finished:
                self.cancel.set()
            self._thread.join(10)

    def join(self, timeout: float = 10.0) -> None:
        self._thread.join(timeout)
