"""Tailored to the job in real Chromium: paste a job description, a résumé and a company page; see the brief;
get questions written for the job; the report's requirement coverage quotes the answers."""
from __future__ import annotations

import pytest

from tests.browser_app import offline_app
from tests.job_documents import ANSWER_OTHER, ANSWER_SHOWING, COMPANY_PAGE, JOB, RESUME

pytestmark = pytest.mark.browser
WAIT = 90_000  # ms: generous, the machine may be busy


@pytest.fixture
def app(tmp_path):
    with offline_app(tmp_path, WAIT) as running:
        yield running


def _paste(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Control+Enter")  # Streamlit commits a text area on Ctrl+Enter or blur


MOVED_ON = ["Next question", "Let's move on", "Here's the next one", "Last question", "That was the last question"]
# The interviewer's one follow-up on a bank question (core.coach.followup): answered once, then it moves on.
FOLLOW_UP = ["put it again", "answered a different question", "Are you sure about that?",
             "one thing you didn't touch on", "a concrete example"]
# The reply is complete (not just started, and not a stale element of the page before) once no "Stop reply" button
# is left and the last message holds one of the marks; the wait returns that message's text, read in the same instant.
_LAST_SAYS = ("([n, marks]) => { const m = document.querySelectorAll('[data-testid=\"stChatMessage\"]');"
              " const streaming = [...document.querySelectorAll('button')].some(b => b.innerText.includes('Stop reply'));"
              " const last = m.length ? m[m.length - 1].innerText : '';"
              " return !streaming && m.length >= n && marks.some(k => last.includes(k)) ? last : false; }")


def _answer(page, text: str) -> None:
    box = page.get_by_placeholder("Type your answer…")
    try:
        before = page.locator('[data-testid="stChatMessage"]').count()
        box.fill(text)
        box.press("Enter")
        said = page.wait_for_function(_LAST_SAYS, arg=[before + 2, MOVED_ON + FOLLOW_UP]).json_value()
        if any(k in said for k in MOVED_ON):
            return
        before = page.locator('[data-testid="stChatMessage"]').count()  # a follow-up: answered once, then on
        box.fill(text)
        box.press("Enter")
        page.wait_for_function(_LAST_SAYS, arg=[before + 2, MOVED_ON])
    except Exception:
        _shot_on_failure(page, "job_browser_answer")
        raise


def _shot_on_failure(page, name: str):
    """Keep a screenshot of the page when a step fails (in /tmp, for whoever reads the failure)."""
    page.screenshot(path=f"/tmp/{name}.png", full_page=True)


def test_paste_materials_see_the_brief_answer_tailored_questions_and_read_requirement_coverage(app):
    url, page = app
    page.goto(f"{url}/interview")
    page.get_by_text("Number of questions").wait_for()
    page.get_by_role("slider").first.focus()
    for _ in range(2):  # 5 → 3 questions
        page.keyboard.press("ArrowLeft")
    page.get_by_text("Tailor it to a job").click()
    _paste(page, "Job description (optional)", JOB)
    _paste(page, "Résumé (optional)", RESUME)
    _paste(page, "Company or team material (optional)", COMPANY_PAGE)
    page.get_by_text("Your job brief").wait_for()
    page.get_by_text("covered by: “Built Tableau dashboards for the collections team").wait_for()
    page.get_by_text("no clear evidence in your résumé: expect a question here").first.wait_for()

    page.get_by_role("button", name="Start interview", exact=True).click()
    page.get_by_text("Hi, I'm Alex. We'll do 3 questions for this job").wait_for()
    for answer in (ANSWER_SHOWING, ANSWER_OTHER, ANSWER_OTHER):
        _answer(page, answer)
    chat = page.locator('[data-testid="stChatMessage"]').all_inner_texts()
    assert any("This role asks" in m or "Your résumé says" in m for m in chat), chat
    page.get_by_text("Interview complete").wait_for()

    page.get_by_role("button", name="End session", exact=True).click()
    page.get_by_role("heading", name="The job's requirements").wait_for()
    page.get_by_text("you showed it: “In my last role I presented the monthly arrears findings").wait_for()
    page.get_by_text("Never shown in this session — prepare these next").wait_for()
