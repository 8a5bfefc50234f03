"""User words outside "Technical details": no provider or engine names, and the sidebar says what is active."""
from __future__ import annotations

import pytest

from config import Settings
from services import speech_status, tts

NAMES = ("Piper", "espeak", "gTTS", "Google", "OpenAI", "Groq", "Whisper")


@pytest.fixture(autouse=True)
def no_failures():
    tts.reset()
    yield
    tts.reset()


def test_the_sidebar_does_not_claim_an_online_voice_that_just_failed():
    """It said "online voice (Google) in other languages" while offline."""
    settings = Settings(parley_llm="offline", gtts_enabled=True)
    assert speech_status.plain_lines(settings)[-1] == "**Voice:** offline voice in English, online voice in other languages"
    tts._breaker.failure(tts._breaker_key("gtts", settings))  # what a failed try leaves (no internet)
    assert speech_status.plain_lines(settings)[-1] == "**Voice:** offline voice"


@pytest.mark.parametrize("settings", [Settings(parley_llm="offline", gtts_enabled=True),
                                      Settings(groq_api_key="gsk_x"), Settings(openai_api_key="sk-x")])
def test_plain_lines_name_no_provider(settings):
    text = "\n".join(speech_status.plain_lines(settings))
    assert not [name for name in NAMES if name.lower() in text.lower()], text


def test_voice_switch_toasts_name_no_engine():
    """A toast read "The online voice (gTTS) is unreachable — using the offline voice (espeak-ng)"."""
    for provider in tts.PROVIDERS.values():
        assert not [name for name in NAMES if name.lower() in provider.title.lower()], provider.title


@pytest.mark.slow
def test_diagnostics_show_only_when_something_went_wrong_or_on_request():
    """"Diagnostics (0 errors)" sat on every practice page."""
    from core.errors import StageError
    from tests.apptest_helpers import button, goto, new_app

    at = goto(new_app(), "pages/chat.py")
    button(at, "Start a conversation").click().run()
    assert not [e for e in at.expander if e.label.startswith("Diagnostics")]
    at.sidebar.toggle(key="diag_show").set_value(True).run()
    assert [e.label for e in at.expander if e.label.startswith("Diagnostics")] == ["Diagnostics (0 errors)"]
    at.sidebar.toggle(key="diag_show").set_value(False).run()
    at.session_state["diag_errors"] = [{"time": "12:00:00", **StageError("llm", "timeout", "Too slow.").to_dict()}]
    at.run()
    assert [e.label for e in at.expander if e.label.startswith("Diagnostics")] == ["Diagnostics (1 error)"]


def test_missing_points_are_separate_bullets_not_one_line():
    """"…the after-tax cost of debt; Calculates terminal value…" read as one garbled sentence."""
    from streamlit.testing.v1 import AppTest

    def page():
        from ui import report_view

        report_view._answers([{"question": "Walk me through a DCF.", "score": 4,
                               "missing": ["Discounts at WACC, the after-tax cost of debt",
                                           "Calculates terminal value"]}])

    at = AppTest.from_function(page).run()
    assert not at.exception, at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert "Missing:\n- Discounts at WACC, the after-tax cost of debt\n- Calculates terminal value" in shown
    assert "; Calculates" not in shown
