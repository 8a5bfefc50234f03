"""Voice answers on the page: a failed cloud transcription can be retried, and a long spoken answer
is limited by its duration, not by the 4,000-character limit for typed text.

Cloud speech-to-text through the official openai SDK against the fake server (PARLEY_STT=openai).
"""
from __future__ import annotations

import pytest

from services.audio import to_wav_bytes
from services.storage import Store
from tests.apptest_helpers import all_text, button, chat_texts, new_app
from tests.fakes.openai_server import Fault, FakeOpenAI

pytestmark = pytest.mark.slow


@pytest.fixture
def cloud_stt(monkeypatch):
    with FakeOpenAI() as server:
        for name, value in {"PARLEY_STT": "openai", "OPENAI_API_KEY": "sk-stt-test", "OPENAI_BASE_URL": server.base_url,
                            "PARLEY_LLM": "offline", "MAX_RETRIES": "0", "REQUEST_TIMEOUT": "5"}.items():
            monkeypatch.setenv(name, value)
        yield server


def recording(speak) -> bytes:
    samples, rate = speak("I would add an index to the table and then measure the latency again.")
    return to_wav_bytes(samples, rate)


def start(at):
    at.session_state["speak_replies"] = False
    button(at, "Start interview").click().run()
    assert not at.exception, at.exception
    return at


def transcriptions(server) -> int:
    return sum(1 for r in server.requests if r.path.endswith("/audio/transcriptions"))


def review_box(at):
    return [t for t in at.text_area if t.label.startswith("Your answer")]


def test_a_failed_cloud_transcription_can_be_retried(cloud_stt, speak):
    at = start(new_app())
    cloud_stt.fail_next(Fault(status=500))
    at.audio_input[0].set_value(("answer.wav", recording(speak), "audio/wav")).run()
    assert not at.exception, at.exception
    assert "had a problem on its side" in all_text(at) and "HTTP 500" in all_text(at) and not review_box(at)
    at.run()  # a plain rerun does not send it again by itself...
    assert transcriptions(cloud_stt) == 1
    button(at, "Transcribe again").click().run()  # ...but the user can
    assert not at.exception, at.exception
    assert transcriptions(cloud_stt) == 2
    [box] = review_box(at)
    assert box.value == cloud_stt.transcript
    at.run()
    assert transcriptions(cloud_stt) == 2  # once it worked: never transcribed twice


def test_a_silent_clip_is_not_offered_a_retry(cloud_stt):
    import numpy as np

    at = start(new_app())
    at.audio_input[0].set_value(("answer.wav", to_wav_bytes(np.zeros(32000, dtype=np.int16), 16000),
                                 "audio/wav")).run()
    assert "I didn't catch anything" in all_text(at)
    assert not [b for b in at.button if b.label == "Transcribe again"]


def test_a_long_spoken_answer_is_not_refused_by_the_typed_text_limit(cloud_stt, speak, tmp_path):
    # What Whisper returns for a 4 min 50 s answer at ~150 words a minute: ~725 words, ~4,400 characters.
    sentence = "We moved the billing service to a queue and the retries stopped piling up at night. "
    cloud_stt.transcript = (sentence * 60).strip()
    assert len(cloud_stt.transcript) > 4000
    at = start(new_app())
    at.audio_input[0].set_value(("answer.wav", recording(speak), "audio/wav")).run()
    [box] = review_box(at)
    assert box.value == cloud_stt.transcript
    button(at, "Send answer").click().run()
    assert not at.exception, at.exception
    assert "the limit is" not in all_text(at)
    [session] = Store(tmp_path / "parley.db").list_sessions()
    answer = [t for t in Store(tmp_path / "parley.db").turns(session["id"]) if t["role"] == "user"][-1]
    assert answer["content"] == cloud_stt.transcript and answer["meta"]["input"] == "voice"
    assert [r for r, _ in chat_texts(at)][-2:] == ["user", "assistant"]


def test_a_typed_answer_over_the_limit_is_still_refused(tmp_path):
    at = start(new_app())
    at.chat_input[0].set_value("x" * 4500).run()
    assert not at.exception, at.exception
    [session] = Store(tmp_path / "parley.db").list_sessions()
    typed = [t["content"] for t in Store(tmp_path / "parley.db").turns(session["id"]) if t["role"] == "user"]
    assert "the limit is 4,000" in all_text(at) or all(len(t) <= 4000 for t in typed)
