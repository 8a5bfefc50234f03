"""The recognizer prompt must not leak into transcripts, and "um" must still survive short answers.

Unit tests of services.stt.prompt (prompt_for, strip_prompt_echo), the echo removal through
stt.transcribe_detailed with a recognizer that copies its prompt, and one real tiny.en run on
30 s of repeated Piper speech (slow). bench/stt_prompt_leak.py measures longer clips.
"""
from __future__ import annotations

import numpy as np
import pytest

from config import Settings
from core.errors import StageError
from services import stt
from services.stt import local
from services.stt.base import Transcription
from services.stt.prompt import FILLERS, LONG_CLIP_S, build_prompt, prompt_for, strip_prompt_echo

# One Whisper thread: make test runs this file at the lowest CPU priority beside the browser tests, where two
# OpenMP threads, each descheduled in turn, waited on each other: clips took 15-30 times as long.
OFFLINE = Settings(parley_stt="local", whisper_threads=1)
pytestmark = pytest.mark.cpu  # model work with no server, page or clock: make test runs it beside the browser tests

TERMS = "Redis, PostgreSQL, Kafka"
QUESTION = "Tell me about a project you are proud of."


def test_short_clips_keep_the_filler_prompt_that_um_detection_needs():
    assert prompt_for(TERMS, "en", 20.0) == build_prompt(TERMS, "en")
    assert FILLERS["en"] in prompt_for(TERMS, "en", 20.0)


def test_long_clips_get_no_prompt_at_all():
    for terms in (TERMS, QUESTION, None):
        assert prompt_for(terms, "en", LONG_CLIP_S + 1) is None
        assert prompt_for(terms, "en", 290) is None
    assert FILLERS["en"] == "Um, uh, like, you know, so"  # the table itself is untouched
    assert build_prompt(TERMS, "en", fillers=False) == "Redis, PostgreSQL, Kafka."


@pytest.mark.parametrize("text,expected", [
    ("Uh, like, you know, you know…", ""),
    ("Um, uh, like, you know, so, we talked about Redis, PostgreSQL, Kafka.", ""),
    ("So, um, I would add a cache. Uh, like, you know, you know.", "So, um, I would add a cache."),
    ("Um, so I would, um, put a cache in front.", "Um, so I would, um, put a cache in front."),
    ("I use Redis and Kafka daily.", "I use Redis and Kafka daily."),
    ("Um.", "Um."),  # one filler alone may be what was said
])
def test_strip_prompt_echo_with_the_terms_prompt(text, expected):
    assert strip_prompt_echo(text, build_prompt(TERMS)) == expected


def test_strip_prompt_echo_with_the_question_prompt_keeps_answers_that_quote_it():
    prompt = build_prompt(QUESTION)
    assert strip_prompt_echo(f"{QUESTION} I built a queue.", prompt) == "I built a queue."
    kept = "The project you are proud of is the Redis migration that cut our p99 latency in half."
    assert strip_prompt_echo(kept, prompt) == kept


def test_no_prompt_changes_nothing():
    assert strip_prompt_echo("Uh, like, you know.", None) == "Uh, like, you know."


@pytest.mark.parametrize("seconds,sent", [(10, "Um, uh, like, you know, so, we talked about Redis, PostgreSQL, Kafka."),
                                           (20, "Um, uh, like, you know, so, we talked about Redis, PostgreSQL, Kafka.")])
def test_a_transcript_that_is_only_the_prompt_is_no_speech(monkeypatch, seconds, sent):
    seen = []

    def echo(model, samples, language, prompt):  # what tiny.en did on long audio: it copied its prompt
        seen.append(prompt)
        return Transcription(text=prompt, seconds=len(samples) / 16000, language=language, provider="local")

    monkeypatch.setattr(stt, "load_local_model", lambda settings, language="en": object())
    monkeypatch.setattr(local, "check_language", lambda model, language: None)
    monkeypatch.setattr(local, "transcribe", echo)
    monkeypatch.setattr(stt.vad, "is_silent", lambda samples: False)
    speech = (0.3 * np.sin(2 * np.pi * 220 * np.arange(16000 * seconds) / 16000)).astype(np.float32)
    with pytest.raises(StageError) as info:
        stt.transcribe_detailed(speech, "en", TERMS, settings=OFFLINE)
    assert info.value.code == "no_speech"  # never "Uh, like, you know" as the user's answer
    assert seen == [sent]


def test_a_long_clip_is_sent_without_a_prompt(monkeypatch):
    seen = []

    def hear(model, samples, language, prompt):
        seen.append(prompt)
        return Transcription(text="I moved billing to a queue.", seconds=len(samples) / 16000, language=language,
                             provider="local")

    monkeypatch.setattr(stt, "load_local_model", lambda settings, language="en": object())
    monkeypatch.setattr(local, "check_language", lambda model, language: None)
    monkeypatch.setattr(local, "transcribe", hear)
    monkeypatch.setattr(stt.vad, "is_silent", lambda samples: False)
    speech = (0.3 * np.sin(2 * np.pi * 220 * np.arange(16000 * 40) / 16000)).astype(np.float32)
    assert stt.transcribe(speech, "en", TERMS, settings=OFFLINE) == "I moved billing to a queue."
    assert seen == [None]


@pytest.mark.slow
def test_real_tiny_en_on_30_s_of_repeated_speech_does_not_leak_the_prompt(speak):
    samples, rate = speak("I worked on the billing system.")
    from services.realtime.pipeline import resample

    one = resample(samples, rate, 16000).astype(np.float32) / 32768.0
    clip = np.concatenate([np.concatenate([one, np.zeros(4800, np.float32)])] * 14)  # ~30 s
    text = stt.transcribe(clip, "en", QUESTION, settings=OFFLINE)
    words = text.lower()
    # What is checked is the prompt, not the recognizer's ear: on another CPU tiny.en heard "building system" in
    # every repeat, so the count is of the word both hearings share.
    assert words.count(" system") >= 8
    for leaked in ("you know", "like", "proud"):
        assert leaked not in words
