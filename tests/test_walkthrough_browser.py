"""A newcomer's walk through every page in real Chromium, from a fresh server with no key:
every state shows a way forward (start, answer, end, resume, practise again, start new)."""
from __future__ import annotations

import pytest

from tests.browser_app import offline_app

pytestmark = pytest.mark.browser
WAIT = 90_000  # ms: generous, the machine may be busy


@pytest.fixture
def app(tmp_path):
    with offline_app(tmp_path, WAIT) as running:
        yield running


def _button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def _visible(page, name: str) -> None:
    _button(page, name).first.wait_for(state="visible")


def _say(page, text: str, placeholder: str) -> None:
    box = page.get_by_placeholder(placeholder)
    box.fill(text)
    box.press("Enter")


def _replies(page) -> int:
    return page.locator('[data-testid="stChatMessage"]').count()


def _say_and_wait(page, text: str, placeholder: str = "Type your answer…") -> None:
    before = _replies(page)
    _say(page, text, placeholder)
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= {before + 2}")


def test_front_door_to_interview_all_skips_end_and_start_new(app):
    url, page = app
    page.goto(url)
    page.get_by_text("Works with no key and no internet").wait_for()
    _button(page, "Start a mock interview").click()
    page.get_by_role("heading", name="Mock interview", exact=True).wait_for()
    page.get_by_text("Number of questions").wait_for()
    page.get_by_role("slider").first.focus()
    for _ in range(3):  # 5 → 2 questions
        page.keyboard.press("ArrowLeft")
    _button(page, "Start interview").click()
    page.get_by_text("Hi, I'm Alex").wait_for()
    _say_and_wait(page, "skip")
    _say_and_wait(page, "skip")
    page.get_by_text("Interview complete").wait_for()
    _button(page, "End session").click()  # the all-skip dead end: End session is there
    page.get_by_role("heading", name="Feedback", exact=True).wait_for()
    _visible(page, "Start a new interview")  # a finished interview is not continued: a new one, or practise again
    assert _button(page, "Continue this session").count() == 0
    _button(page, "Start a new interview").click()
    _visible(page, "Start interview")


def test_reload_mid_interview_offers_resume_and_report_offers_practise_again(app):
    url, page = app
    page.goto(f"{url}/interview")
    _button(page, "Start interview").click()
    page.get_by_text("Hi, I'm Alex").wait_for()
    _say_and_wait(page, "I moved into finance after an internship at a credit union where I built loan models.")
    page.reload()
    page.get_by_text("You have an unfinished session").wait_for()
    _button(page, "Resume it").click()
    page.get_by_text("credit union").first.wait_for()
    _visible(page, "End session")
    _button(page, "End session").click()
    page.get_by_role("heading", name="Feedback", exact=True).wait_for()
    page.get_by_text("Practise again").first.wait_for()
    _visible(page, "Submit new attempt")
    page.goto(f"{url}/history")
    row = page.locator("summary", has_text="General interview").first
    row.wait_for()
    row.click()
    _visible(page, "Open in Feedback")


@pytest.mark.parametrize("path, start, placeholder", [
    ("language", "Start test", "Answer in the language you practise…"),
    ("chat", "Start a conversation", "Say something…"),
])
def test_language_and_chat_start_answer_and_end(app, path, start, placeholder):
    url, page = app
    page.goto(f"{url}/{path}")
    _button(page, start).click()
    page.get_by_placeholder(placeholder).wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stChatMessage\"]').length >= 1")
    _say_and_wait(page, "Me gusta mucho viajar con mi familia en verano.", placeholder)
    _button(page, "End session").click()
    page.get_by_role("heading", name="Feedback", exact=True).wait_for()
    _visible(page, "Start a new session")


def test_empty_feedback_history_and_live_pages_each_offer_a_start(app):
    url, page = app
    for path in ("feedback", "history"):
        page.goto(f"{url}/{path}")
        page.get_by_role("link", name="Start practising").wait_for()
    page.goto(f"{url}/live")
    page.get_by_role("heading", name="Live voice", exact=True).wait_for()
    # The call's own button starts it (one button): it lives in the call component's frame.
    page.frame_locator('iframe[src*="webrtc_streamer"]').get_by_role("button", name="Start interview").wait_for()


def test_a_deep_link_to_a_fresh_server_opens_the_page_inside_the_app(app):
    """A link straight to a page as a fresh server's first request (a shared demo link after the app slept).
    With a pages/ folder beside app.py, Streamlit ran pages/interview.py alone until some session had run
    app.py's st.navigation: raw file names in the sidebar ("app", "chat"…), and Start led nowhere (ui/entry.py)."""
    url, page = app
    page.goto(f"{url}/interview")  # nobody has opened the front page of this server
    _visible(page, "Start interview")
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text("Mock interview", exact=True).wait_for()
    assert nav.get_by_text("app", exact=True).count() == 0, nav.inner_text()
    _button(page, "Start interview").click()
    page.get_by_placeholder("Type your answer…").wait_for(state="visible")
