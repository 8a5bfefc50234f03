"""A tailored interview keeps its job in view: folded above the transcript while it runs, and in short in the report
and both exports (the posting's title line, how many requirements it states, the first few)."""
from __future__ import annotations

import pytest

from tests.job_documents import JOB, RESUME

TITLED = "Senior Data Analyst – Collections\n" + JOB
SPEC = {"mode": "interview", "job_description": TITLED, "resume": RESUME}


def test_the_jobs_summary_is_its_title_line_and_first_requirements():
    from core.report.outline import job_summary

    job = job_summary(SPEC)
    assert job["title"] == "Senior Data Analyst – Collections" and job["count"] == 6
    assert job["lead"] == "It states 6 requirements; the first 3:"
    assert job["first"][0] == "Analyse large transaction datasets with SQL to find what drives missed loan payments"
    assert job_summary({**SPEC, "job_description": JOB})["title"] == ""  # "About us" names a section, not the post
    assert job_summary({"mode": "interview", "job_description": ""}) is None
    assert job_summary({"mode": "chat"}) is None


def test_the_markdown_export_names_the_job_after_the_reports_summary():
    from services.export import report_markdown

    session = {"id": "s1", "mode": "interview", "title": "Interview", "spec": SPEC, "created_at": 0}
    report = {"mode": "interview", "overall": 6, "source": "offline", "summary": "Two answers.", "strengths": [],
              "improvements": []}
    for md in (report_markdown(session, [], report), report_markdown(session, [], None)):
        section = md.split("## The job you practised for\n", 1)[1].split("\n## ", 1)[0]
        assert "Senior Data Analyst – Collections" in section and "It states 6 requirements; the first 3:" in section
        assert "- Build and maintain Tableau dashboards for the collections team" in section
    with_report = report_markdown(session, [], report)
    assert with_report.index("## Summary") < with_report.index("## The job you practised for") < \
        with_report.index("## Strengths")


def test_the_report_page_names_the_job():
    from streamlit.testing.v1 import AppTest

    def page():
        from tests.test_ui_plain_job import SPEC
        from ui import report_view

        report_view.render({"mode": "interview", "overall": 6, "source": "offline", "summary": "Two answers."}, SPEC)

    at = AppTest.from_function(page).run()
    assert not at.exception, at.exception
    [shown] = [m.value for m in at.markdown if "The job you practised for" in m.value]
    assert "Senior Data Analyst – Collections" in shown and "It states 6 requirements" in shown
    assert "- Analyse large transaction datasets with SQL" in shown


@pytest.mark.slow
def test_the_brief_stays_folded_above_the_transcript_once_the_interview_starts():
    """The brief disappeared with the set-up form when the interview started."""
    from tests.apptest_helpers import button, new_app

    at = new_app()
    at.text_area(key="iv_jd_text").input(TITLED)
    at.text_area(key="iv_resume_text").input(RESUME).run()
    button(at, "Start interview").click().run()
    assert not at.exception, at.exception
    [brief] = [e for e in at.main.expander if e.label == "The job you're practising for"]
    assert not brief.proto.expanded
    shown = "\n".join(m.value for m in brief.markdown)
    assert "**Senior Data Analyst – Collections**" in shown
    assert "covered by: “Built Tableau dashboards for the collections team" in shown
    order = list(_walk(at.main))
    assert order.index(brief) < order.index(at.chat_message[0])  # above the transcript


def _walk(node):
    """Every node of an AppTest tree, in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)
