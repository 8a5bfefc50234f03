"""Voice turns on the practice pages: record or upload an answer, review its transcript, send.

Uses Streamlit's native `st.audio_input` (16 kHz WAV, works on phones, no extra component) and a
file uploader for recordings made elsewhere. The transcript appears in an editable box: the user
sends it, edits it, or records again. A recording is never transcribed twice once it succeeded
(it is hashed, and marked seen only after success); a transcription that failed for a reason
worth retrying (network, provider error) keeps its message and a **Transcribe again** button.
A spoken answer is limited by its duration (MAX_AUDIO_SECONDS), not by the typed-text limit.
In a timed interview a recording is cut to the answer time left before it is transcribed (services.clock),
and once the time is up no new recording is taken (a transcript already under review can still be sent).
"""
from __future__ import annotations

import hashlib

import streamlit as st

from core.audio_format import SPEECH_RATE
from core.errors import StageError
from services import clock as answer_clock
from services import recordings
from services.conversation import Conversation
from ui import models, problem, state

UPLOAD_TYPES = ["wav", "webm", "ogg", "oga", "opus", "mp3", "m4a", "mp4", "aac", "flac"]


def _keys(session_id: str) -> dict[str, str]:
    """This practice session's voice keys (declared in ui.state); the widgets' keys change each round."""
    round_no = state.get(state.VOICE_ROUND.format(session=session_id), 0)
    return {
        "round": state.VOICE_ROUND.format(session=session_id),
        "recorder": state.VOICE_RECORDER.format(session=session_id, round=round_no),
        "upload": state.VOICE_UPLOAD.format(session=session_id, round=round_no),
        "draft": state.VOICE_DRAFT.format(session=session_id),
        "meta": state.VOICE_META.format(session=session_id),
        "seen": state.VOICE_SEEN.format(session=session_id),
        "failed": state.VOICE_FAILED.format(session=session_id),
        "retry": state.VOICE_RETRY.format(session=session_id),
        "box": state.VOICE_BOX.format(session=session_id, round=round_no),
        "pending": state.VOICE_PENDING.format(session=session_id),
    }


def _reset(session_id: str) -> None:
    """Clear the draft and give the recorder a fresh key (an empty recorder)."""
    keys = _keys(session_id)
    state.pop(keys["draft"])
    state.pop(keys["meta"])
    state.put(keys["round"], state.get(keys["round"], 0) + 1)


def _worth_retrying(exc: StageError) -> bool:
    """A provider or network failure may pass; silence, a damaged or too long file will not."""
    return exc.stage == "stt" and exc.retryable and exc.code != "no_speech"


def _retry_clicked(session_id: str) -> None:
    state.put(_keys(session_id)["retry"], True)


def _offer_retry(convo: Conversation, failure: dict, keys: dict) -> None:
    problem.show(failure, "warning", ":material/mic_off:")
    st.button("Transcribe again", key=f"stt_retry:{keys['recorder']}", on_click=_retry_clicked,
              args=(convo.session_id,), help="Send the same recording to the recognizer once more.")


def _transcribe(convo: Conversation, data: bytes, keys: dict, upload_id: str = "") -> None:
    arrived = answer_clock.now()  # a timed interview: the recording ended about now (server time)
    digest = hashlib.sha256(data).hexdigest()
    # One recording is its upload plus its bytes: the widget hands the same upload back on every rerun
    # (never transcribed twice), while a new recording that happens to hold the same bytes (a fixed-length
    # take of the same sound) is new. Keyed by bytes alone, such a take was silently ignored.
    this = f"{upload_id}:{digest}"
    seen = state.setdefault(keys["seen"], set())
    if this in seen:
        return  # this recording was already transcribed: never twice
    failed = state.setdefault(keys["failed"], {})
    if this in failed and not state.pop(keys["retry"], False):
        _offer_retry(convo, failed[this], keys)  # failed before: only again when asked
        return
    from services import stt
    from services.speech_metrics import answer_metrics

    settings = state.settings()
    recordings.keep(settings, convo.session_id, digest, data)  # only when the user opted in
    language = convo.spec.speech_language
    if settings.stt_provider == "local":
        models.local_whisper(language)
    try:
        with st.spinner("Transcribing your answer…"):
            audio, cut = _timed_clip(convo, data, settings, arrived)
            result = stt.transcribe_detailed(audio, language=language, prompt=convo.stt_prompt(), settings=settings)
            metrics = answer_metrics(result.text, result.samples, language) if result.samples is not None else {}
    except StageError as exc:
        state.put(keys["draft"], None)
        if _worth_retrying(exc):
            failed[this] = exc.to_dict()
            _offer_retry(convo, failed[this], keys)
            return
        seen.add(this)  # retrying the same file would fail the same way
        problem.show(exc, "warning", ":material/mic_off:")
        return
    seen.add(this)  # marked only now: a failure above leaves the recording retryable
    failed.pop(this, None)
    state.put(keys["draft"], result.text)
    state.put(keys["meta"], {"input": "voice", "stt": result.provider, "metrics": metrics,
                             "seconds": round(result.seconds, 2), "avg_logprob": result.avg_logprob,
                             "words": spoken_words(result), **(cut or {})})


def _timed_clip(convo: Conversation, data: bytes, settings, arrived: float):
    """(audio, cut meta): in a timed interview with a question open, the recording decoded and cut to the
    speech that counts (services.clock.trim_recording); otherwise the file as it came, and None."""
    turns = convo.transcript() if convo.spec.timed else []
    if answer_clock.phase(convo.spec, turns, arrived) is None:
        return data, None
    from services import audio

    samples = audio.decode(data, max_bytes=settings.max_audio_bytes, max_seconds=settings.max_audio_seconds)
    return answer_clock.trim_recording(convo.spec, turns, samples, at=arrived)


MAX_SAVED_WORDS = 1_000


def spoken_words(result) -> list[list]:
    """[[word, recognizer confidence], …] of a transcription, saved with the answer for the report's
    intelligibility estimate (core.intelligibility)."""
    words = [[w.word, w.probability] for segment in result.segments for w in segment.words]
    return words[:MAX_SAVED_WORDS]


def _send(session_id: str) -> None:
    """Button callback: take the reviewed text as the answer, then clear the recorder and draft."""
    keys = _keys(session_id)
    draft = state.get(keys["draft"]) or ""
    text = (state.get(keys["box"]) or draft).strip()
    meta = {**(state.get(keys["meta"]) or {"input": "voice"}), "edited": text != draft.strip()}
    if text:
        state.put(keys["pending"], (text, meta))
    _reset(session_id)


def voice_answer(convo: Conversation, locked: bool = False) -> tuple[str, dict] | None:
    """Render the recorder and the review box; return (text, meta) once the user has sent it.
    `locked`: a timed question's time is up, so no new recording is taken."""
    keys = _keys(convo.session_id)
    sent = state.pop(keys["pending"])
    with st.expander("Answer by voice", icon=":material/mic:", expanded=True):
        st.caption(models.voice_caveat(convo.spec))
        if locked:
            st.caption(":material/timer_off: Time is up for this question: no new recording is taken.")
        else:
            recording = st.audio_input("Record your answer", key=keys["recorder"], sample_rate=SPEECH_RATE)
            upload = st.file_uploader("…or upload a recording", type=UPLOAD_TYPES, key=keys["upload"])
            clip = recording or upload
            if clip is not None:
                _transcribe(convo, clip.getvalue(), keys, upload_id=getattr(clip, "file_id", ""))
        draft = state.get(keys["draft"])
        if draft is not None:
            st.text_area("Your answer (check it, edit it, then send)", value=draft, key=keys["box"])
            meta = state.get(keys["meta"]) or {}
            metrics = meta.get("metrics") or {}
            if metrics.get("seconds"):
                st.caption(metrics_line(metrics))
            if meta.get("cut"):
                st.caption(f":material/content_cut: Cut at the time limit: {meta.get('recorded_s', 0):g} s "
                           f"recorded, the first {meta.get('kept_s', 0):g} s kept.")
            send, again = st.columns(2)
            send.button("Send answer", type="primary", key=f"send:{keys['box']}", on_click=_send,
                        args=(convo.session_id,))
            again.button("Record again", key=f"again:{keys['box']}", on_click=_reset, args=(convo.session_id,))
    return sent


def metrics_line(m: dict) -> str:
    """A spoken answer's delivery in one line, e.g. "4.2 s · 150 words/min · 2 filler words · 1 long pause"."""
    fillers = m.get("filler_total", 0)
    wpm = m.get("wpm")
    pace = f"{wpm:.0f} words/min · " if wpm else ""
    return (f"{m['seconds']:.1f} s · {pace}{fillers} filler word{'s' if fillers != 1 else ''} · "
            f"{m.get('long_pauses', 0)} long pause{'s' if m.get('long_pauses', 0) != 1 else ''}")
