"""Tailored to the job, through the real app (AppTest, offline, real SQLite): paste a job description, a résumé
and a company page; see the brief; get questions written for the job; the report's requirement coverage quotes
the answers and lists what was never shown."""
from __future__ import annotations

from services.storage import Store
from tests.apptest_helpers import all_text, button, chat_texts, goto, new_app, say
from tests.job_documents import ANSWER_OTHER, ANSWER_SHOWING, COMPANY_PAGE, JOB, RESUME


def test_job_materials_brief_tailored_questions_and_requirement_coverage(tmp_path):
    at = new_app()
    at.slider(key="iv_count").set_value(3)
    at.text_area(key="iv_jd_text").input(JOB)
    at.text_area(key="iv_resume_text").input(RESUME)
    at.text_area(key="iv_material_text").input(COMPANY_PAGE).run()
    assert not at.exception
    page = all_text(at)
    assert "Your job brief" in page
    assert "covered by: “Built Tableau dashboards for the collections team" in page
    assert "Present findings to non-technical stakeholders and senior leaders every month** — no clear evidence" in page
    assert "Competitive salary" not in page.split("Your job brief")[1]  # perks are not requirements
    needs, plus = page.split("Your job brief", 1)[1].split("Nice to have:", 1)  # a plus comes after what the job needs
    assert "Present findings" in needs and "Understanding of credit risk" not in needs
    assert "Understanding of credit risk is a plus" in plus

    button(at, "Start interview").click().run()
    assert not at.exception
    opening = chat_texts(at)[0][1]
    assert "for this job" in opening and "written from your job description and résumé" in opening
    for answer in (ANSWER_SHOWING, ANSWER_OTHER, ANSWER_OTHER):
        say(at, answer)
    asked = " ".join(text for role, text in chat_texts(at) if role == "assistant")
    assert "This role asks" in asked or "Your résumé says" in asked  # a question written from the materials

    [session] = Store(tmp_path / "parley.db").list_sessions("interview")
    assert session["spec"]["materials"] == [["Company or team material", COMPANY_PAGE.strip()]] or \
        session["spec"]["materials"] == [["Company or team material", COMPANY_PAGE]]

    button(at, "End session").click().run()
    assert not at.exception
    goto(at, "pages/feedback.py")
    report = all_text(at)
    assert "The job's requirements" in report
    section = report[report.index("The job's requirements"):]
    assert "you showed it: “In my last role I presented the monthly arrears findings to senior leaders" in section
    assert "Never shown in this session — prepare these next" in section
    never = section[section.index("prepare these next"):section.index("Matched by meaning")]
    assert "Build and maintain Tableau dashboards for the collections team" in never
    assert "In my last role" not in never


def test_the_next_interview_for_the_same_job_offers_the_material_again(tmp_path):
    from core.spec import PracticeSpec

    store = Store(tmp_path / "parley.db")  # the app's database (conftest points PARLEY_DB here)
    earlier = PracticeSpec(mode="interview", job_description=JOB, resume=RESUME,
                           materials=(("values.md", COMPANY_PAGE),))
    store.create_session(earlier)
    at = new_app()
    at.text_area(key="iv_jd_text").input(JOB).run()
    reuse = [c for c in at.checkbox if c.key == "iv_material_reuse"]
    assert reuse and reuse[0].value is True and "values.md" in reuse[0].label
    button(at, "Start interview").click().run()
    newest = store.list_sessions("interview")[0]
    assert newest["spec"]["materials"] == [["values.md", COMPANY_PAGE]]

    other = new_app()
    other.text_area(key="iv_jd_text").input("A different job. You will teach maths to year 9.").run()
    assert not [c for c in other.checkbox if c.key == "iv_material_reuse"]  # only for the same job


def test_the_exported_report_carries_the_requirement_coverage():
    from services.export import report_markdown

    report = {"mode": "interview", "overall": 6, "source": "offline", "strengths": [], "improvements": [],
              "requirements": [{"requirement": "Present findings to senior leaders", "quotes": [ANSWER_SHOWING]},
                               {"requirement": "Build Tableau dashboards", "quotes": []}]}
    session = {"id": "s1", "mode": "interview", "spec": {"mode": "interview"}, "created_at": 0}
    text = report_markdown(session, [], report)
    section = text[text.index("The job's requirements"):]
    assert "Present findings to senior leaders" in section and ANSWER_SHOWING[:40] in section
    assert "prepare these next" in section and "Build Tableau dashboards" in section
