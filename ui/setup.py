"""Set-up forms for each practice mode; each returns a PracticeSpec when the user starts.

With `button=False` (Live voice, where the call's own button starts), a form draws no Start button and
returns the spec of what is chosen on every run."""
from __future__ import annotations

import hashlib
import random

import streamlit as st

from core.errors import StageError
from core.languages import CEFR_LEVELS, CODES, display_name
from core.spec import DIFFICULTIES, DOMAINS, INTERVIEW_TYPE_LABELS, INTERVIEW_TYPES, MAX_QUESTIONS, PracticeSpec
from core.coach.interview import of_type_count, recently_asked
from services.documents import MAX_FILE_BYTES, TYPES, extract_text
from ui import state


def _document(label: str, key: str) -> str:
    """Pasted text, or the text of an uploaded file (the upload wins when both are given)."""
    text = st.text_area(f"{label} (optional)", key=f"{key}_text", height=100,
                        placeholder=f"Paste the {label.lower()} here, or upload a file below.")
    upload = st.file_uploader(f"…or upload the {label.lower()}", type=list(TYPES), key=f"{key}_file",
                              max_upload_size=MAX_FILE_BYTES // (1024 * 1024))
    if upload is not None:
        read = _read_once(upload.name, upload.getvalue(), key)
        if isinstance(read, StageError):
            st.error(read.message)
        else:
            return read
    return text or ""


def _read_once(name: str, data: bytes, key: str) -> str | StageError:
    """The upload's text (or why it was refused), extracted once per file, not on every rerun."""
    digest = hashlib.sha256(data).hexdigest()
    cached = state.get(state.EXTRACTED.format(document=key))
    if cached and cached[0] == digest:
        return cached[1]
    try:
        result: str | StageError = extract_text(name, data)
    except StageError as exc:
        result = exc
    state.put(state.EXTRACTED.format(document=key), (digest, result))
    return result


RECENT_SESSIONS = 3  # how far back "asked lately" reaches


def _recent_questions(domain: str) -> tuple[str, ...]:
    """Questions this user was asked in their last few interviews in `domain` (they go last this time)."""
    try:
        sessions = [s for s in state.visible_sessions("interview", limit=20)
                    if (s.get("spec") or {}).get("domain") == domain][:RECENT_SESSIONS]
        return recently_asked(domain, [state.store().turns(s["id"]) for s in sessions])
    except StageError:
        return ()


def interview_form(button: bool = True) -> PracticeSpec | None:
    st.subheader("Set up your mock interview")
    col1, col2 = st.columns(2)
    domain = col1.selectbox("Domain", DOMAINS, key="iv_domain")
    kind = col2.selectbox("Interview type", INTERVIEW_TYPES, format_func=INTERVIEW_TYPE_LABELS.get, key="iv_type")
    difficulty = col1.radio("Difficulty", DIFFICULTIES, index=1, horizontal=True, key="iv_difficulty",
                            format_func=str.capitalize)
    count = col2.slider("Number of questions", 1, MAX_QUESTIONS, 5, key="iv_count")
    available = of_type_count(domain, kind)
    if count > available:
        st.caption(f"The offline interviewer has {available} {INTERVIEW_TYPE_LABELS[kind].lower()} questions for "
                   f"{domain}; the other {count - available} will be of other types. An AI coach has no such limit.")
    with st.expander("Tailor it: job description and résumé (optional)"):
        st.caption("Used only to tailor questions. Instructions written inside them are ignored.")
        job = _document("Job description", "iv_jd")
        resume = _document("Résumé", "iv_resume")
    if not button or st.button("Start interview", type="primary", key="iv_start"):
        return PracticeSpec(mode="interview", domain=domain, interview_type=kind, difficulty=difficulty,
                            num_questions=int(count), job_description=job, resume=resume,
                            seed=random.randrange(1 << 30), recent=_recent_questions(domain))
    return None


def language_form(button: bool = True) -> PracticeSpec | None:
    st.subheader("Set up your speaking test")
    col1, col2 = st.columns(2)
    language = col1.selectbox("Language", CODES, format_func=display_name, index=CODES.index("es"), key="lt_lang")
    level = col2.select_slider("Your level (CEFR)", CEFR_LEVELS, value="B1", key="lt_level")
    if not button or st.button("Start test", type="primary", key="lt_start"):
        return PracticeSpec(mode="language", language=language, level=level, seed=random.randrange(1 << 30))
    return None


def chat_form(button: bool = True) -> PracticeSpec | None:
    if not button or st.button("Start a conversation", type="primary", key="chat_start"):
        return PracticeSpec(mode="chat", seed=random.randrange(1 << 30))
    return None
