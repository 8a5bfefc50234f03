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


# ---- Errors a user sees: user words, with the technical part under "Technical details" ---------------------
import ast  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JARGON = re.compile(r"whisper|piper|espeak|gtts|groq|openai|ollama|ctranslate2|model\.bin|make setup|"
                    r"requirements\.txt|WHISPER_MODEL_DIR|PARLEY_\w+|DATABASE_URL|LLM_BASE_URL|_API_KEY|\.env\b|"
                    r"st\.secrets|sqlite|postgres", re.I)
SHOWN = {"error", "warning", "info", "toast", "success", "exception", "caption"}  # st.<these>(body): what a user reads
HELPERS = {"_fail": 1, "error": 1}  # local helpers that make a StageError: (code, message, …)
NAMING = {"title", "label", "key_env", "base_url_env"}  # attributes that hold a provider's or a setting's name


def _message_args(call: ast.Call) -> list[ast.AST]:
    """The user-facing text of a call: a StageError's message, or the body of st.error / st.warning / st.caption …"""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if name == "StageError":
        return call.args[2:3] + [k.value for k in call.keywords if k.arg == "message"]
    if isinstance(func, ast.Name) and name in HELPERS:
        return call.args[HELPERS[name]:HELPERS[name] + 1]
    if name in SHOWN and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "st":
        return call.args[:1] + [k.value for k in call.keywords if k.arg == "body"]
    return []


def _jargon(node: ast.AST) -> list[str]:
    found = []
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            continue  # a nested call (e.g. a StageError passed to st.error) is checked on its own
        if isinstance(part, ast.Constant) and isinstance(part.value, str) and JARGON.search(part.value):
            found.append(part.value)
        if isinstance(part, ast.FormattedValue):  # {provider.title}, not {spec.title()} (a session's own title)
            called = {id(c.func) for c in ast.walk(part.value) if isinstance(c, ast.Call)}
            found += [f"{{…{a.attr}}}" for a in ast.walk(part.value)
                      if isinstance(a, ast.Attribute) and a.attr in NAMING and id(a) not in called]
    return found


def user_facing_jargon() -> tuple[list[str], int]:
    """(every user-facing message in services/ and ui/ that names a library, provider or setting, how many were read)."""
    hits, read = [], 0
    for path in sorted([*(ROOT / "services").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call):
                for arg in _message_args(call):
                    read += 1
                    hits += [f"{path.relative_to(ROOT)}:{call.lineno}: {text!r}" for text in _jargon(arg)]
    return hits, read


def test_no_user_facing_message_names_a_library_provider_or_setting():
    """Speech-to-text errors told a user to "set WHISPER_MODEL_DIR … or add a Groq/OpenAI key"; such advice is for
    whoever runs Parley and belongs in the error's details (shown under "Technical details")."""
    hits, read = user_facing_jargon()
    assert read > 80, read  # the scan really reads the messages
    assert hits == [], "\n".join(hits)


@pytest.mark.parametrize("provider", ["groq", "openai", "compatible"])
@pytest.mark.parametrize("stage", ["llm", "stt", "tts"])
@pytest.mark.parametrize("status", [401, 403, 404, 413, 429, 500, 418, None])
def test_cloud_errors_name_the_service_in_user_words_and_the_provider_in_details(provider, stage, status):
    from services.provider_errors import to_stage_error
    from services.providers import PROVIDERS

    class APIStatusError(Exception):
        status_code = status

    error = to_stage_error(APIStatusError("boom"), provider, stage)
    assert not JARGON.search(error.message), error.message
    assert PROVIDERS[provider].title in error.details and (status is None or f"HTTP {status}" in error.details)


@pytest.mark.parametrize("stage", ["llm", "stt", "tts"])
def test_a_missing_key_is_asked_for_in_user_words_and_the_setting_is_in_details(stage):
    from services.providers import PROVIDERS, missing_base_url, missing_key

    for provider in PROVIDERS.values():
        error = missing_key(provider, stage)
        assert not JARGON.search(error.message) and "sidebar" in error.message, error.message
        assert provider.key_env in error.details
    error = missing_base_url(PROVIDERS["compatible"], "llm")
    assert not JARGON.search(error.message) and "LLM_BASE_URL" in error.details


def test_offline_speech_recognition_errors_keep_the_model_setting_in_details(tmp_path):
    from core.errors import StageError
    from services.stt import local

    with pytest.raises(StageError) as missing:
        local.load_local_model(Settings(whisper_model_dir=str(tmp_path)), "en")
    english = type("Model", (), {"model": type("Inner", (), {"is_multilingual": False})()})()
    with pytest.raises(StageError) as english_only:
        local.check_language(english, "es")
    for error in (missing.value, english_only.value):
        assert not JARGON.search(error.message) and "Type your answer" in error.message, error.message
        assert "WHISPER_MODEL_DIR" in error.details


def test_an_error_shows_its_details_folded_under_technical_details():
    from streamlit.testing.v1 import AppTest

    def page():
        from core.errors import StageError
        from ui import problem

        problem.show(StageError("stt", "model_missing", "Speech recognition is not installed on this server.",
                                details="Set WHISPER_MODEL_DIR."), after=" You can type.")

    at = AppTest.from_function(page).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["Speech recognition is not installed on this server. You can type."]
    [details] = at.expander
    assert details.label == "Technical details" and details.caption[0].value == "Set WHISPER_MODEL_DIR."
