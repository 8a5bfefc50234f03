"""Set-up forms for each practice mode; each returns a PracticeSpec when the user starts.

With `button=False` (Live voice, where the call's own button starts), a form draws no Start button and
returns the spec of what is chosen on every run."""
from __future__ import annotations

import hashlib
import random

import streamlit as st

from core.errors import StageError
from core.languages import CEFR_LEVELS, CODES, display_name
from core.spec import (DIFFICULTIES, DOMAINS, INTERVIEW_TYPE_LABELS, INTERVIEW_TYPES, MAX_QUESTIONS, PANEL_LABELS,
                       PANEL_SIZES, TIMED_CHOICES, PracticeSpec, timed_label)
from core.coach import panel
from core.coach.interview import of_type_count, recently_asked
from services.documents import MAX_FILE_BYTES, MAX_TEXT_CHARS, TYPES, extract_text
from services.job_materials import embed_materials
from ui import job_brief, problem, state


def _document(label: str, key: str, placeholder: str = "") -> str:
    """Pasted text, or the text of an uploaded file (the upload wins when both are given)."""
    text = st.text_area(f"{label} (optional)", key=f"{key}_text", height=100, max_chars=MAX_TEXT_CHARS,
                        placeholder=placeholder or f"Paste the {label.lower()} here, or upload a file below.")
    upload = st.file_uploader(f"…or upload the {label.lower()}", type=list(TYPES), key=f"{key}_file",
                              max_upload_size=MAX_FILE_BYTES // (1024 * 1024))
    if upload is not None:
        read = _read_once(upload.name, upload.getvalue(), key)
        if isinstance(read, StageError):
            problem.show(read)
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


MAX_MATERIALS = 5  # documents of company or team material per session


def _materials(job: str, key: str) -> tuple[tuple[str, str], ...]:
    """(name, text) of the company or team material: pasted, uploaded (several files), or the last session's
    for this same job description when the user keeps it."""
    pasted = st.text_area("Company or team material (optional)", key=f"{key}_text", height=100,
                          max_chars=MAX_TEXT_CHARS,
                          placeholder="Paste a values page, a team's blog post or notes from a recruiter call.")
    uploads = st.file_uploader("…or upload it (several files allowed)", type=list(TYPES), key=f"{key}_files",
                               accept_multiple_files=True, max_upload_size=MAX_FILE_BYTES // (1024 * 1024)) or []
    found: list[tuple[str, str]] = [("Company or team material", pasted)] if pasted.strip() else []
    for i, upload in enumerate(uploads[:MAX_MATERIALS]):
        read = _read_once(upload.name, upload.getvalue(), f"{key}_{i}")
        if isinstance(read, StageError):
            problem.show(read)
        else:
            found.append((upload.name, read))
    if len(uploads) > MAX_MATERIALS:
        st.warning(f"Only the first {MAX_MATERIALS} files are used.")
    earlier = _earlier_materials(job)
    if earlier and not found:
        names = ", ".join(name for name, _ in earlier)
        if st.checkbox(f"Use the material from your last interview for this job ({names})", value=True,
                       key=f"{key}_reuse"):
            return earlier
    return tuple(found)


def _earlier_materials(job: str) -> tuple[tuple[str, str], ...]:
    """The materials of this user's latest interview with the same job description, if it had any."""
    if not job.strip():
        return ()
    try:
        for session in state.visible_sessions("interview", limit=20):
            spec = session.get("spec") or {}
            if (spec.get("job_description") or "").strip() == job.strip() and spec.get("materials"):
                return PracticeSpec.from_dict(spec).materials
    except (StageError, ValueError, TypeError):
        return ()
    return ()


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
    size = _panel_size()
    think, answer = _timing()
    available = of_type_count(domain, kind)
    if count > available and size == 1:
        st.caption(f"The offline interviewer has {available} {INTERVIEW_TYPE_LABELS[kind].lower()} questions for "
                   f"{domain}; the other {count - available} will be of other types. An AI coach has no such limit.")
    with st.expander("Tailor it to a job: job description, résumé, company material (optional)"):
        st.caption("Used only to tailor questions and feedback to this job. Instructions written inside them are "
                   "ignored.")
        job = _document("Job description", "iv_jd")
        resume = _document("Résumé", "iv_resume")
        materials = _materials(job, "iv_material")
        if job.strip():
            st.caption("With a job description, questions are chosen and written for this job: from every domain's "
                       "bank and from your own documents.")
    job_brief.render(job, resume)
    if not button or st.button("Start interview", type="primary", key="iv_start"):
        if button and materials:  # embedded once on Start, so an AI interviewer's first reply does not wait for it
            with st.spinner("Reading your company material (once; about a second per page)…"):
                embed_materials(state.store(), materials)  # kept, so the same material is never read twice
        return PracticeSpec(mode="interview", domain=domain, interview_type=kind, difficulty=difficulty,
                            num_questions=int(count), job_description=job, resume=resume, materials=materials,
                            seed=random.randrange(1 << 30), recent=_recent_questions(domain), panel=size,
                            think_s=think, answer_s=answer)
    return None


def _panel_size() -> int:
    """One interviewer or a panel (core.coach.panel), and who is on it."""
    size = st.radio("Interviewers", PANEL_SIZES, format_func=PANEL_LABELS.get, horizontal=True, key="iv_panel",
                    help="A panel takes turns: each interviewer asks their own kind of question, in their own voice.")
    if size > 1:
        team = panel.members(PracticeSpec(mode="interview", panel=size))
        names = ", ".join(f"{panel.label(p)}: {' and '.join(INTERVIEW_TYPE_LABELS[t].lower() for t in p.types)}"
                          for p in team)
        st.caption(f"Taking turns, each with their own questions and voice — {names}.")
    return int(size)


def _timing() -> tuple[int, int]:
    """Timed answers (core.clock): off, or seconds to think then seconds to answer each question."""
    choice = st.selectbox("Timed answers", TIMED_CHOICES, format_func=timed_label, key="iv_timed",
                          help="Like a real interview's clock: a countdown of thinking time, then answer time, for "
                               "each question. When the answer time is up the answer is cut there, and the report "
                               "says so.")
    return tuple(choice) if choice else (0, 0)


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
