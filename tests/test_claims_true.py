"""Every sentence the offline coach and report say about an answer is true: the cases a new user met.

Each test names one false statement Parley used to make (a wrong sentence quoted as a strength, a point
credited that was never made, an answer to another question credited, a learner's error quoted as good, "Nothing
specific" beside detected errors, a short chat scored above full interviews) and checks it is no longer said.
"""
from __future__ import annotations

import pytest

from core import banks
from core.coach import interview as coach
from core.coach.assess import assess
from core.feedback import offline_report
from core.cefr.grammar_cues import find_errors

pytestmark = pytest.mark.slow  # the embedding model

DCF_WRONG = ("I'd build a DCF: project the free cash flows for five years and then discount it at the risk-free "
             "rate, because that's the cleanest number, around 4 percent today. A higher discount rate gives you a "
             "higher valuation, since it shows the business earns more than the market. Then I'd add a terminal "
             "value with 2 percent growth and sum it all up to get the value of the company.")
HYPOXIA_SPLIT = ("I'd stay calm and reassure them. I'd get them to lie flat and rest. The oxygen can wait for the "
                 "doctor. Then I'd write it all up in the notes.")
RUNBOOKS = ("When I'm on call I keep our runbooks up to date: every alert links to a page with the first three "
            "checks, the dashboards to open and who to page next. After each incident we add what we learned to "
            "the runbook, and I review the pager rota every quarter so nobody is on call two weeks in a row.")


def _question(qid: str) -> dict:
    return banks.all_questions()[qid]


def _report(qid: str, answer: str) -> dict:
    question = _question(qid)
    return offline_report([{"question": question["question"], "answer": answer, "question_id": qid}], "interview")


def test_a_wrong_sentence_is_never_quoted_as_a_strength():
    report = _report("fin-technical-03", DCF_WRONG)
    quotes = " ".join(s["quote"] for s in report["strengths"]).lower()
    assert "risk-free" not in quotes and "higher valuation" not in quotes, report["strengths"]
    answer = report["answers"][0]
    assert not any(p.startswith("Discounts at WACC") for p in answer["covered"]), answer


def test_a_point_never_made_is_not_credited_by_the_coach():
    question = _question("fin-technical-03")
    found = assess(DCF_WRONG, question)
    assert question["key_points"][0]["point"] not in found.covered  # comparables and precedents never named
    reaction = coach.react(found, question, 0)
    assert "you got this part: names the main methods" not in reaction.lower(), reaction


def test_a_listed_claim_said_over_two_sentences_is_caught():
    report = _report("health-technical-05", HYPOXIA_SPLIT)
    answer = report["answers"][0]
    assert answer["wrong"], answer
    assert "lie flat" in answer["wrong"][0]["quote"] and "oxygen can wait" in answer["wrong"][0]["quote"]
    assert not any("Sits the patient up" in point for point in answer["covered"])
    assert all("oxygen" not in s["quote"] and "flat" not in s["quote"] for s in report["strengths"])


def test_an_answer_about_something_else_earns_no_coverage():
    question = _question("cs-general-03")
    report = _report("cs-general-03", RUNBOOKS)
    # The one point this answer does make in its own words: "after each incident we add what we learned to the
    # runbook" shares what they learn with the team (the claim checker r13 reads it so, 0.96). Nothing about keeping
    # skills current is credited, and nothing is praised.
    shared = ["Shares what they learn with the team."]
    assert report["answers"][0]["covered"] in ([], shared) and report["strengths"] == []
    found = assess(RUNBOOKS, question)
    assert found.covered in ([], shared)
    assert "you got this part" not in coach.react(found, question, 0)


URL_ANSWER = ("First the browser checks its cache, then it resolves the domain name through DNS, asking the resolver "
              "which walks from the root servers to the authoritative server. It opens a TCP connection with a "
              "three-way handshake and does a TLS handshake to agree keys. Then it sends the HTTP GET request, the "
              "server returns HTML, and the browser parses it, builds the DOM and CSSOM, runs JavaScript and paints.")


def test_an_answer_to_another_question_is_named_as_off_topic_by_the_report_and_the_coach():
    question = _question("cs-general-03")
    report = _report("cs-general-03", URL_ANSWER)
    answer = report["answers"][0]
    assert answer["covered"] == [] and answer.get("off_topic"), answer
    assert report["strengths"] == []
    reaction = coach.react(assess(URL_ANSWER, question), question, 0)
    assert "something else" in reaction and question["question"] in reaction, reaction


def test_a_spanish_strength_never_quotes_a_sentence_with_a_detected_error():
    answer = ("Si yo tendría más tiempo, viajaría a muchos países para conocer de otros culturas y aprender "
              "idiomas nuevos, porque me encanta hablar con la gente. La problema es que no tengo dinero, pero "
              "ahorro un poco cada mes. Además, cuando viajo, siempre intento probar la comida local y visitar "
              "los mercados, aunque a veces es difícil encontrar tiempo.")
    report = offline_report([{"question": "¿Qué harías si tuvieras más tiempo libre?", "answer": answer}],
                            "language", "es")
    for strength in report["strengths"]:
        assert not find_errors(strength["quote"], "es"), strength
    points = " ".join(i["point"] for i in report["improvements"])
    for error in ("tendría", "otros culturas", "problema"):
        assert error in points, (error, report["improvements"])


def test_improvements_are_never_empty_beside_detected_errors():
    answer = "Yo es estudiante. Me gusta la música y el cine con mis amigos los fines de semana en la ciudad."
    report = offline_report([{"question": "Preséntate.", "answer": answer}], "language", "es")
    assert report["improvements"], report
    assert any("Yo es" in i["point"] for i in report["improvements"])


def test_a_short_chat_scores_no_higher_than_a_short_interview_would():
    turns = [{"question": "How was your weekend?", "answer": "It was good, I went hiking with friends near the lake "
                                                            "and we had a picnic. How about you?"},
             {"question": "Nice! Do you hike often?", "answer": "Yes, most weekends when the weather is fine, it "
                                                               "really helps me relax."}]
    report = offline_report(turns, "chat")
    assert report["overall"] <= 5.0, report["overall"]
