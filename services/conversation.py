"""One practice session: its saved transcript, and the next reply streamed and saved.

Every user turn is stored before the model is called, and every reply (even a partial one,
cut by an error, a Stop or a barge-in) is stored when its stream ends: nothing is lost.
"""
from __future__ import annotations

import threading
import unicodedata
import time
from dataclasses import replace
from typing import Iterator

from config import Settings
from core import banks
from core.coach import interview as offline_interview
from core.cues import detect_cue
from core.errors import StageError
from core.ratelimit import TokenBucket
from core.memory import SUMMARY_PROMPT, compress_history, extractive_digest
from core.prompts import system_prompt
from core.spec import PracticeSpec
from core.tone import detect_tone
from services.llm import TurnContext, get_provider
from services.retry import backoff_seconds
from services.storage import Store

FALLBACK_CODES = {"timeout", "connection", "server_error", "stream_cut", "stream_error"}
START_CUE = "(The session starts now. Greet me in one sentence and ask the first question.)"
FINAL_NOTE = ("The candidate has now answered the last planned question. React to the answer, thank them and "
              "tell them they can end the interview to see their feedback. Do not ask another question.")


class Conversation:
    def __init__(self, store: Store, session_id: str, settings: Settings, limiter: TokenBucket | None = None):
        session = store.get_session(session_id)
        if session is None:
            raise StageError("storage", "missing_session", "That session no longer exists. Start a new one.")
        self.store = store
        self.session_id = session_id
        self.settings = settings
        self.spec = PracticeSpec.from_dict(session["spec"])
        self.provider = get_provider(settings)
        self.limiter = limiter  # per browser session: one user's burst never slows another
        self.notices: list[StageError] = []  # recoveries the UI should announce (once)
        self.sleep = time.sleep  # injectable, so tests of the backoff need not wait

    # Reading ------------------------------------------------------------------------------
    def transcript(self) -> list[dict]:
        return self.store.turns(self.session_id)

    def answers_given(self, transcript: list[dict] | None = None) -> int:
        """User turns that were answers rather than cues such as 'repeat' or 'wait'."""
        turns = self.transcript() if transcript is None else transcript
        return sum(1 for t in turns if t["role"] == "user" and detect_cue(t["content"]) is None)

    def is_complete(self, transcript: list[dict] | None = None) -> bool:
        """An interview is complete once all planned questions were answered and wrapped up."""
        turns = self.transcript() if transcript is None else transcript
        if self.spec.mode != "interview":
            return False
        if self.provider.name == "offline":
            return offline_interview.is_complete(self.spec, turns)
        return self.answers_given(turns) >= self.spec.num_questions and turns[-1]["role"] == "assistant"

    def stt_prompt(self) -> str:
        """Words the recognizer should expect: the current question's terms, or the question itself."""
        last = next((t["content"] for t in reversed(self.transcript()) if t["role"] == "assistant"), "")
        question = banks.find_question(last) if self.spec.mode == "interview" else None
        if question:
            return ", ".join(question.get("terms", []))
        return last[-300:]

    # Writing ------------------------------------------------------------------------------
    def add_user(self, text: str, meta: dict | None = None) -> dict:
        # Control characters go (a NUL breaks voices and exports); joiners that scripts need stay.
        text = "".join(ch for ch in (text or "") if unicodedata.category(ch) != "Cc" or ch in "\n\t").strip()
        if not text or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text):
            raise StageError("upload", "empty_text", "Type or say something first.")
        if len(text) > self.settings.max_text_chars:
            raise StageError("upload", "text_too_long", f"That answer is {len(text):,} characters; the limit is "
                             f"{self.settings.max_text_chars:,}. Shorten it and send again — it has not been sent.")
        return self.store.add_turn(self.session_id, "user", text, meta)

    def _messages(self, transcript: list[dict]) -> list[dict]:
        messages = [{"role": "system", "content": system_prompt(self.spec)}]
        messages += [{"role": t["role"], "content": t["content"]} for t in transcript]
        if not transcript:
            messages.append({"role": "user", "content": START_CUE})
        elif self.spec.mode == "interview" and self.answers_given(transcript) >= self.spec.num_questions:
            messages.append({"role": "system", "content": FINAL_NOTE})
        return compress_history(
            messages,
            self._summarize,
            max_messages=self.settings.history_max_messages,
            keep_recent=self.settings.history_keep_recent,
        )

    def _summarize(self, old: list[dict]) -> str:
        summarize = getattr(self.provider, "summarize", None)
        if summarize is None:
            return extractive_digest(old)
        return summarize(old, SUMMARY_PROMPT, self.settings.max_tokens_summary)

    def reply(self, cancel: threading.Event | None = None) -> Iterator[str]:
        """Stream the next assistant message; save it (marked partial if cut short) when done.

        Recovery: a retryable failure before the first token is retried with backoff; if the
        cloud LLM is still down, the offline coach answers this turn and `notices` says so. A
        failure after some text keeps that text, saved and marked partial, then raises.
        """
        self._check_rate()
        transcript = self.transcript()
        messages = self._messages(transcript)
        last_user = next((t["content"] for t in reversed(transcript) if t["role"] == "user"), "")
        parts: list[str] = []
        status = "interrupted"
        error: StageError | None = None
        started = time.monotonic()
        first_token: float | None = None
        provider = self.provider
        attempt = 0
        try:
            while True:
                try:
                    for delta in provider.stream(
                        messages,
                        max_tokens=self.settings.max_tokens(self.spec.mode),
                        temperature=self.settings.temperature,
                        cancel=cancel,
                        context=TurnContext(spec=self.spec, transcript=transcript),
                    ):
                        if first_token is None:
                            first_token = time.monotonic() - started
                        parts.append(delta)
                        yield delta
                    status = "interrupted" if cancel is not None and cancel.is_set() else "complete"
                    break
                except StageError as exc:
                    if parts or (cancel is not None and cancel.is_set()):
                        raise
                    attempt += 1
                    wait = backoff_seconds(attempt, exc) if attempt <= self.settings.max_retries else None
                    if wait is not None:
                        self.sleep(wait)
                        continue
                    if self._can_fall_back(provider, exc):
                        self.notices.append(StageError(
                            exc.stage, exc.code, f"{exc.message} The offline coach is answering meanwhile.",
                            retryable=True, request_id=exc.request_id))
                        provider = get_provider(replace(self.settings, parley_llm="offline"))
                        continue
                    raise
        except StageError as exc:
            status, error = "error", exc
            raise
        finally:
            text = "".join(parts).strip()
            if text:
                meta = {
                    "provider": provider.name,
                    "tone": detect_tone(last_user) if last_user else "neutral",
                    "partial": status != "complete",
                    "status": status,
                    "first_token_s": round(first_token, 3) if first_token is not None else None,
                    "attempts": attempt + 1,
                }
                if error is not None:
                    meta["error"] = error.to_dict()
                self.store.add_turn(self.session_id, "assistant", text, meta)

    def _can_fall_back(self, provider, exc: StageError) -> bool:
        """Only when a cloud LLM is down (not for a bad key or a rate limit: those need the user)."""
        return bool(self.settings.offline_fallback) and provider.name != "offline" and exc.code in FALLBACK_CODES

    def _check_rate(self) -> None:
        if self.limiter is None:
            return
        wait = self.limiter.take()
        if wait > 0:
            raise StageError("llm", "too_fast", f"You're sending messages very fast. Wait {wait:.0f} s and try again.",
                             retryable=True)

    def keep_heard(self, turn_id: int, heard: str) -> dict | None:
        """A spoken reply was talked over: keep only the words the user heard (none: delete it).

        Returns the revised turn, or None when it was deleted or is not an assistant turn here.
        """
        turn = next((t for t in self.transcript() if t["id"] == turn_id and t["role"] == "assistant"), None)
        if turn is None:
            return None
        heard = (heard or "").strip()
        if not heard:
            self.store.delete_turn(turn_id)
            return None
        meta = {**turn["meta"], "partial": True, "status": "interrupted", "heard": True,
                "generated_chars": len(turn["content"])}
        self.store.update_turn(turn_id, heard, meta)
        return {**turn, "content": heard, "meta": meta}

    def end(self) -> None:
        self.store.end_session(self.session_id)


def start_session(store: Store, spec: PracticeSpec) -> str:
    """Create a stored session for `spec` and return its id."""
    return store.create_session(spec)
