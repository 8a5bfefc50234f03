"""The coaching report service: LLM path through the official SDKs against a local fake, with repair and fallback."""
from __future__ import annotations

import json

import pytest

from config import Settings
from core.report.parsing import parse_report
from core.report.schema import REPORT_SCHEMAS
from services import report as report_service
from services.report import PROGRESS, generate_report, session_turns
from services.storage import Store
from tests.fakes.openai_server import Fault
from tests.report_helpers import (CAP_A, CAP_Q, DEBUG_A, DEBUG_Q, ScriptedOpenAI, as_json, interview_llm_report,
                                  interview_session, language_session)


@pytest.fixture(autouse=True)
def fresh_schema_memory():
    report_service._SCHEMA_REFUSED.clear()
    yield
    report_service._SCHEMA_REFUSED.clear()


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "reports.db")


def openai_settings(server, **extra) -> Settings:
    return Settings(parley_llm="openai", openai_api_key="sk-test", openai_base_url=server.base_url, max_retries=0,
                    request_timeout=5, openai_report_model="gpt-report-test", **extra)


def generate(store: Store, sid: str, settings: Settings, steps: list | None = None) -> dict:
    return generate_report(store.get_session(sid), store.turns(sid), settings,
                           progress=steps.append if steps is not None else None)


# ---- stored turns -> report turns ----------------------------------------------------------------------

def test_session_turns_pairs_answers_with_their_questions_and_keeps_voice_measurements(store):
    sid = interview_session(store)
    turns = session_turns(store.turns(sid), "interview")
    assert [t["question"] for t in turns] == [DEBUG_Q, CAP_Q]  # the bank wording, not the greeting around it
    assert [t["answer"] for t in turns] == [DEBUG_A, CAP_A]
    assert [t["question_id"] for t in turns] == ["cs-behavioral-03", "cs-technical-05"]
    assert "seconds" not in turns[0] and turns[0]["input"] == "text"
    assert turns[1]["seconds"] == 14.0 and turns[1]["metrics"]["long_pauses"] == 2
    assert turns[1]["avg_logprob"] == -0.35 and turns[1]["input"] == "voice"


def test_session_turns_drops_requests_and_joins_answers_in_a_row():
    stored = [
        {"role": "assistant", "content": "Great to meet you. How would you design a URL shortener like bit.ly?"},
        {"role": "user", "content": "Could you repeat the question?"},
        {"role": "assistant", "content": "Sure. How would you design a URL shortener like bit.ly?"},
        {"role": "user", "content": "I would hash the URL to base62.", "meta": {"input": "voice", "seconds": 3.0,
                                                                                "metrics": {"filler_total": 1}}},
        {"role": "user", "content": "And cache hot keys in Redis.", "meta": {"input": "voice", "seconds": 2.0,
                                                                             "metrics": {"filler_total": 2}}},
        {"role": "assistant", "content": "Good. Now something else: what is your favourite data structure?"},
        {"role": "user", "content": "skip"},
    ]
    turns = session_turns(stored, "interview")
    assert [t["answer"] for t in turns] == ["I would hash the URL to base62. And cache hot keys in Redis.", "skip"]
    assert turns[0]["question_id"] == "cs-system_design-01" and turns[0]["seconds"] == 5.0
    assert turns[0]["metrics"]["filler_total"] == 3
    assert turns[1]["question"] == "Now something else: what is your favourite data structure?"


def test_language_turns_keep_the_examiners_whole_message(store):
    sid = language_session(store)
    turns = session_turns(store.turns(sid), "language", "es")
    assert "Se dice «fuimos a México»" in turns[1]["question"]  # the inline correction stays visible
    assert all(t["language"] == "es" for t in turns)


# ---- offline ------------------------------------------------------------------------------------------

def test_offline_provider_gives_the_offline_report_with_measured_speech(store):
    sid = interview_session(store)
    steps: list[str] = []
    report = generate(store, sid, Settings(parley_llm="offline"), steps)
    assert steps == list(PROGRESS)
    assert report["source"] == "offline" and not report.get("fallback")
    assert "Offline estimate" in report["note"]
    assert report["speech"]["wpm"] == 131.0 and report["speech"]["long_pauses"] == 2
    assert report["speech"]["answers"] == 1  # only the spoken answer was timed
    assert parse_report(json.dumps(report), "interview")["overall"] == report["overall"]  # it fits the schema


def test_missing_key_falls_back_with_a_note(store):
    sid = interview_session(store)
    report = generate(store, sid, Settings(parley_llm="openai"))
    assert report["source"] == "offline" and report["fallback"] is True
    assert "has no key" in report["note"] and "offline report instead" in report["note"]


# ---- LLM path ------------------------------------------------------------------------------------------

def test_valid_llm_report_is_used_and_asked_for_in_the_schema(store):
    sid = interview_session(store)
    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        report = generate(store, sid, openai_settings(server))
        [request] = server.chat_requests()
    assert report["source"] == "llm" and report["note"] is None and report["fallback"] is False
    assert report["model"] == "OpenAI · gpt-report-test"
    assert report["strengths"][0]["quote"] == "p99 latency dropped from 4 seconds to 300 milliseconds"
    assert report["model_answer"]["question"] == CAP_Q
    body = request.body
    assert body["model"] == "gpt-report-test" and body["max_tokens"] == Settings().max_tokens_report
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "coaching_report"
    assert body["response_format"]["json_schema"]["schema"] == REPORT_SCHEMAS["interview"]
    assert DEBUG_A in body["messages"][1]["content"]  # the session went to the model as data


def test_garbage_then_valid_json_after_repair_is_used(store):
    sid = interview_session(store)
    garbage = "Sure! Overall the candidate did well, I'd say 7 out of 10. {not json"
    with ScriptedOpenAI(garbage, as_json(interview_llm_report(overall=6))) as server:
        steps: list[str] = []
        report = generate(store, sid, openai_settings(server), steps)
        first, repair = server.chat_requests()
    assert report["source"] == "llm" and report["overall"] == 6 and report["note"] is None
    assert steps == list(PROGRESS)
    repair_text = json.dumps(repair.body["messages"], ensure_ascii=False)
    assert "could not be used" in repair_text and "{not json" in repair_text  # its own output, to fix
    assert DEBUG_A in repair_text  # and the session again, to check quotes against
    assert repair.body["response_format"]["type"] == "json_schema"


def test_garbage_twice_falls_back_to_the_offline_report_with_a_note(store):
    sid = interview_session(store)
    with ScriptedOpenAI("I cannot produce JSON today.", "Still no JSON, sorry.") as server:
        report = generate(store, sid, openai_settings(server))
        assert len(server.chat_requests()) == 2  # one repair retry, no more
    assert report["source"] == "offline" and report["fallback"] is True
    assert "unusable twice" in report["note"] and "offline report instead" in report["note"]
    assert report["criteria"]["relevance"]["evidence"]  # a real offline report, not an empty shell


def test_http_500_falls_back_to_the_offline_report_with_a_note(store):
    sid = interview_session(store)
    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        server.fail_next(Fault(status=500), Fault(status=500), Fault(status=500))
        report = generate(store, sid, openai_settings(server))
    assert report["source"] == "offline" and report["fallback"] is True
    assert "had a problem on its side" in report["note"] and "offline report instead" in report["note"]


def test_quotes_that_are_not_the_users_words_are_sent_back_for_repair(store):
    sid = interview_session(store)
    invented = interview_llm_report(strengths=[{"point": "Leadership.", "quote": "I single-handedly saved the company"}])
    with ScriptedOpenAI(as_json(invented), as_json(interview_llm_report())) as server:
        report = generate(store, sid, openai_settings(server))
        first, repair = server.chat_requests()
    assert "is not the user's words" in json.dumps(repair.body["messages"])
    assert report["source"] == "llm"
    assert [s["quote"] for s in report["strengths"]] == ["p99 latency dropped from 4 seconds to 300 milliseconds"]


def test_delivery_numbers_come_from_measurements_not_the_model(store):
    sid = interview_session(store)
    made_up = interview_llm_report()
    made_up["criteria"]["delivery"] = {"score": 10, "evidence": ["A perfect 150 words per minute, zero fillers."]}
    with ScriptedOpenAI(as_json(made_up)) as server:
        report = generate(store, sid, openai_settings(server))
    delivery = report["criteria"]["delivery"]
    assert "131 words per minute" in delivery["evidence"][0]  # what the recorder measured
    assert not any("150 words per minute" in e for e in delivery["evidence"])
    assert any("4 filler words" in e for e in delivery["evidence"]) and delivery["score"] < 10
    assert report["speech"]["wpm"] == 131.0 and report["speech"]["filler_total"] == 4


def test_a_delivery_score_without_any_voice_is_dropped(store):
    sid = interview_session(store, voice=False)
    made_up = interview_llm_report()
    made_up["criteria"]["delivery"] = {"score": 9, "evidence": ["Steady pace."]}
    with ScriptedOpenAI(as_json(made_up)) as server:
        report = generate(store, sid, openai_settings(server))
    assert report["source"] == "llm" and "delivery" not in report["criteria"] and report["speech"] is None


def test_language_report_keeps_the_level_and_corrections_and_labels_estimates(store):
    sid = language_session(store)
    llm = {
        "mode": "language", "overall": 6,
        "cefr": {"level": "B1", "evidence": ["Past tense and reasons with porque."]},
        "criteria": {name: {"score": 6, "evidence": ["ok"]} for name in
                     ("fluency", "grammatical_accuracy", "vocabulary_range", "coherence", "pronunciation")},
        "strengths": [{"point": "Gives reasons.", "quote": "porque el agua era muy caliente"}],
        "improvements": [],
        "recommendations": ["Practise the preterite."],
        "corrections": [{"said": "Yo fui a México", "fix": "Fuimos a México"}],
        "summary": "A solid B1.",
    }
    with ScriptedOpenAI(as_json(llm)) as server:
        report = generate(store, sid, openai_settings(server))
    assert report["source"] == "llm" and report["cefr"] == {**llm["cefr"], "estimate": True}
    assert report["corrections"] == [{"said": "Yo fui a México", "fix": "Fuimos a México"}]
    pronunciation = report["criteria"]["pronunciation"]
    assert pronunciation["estimate"] is True and "speech-recognition confidence" in pronunciation["evidence"][0]


def test_groq_path_uses_the_report_model_and_falls_back_to_json_mode_when_a_schema_is_refused(store):
    sid = interview_session(store)
    settings = Settings(parley_llm="groq", groq_api_key="gsk_test", max_retries=0, request_timeout=5,
                        groq_report_model="llama-report-test")
    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        settings = Settings(**{**settings.__dict__, "groq_base_url": server.groq_base_url})
        server.fail_next(Fault(status=400))  # "This model does not support response format json_schema"
        report = generate(store, sid, settings)
        schema_try, json_mode = server.chat_requests()
        again = generate(store, sid, settings)  # remembered: straight to JSON mode this time
        assert len(server.chat_requests()) == 3
    assert schema_try.path == "/openai/v1/chat/completions" and schema_try.body["model"] == "llama-report-test"
    assert schema_try.body["response_format"]["type"] == "json_schema"
    assert json_mode.body["response_format"] == {"type": "json_object"}
    assert server.requests[-1].body["response_format"] == {"type": "json_object"}
    assert report["source"] == again["source"] == "llm" and report["model"] == "Groq · llama-report-test"


def test_no_answers_means_no_llm_call(store):
    sid = interview_session(store)
    for turn in store.turns(sid):
        if turn["role"] == "user":
            store.delete_turn(turn["id"])
    with ScriptedOpenAI(as_json(interview_llm_report())) as server:
        report = generate(store, sid, openai_settings(server))
        assert server.chat_requests() == []
    assert report["source"] == "offline" and "too little to judge" in report["summary"]
