"""In Chromium with a fake microphone: recording answer after answer never shows the recorder's
"An error has occurred" (it did when the transcript above it grew and the widget was re-mounted)."""
from __future__ import annotations

import subprocess

import pytest

from tests.browser_app import chromium, require_chromium, settle, streamlit_server

pytestmark = pytest.mark.browser
SPOKEN = "I would start by profiling the slow query and then add an index on the customer id column."


@pytest.fixture
def speech_wav(tmp_path):
    path = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), SPOKEN], check=True, capture_output=True)
    return path


def _record(page, seconds: float = 4.0) -> None:
    recorder = page.locator('[data-testid="stAudioInput"]')
    recorder.get_by_role("button", name="Record").click()
    page.wait_for_timeout(seconds * 1000)
    recorder.locator("button").first.click()  # the same button stops the recording



def test_consecutive_recordings_transcribe_without_recorder_errors(tmp_path, speech_wav):
    require_chromium()
    env = {"PARLEY_DB": str(tmp_path / "parley.db"), "PARLEY_LLM": "offline", "GTTS_ENABLED": "0", "SPEAK_REPLIES": "0"}
    flags = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
             f"--use-file-for-fake-audio-capture={speech_wav}"]
    with streamlit_server(env) as url, chromium(flags) as page:
        page.context.grant_permissions(["microphone"])
        page.set_default_timeout(90_000)
        page.goto(f"{url}/interview")
        page.get_by_role("button", name="Start interview", exact=True).click()
        page.get_by_text("Hi, I'm Alex").wait_for()
        for round_no in range(2):
            _record(page)
            settle(page)
            review = page.get_by_label("Your answer (check it, edit it, then send)")
            try:
                review.wait_for()
            except Exception:  # say what the page showed instead
                pytest.fail(f"no transcript to review after answer {round_no + 1}; the page said:\n"
                            + page.inner_text("body")[-1500:])
            assert "profiling" in review.input_value().lower()
            assert page.get_by_text("An error has occurred").count() == 0
            page.get_by_role("button", name="Send answer").click()
            settle(page)
            users = page.locator('[data-testid="stChatMessage"]', has_text="profiling")
            assert users.count() == round_no + 1
            assert page.get_by_text("An error has occurred").count() == 0, f"recorder error after answer {round_no + 1}"
