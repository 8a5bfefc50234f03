"""Markdown and PDF exports: the report's content, a PDF that really renders, any script without crashing."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

from config import Settings
from core.spec import PracticeSpec
from services import export
from services.export import report_markdown, report_pdf
from services.report import generate_report
from services.storage import Store
from tests.report_helpers import CAP_Q, interview_llm_report, interview_session, language_session

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils (pdftoppm, pdftotext)")


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "export.db")


def llm_interview(store: Store) -> tuple[dict, list[dict], dict]:
    sid = interview_session(store)
    report = {**interview_llm_report(), "source": "llm", "model": "OpenAI · gpt-4o-mini", "note": None,
              "speech": {"answers": 1, "minutes": 0.23, "wpm": 131.0, "wpm_band": [140, 160], "filler_total": 4,
                         "fillers_per_minute": 17.1, "long_pauses": 2, "per_answer": []}}
    return store.get_session(sid), store.turns(sid), report


def first_page_png(pdf: bytes, tmp_path) -> Image.Image:
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(tmp_path / "page")], check=True, timeout=60)
    return Image.open(tmp_path / "page.png").convert("L")


def pdf_text(pdf: bytes, tmp_path) -> str:
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")


def test_markdown_has_the_whole_report_then_the_transcript(store):
    session, turns, report = llm_interview(store)
    md = report_markdown(session, turns, report)
    assert md.startswith("# Behavioral interview · Computer Science & Technology · medium\n")
    assert "Overall: 7/10" in md and "Source: AI coach report" in md and "Technical details: Written by OpenAI · gpt-4o-mini" in md
    assert "| Structure (STAR) | 8/10 |" in md and "| Confidence | 5/10 | Hedges: I think, maybe. |" in md
    assert "> “p99 latency dropped from 4 seconds to 300 milliseconds”" in md
    assert "*Try:* Cassandra favours availability" in md
    assert "1. Practise the CAP answer with one concrete trade-off." in md
    assert "Used: root cause, quorum" in md and "Missed: PACELC" in md
    assert "## A stronger answer" in md and f"Question: {CAP_Q}" in md
    assert "Pace: 131 words per minute, below the comfortable 140–160 wpm band." in md
    assert "Long pauses (a second or more): 2." in md
    transcript = md.split("## Transcript", 1)[1]
    assert "**Coach:** Hi, I'm Alex." in transcript and "**You (spoken):** Um, so, basically" in transcript
    assert md.index("## Strengths") < md.index("## Transcript")


def test_markdown_of_a_language_test_has_the_level_and_corrections(store):
    sid = language_session(store)
    session = store.get_session(sid)
    report = generate_report(session, store.turns(sid), Settings(parley_llm="offline"))
    report["corrections"] = [{"said": "Yo fui a México", "fix": "Fuimos a México", "note": "we went"}]
    md = report_markdown(session, store.turns(sid), report)
    assert f"Estimated CEFR level: {report['cefr']['level']} (an estimate)" in md and report["cefr"]["level"]
    assert "| Yo fui a México | Fuimos a México | we went |" in md
    assert "| Pronunciation (estimate) |" in md
    assert "Pace: 110 words per minute." in md and "wpm band" not in md  # no interview band for a learner


def test_markdown_keeps_user_text_inert(store):
    sid = store.create_session(PracticeSpec(mode="chat"))
    store.add_turn(sid, "user", "# not a heading, it cost $5 and $10 | *really*")
    md = report_markdown(store.get_session(sid), store.turns(sid), None)
    assert "No coaching report has been generated" in md
    assert r"\# not a heading, it cost \$5 and \$10 \| \*really\*" in md


@needs_poppler
def test_pdf_renders_a_first_page_that_is_not_blank(store, tmp_path):
    session, turns, report = llm_interview(store)
    pdf = report_pdf(session, turns, report)
    assert pdf.startswith(b"%PDF-")
    page = first_page_png(pdf, tmp_path)
    dark = sum(page.histogram()[:128])
    assert dark > 0.01 * page.width * page.height, "the first page is (nearly) blank"
    text = pdf_text(pdf, tmp_path)
    assert "Overall: 7/10" in text and "p99 latency dropped" in text and "Transcript" in text


@needs_poppler
@pytest.mark.parametrize("fonts", ["system", "none"])
def test_pdf_of_a_multilingual_transcript_degrades_instead_of_crashing(store, tmp_path, monkeypatch, fonts):
    if fonts == "none":  # a machine without any TTF: the core font, Latin-1 only
        monkeypatch.setattr(export, "_font_files", lambda: (None, None, ()))
    lines = {"es": "¿Qué tal? Fuimos a la playa y comimos paella.", "ru": "Привет! Я люблю читать книги.",
             "ar": "مرحبا، أنا أحب القراءة.", "zh": "你好，我喜欢看书。", "hi": "नमस्ते, मुझे किताबें पढ़ना पसंद है।"}
    sid = store.create_session(PracticeSpec(mode="chat"))
    for text in lines.values():
        store.add_turn(sid, "assistant", "Tell me more 🎙️")
        store.add_turn(sid, "user", text, {"input": "text"})
    session, turns = store.get_session(sid), store.turns(sid)
    report = generate_report(session, turns, Settings(parley_llm="offline"))
    pdf = report_pdf(session, turns, report)
    assert pdf.startswith(b"%PDF-")
    assert sum(first_page_png(pdf, tmp_path).histogram()[:128]) > 0
    text = pdf_text(pdf, tmp_path)
    assert "could not be drawn" in text  # the PDF says what it had to leave out
    if fonts == "system" and export._font_files()[0]:
        assert "Привет" in text and "¿Qué tal?" in text  # DejaVu covers Cyrillic and Spanish
    md = report_markdown(session, turns, report)
    assert all(line in md for line in lines.values())  # Markdown keeps every character


def _between(text: str, start: str, end: str | None = None) -> str:
    after = text.split(start, 1)[1]
    return after.split(end, 1)[0] if end else after


@needs_poppler
def test_both_exports_keep_the_jobs_terms_apart_from_the_questions_vocabulary(store, tmp_path):
    """Issue 29: the exports listed the bank's CET1, LCR and HQLA under "Job terms" beside the pasted job
    description's own terms; the page already showed them apart."""
    from core.report.outline import JOB_HEADING, QUESTION_HEADING
    from tests.test_job_terms import JD

    sid = store.create_session(PracticeSpec(mode="interview", domain="Finance & Banking", num_questions=1,
                                            job_description=JD))
    store.add_turn(sid, "assistant", "Hi, I'm Alex. How would you explain CET1 to a new analyst?", {})
    store.add_turn(sid, "user", "Capital over risk-weighted assets; we also watch rate risk on the book.", {})
    store.end_session(sid)
    job_terms, bank_terms = ["interest rate risk", "liquidity risk"], ["CET1", "LCR", "HQLA"]
    report = {**interview_llm_report(), "source": "llm", "note": None,
              "job_terms": {"used": ["interest rate risk", "CET1"], "missed": ["liquidity risk", "LCR", "HQLA"]}}
    session, turns = store.get_session(sid), store.turns(sid)

    md = report_markdown(session, turns, report)
    assert "## Job terms" not in md
    job = _between(md, f"## {JOB_HEADING}", "\n## ")
    vocabulary = _between(md, f"## {QUESTION_HEADING}", "\n## ")
    assert "Used: interest rate risk\n" in job and "Missed: liquidity risk\n" in job
    assert "Used: CET1\n" in vocabulary and "Missed: LCR, HQLA\n" in vocabulary

    text = pdf_text(report_pdf(session, turns, report), tmp_path)
    job = _between(text, JOB_HEADING, QUESTION_HEADING)
    vocabulary = _between(text, QUESTION_HEADING, "Transcript")
    assert all(t in job for t in job_terms) and not any(t in job for t in bank_terms), job
    assert all(t in vocabulary for t in bank_terms) and not any(t in vocabulary for t in job_terms), vocabulary
