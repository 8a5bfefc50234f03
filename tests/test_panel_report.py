"""A panel interview's report says who asked what: report turns carry `asked_by`, the outline (and so the
Markdown and PDF exports) has a "Who asked what" table and each interviewer's name on their lines, and the
report page shows the table and the asker of each answer."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from streamlit.testing.v1 import AppTest

from config import Settings
from core.report.outline import outline
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.export import report_markdown, report_pdf
from services.report import generate_report, session_turns
from services.storage import Store

pytestmark = pytest.mark.slow

from tests.answers import answer_to_last_question  # noqa: E402

SETTINGS = Settings(parley_llm="offline")


def _session(tmp_path, size: int) -> tuple[dict, list[dict]]:
    store = Store(tmp_path / "panel.db")
    spec = PracticeSpec(mode="interview", domain="Computer Science & Technology", interview_type="technical",
                        num_questions=3, seed=4, panel=size)
    sid = store.create_session(spec)
    convo = Conversation(store, sid, SETTINGS)
    convo.run_later = lambda job: None
    "".join(convo.reply())
    for answer in (None, "skip", None):
        convo.add_user(answer or answer_to_last_question(store.turns(sid)))
        "".join(convo.reply())
    return store.get_session(sid), store.turns(sid)


def test_report_turns_carry_who_asked_each_question(tmp_path):
    session, turns = _session(tmp_path, 3)
    assert [t["asked_by"] for t in session_turns(turns, "interview")] == ["hiring_manager", "technical_lead", "hr"]
    (tmp_path / "one").mkdir()
    _, single = _session(tmp_path / "one", 1)
    assert all("asked_by" not in t for t in session_turns(single, "interview"))


def test_the_outline_and_both_exports_say_who_asked_what(tmp_path):
    session, turns = _session(tmp_path, 3)
    report = generate_report(session, turns, SETTINGS)
    doc = outline(session, turns, report)
    who = next(s for s in doc["sections"] if s["heading"] == "Who asked what")
    (_, headers, rows), = who["blocks"]
    assert headers == ["#", "Question", "Asked by", "Score"]
    assert [r[2] for r in rows] == ["Alex (hiring manager)", "Priya (technical lead)", "Sam (HR partner)"]
    assert all(r[3].endswith("/10") for r in rows)
    transcript = next(s for s in doc["sections"] if s["heading"] == "Transcript")["blocks"]
    assert [b[1] for b in transcript if b[1] != "You"] == [
        "Alex (hiring manager)", "Alex (hiring manager), then Priya (technical lead)",
        "Priya (technical lead), then Sam (HR partner)", "Sam (HR partner)"]
    md = report_markdown(session, turns, report, [])
    assert "## Who asked what" in md and "| 2 | " in md and "**Priya (technical lead), then Sam (HR partner):**" in md
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(report_pdf(session, turns, report, []))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Who asked what" in text and "Sam (HR partner)" in text


def test_a_single_interviewers_outline_is_as_before(tmp_path):
    session, turns = _session(tmp_path, 1)
    doc = outline(session, turns, None)
    assert "Who asked what" not in [s["heading"] for s in doc["sections"]]
    assert {b[1] for b in doc["sections"][-1]["blocks"]} == {"You", "Coach"}


def _report_page(report: dict, spec: dict, turns: list[dict] | None) -> AppTest:
    def page(report, spec, turns):
        from ui import report_view

        report_view.render(report, spec, turns)

    at = AppTest.from_function(page, args=(report, spec, turns), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_report_page_shows_who_asked_what(tmp_path):
    session, turns = _session(tmp_path, 2)
    report = generate_report(session, turns, SETTINGS)
    at = _report_page(report, session["spec"], turns)
    text = "\n".join(m.value for m in at.markdown)
    assert "#### Who asked what" in text and "Priya (technical lead)" in text
    assert any("Interviewed by a panel: Alex (hiring manager), Priya (technical lead)" in c.value for c in at.caption)
    answers = [{**a, "asked_by": by} for a, by in zip(report["answers"], ["hiring_manager", "technical_lead"])]
    at = _report_page({**report, "answers": answers}, session["spec"], None)
    assert any("asked by Priya (technical lead)" in m.value for m in at.markdown)
