"""A Spanish speaking test answered by voice, offline, through the page (AppTest): recording → transcript
review → the examiner's reply → the report with the intelligibility estimate and its evidence."""
from __future__ import annotations

import subprocess

import pytest

from services.storage import Store
from tests.apptest_helpers import all_text, button, chat_texts, goto, new_app

pytestmark = pytest.mark.slow
SAID = "El verano pasado visitamos a mi abuela en un pueblo pequeño cerca del mar y comimos mucho pescado."


def spanish_wav() -> bytes:
    return subprocess.run(["espeak-ng", "-v", "es", "-s", "130", "-w", "/dev/stdout", SAID], check=True,
                          capture_output=True).stdout


def test_spanish_test_by_voice_offline_to_report_with_intelligibility(tmp_path):
    at = goto(new_app(), "pages/language.py")
    at.selectbox(key="lt_lang").select("es")
    button(at, "Start test").click().run()
    assert not at.exception, at.exception
    assert "Offline speech recognition works well in Spanish" in all_text(at)

    at.audio_input[0].set_value(("respuesta.wav", spanish_wav(), "audio/wav")).run()
    assert not at.exception, at.exception
    [review] = [t for t in at.text_area if t.label.startswith("Your answer")]
    assert "verano" in review.value.lower() and "pescado" in review.value.lower()
    button(at, "Send answer").click().run()
    assert not at.exception, at.exception
    roles = [role for role, _ in chat_texts(at)]
    assert roles == ["assistant", "user", "assistant"]  # the examiner replied

    store = Store(tmp_path / "parley.db")
    [session] = store.list_sessions()
    [answer] = [t for t in store.turns(session["id"]) if t["role"] == "user"]
    assert answer["meta"]["input"] == "voice" and len(answer["meta"]["words"]) >= 8
    assert all(0.0 <= p <= 1.0 for _, p in answer["meta"]["words"])

    button(at, "End session").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Feedback"
    report = store.get_session(session["id"])["report"]
    pronunciation = report["criteria"]["pronunciation"]
    assert pronunciation.get("estimate") is True
    evidence = " ".join(pronunciation["evidence"])
    assert "sure of the" in evidence and "estimate" in evidence
    assert "sure of the" in all_text(at)  # shown on the page, with its evidence
