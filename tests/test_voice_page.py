"""Recorded answers on the practice pages: transcribed (real Whisper), reviewed, sent, answered."""
from __future__ import annotations

import numpy as np
import pytest

from core.coach import interview
from core.spec import PracticeSpec
from services.audio import to_wav_bytes
from services.storage import Store
from tests.apptest_helpers import all_text, button, chat_texts, goto, new_app


def wav(speak, text: str) -> bytes:
    samples, rate = speak(text)
    return to_wav_bytes(samples, rate)


def start_interview(at):
    at.selectbox(key="iv_domain").select("Computer Science & Technology")
    at.selectbox(key="iv_type").select("technical")
    button(at, "Start interview").click().run()
    assert not at.exception, at.exception
    return at


def test_recorded_answer_is_transcribed_reviewed_sent_and_answered(speak, tmp_path):
    at = start_interview(new_app())
    recording = wav(speak, "I would add an index to the database table and measure the latency.")
    at.audio_input[0].set_value(("answer.wav", recording, "audio/wav")).run()
    assert not at.exception, at.exception
    [review] = [t for t in at.text_area if t.label.startswith("Your answer")]
    assert "index" in review.value.lower() and "database" in review.value.lower()
    assert len(chat_texts(at)) == 1  # shown for review, not sent yet
    assert "words/min" in all_text(at)

    review.input(review.value + " Also a CDN.")  # the user corrects the transcript
    button(at, "Send answer").click().run()
    assert not at.exception, at.exception
    messages = chat_texts(at)
    assert [r for r, _ in messages] == ["assistant", "user", "assistant"]
    assert messages[1][1].endswith("Also a CDN.")
    [session] = Store(tmp_path / "parley.db").list_sessions()
    spec = PracticeSpec.from_dict(session["spec"])
    answer = [t for t in Store(tmp_path / "parley.db").turns(session["id"]) if t["role"] == "user"][0]
    assert answer["meta"]["input"] == "voice" and answer["meta"]["edited"] is True
    assert answer["meta"]["metrics"]["seconds"] > 2 and answer["meta"]["metrics"]["wpm"] > 60
    # answered: the next question asked, or this one again when the judge reads the answer as one to another
    # question (the plan's first question is drawn at random; the recorded answer is about databases)
    plan = interview.question_plan(spec)
    assert plan[1]["question"] in messages[2][1] or plan[0]["question"] in messages[2][1]
    assert not [t for t in at.text_area if t.label.startswith("Your answer")]  # recorder is fresh again


@pytest.fixture
def recorded(speak, monkeypatch):
    """An interview with one recording in the recorder, and the list of transcriptions made so far."""
    from services import stt

    calls = []
    real = stt.transcribe_detailed
    monkeypatch.setattr(stt, "transcribe_detailed", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = start_interview(new_app())
    recording = wav(speak, "Hash tables give constant time lookups on average.")
    at.audio_input[0].set_value(("answer.wav", recording, "audio/wav")).run()
    at.run()
    return at, recording, calls


def test_same_recording_is_not_transcribed_twice(recorded):
    at, _, calls = recorded
    at.run()
    assert len(calls) == 1


def test_a_new_recording_with_the_same_bytes_is_still_transcribed(recorded):
    """A fixed-length take of the same sound (Chromium's fake microphone does this) is a new recording."""
    at, recording, calls = recorded
    at.audio_input[0].set_value(("answer.wav", recording, "audio/wav")).run()  # recorded again
    assert len(calls) == 2


def test_record_again_discards_the_draft(speak):
    at = start_interview(new_app())
    at.audio_input[0].set_value(("answer.wav", wav(speak, "First try at the answer."), "audio/wav")).run()
    assert [t for t in at.text_area if t.label.startswith("Your answer")]
    button(at, "Record again").click().run()
    assert not [t for t in at.text_area if t.label.startswith("Your answer")]
    assert len(chat_texts(at)) == 1


@pytest.mark.parametrize("make,expected", [
    (lambda speak: to_wav_bytes(np.zeros(16000 * 2, dtype=np.int16), 16000), "I didn't catch anything"),
    (lambda speak: b"RIFF\x00\x00\x00\x00WAVEnot really audio", "damaged"),
])
def test_silent_or_broken_recording_gives_a_clear_message(speak, make, expected):
    at = start_interview(new_app())
    at.audio_input[0].set_value(("answer.wav", make(speak), "audio/wav")).run()
    assert not at.exception, at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert expected.lower() in warnings.lower()
    assert len(chat_texts(at)) == 1  # nothing invented, nothing sent


def test_offline_language_test_says_how_reliable_recognition_is_in_that_language():
    at = goto(new_app(), "pages/language.py")
    at.selectbox(key="lt_lang").select("de")
    button(at, "Start test").click().run()
    assert "Offline speech recognition is fair in German: check your transcript" in all_text(at)
    assert "English-only" not in all_text(at)
    assert len(chat_texts(at)) == 1
