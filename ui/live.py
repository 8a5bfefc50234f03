"""Live voice: a hands-free call with the coach over WebRTC, for any practice mode.

The page keeps one `VoiceBridge` and one `TurnWorker` per browser session in session state
(ui.state.LIVE_BRIDGE, LIVE_WORKER, with the session's interrupt flag LIVE_INTERRUPT), wires the bridge to streamlit-webrtc's sink and source
tracks, and polls the bridge's snapshot in a fragment for the state, captions and timings.
Sessions are saved in SQLite like the text pages, so Feedback shows them.
"""
from __future__ import annotations

import html
import threading

import streamlit as st

from core.coach import panel
from core.cues import strip_interrupted
from core.errors import StageError
from core.md import safe
from core.languages import get_language
from core.spec import MODE_LABELS, MODES
from core.unheard import cannot_hear
from services import clock as answer_clock
from services.conversation import Conversation
from services.llm.base import CancelFlag
from services.realtime import ice
from ui import webrtc_quirks
from services.realtime.bridge import HEARING, IDLE, LISTENING, SPEAKING, THINKING, VoiceBridge
from services.realtime.pipeline import TurnWorker, default_speak, default_transcribe
from core.audio_format import LIVE_FRAME_MS
from services.realtime.playout import OUT_RATE
from services.speaker import voiced_speak
from ui import diagnostics, practice, problem, setup, state, voice

PAGE_MODE = "live"  # the active-session slot of this page (ui.state.active_session)
FORMS = {"interview": setup.interview_form, "language": setup.language_form, "chat": setup.chat_form}
# Ask the browser to cancel the coach's own voice coming back through the speakers, and to even out
# noise and level, before the audio reaches turn detection (getUserMedia MediaTrackConstraints,
# passed through by streamlit-webrtc with the chosen device id merged in).
MEDIA_CONSTRAINTS = {"audio": {"echoCancellation": True, "noiseSuppression": True, "autoGainControl": True},
                     "video": False}
BADGES = {IDLE: "○ Not connected", LISTENING: "● Listening", HEARING: "● Hearing you",
          THINKING: "● Thinking", SPEAKING: "● Speaking"}  # plain glyphs: raw HTML has no icon font


START_LABELS = {"interview": "Start interview", "language": "Start test", "chat": "Start a conversation"}
# The call component's own words (streamlit-webrtc's translations), in the app's voice.
CALL_WORDS = {"stop": "Stop", "select_device": "Choose microphone", "select_microphone": "Microphone",
              "media_api_not_available": "This browser cannot use a microphone here.",
              "device_ask_permission": "Allow this page to use your microphone.",
              "device_not_available": "No microphone was found. Plug one in and try again.",
              "device_access_denied": "The microphone is blocked for this page. Allow it in the browser's "
                                      "address bar, then press Start again.",
              "mute_microphone": "Mute", "unmute_microphone": "Unmute"}
# An audio-only call: no video is asked for or sent, and a video element, should one appear, stays hidden.
VIDEO_ATTRS = {"hidden": True}
# The component draws a grey video placeholder above its buttons whenever it receives media, video or not, and
# writes its buttons in capitals ("MICROPHONE"); it has no option for either. It runs in a same-origin iframe
# that page CSS cannot reach, so this style goes into that frame's own document, with a resize report (the
# frame's height is set by what the component last measured, and it measures only when it draws).
CALL_FRAME_CSS = """
div:has(> .MuiPaper-root > [data-testid="VideoLabelIcon"]),
div:has(> .MuiPaper-root > .MuiCircularProgress-root) { display: none !important; }
.MuiButton-root { text-transform: none !important; }
"""
_CALL_FRAME_SCRIPT = """
<script>
(() => {
  if (window.parleyCallFrame) return;
  window.parleyCallFrame = true;
  const css = %s;
  const report = "new ResizeObserver(() => window.parent.postMessage({isStreamlitMessage: true, " +
    "type: 'streamlit:setFrameHeight', height: document.body.scrollHeight}, '*')).observe(document.body);";
  const dress = (frame) => {
    const doc = frame.contentDocument;
    if (!doc || !doc.head || !doc.body || doc.getElementById("parley-call")) return;
    const style = doc.createElement("style");
    style.id = "parley-call";
    style.textContent = css;
    doc.head.appendChild(style);
    const script = doc.createElement("script");
    script.textContent = report;
    doc.head.appendChild(script);
  };
  const look = () => document.querySelectorAll('iframe[src*="webrtc_streamer"]').forEach((frame) => {
    dress(frame);
    if (!frame.dataset.parleyCall) {
      frame.dataset.parleyCall = "1";
      frame.addEventListener("load", () => dress(frame));
    }
  });
  new MutationObserver(look).observe(document.body, {childList: true, subtree: true});
  look();
})();
</script>
"""
CONNECT_S = 12.0  # a call still connecting after this long has failed, as far as the user is concerned
PAUSES = (0.5, 1.0, 1.5, 2.0, 3.0)  # seconds of silence that end a turn (no end-of-turn model)
MODEL_PAUSES = (3.0, 4.0, 5.0, 6.0)  # the longest wait after an unfinished sentence (with the model)


def render() -> None:
    """One layout whether or not a call is on: the set-up (or the session's title) in one container, then
    the call, then the live panel, so the call's component keeps its place (and its connection) when
    pressing its Start makes the session."""
    session_id = state.active_session(PAGE_MODE)
    if session_id is not None and _leave_if_asked(session_id):
        return
    returning = not state.has(state.LIVE_EOT)  # widget state is dropped on other pages' runs (see quirks)
    calling = _calling() and not returning  # a call left on another page is stale: upstream resets it below
    if state.get(state.LIVE_HANG_UP) and not calling:
        state.pop(state.LIVE_HANG_UP)  # the call asked to stop (Back to set-up) has stopped
    # Set by the component's callback when a call begins; kept until a run makes its session (two quick value
    # updates can be applied in one run, the first of which may not see the call yet).
    if session_id is None and state.get(state.LIVE_STARTING) and calling and not state.get(state.LIVE_HANG_UP):
        session_id = _start_session()
    if session_id is not None:
        state.pop(state.LIVE_STARTING, None)
    settings = state.settings()
    top = st.container()
    with top:
        if session_id is None:
            spec = _set_up()
            convo = None
        else:
            try:
                convo = Conversation(state.store(), session_id, settings, limiter=state.rate_limiter())
            except StageError as exc:
                problem.show(exc)
                return
            spec = convo.spec
            st.caption(f"{MODE_LABELS[spec.mode]} · {spec.title()}")
        if spec is None:
            return
        _load_models(settings, spec.speech_language)
        _language_caveat(settings, spec.speech_language)
    bridge, worker = _bridge_and_worker(session_id, settings)
    with top:
        seconds = _pause_setting(bridge.uses_model, spec.mode)
    bridge.set_end_silence(round(seconds * 1000))
    _call(bridge, spec.mode, settings, returning)
    if session_id is not None:  # pressing the call's Start reruns the whole page, now with its session
        _live_panel(bridge, session_id, spec)


def _set_up():
    """The practice set-up with no Start button of its own: the call's button starts (one button)."""
    st.write("Talk with the coach hands-free: it listens, answers out loud, and you can interrupt it "
             "at any time, as on a phone call. Press the button under the set-up to start.")
    kept = state.get(state.SETUP_MODE)  # the practice page's choice carries over
    mode = st.radio("Practice", MODES, index=MODES.index(kept if kept in MODES else "interview"), horizontal=True,
                    format_func=MODE_LABELS.get, key="live_mode")
    state.restore_setup(PAGE_MODE)
    spec = FORMS[mode](button=False)
    state.keep_setup(PAGE_MODE, mode, chosen=True)
    state.put(state.LIVE_SPEC, spec)
    state.setdefault(state.LIVE_STARTED, {}).pop("session", None)  # no call's session while setting up
    return spec


def _call(bridge: VoiceBridge, mode: str, settings, returning: bool) -> None:
    from streamlit_webrtc import WebRtcMode, create_audio_sink_track, create_audio_source_track, webrtc_streamer

    try:
        rtc_configuration = ice.rtc_configuration(settings)
    except ValueError as exc:  # a malformed ICE server setting: start no call, the setting's fault under details
        problem.show(StageError("webrtc", "bad_ice_config", "Live voice is not set up correctly on this server, so "
                                "no call can start. Answer on the Mock interview, Language test or Chat page "
                                "instead.", details=str(exc)))
        return
    def on_frame(frame) -> None:  # audio before the call's session exists (or after leaving it) is not a turn
        if bridge.session_id is not None:
            bridge.on_frame(frame)

    sink = create_audio_sink_track(on_frame, key="live_in", on_ended=bridge.hang_up)
    source = create_audio_source_track(bridge.playout.frame, key="live_out", sample_rate=OUT_RATE, ptime=LIVE_FRAME_MS / 1000)

    def on_change() -> None:
        _call_changed(bridge)

    webrtc_quirks.keep_webrtc_context(state.LIVE_CALL, returning)
    st.html(call_frame_script(), unsafe_allow_javascript=True)
    webrtc_streamer(
        key=state.LIVE_CALL,
        mode=WebRtcMode.SENDRECV,
        rtc_configuration=rtc_configuration,
        media_stream_constraints=MEDIA_CONSTRAINTS,
        sink_audio_track=sink,
        source_audio_track=source,
        sendback_video=False,
        video_html_attrs=VIDEO_ATTRS,
        desired_playing_state=False if state.get(state.LIVE_HANG_UP) else None,
        translations={"start": START_LABELS[mode], **CALL_WORDS},
        on_change=on_change,
    )


def call_frame_script() -> str:
    """The script that puts CALL_FRAME_CSS into the call component's frame (each time the frame loads)."""
    import json

    return _CALL_FRAME_SCRIPT % json.dumps(CALL_FRAME_CSS)


def _calling() -> bool:
    """The call's component is connecting or connected (its state is set by its callback before the run)."""
    context = state.get(state.LIVE_CALL)
    return context is not None and (context.state.playing or context.state.signalling)


_START_LOCK = threading.Lock()


def _start_session() -> str | None:
    """Pressing the call's Start makes the session from the set-up shown. This full run comes before the
    browser's offer is answered (inside `webrtc_streamer`), so the session exists before any audio.

    With Streamlit's fast reruns, the next run may start before the interrupted one has stopped, and a
    run interrupted that way loses its session-state writes: both made a session (an empty one was left
    behind). So the session made is also kept in a mutable box made on the set-up's runs (a mutation is
    not lost), and it is made under a lock."""
    box = state.get(state.LIVE_STARTED)
    with _START_LOCK:
        existing = state.active_session(PAGE_MODE)
        if existing is None and box is not None and state.owned_session(box.get("session")) is not None:
            existing = box["session"]
        if existing is not None or not state.get(state.LIVE_STARTING):
            if existing is not None:
                state.set_active_session(PAGE_MODE, existing)
            return existing
        spec = state.get(state.LIVE_SPEC)
        if spec is None:
            return None
        try:
            session_id = state.create_session(spec)
        except StageError as exc:
            problem.show(exc)
            return None
        if box is not None:
            box["session"] = session_id
        state.set_active_session(PAGE_MODE, session_id)
        state.pop(state.LIVE_STARTING, None)
    return session_id


def _call_changed(bridge: VoiceBridge) -> None:
    """The call's component changed state (a callback, before the run): note when it began connecting
    (for the advice when it never does); hang up when it stopped."""
    import time

    context = state.get(state.LIVE_CALL)
    if context is None:
        return
    if context.state.playing or context.state.signalling:
        state.put(state.LIVE_DIALLED, None if context.state.playing else time.monotonic())
        # A call began (pressing Start). Only this makes a session: a stale "playing" state seen on a later run
        # (a call left, a value restored upstream) calls no callback and must not make another.
        state.put(state.LIVE_STARTING, True)
    else:
        state.pop(state.LIVE_STARTING, None)
        state.put(state.LIVE_DIALLED, None)
        bridge.hang_up()


def _answered(session_id: str) -> bool:
    return any(t["role"] == "user" for t in state.store().turns(session_id))


def _leave_if_asked(session_id: str) -> bool:
    """End session or Back to set-up was clicked (see their callbacks): leave from this full run. A session
    with no answer is deleted, never left "in progress" with nothing to report."""
    ending = state.pop(state.LIVE_ENDING, None) == session_id
    back = state.pop(state.LIVE_BACK, None) == session_id
    if not (ending or back):
        return False
    answered = _answered(session_id)
    state.put(state.LIVE_HANG_UP, True)  # until the call has stopped, it makes no new session
    state.pop(state.LIVE_STARTING, None)
    (state.get(state.LIVE_STARTED) or {}).pop("session", None)
    if ending and answered:
        convo = Conversation(state.store(), session_id, state.settings(), limiter=state.rate_limiter())
        practice.finish(PAGE_MODE, convo)
        return True
    state.set_active_session(PAGE_MODE, None)
    if not answered:
        state.delete_session(session_id)
    if ending:
        state.put(state.FEEDBACK_NOTICE, "Nothing was said in that call, so there is no report, and it was not kept.")
        st.switch_page("pages/feedback.py")
    st.rerun()
    return True


def _end_clicked(bridge: VoiceBridge, session_id: str) -> None:
    """End session's callback: hang up at once and mark the session as ending.

    A callback runs when Streamlit applies the click, before any script code, so the click
    counts even if the run carrying it is cut short (streamlit-webrtc calls rerun() from
    inside `webrtc_streamer` when the call's state changes). The next full run (`_live_panel`
    asks for one) ends the session in `render` and switches to Feedback."""
    bridge.hang_up()
    state.put(state.LIVE_ENDING, session_id)


def _back_clicked(bridge: VoiceBridge, session_id: str) -> None:
    """Back to set-up: hang up, leave the session (kept if it has an answer, so it can be resumed)."""
    bridge.hang_up()
    state.put(state.LIVE_BACK, session_id)


def _pause_setting(uses_model: bool, mode: str) -> float:
    """How long the user may pause before the coach answers, in whole words and seconds."""
    if uses_model:
        options = MODEL_PAUSES[1:] if mode == "language" else MODEL_PAUSES  # learners pause more in a test
        label = "How long you can pause mid-sentence before the coach answers"
        help_text = ("The coach answers soon after you finish a sentence. If you stop mid-sentence it waits, up "
                     "to this long, so you can think.")
    else:
        options = PAUSES
        label = "How long you can pause before the coach answers"
        help_text = "Shorter feels snappier; longer lets you stop and think without being cut off."
    kept = state.get(state.LIVE_EOT_SECONDS, options[len(options) // 2 if not uses_model else 0])
    value = min(options, key=lambda o: abs(o - kept))
    seconds = st.select_slider(label, options, value=value, key=state.LIVE_EOT, help=help_text,
                               format_func=_pause_words)
    state.put(state.LIVE_EOT_SECONDS, seconds)
    return seconds


def _pause_words(seconds: float) -> str:
    return f"{seconds:g} second" + ("" if seconds == 1 else "s")


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
        st.warning(f"Working offline, Parley understands spoken English only, so your {get_language(language).name} "
                   "answers can't be understood in a live call. With your own API key (in the sidebar) it can. The "
                   "coach still speaks; you can also answer by text on the Language test page.",
                   icon=":material/translate:")


def _bridge_and_worker(session_id: str | None, settings) -> tuple[VoiceBridge, TurnWorker]:
    """This browser session's bridge and turn worker (made once; rebound to the session each run)."""
    interrupt = state.setdefault(state.LIVE_INTERRUPT, CancelFlag())  # shared with the audio thread via the bridge
    bridge = state.get(state.LIVE_BRIDGE)
    if bridge is None:
        bridge = VoiceBridge(interrupt)
        state.put(state.LIVE_BRIDGE, bridge)
    store = state.store()
    limiter = state.rate_limiter()  # live turns are paid from this visitor's budget too

    def conversation() -> Conversation:  # the session the call's start made, if it was made after this run
        return Conversation(store, bridge.session_id or session_id, settings, limiter=limiter)

    def speak_for(convo: Conversation, tone: str):
        if panel.is_panel(convo.spec):  # each interviewer in their own voice, switching at the handover
            voices = panel.Voices(convo.spec, convo.transcript())
            return voiced_speak(voices.voice, convo.spec.speech_language, convo.spec.mode, tone, settings)
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
def _live_panel(bridge: VoiceBridge, session_id: str, spec=None) -> None:
    """State, input level, captions, a timed interview's countdown, transcript, End session and Back,
    refreshed every 300 ms.

    End session lives here, not after the fragment: during a call only this fragment reruns, so
    a button outside it would appear only after some full rerun, long after the user spoke."""
    import time

    if state.get(state.LIVE_ENDING) == session_id or state.get(state.LIVE_BACK) == session_id:
        # Leave the page from a full run (`render` ends the session). Feedback was sometimes left blank
        # after the switch: a tick of this fragment, still in flight, ran after Feedback and the browser
        # cleared the app (ui/stale_ticks.py, installed by app.py, drops such ticks).
        st.rerun(scope="app")
    snap = bridge.snapshot()
    status = snap["state"]
    st.markdown(f'<div id="live-state" data-state="{status}" style="font-size:1.2rem">'
                f"<b>{BADGES[status]}</b></div>", unsafe_allow_html=True)
    if status != IDLE:
        level = snap["level"]
        st.markdown(f'<div id="live-level" data-level="{level:.3f}" title="Microphone level" '
                    'style="display:flex;align-items:center;gap:.5rem;font-size:.85rem">Microphone'
                    '<div style="flex:1;max-width:16rem;height:.6rem;background:#e6e6e6;border-radius:.3rem">'
                    f'<div style="width:{level * 100:.0f}%;height:100%;background:#2e9d5b;border-radius:.3rem">'
                    "</div></div></div>", unsafe_allow_html=True)
    if cannot_hear(snap["unheard_ms"]):
        st.warning("I can't hear you — check the microphone: is it plugged in, unmuted and the one chosen "
                   "under the call's button?", icon=":material/mic_off:")
    dialled = state.get(state.LIVE_DIALLED)
    if dialled is not None and time.monotonic() - dialled > CONNECT_S:
        _connection_advice()
    if snap["user"]:
        said, interrupting = strip_interrupted(snap["user"])
        lead = "<i>(interrupting)</i> " if interrupting else ""
        st.markdown(f'<div id="live-user"><b>You:</b> {lead}{html.escape(said)}</div>', unsafe_allow_html=True)
    if snap["bot"]:
        cut = " <i>(cut off)</i>" if snap["bot_cut"] else ""
        st.markdown(f'<div id="live-bot"><b>Coach:</b> {html.escape(snap["bot"])}{cut}</div>',
                    unsafe_allow_html=True)
    for error in snap["errors"][-2:]:
        problem.show(error, "warning", ":material/mic_off:")
    turns = state.store().turns(session_id)
    found = answer_clock.phase(spec, turns) if spec is not None else None
    if found is not None:  # the bridge enforces it (services.realtime.pipeline sets its limit)
        st.markdown(f'<div id="live-clock" data-phase="{found.name}">{practice.clock_line(found, spec.answer_s)}'
                    "</div>", unsafe_allow_html=True)
    answered = any(t["role"] == "user" for t in turns)
    col1, col2 = st.columns(2)
    col1.button(practice.END_LABEL, type="primary" if answered else "secondary", icon=":material/flag:",
                key="live_end_session", on_click=_end_clicked, args=(bridge, session_id),
                help=None if answered else "Nothing is said yet: ending now keeps nothing.")
    col2.button("Back to set-up", icon=":material/arrow_back:", key="live_back", on_click=_back_clicked,
                args=(bridge, session_id),
                help="Hang up and choose again." + (" This session is kept: resume it from Feedback." if answered
                                                     else ""))
    with st.expander(f"Transcript ({len(turns)} turns)", expanded=False):
        for turn in turns[-12:]:
            by = panel.asked_by(turn) if turn["role"] == "assistant" else None  # a panel: who asked
            who = "You" if turn["role"] == "user" else panel.label(by) if by else "Coach"
            note = " *(cut off)*" if turn["meta"].get("partial") else ""
            note += " *(cut at the time limit)*" if turn["role"] == "user" and turn["meta"].get("cut") else ""
            st.markdown(f"**{who}:** {safe(turn['content'])}{note}")
            metrics = turn["meta"].get("metrics")
            if turn["role"] == "user" and isinstance(metrics, dict) and metrics.get("seconds"):
                st.caption(voice.metrics_line(metrics))  # the same delivery line as a recorded answer
    diagnostics.live_panel(snap)


def _connection_advice() -> None:
    """Said only when a call fails to connect: what the user can do, then the details for whoever runs the app."""
    st.warning("The call is not connecting. Check that this page may use your microphone, then press Stop and "
               "try again. Some office, school or hotel networks block calls: another network, or answering "
               "on the Mock interview, Language test or Chat page, works instead.", icon=":material/wifi_off:")
    with st.expander("Details for whoever runs Parley"):
        st.markdown("The browser and the server could not open a direct audio connection. Behind strict "
                    "firewalls (and on Streamlit Community Cloud) a relay (TURN) server is needed: set "
                    "`PARLEY_ICE_SERVERS` to its address and credentials.")
