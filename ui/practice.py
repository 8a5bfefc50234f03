"""The practice conversation view shared by Chat, Mock interview and Language test.

Shows the saved transcript, takes the next answer by voice (recorded, reviewed) or by text,
and streams the reply with `st.write_stream` inside `st.chat_message`, speaking it chunk by
chunk as it is written when auto-play is on. The reply is saved as it arrives. While it is
awaited the page says so and offers **Stop reply**; a message sent meanwhile stops that reply
(its words are kept) and is saved after it, so the saved order is the conversation's.

A timed interview (core.clock) shows the open question's countdown, thinking time then answer time,
in a fragment that redraws every second. The server's time decides: an answer sent after the limit is
saved marked cut; when the time is up the answer boxes are locked (whatever is typed in the box then
is sent by the page, and saved marked cut), and **Next question** moves on when nothing was sent.
"""
from __future__ import annotations

import time
import uuid
from itertools import groupby

import streamlit as st

from core import clock as core_clock
from core.coach import panel
from core.errors import StageError
from core.md import safe
from core.spec import seconds_label
from core.tone import detect_tone
from services import clock as answer_clock
from services.conversation import Conversation
from ui import diagnostics, job_brief, player, problem, resume, state, voice

AVATARS = {"user": ":material/person:", "assistant": ":material/record_voice_over:"}


def voice_notices():
    """This browser session's voice notices (never shared with another visitor)."""
    from services import tts

    notices = state.get(state.VOICE_NOTICES)
    if not isinstance(notices, tts.Notices):
        notices = tts.Notices()
        state.put(state.VOICE_NOTICES, notices)
    return notices


def show_turn(turn: dict) -> None:
    with st.chat_message(turn["role"], avatar=AVATARS[turn["role"]]):
        st.markdown(safe(turn["content"]))
        if turn["role"] == "assistant":
            _asker(turn)
        meta = turn.get("meta", {})
        if meta.get("input") == "voice":
            st.caption(":material/mic: spoken answer" + (" (edited)" if meta.get("edited") else ""))
        if turn["role"] == "user" and meta.get("cut"):
            st.caption(cut_note(meta))
        if meta.get("partial"):
            st.caption(":material/content_cut: This reply was cut short." if meta.get("status") != "streaming"
                       else ":material/hourglass_top: This reply was still arriving; what came is shown.")
        if meta.get("screened"):  # a refused message and the reply to it: never sent to a model, never scored
            st.caption(SCREENED.get((turn["role"], meta["screened"] == "self_harm"), SCREENED[("user", False)]))


SCREENED = {
    ("user", False): ":material/shield: Not sent to the coach: Parley's safety screen held this message back. "
                     "It is not scored.",
    ("assistant", False): ":material/shield: From Parley's safety screen: no AI reply was generated.",
    ("user", True): ":material/favorite: Not scored. Parley paused the practice here.",
    ("assistant", True): ":material/favorite: Where to find support, from Parley.",
}


CUT_NOTES = {
    answer_clock.TIMED_OUT: "No answer was sent before the {limit} limit, so the interview moved on.",
    answer_clock.RECORDING_TRIMMED: "Cut at the {limit} limit: the recording after it was not used.",
    answer_clock.SENT_LATE: "Cut at the {limit} limit: sent after the time was up, kept as written.",
    answer_clock.EDITED_LATE: "Cut at the {limit} limit: the transcript was edited after the time was up.",
    answer_clock.TURN_ENDED: "Cut at the {limit} limit: the coach ended the turn and moved on.",
}


def cut_note(meta: dict) -> str:
    """The caption of an answer cut at a timed interview's limit (services.clock)."""
    limit = seconds_label(int(meta.get("limit_s") or 0))
    note = CUT_NOTES.get(meta.get("cut_reason"), "Cut at the {limit} limit.")
    return ":material/timer_off: " + note.format(limit=limit)


def _asker(turn: dict) -> None:
    """A panel interview: who asked the question of this reply."""
    by = panel.asked_by(turn)
    if by is not None:
        st.caption(f":material/groups: Asked by {panel.label(by)}")


def write_stream(deltas) -> str:
    """Show a reply as it streams, made safe at every step (no image or link can form mid-stream)."""
    slot, text = st.empty(), ""
    for delta in deltas:
        text += delta
        slot.markdown(safe(text))
    return text


def show_error(exc: StageError) -> None:
    diagnostics.record_error(exc)
    problem.show(exc, after=" You can retry." if exc.retryable else "")


def announce(notices: list[StageError]) -> None:
    """Show each recovery (e.g. the offline coach stepping in) once per browser session."""
    seen = state.setdefault(state.ANNOUNCED, set())
    for notice in notices:
        diagnostics.record_error(notice)
        key = (notice.stage, notice.code)
        if key not in seen:
            seen.add(key)
            st.warning(notice.message, icon=":material/support:")


def speaking_enabled() -> bool:
    return bool(state.get(state.SPEAK_REPLIES, state.settings().speak_replies))


def _synthesizer(convo: Conversation, tone: str, voices: panel.Voices | None = None):
    """synthesize(chunk) -> WAV for this reply's chunks, in order; in a panel, each in its speaker's voice."""
    from services import tts

    settings = state.settings()
    language = convo.spec.speech_language
    if "piper" in tts.chain_names(settings, language):
        from ui import models

        models.piper_voice()  # load once, with a visible status the first time

    from core.speakable import CodeFenceTracker

    tracker = CodeFenceTracker(language)  # a code block cut across chunks stays silent
    notices = voice_notices()  # fetched here: the speaker's thread cannot read session state

    def synthesize(text: str) -> bytes:
        voice = voices.voice(text) if voices is not None else ""
        return tts.synthesize(tracker.clean(text), language=language, mode=convo.spec.mode, tone=tone,
                              settings=settings, notices=notices, voice=voice)

    return synthesize


def stream_reply(convo: Conversation) -> bool:
    """Stream the next assistant message into the page (spoken as it goes). False if it failed."""
    speak = speaking_enabled()
    if convo.spec.mode == "interview":
        from ui import models

        models.answer_judge()  # the coach's reaction judges the answer by meaning: load with a visible status
    with st.chat_message("assistant", avatar=AVATARS["assistant"]):
        speaker = voices = None
        if speak:
            from services.speaker import ChunkedSpeaker

            transcript = convo.transcript()
            last_user = next((t["content"] for t in reversed(transcript) if t["role"] == "user"), "")
            voices = panel.Voices(convo.spec, transcript) if panel.is_panel(convo.spec) else None
            speaker = ChunkedSpeaker(_synthesizer(convo, detect_tone(last_user), voices))
            audio_slot = st.container()
        turn_key = uuid.uuid4().hex
        stop_slot, waiting = st.empty(), st.empty()
        stop_slot.button("Stop reply", icon=":material/stop_circle:", key=f"stop_reply:{turn_key}", on_click=_stop_reply_clicked,
                         help="Stop waiting for this reply; the words that arrived are kept.")
        started = time.monotonic()
        marks: dict[str, float | None] = {"first_token": None, "first_audio": None}

        def play(chunks) -> None:
            for chunk in chunks:
                if chunk.audio and marks["first_audio"] is None:
                    marks["first_audio"] = time.monotonic() - started
                if chunk.error is not None:
                    st.toast(chunk.error.message, icon=":material/volume_off:")
                with audio_slot:
                    player.play_chunk(turn_key, chunk.seq, chunk.audio)

        def show_wait(message: str) -> None:
            waiting.caption(f":material/hourglass_top: {message} Press Stop reply to stop waiting.")

        def deltas():
            for delta in convo.reply(on_wait=show_wait):
                if marks["first_token"] is None:
                    marks["first_token"] = time.monotonic() - started
                    waiting.empty()
                if speaker is not None:
                    speaker.feed(delta)
                    play(speaker.ready())
                yield delta

        try:
            write_stream(deltas())
        except StageError as exc:
            waiting.empty()
            show_error(exc)
            if speaker is not None:
                speaker.stop()
            return False
        finally:
            stop_slot.empty()
            announce(convo.notices)
        if panel.is_panel(convo.spec):
            saved = convo.transcript()
            if saved and saved[-1]["role"] == "assistant":
                _asker(saved[-1])
        if speaker is not None:
            play(speaker.drain())
            _announce_tts_notices()
            if voices is not None and voices.spoken:
                _show_voices(voices.spoken)
        diagnostics.record_timing(first_token=marks["first_token"], first_audio=marks["first_audio"],
                                  done=time.monotonic() - started)
    return True


def _show_voices(spoken: list) -> None:
    """Who spoke this reply, in order, with each one's voice (a panel interview)."""
    said = [p for p, _ in groupby(spoken)]
    names = " → ".join(panel.label(p) for p in said)
    marks = "".join(f'<span class="parley-voice" data-name="{p.name}" data-voice="{p.voice}"></span>' for p in said)
    st.caption(f":material/record_voice_over: Spoken by {names}")
    st.html(f'<div class="parley-voices" hidden>{marks}</div>')


def _announce_tts_notices() -> None:
    from services import tts

    for notice in tts.consume_notices(voice_notices()):
        st.toast(notice, icon=":material/volume_up:")


def _stop_clicked() -> None:
    state.put(state.STOP_AUDIO, True)


def _stop_reply_clicked() -> None:
    state.put(state.STOP_REPLY, True)
    state.put(state.STOP_AUDIO, True)


def open_conversation(session_id: str) -> Conversation | None:
    try:
        return Conversation(state.store(), session_id, state.settings(), limiter=state.rate_limiter())
    except StageError as exc:
        show_error(exc)
        return None


def conversation(session_id: str, *, placeholder: str) -> Conversation | None:
    """Render a session and handle this run's input. Returns the conversation for extra controls.

    New turns are drawn into a container right under the transcript, so no rerun is needed
    (a rerun would remove the audio chunks' iframes while they may still be handing over audio).
    """
    convo = open_conversation(session_id)
    if convo is None:
        return None
    if state.pop(state.STOP_REPLY, False):
        convo.stop_active()  # the reply that was streaming keeps its words, marked as cut short
        st.info("Reply stopped. The words that arrived are kept; send your next answer when ready.", icon=":material/stop_circle:")
    else:
        convo.settle_streaming()
    if state.pop(state.STOP_AUDIO, False):
        player.stop()
    if speaking_enabled():
        st.button("Stop speaking", icon=":material/volume_off:", on_click=_stop_clicked, key="stop_speaking")
    job_brief.during(convo.spec)  # a tailored interview keeps its job in view
    turns = convo.transcript()
    with st.container():  # one element however long the transcript: the widgets below keep their place
        for turn in turns:
            show_turn(turn)
    live = st.container()
    if not turns:  # a new session: the coach speaks first
        with live:
            stream_reply(convo)
    elif turns[-1]["role"] == "user":  # the last reply failed: offer to try again, nothing is lost
        with live:
            st.info("Your last message is saved but has no reply yet.")
            if st.button("Retry reply", type="primary"):
                stream_reply(convo)
    timed = convo.spec.timed
    if timed and state.pop(state.CLOCK_NEXT) == convo.session_id:
        with live:
            _move_on(convo)
    clock_slot = st.container() if timed else None  # the countdown, drawn last (the question may change)
    locked = timed and _locked(answer_clock.phase(convo.spec, convo.transcript()), answer_clock.now())
    spoken = voice.voice_answer(convo, locked=locked)
    # Disabled from sending until the reply to this message is over: the saved order is the conversation's.
    typed = st.chat_input(placeholder, max_chars=state.settings().max_text_chars, submit_mode="disable",
                          disabled=locked)
    answer, meta = spoken if spoken else (typed, {"input": "text"})
    if answer:
        if timed:  # sent after the limit (by the server's clock): saved, marked cut
            meta = answer_clock.stamp(convo.spec, convo.transcript(), meta)
        with live:
            try:
                show_turn(convo.add_user(answer, meta))
            except StageError as exc:
                show_error(exc)
                if exc.stage == "storage":  # nothing is lost: the answer stays on screen to copy or resend
                    st.text_area("Your answer was not saved — copy it from here", value=answer, key="unsaved_answer")
                return convo
            stream_reply(convo)
    if clock_slot is not None:
        with clock_slot:
            _clock(convo, locked)
    diagnostics.panel()
    return convo


# ---- a timed interview's clock (core.clock, enforced by services.clock) -------------------------------

def clock_line(found: core_clock.Phase, answer_s: int) -> str:
    """The countdown as HTML: "Thinking time 0:27 · then 2:00 to answer", "Answer time 1:42", "Time's up"."""
    if found.name == core_clock.THINKING:
        return f"⏱ <b>Thinking time {core_clock.mmss(found.left_s)}</b> · then {core_clock.mmss(answer_s)} to answer"
    if found.name == core_clock.ANSWERING:
        return f"⏱ <b>Answer time {core_clock.mmss(found.left_s)}</b>"
    return "⏱ <b>Time's up</b> for this question"


def _clock(convo: Conversation, locked: bool) -> None:
    """The open question's countdown, or once its time is up, the lock and the way on."""
    now = answer_clock.now()
    found = answer_clock.phase(convo.spec, convo.transcript(), now)
    if found is None:
        return
    if locked and _locked(found, now):  # (a run that ended past the lock leaves it to the countdown's next tick)
        st.warning("Time's up for this question, so the answer box is locked. What you sent by the limit is "
                   "saved (marked cut when it came late).", icon=":material/timer_off:")
        st.button("Next question", icon=":material/skip_next:", key="clock_next", on_click=_next_clicked,
                  args=(convo.session_id,), help="Nothing was sent in time: move on to the next question.")
        return
    _countdown(convo.spec, found.asked_at, locked, now)


LOCK_AFTER_S = 1.0  # the box is locked this long after the limit: the page sends what it holds first


def _locked(found: core_clock.Phase | None, now: float) -> bool:
    """The answer boxes are locked: the open question's time is up (by the server's clock)."""
    return found is not None and found.over and now - found.deadline >= LOCK_AFTER_S


@st.fragment(run_every=1)
def _countdown(spec, asked_at: float, locked: bool, drawn_at: float) -> None:
    """Redrawn every second without rerunning the page. Once the time is up, a full run locks the answer
    boxes (or unlocks them for a new question); just before, the page sends what the box holds."""
    now = answer_clock.now()
    question = f"{asked_at:.3f}"  # names the question: the page sends its box once per question
    found = core_clock.phase(asked_at, now, spec.think_s, spec.answer_s)
    ticking = now - drawn_at >= 0.5  # a later tick, not the page's own run
    if ticking and _locked(found, now) != locked:
        st.rerun(scope="app")
    st.markdown(f'<div id="parley-clock" data-phase="{found.name}" data-question="{question}">'
                f"{clock_line(found, spec.answer_s)}</div>", unsafe_allow_html=True)
    if not found.over:
        st.html(_SEND_AT_LIMIT % {"question": question, "left_ms": round((found.deadline - now) * 1000)},
                unsafe_allow_javascript=True)


# At the limit, send what the answer box holds (the server marks it cut: it arrives after the limit), so the
# lock loses nothing. The browser's timer only times the send; whether it was late is the server's call.
_SEND_AT_LIMIT = """
<script>
(() => {
  window.parleyClock = {question: "%(question)s", due: performance.now() + %(left_ms)d};
  if (window.parleyClockTimer) return;
  window.parleyClockTimer = setInterval(() => {
    const c = window.parleyClock;
    if (!c || window.parleyClockSent === c.question || performance.now() < c.due) return;
    const shown = document.getElementById("parley-clock");
    if (!shown || shown.dataset.question !== c.question) return;  // another page, or another question
    window.parleyClockSent = c.question;
    const box = document.querySelector('[data-testid="stChatInputTextArea"]');
    const send = document.querySelector('[data-testid="stChatInputSubmitButton"]');
    if (box && box.value.trim() && send && !send.disabled) send.click();
  }, 200);
})();
</script>
"""


def _next_clicked(session_id: str) -> None:
    state.put(state.CLOCK_NEXT, session_id)


def _move_on(convo: Conversation) -> None:
    """Next question after the time ran out with nothing sent: a skip, marked cut, then the coach goes on.
    Only when the server agrees the time is up (a stale click does nothing)."""
    found = answer_clock.phase(convo.spec, convo.transcript())
    if found is None or not found.over:
        return
    text, meta = answer_clock.timed_out(convo.spec)
    try:
        show_turn(convo.add_user(text, meta))
    except StageError as exc:
        show_error(exc)
        return
    stream_reply(convo)


def active_or_new(mode: str, form) -> str | None:
    """The session this page practises in; when there is none, offer to resume one, and show the set-up form."""
    session_id = state.active_session(mode)
    if session_id is None:
        resume.offer(mode)
        state.restore_setup(mode)  # what was chosen on another page (Live voice, or this one before)
        spec = form()
        state.keep_setup(mode, chosen=spec is not None)
        if spec is not None:
            try:
                state.set_active_session(mode, state.create_session(spec))
            except StageError as exc:
                show_error(exc)
                return None
            st.rerun()
    return session_id


END_LABEL = "End session"


def end_button(convo: Conversation, *, primary: bool = False) -> None:
    """End the session and open its feedback: shown once the user has said anything (skips included)."""
    said = any(t["role"] == "user" for t in convo.transcript())
    if (said or primary) and st.button(END_LABEL, type="primary" if primary else "secondary",
                                       icon=":material/flag:", key="end_session"):
        finish(convo.spec.mode, convo)


def finish(mode: str, convo: Conversation) -> None:
    """Mark the session ended, leave it, and hand it to the Feedback page (which writes the report)."""
    convo.end()
    state.set_active_session(mode, None)
    state.open_in_feedback(convo.session_id, write_report=True)
