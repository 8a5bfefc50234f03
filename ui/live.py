"""Live voice: a hands-free call with the coach over WebRTC, for any practice mode.

The page keeps one `VoiceBridge` and one `TurnWorker` per browser session in session state
(ui.state.LIVE_BRIDGE, LIVE_WORKER, with the session's interrupt flag LIVE_INTERRUPT), wires the bridge to streamlit-webrtc's sink and source
tracks, and polls the bridge's snapshot in a fragment for the state, captions and timings.
Sessions are saved in SQLite like the text pages, so Feedback shows them.
"""
from __future__ import annotations

import html

import streamlit as st

from core.cues import strip_interrupted
from core.errors import StageError
from core.md import safe
from core.languages import get_language
from core.spec import MODE_LABELS, MODES
from core.turn import END_SILENCE_MAX_MS, END_SILENCE_MIN_MS
from services.conversation import Conversation
from services.llm.base import CancelFlag
from services.realtime import ice
from ui import webrtc_quirks
from services.realtime.bridge import HEARING, IDLE, LISTENING, SPEAKING, THINKING, VoiceBridge
from services.realtime.pipeline import TurnWorker, default_speak, default_transcribe
from core.audio_format import LIVE_FRAME_MS
from services.realtime.playout import OUT_RATE
from ui import diagnostics, practice, setup, state, voice

PAGE_MODE = "live"  # the active-session slot of this page (ui.state.active_session)
FORMS = {"interview": setup.interview_form, "language": setup.language_form, "chat": setup.chat_form}
# Ask the browser to cancel the coach's own voice coming back through the speakers, and to even out
# noise and level, before the audio reaches turn detection (getUserMedia MediaTrackConstraints,
# passed through by streamlit-webrtc with the chosen device id merged in).
MEDIA_CONSTRAINTS = {"audio": {"echoCancellation": True, "noiseSuppression": True, "autoGainControl": True},
                     "video": False}
BADGES = {IDLE: "○ Not connected", LISTENING: "● Listening", HEARING: "● Hearing you",
          THINKING: "● Thinking", SPEAKING: "● Speaking"}  # plain glyphs: raw HTML has no icon font


def render() -> None:
    session_id = state.active_session(PAGE_MODE)
    if session_id is None:
        _set_up()
    else:
        _call(session_id)


def _set_up() -> None:
    st.write("Talk with the coach hands-free: it listens, answers out loud, and you can interrupt it "
             "at any time, as on a phone call.")
    mode = st.radio("Practice", MODES, index=MODES.index("interview"), horizontal=True,
                    format_func=MODE_LABELS.get, key="live_mode")
    spec = FORMS[mode]()
    if spec is not None:
        try:
            state.set_active_session(PAGE_MODE, state.create_session(spec))
        except StageError as exc:
            st.error(exc.message, icon=":material/error:")
            return
        st.rerun()


def _call(session_id: str) -> None:
    settings = state.settings()
    try:
        convo = Conversation(state.store(), session_id, settings, limiter=state.rate_limiter())
    except StageError as exc:
        st.error(exc.message, icon=":material/error:")
        return
    if state.pop(state.LIVE_ENDING, None) == session_id:  # End session was clicked (see _end_clicked)
        practice.finish(PAGE_MODE, convo)
        return
    spec = convo.spec
    st.caption(f"{MODE_LABELS[spec.mode]} · {spec.title()}")
    returning = not state.has(state.LIVE_EOT)  # widget state is dropped on other pages' runs (see quirks)
    _load_models(settings, spec.speech_language)
    _language_caveat(settings, spec.speech_language)

    bridge, worker = _bridge_and_worker(session_id, settings)
    seconds = _end_of_turn_slider(bridge.uses_model, spec.mode)
    bridge.set_end_silence(round(seconds * 1000))

    from streamlit_webrtc import WebRtcMode, create_audio_sink_track, create_audio_source_track, webrtc_streamer

    try:
        rtc_configuration = ice.rtc_configuration(settings)
    except ValueError as exc:  # a malformed PARLEY_ICE_SERVERS: say what to fix, start no call
        st.error(StageError("webrtc", "bad_ice_config", str(exc)).message, icon=":material/error:")
        return
    sink = create_audio_sink_track(bridge.on_frame, key="live_in", on_ended=bridge.hang_up)
    source = create_audio_source_track(bridge.playout.frame, key="live_out", sample_rate=OUT_RATE, ptime=LIVE_FRAME_MS / 1000)

    def on_change() -> None:
        context = state.get(state.LIVE_CALL)
        if context is not None and not context.state.playing and not context.state.signalling:
            bridge.hang_up()

    webrtc_quirks.keep_webrtc_context(state.LIVE_CALL, returning)
    webrtc_streamer(
        key=state.LIVE_CALL,
        mode=WebRtcMode.SENDRECV,
        rtc_configuration=rtc_configuration,
        media_stream_constraints=MEDIA_CONSTRAINTS,
        sink_audio_track=sink,
        source_audio_track=source,
        sendback_video=False,
        on_change=on_change,
    )
    if not rtc_configuration["iceServers"]:
        st.caption("Direct connection (no TURN server configured): fine on this computer or network. "
                   "On Streamlit Community Cloud set PARLEY_ICE_SERVERS to a TURN server.")
    _live_panel(bridge, convo)


def _end_clicked(bridge: VoiceBridge, session_id: str) -> None:
    """End session's callback: hang up at once and mark the session as ending.

    A callback runs when Streamlit applies the click, before any script code, so the click
    counts even if the run carrying it is cut short (streamlit-webrtc calls rerun() from
    inside `webrtc_streamer` when the call's state changes). The next full run (`_live_panel`
    asks for one) ends the session in `_call` and switches to Feedback."""
    bridge.hang_up()
    state.put(state.LIVE_ENDING, session_id)


def _end_of_turn_slider(uses_model: bool, mode: str) -> float:
    """How long the coach waits for you: with the end-of-turn model, only after an unfinished sentence."""
    if uses_model:
        low = 4.0 if mode == "language" else 3.0  # the least it waits: learners pause more in a test
        high, default = 6.0, low
        label = "Longest wait when you pause mid-sentence (seconds)"
        help_text = ("The coach answers as soon as you pause after a finished sentence: an end-of-turn model "
                     "listens to what you said and how. After an unfinished one it waits, up to this long. "
                     "Longer lets you stop and think mid-sentence.")
    else:
        low, high, default = END_SILENCE_MIN_MS / 1000, END_SILENCE_MAX_MS / 1000, 1.5
        label = "End of turn: silence before the coach answers (seconds)"
        help_text = "Shorter feels snappier; longer lets you pause to think without being cut off."
    kept = state.get(state.LIVE_EOT_SECONDS, default)
    seconds = st.slider(label, low, high, value=min(high, max(low, kept)), step=0.1, key=state.LIVE_EOT,
                        help=help_text)
    state.put(state.LIVE_EOT_SECONDS, seconds)
    return seconds


def _load_models(settings, language: str) -> None:
    """Load the offline speech models before the call, with a visible status the first time."""
    from services import tts
    from ui import models

    if settings.stt_provider == "local":
        models.local_whisper(language)
    if tts.chain_names(settings, language)[:1] == ["piper"]:
        models.piper_voice()
    models.live_voice(language)  # the end-of-turn model, and one warm-up run of each model


def _language_caveat(settings, language: str) -> None:
    from services import stt

    if stt.supports_language(language, settings) is False:
        st.warning(f"Offline transcription is English-only, so your {get_language(language).name} answers can't "
                   "be transcribed in a live call. Add a Groq or OpenAI key in the sidebar, or set "
                   "WHISPER_MODEL_DIR to a multilingual Whisper model. The coach still speaks; you can also "
                   "answer by text on the Language test page.", icon=":material/translate:")


def _bridge_and_worker(session_id: str, settings) -> tuple[VoiceBridge, TurnWorker]:
    """This browser session's bridge and turn worker (made once; rebound to the session each run)."""
    interrupt = state.setdefault(state.LIVE_INTERRUPT, CancelFlag())  # shared with the audio thread via the bridge
    bridge = state.get(state.LIVE_BRIDGE)
    if bridge is None:
        bridge = VoiceBridge(interrupt)
        state.put(state.LIVE_BRIDGE, bridge)
    store = state.store()
    limiter = state.rate_limiter()  # live turns are paid from this visitor's budget too

    def conversation() -> Conversation:
        return Conversation(store, session_id, settings, limiter=limiter)

    def speak_for(convo: Conversation, tone: str):
        return default_speak(convo.spec.speech_language, convo.spec.mode, tone, settings)

    worker = state.get(state.LIVE_WORKER)
    if worker is None:
        worker = TurnWorker(bridge, conversation, transcribe=default_transcribe(settings), speak_for=speak_for,
                            words_transcribe=default_transcribe(settings, fast=False))
        state.put(state.LIVE_WORKER, worker)
    else:
        worker.configure(conversation, transcribe=default_transcribe(settings), speak_for=speak_for,
                         words_transcribe=default_transcribe(settings, fast=False))
    if bridge.session_id not in (None, session_id):
        bridge.hang_up()  # another practice session: never carry a call over
    bridge.session_id = session_id
    if not worker.alive:
        from streamlit_webrtc.shutdown import SessionShutdownObserver

        old = state.get(state.LIVE_OBSERVER)
        if old is not None:
            old.stop()
        worker.start()
        # Tab closed or page left: hang up and end the worker thread (it restarts on return).
        state.put(state.LIVE_OBSERVER, SessionShutdownObserver(worker.stop))
    return bridge, worker


@st.fragment(run_every="300ms")
def _live_panel(bridge: VoiceBridge, convo: Conversation) -> None:
    """State, captions, transcript, End session and diagnostics, refreshed every 300 ms.

    End session lives here, not after the fragment: during a call only this fragment reruns, so
    a button outside it would appear only after some full rerun, long after the user spoke."""
    session_id = convo.session_id
    if state.get(state.LIVE_ENDING) == session_id:
        # Leave the page from a full run (`_call` finishes the session). Feedback was sometimes left blank
        # after the switch: a tick of this fragment, still in flight, ran after Feedback and the browser
        # cleared the app (ui/stale_ticks.py, installed by app.py, drops such ticks).
        st.rerun(scope="app")
    snap = bridge.snapshot()
    status = snap["state"]
    st.markdown(f'<div id="live-state" data-state="{status}" style="font-size:1.2rem">'
                f"<b>{BADGES[status]}</b></div>", unsafe_allow_html=True)
    if snap["user"]:
        said, interrupting = strip_interrupted(snap["user"])
        lead = "<i>(interrupting)</i> " if interrupting else ""
        st.markdown(f'<div id="live-user"><b>You:</b> {lead}{html.escape(said)}</div>', unsafe_allow_html=True)
    if snap["bot"]:
        cut = " <i>(cut off)</i>" if snap["bot_cut"] else ""
        st.markdown(f'<div id="live-bot"><b>Coach:</b> {html.escape(snap["bot"])}{cut}</div>',
                    unsafe_allow_html=True)
    for error in snap["errors"][-2:]:
        st.warning(error["message"], icon=":material/mic_off:")
    turns = state.store().turns(session_id)
    if any(t["role"] == "user" for t in turns):
        st.button(practice.END_LABEL, type="primary" if convo.is_complete(turns) else "secondary",
                  icon=":material/flag:", key="live_end_session", on_click=_end_clicked, args=(bridge, session_id))
    with st.expander(f"Transcript ({len(turns)} turns)", expanded=False):
        for turn in turns[-12:]:
            who = "You" if turn["role"] == "user" else "Coach"
            note = " *(cut off)*" if turn["meta"].get("partial") else ""
            st.markdown(f"**{who}:** {safe(turn['content'])}{note}")
            metrics = turn["meta"].get("metrics")
            if turn["role"] == "user" and isinstance(metrics, dict) and metrics.get("seconds"):
                st.caption(voice.metrics_line(metrics))  # the same delivery line as a recorded answer
    diagnostics.live_panel(snap)
