"""One practice session: its saved transcript, and the next reply streamed and saved.

Every user turn is stored before the model is called, and every reply is stored as it arrives
(first words at once, then at least every STREAM_SAVE_EVERY_S), marked partial until it is
complete: a rerun, a Stop, an error or a barge-in never loses what arrived. One reply streams
at a time per session, so the saved order is the order of the conversation.

Every user message passes the safety screen (core.safety) before anything is generated or spent. A refused
one is saved marked (meta "screened": its category) and answered by the coach's short refusal, or by support
for self-harm, with no model call (its token is still taken from the visitor's budget); the pair is left out
of everything the model, the offline coach and the report see. The model's own reply is guarded as it
streams (core.safety.leaks): it never shows or speaks its instructions or a key.
"""
from __future__ import annotations

import logging
import threading
import unicodedata
import time
from dataclasses import replace
from typing import Callable, Iterator

from config import Settings
from core import asked as core_asked
from core import banks
from core import safety
from core.coach import followup_model
from core.coach import interview as offline_interview
from core.cues import is_answer
from core.errors import StageError
from core.ratelimit import TokenBucket
from core.job.grounding import grounding
from core.memory import SUMMARY_PROMPT, context_messages, extractive_digest, fold_plan, folded
from core.prompts import system_prompt
from core.safety import replies as safety_replies
from core.safety.leaks import ReplyGuard
from core.safety.verdict import leak_error
from core.spec import PracticeSpec
from core.text.clean import StreamCleaner, clean_text
from core.tone import detect_tone
from services.llm import TurnContext, get_provider
from services.llm.base import CancelFlag
from services.llm.budget import budgeted, charge_refused
from services.llm.deadlines import StreamTimeout, guarded
from services.retry import backoff_seconds
from services.job_materials import embed_materials
from services.storage import Store

log = logging.getLogger(__name__)

FALLBACK_CODES = {"timeout", "connection", "server_error", "stream_cut", "stream_error"}
_ACTIVE: dict[str, CancelFlag] = {}  # session id -> the stop flag of the reply streaming in it (this process)
_ACTIVE_LOCK = threading.Lock()
_SUMMARY_LOCKS: dict[str, threading.Lock] = {}  # session id -> held while its summary is being updated
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
        self.limiter = limiter  # per browser session: one user's burst never slows another
        # Every call (reply, retries, summaries) is paid from that budget.
        self.provider = budgeted(get_provider(settings), limiter)
        self.notices: list[StageError] = []  # recoveries the UI should announce (once)
        self.sleep = time.sleep  # injectable, so tests of the backoff need not wait
        self.clock = time.monotonic
        self.run_later = _in_background  # the summary update must not delay the end of a reply (tests: inline)

    # Reading ------------------------------------------------------------------------------
    def transcript(self) -> list[dict]:
        return self.store.turns(self.session_id)

    def practice(self, transcript: list[dict] | None = None) -> list[dict]:
        """The transcript without screened turns (a refused message and the reply to it): what the model,
        the offline coach and the question count see."""
        turns = self.transcript() if transcript is None else transcript
        return [t for t in turns if not screened(t)]

    def answers_given(self, transcript: list[dict] | None = None) -> int:
        """User turns that answered a question (core.cues.is_answer): a 'skip' closes a question, a 'repeat' doesn't,
        and the answer to a follow-up belongs to the question it followed."""
        count, following = 0, False
        for t in self.practice(transcript):
            if t["role"] == "assistant":
                following = (core_asked.asks(t) or {}).get("kind") == "follow_up"
            elif is_answer(t["content"]) and not following:
                count += 1
        return count

    def is_complete(self, transcript: list[dict] | None = None) -> bool:
        """An interview is complete once all planned questions were answered and wrapped up."""
        turns = self.practice(transcript)
        if not turns:
            return False
        if self.spec.mode != "interview":
            return False
        if self.provider.name == "offline":
            return offline_interview.is_complete(self.spec, turns)
        return (self.answers_given(turns) >= self.spec.num_questions and turns[-1]["role"] == "assistant"
                and (core_asked.asks(turns[-1]) or {}).get("kind") != "follow_up")  # its answer is still to come

    def stt_prompt(self) -> str:
        """Words the recognizer should expect: the current question's terms, or the question itself."""
        last_turn = next((t for t in reversed(self.practice()) if t["role"] == "assistant"), None)
        last = last_turn["content"] if last_turn else ""
        question = None
        if self.spec.mode == "interview" and last_turn is not None:
            asks = core_asked.asks(last_turn)
            question = banks.all_questions().get((asks or {}).get("id") or "") if core_asked.has_record(last_turn) \
                else core_asked.legacy_question(last, list(banks.all_questions().values()))[1]
        if question:
            return ", ".join(question.get("terms", []))
        return last[-300:]

    # Writing ------------------------------------------------------------------------------
    def add_user(self, text: str, meta: dict | None = None) -> dict:
        """Save the user's answer. A spoken one is limited by its duration (MAX_AUDIO_SECONDS, checked
        when it is decoded) and a generous MAX_VOICE_TEXT_CHARS, not by the typed-text limit."""
        # Control characters and lone surrogates go (a NUL breaks voices and exports); joiners stay.
        text = clean_text(text).strip()
        if not text or all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text):
            raise StageError("upload", "empty_text", "Type or say something first.")
        spoken = isinstance(meta, dict) and meta.get("input") == "voice"
        limit = max(self.settings.max_voice_text_chars, self.settings.max_text_chars) if spoken \
            else self.settings.max_text_chars
        if len(text) > limit:
            raise StageError("upload", "text_too_long", f"That answer is {len(text):,} characters; the limit is "
                             f"{limit:,}. Shorten it and send again — it has not been sent.")
        verdict = self._screen(text)
        if not verdict.allowed:  # saved all the same (the transcript shows it), marked: no model will see it
            meta = {**(meta or {}), "screened": verdict.category}
        self.stop_active()  # a reply still streaming ends here, so this answer is saved after it
        return self.store.add_turn(self.session_id, "user", text, meta)

    def _messages(self, transcript: list[dict], follow_up: str | None = None) -> list[dict]:
        """System prompt, the saved rolling summary, the turns after it: never a model call here. `follow_up`: a
        note that has the model ask its one follow-up now (before any wrap-up)."""
        head = [{"role": "system", "content": system_prompt(self.spec)}]
        # This turn's relevant job material, fenced as data (the offline coach plans from it instead). Its vectors
        # come from the database when any session, process or replica embedded them before.
        materials = None
        if self.provider.name != "offline" and self.spec.materials:
            embed_materials(self.store, self.spec.materials)
            materials = grounding(self.spec, transcript)
        if materials:
            head.append({"role": "system", "content": materials})
        messages = context_messages(head, transcript, self.store.get_summary(self.session_id),
                                    max_messages=self.settings.history_max_messages)
        if not transcript:
            messages.append({"role": "user", "content": START_CUE})
        elif follow_up:
            messages.append({"role": "system", "content": follow_up})
        elif self.spec.mode == "interview" and self.answers_given(transcript) >= self.spec.num_questions:
            messages.append({"role": "system", "content": FINAL_NOTE})
        return messages

    def _summarize(self, old: list[dict]) -> str:
        summarize = getattr(self.provider, "summarize", None)
        if summarize is None:
            return extractive_digest(old)
        return summarize(old, SUMMARY_PROMPT, self.settings.max_tokens_summary)

    def reply(self, cancel: threading.Event | None = None,
              on_wait: Callable[[str], None] | None = None) -> Iterator[str]:
        """Stream the next assistant message, saving it as it arrives (marked partial until complete).

        Deadlines: a first token within LLM_FIRST_TOKEN_S per attempt and LLM_WAIT_S over all
        attempts, no gap longer than LLM_IDLE_S once text flows (keep-alives do not count), and
        LLM_REPLY_DEADLINE_S overall. `on_wait(message)` is called while waiting (about 4 times a
        second), so a page can say so. Recovery: a retryable failure before the first token is
        retried with backoff within the wait budget; if the cloud LLM is still down, the offline
        coach answers and `notices` says so. A failure after some text keeps that text (already
        saved, marked partial), then raises. Starting a reply stops any other reply still
        streaming in this session: one reply at a time.

        Safety: when the last message was refused by the screen, the coach's refusal (or support, for
        self-harm) is the reply, paid from the budget but with no model call. The model's reply is released
        through a ReplyGuard: if it starts to give away its instructions or a key, it is cut there, ends
        with a line back to practice, and `notices` says so.
        """
        settings = self.settings
        stop = CancelFlag()  # set by the caller's cancel, by a newer reply or message in this session
        unhook = cancel.on_set(stop.set) if isinstance(cancel, CancelFlag) else None
        previous = _claim(self.session_id, stop)
        if previous is not None:
            previous.set()

        def stopped() -> bool:
            return stop.is_set() or (cancel is not None and cancel.is_set())

        transcript = self.transcript()
        refused = self._refused(transcript)
        if refused is not None:
            try:
                yield from self._refuse(refused, transcript[-1]["content"])
            finally:
                _release(self.session_id, stop)
                if unhook is not None:
                    unhook()
            return
        transcript = self.practice(transcript)
        follow = self._follow_up(transcript)
        messages = self._messages(transcript, follow.note() if follow else None)
        instructions = [m["content"] for m in messages if m["role"] == "system"]
        leaked: str | None = None  # what the guard caught in the model's reply, if anything
        last_user = next((t["content"] for t in reversed(transcript) if t["role"] == "user"), "")
        parts: list[str] = []
        saved = {"id": None, "at": 0.0}
        status = "interrupted"
        error: StageError | None = None
        last_error: StageError | None = None
        started = self.clock()
        wait_until = started + settings.llm_wait_s
        first_token: float | None = None
        provider = self.provider
        attempt = 0
        budget_out = False  # the visitor's budget refused a retry: no more attempts with this provider

        context = TurnContext(spec=self.spec, transcript=transcript)

        def save(state: str) -> None:
            text = "".join(parts).strip()
            meta = {
                "provider": provider.name,
                "tone": detect_tone(last_user) if last_user else "neutral",
                "partial": state != "complete",
                "status": state,
                "first_token_s": round(first_token, 3) if first_token is not None else None,
                "attempts": attempt + 1,
            }
            if error is not None:
                meta["error"] = error.to_dict()
            if leaked:
                meta["screened_reply"] = leaked
            if self.spec.mode in ("interview", "language"):
                meta["asks"] = self._asks(text, context)
                other = (meta["asks"] or {}).get("id")
                if follow is not None and other in (None, follow.record["id"]):
                    meta["asks"] = follow.record  # unless the model asked another bank question instead
            if saved["id"] is None:
                if text:
                    saved["id"] = self.store.add_turn(self.session_id, "assistant", text, meta)["id"]
            elif text:
                self.store.update_turn_content(saved["id"], text, meta)
            else:
                self.store.delete_turn(saved["id"])
            saved["at"] = self.clock()

        try:
            while True:
                cleaner = StreamCleaner()
                # the scripted coach says its own bank's words: only a model's reply can give its instructions away
                guard = ReplyGuard(instructions if self.provider.name != "offline" else [], self._secrets())
                context.asks, context.knows_asks = None, False
                hang_up = CancelFlag()  # this attempt's connection: a deadline or a stop hangs it up
                unhook_attempt = stop.on_set(hang_up.set)
                first_wait = min(settings.llm_first_token_s, wait_until - self.clock())
                try:
                    if first_wait <= 0:
                        raise last_error or _timeout_error(provider, "first_token", settings.llm_wait_s)
                    source = provider.stream(
                        messages,
                        max_tokens=settings.max_tokens(self.spec.mode),
                        temperature=settings.temperature,
                        cancel=hang_up,
                        context=context,
                    )
                    waited = _wait_reporter(on_wait, provider, settings, started, self.clock, lambda: bool(parts))
                    stream = guarded(source, first_token_s=first_wait, idle_s=settings.llm_idle_s,
                                     total_s=max(0.0, started + settings.llm_reply_deadline_s - self.clock()),
                                     hang_up=hang_up.set, stopped=stopped, on_wait=waited, clock=self.clock)
                    for raw in stream:
                        delta = guard.feed(cleaner.feed(raw))
                        if guard.leaked:
                            stream.close()  # hangs up: nothing more of this reply is read
                            break
                        if not delta:
                            continue
                        if first_token is None:
                            first_token = self.clock() - started
                        parts.append(delta)
                        if saved["id"] is None:  # the row exists from the first words: its place is kept
                            self._save_quietly(save, "streaming")
                        yield delta  # then updated when the reader asks for more (and in `finally`)
                        if self.clock() - saved["at"] >= settings.stream_save_every_s:
                            self._save_quietly(save, "streaming")
                    tail = "" if guard.leaked else guard.feed(cleaner.flush()) + guard.flush()
                    if guard.leaked:  # cut where the leak began, then back to practice
                        leaked = guard.leaked
                        self.notices.append(leak_error(leaked))
                        tail = ("" if not parts or "".join(parts).endswith((" ", "\n")) else " ") + safety_replies.cut(
                            self.spec.mode, safety_replies.session_language(self.spec.mode, self.spec.language,
                                                                            last_user))
                    if tail:
                        parts.append(tail)
                        yield tail
                    status = "interrupted" if stopped() and not leaked else "complete"
                    break
                except StreamTimeout as timeout:
                    exc = _timeout_error(provider, timeout.kind, timeout.seconds)
                    if parts or stopped():
                        raise exc from None
                    last_error = exc
                except StageError as exc:
                    if parts and exc.code in ("connection", "timeout"):  # it did reach us: it was cut
                        raise StageError("llm", "stream_cut", f"The reply from {_who(provider)} was cut off midway. "
                                         "What arrived is kept; try again.", retryable=True,
                                         request_id=exc.request_id, details=exc.details) from exc
                    if parts or stopped():
                        raise
                    if exc.code == "too_fast" and last_error is not None:
                        exc, budget_out = last_error, True  # out of budget for a retry: say why we retried
                    elif exc.code == "too_fast":
                        raise
                    last_error = exc
                finally:
                    unhook_attempt()
                exc = last_error
                attempt += 1
                wait = backoff_seconds(attempt, exc) if attempt <= settings.max_retries and not budget_out else None
                if wait is not None and self.clock() + wait + 1.0 > wait_until:
                    wait = None  # the total wait is bounded: better a clear message now
                if wait is not None:
                    if on_wait is not None:
                        on_wait(f"{exc.message} Trying again in {wait:.0f} s…" if wait >= 1 else
                                f"{exc.message} Trying again…")
                    self.sleep(wait)
                    continue
                if self._can_fall_back(provider, exc):
                    self.notices.append(StageError(
                        exc.stage, exc.code, f"{exc.message} The offline coach is answering meanwhile.",
                        retryable=True, request_id=exc.request_id, details=exc.details))
                    provider = get_provider(replace(settings, parley_llm="offline"))
                    wait_until = self.clock() + settings.llm_first_token_s
                    continue
                raise exc
        except StageError as exc:
            status, error = "error", exc
            raise
        finally:
            _release(self.session_id, stop)
            if unhook is not None:
                unhook()
            save(status)
            if status == "complete":
                self.run_later(self._update_summary)

    def _follow_up(self, transcript: list[dict]) -> "followup_model.Due | None":
        """The one follow-up a model interviewer asks on the answer just given (the scripted coach asks its own)."""
        if self.spec.mode != "interview" or self.provider.name == "offline":
            return None
        try:
            return followup_model.due(transcript)
        except Exception:  # noqa: BLE001 - a judgement that fails costs the follow-up, never the reply
            log.exception("follow-up judgement failed")
            return None

    def _asks(self, text: str, context: TurnContext) -> dict | None:
        """The record of the question this reply asks (core.asked): the offline coach says which; a model's
        reply is read for its last question sentence (with the bank id when that sentence holds a bank question)."""
        if context.knows_asks:
            return context.asks
        if self.spec.mode == "interview":
            return core_asked.from_free_text(text, list(banks.all_questions().values()))
        return core_asked.from_free_text(text, [])

    def _refused(self, transcript: list[dict]):
        """The screen's verdict on the message waiting for a reply, when it was refused (else None). A turn saved
        by add_user carries it; a draft (live voice starts replies early) or an older turn is screened here."""
        last = transcript[-1] if transcript else None
        if last is None or last["role"] != "user":
            return None
        category = (last.get("meta") or {}).get("screened")
        if category:  # decided when it was saved: that record stands
            return safety.Verdict(False, str(category), "saved")
        verdict = self._screen(last["content"])
        return None if verdict.allowed else verdict

    def _screen(self, text: str):
        """The screen's verdict for this session. Off-task use costs nothing offline, so the scripted coach hears
        it (an answer to another question is practice it brings back itself); with a model it is refused."""
        verdict = safety.screen(text, self.spec.mode)
        if verdict.category == "off_task" and self.provider.name == "offline":
            return safety.ALLOWED
        return verdict

    def _refuse(self, verdict, said: str) -> Iterator[str]:
        """Answer a refused message without a model: the refusal (or support) in the session's language, saved
        marked, paid for from the visitor's budget like a call (a flood of them is slowed like any other)."""
        charge_refused(self.limiter)  # "too_fast" leaves the message saved and unanswered, as for any reply
        language = safety_replies.session_language(self.spec.mode, self.spec.language, said)
        text = safety_replies.reply_for(verdict.category, self.spec.mode, language)
        error = verdict.error()
        if verdict.category != safety.SELF_HARM:
            self.notices.append(error)
        meta = {"provider": "safety", "screened": verdict.category, "tone": "neutral", "partial": False,
                "status": "complete", "first_token_s": 0.0, "attempts": 0, "error": error.to_dict(), "asks": None}
        self.store.add_turn(self.session_id, "assistant", text, meta)
        yield text

    def _secrets(self) -> list[str]:
        """The keys this session's settings hold: a reply must never contain one."""
        return [self.settings.groq_api_key, self.settings.openai_api_key, self.settings.llm_api_key]

    def _save_quietly(self, save: Callable[[str], None], state: str) -> None:
        """Save the reply so far; a failing disk must not cut the reply (the final save will say so)."""
        try:
            save(state)
        except StageError as exc:
            if not any(n.code == exc.code for n in self.notices):
                self.notices.append(exc)

    def _update_summary(self) -> None:
        """Fold the oldest unsummarized turns into the saved summary once enough have piled up.

        One call over the prior summary and a bounded number of new turns (core.memory.fold_plan);
        never raises: a failure keeps the old summary, and the next reply uses a digest meanwhile.
        One update at a time per session; a second one meanwhile is skipped (the next reply retries).
        """
        lock = _summary_lock(self.session_id)
        if not lock.acquire(blocking=False):
            return
        try:
            plan = fold_plan(self.practice(), self.store.get_summary(self.session_id),
                             max_messages=self.settings.history_max_messages,
                             keep_recent=self.settings.history_keep_recent)
            if plan is None:
                return
            old, upto = plan
            try:
                text = self._summarize(old)
            except Exception:  # budget spent, provider down: the digest will do
                text = None
            self.store.set_summary(self.session_id, folded(old, upto, text))
        except Exception:
            log.warning("rolling summary update failed", exc_info=True)
        finally:
            lock.release()

    def stop_active(self) -> bool:
        """Stop a reply still streaming in this session (a Stop click or a new message). True if one was."""
        with _ACTIVE_LOCK:
            flag = _ACTIVE.get(self.session_id)
        if flag is not None:
            flag.set()
        self.settle_streaming()
        return flag is not None

    def settle_streaming(self) -> None:
        """A reply left "streaming" by a run that was cut off is marked interrupted (its text stays)."""
        with _ACTIVE_LOCK:
            if self.session_id in _ACTIVE and not _ACTIVE[self.session_id].is_set():
                return  # really still streaming (another tab): leave it
        for turn in self.transcript():
            meta = turn.get("meta") or {}
            if turn["role"] == "assistant" and meta.get("status") == "streaming":
                self.store.update_turn_content(turn["id"], turn["content"], {**meta, "status": "interrupted",
                                                                             "partial": True})

    def _can_fall_back(self, provider, exc: StageError) -> bool:
        """Only when a cloud LLM is down (not for a bad key or a rate limit: those need the user)."""
        return self.settings.offline_fallback and provider.name != "offline" and exc.code in FALLBACK_CODES

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
        asks = core_asked.asks(turn)
        if asks and " ".join(asks["text"].split()) not in " ".join(heard.split()):
            meta["asks"] = None  # cut before the question was heard: it was not asked
        self.store.update_turn(turn_id, heard, meta)
        return {**turn, "content": heard, "meta": meta}

    def end(self) -> None:
        self.store.end_session(self.session_id)


def screened(turn: dict) -> bool:
    """A turn the safety screen held back (a refused message), or the reply that answered one."""
    meta = turn.get("meta")
    return isinstance(meta, dict) and bool(meta.get("screened"))


def _claim(session_id: str, flag: CancelFlag) -> CancelFlag | None:
    """Register the reply now streaming in a session; returns the one it replaces (to be stopped)."""
    with _ACTIVE_LOCK:
        previous = _ACTIVE.get(session_id)
        _ACTIVE[session_id] = flag
    return previous


def _summary_lock(session_id: str) -> threading.Lock:
    with _ACTIVE_LOCK:
        return _SUMMARY_LOCKS.setdefault(session_id, threading.Lock())


def _in_background(job: Callable[[], None]) -> None:
    """Run `job` in a daemon thread: a summary call never holds up the reply's last words."""
    threading.Thread(target=job, name="rolling-summary", daemon=True).start()


def _release(session_id: str, flag: CancelFlag) -> None:
    with _ACTIVE_LOCK:
        if _ACTIVE.get(session_id) is flag:
            del _ACTIVE[session_id]


def _who(provider) -> str:
    """The model behind a reply in the user's words ("the AI coach"); its label goes in details."""
    from services.providers import plain_name

    name = getattr(provider, "name", "") or ""
    return "the offline coach" if name == "offline" else plain_name(name, "llm")


def _label(provider) -> str | None:
    return getattr(provider, "label", None)


def _timeout_error(provider, kind: str, seconds: float) -> StageError:
    """The StageError for a deadline that passed (see services.llm.deadlines)."""
    who, details = _who(provider), _label(provider)
    if kind == "first_token":
        return StageError("llm", "timeout", f"{who[0].upper()}{who[1:]} sent nothing for {seconds:.0f} s. Try again "
                          "in a moment.", retryable=True, details=details)
    if kind == "idle":
        return StageError("llm", "stalled", f"The reply from {who} stopped arriving ({seconds:.0f} s without new "
                          "words). What arrived is kept; try again.", retryable=True, details=details)
    return StageError("llm", "deadline", f"The reply from {who} took longer than {seconds:.0f} s and was stopped. "
                      "What arrived is kept; try again.", retryable=True, details=details)


def _wait_reporter(on_wait, provider, settings: Settings, started: float, clock,
                   has_text: Callable[[], bool]) -> Callable[[float], None] | None:
    """Turn the stream guard's ticks into a message for the page (after the first second)."""
    if on_wait is None:
        return None

    def tick(since_text: float) -> None:
        if since_text < 1.0:
            return
        if has_text():
            who = _who(provider)
            on_wait(f"{who[0].upper()}{who[1:]} paused… {since_text:.0f} s without new words (it is stopped after "
                    f"{settings.llm_idle_s:.0f} s).")
        else:
            on_wait(f"Waiting for {_who(provider)}… {clock() - started:.0f} s (it gives up after "
                    f"{settings.llm_wait_s:.0f} s without a word).")

    return tick
