"""The shipped topic model (models/topic/): the file is the one its manifest names, made from the labelled sets and
scripts in this repository, never from the sets that chose its thresholds or check it; and it is what names the
question an off-topic answer answers where closeness by meaning could not: the same network untrained cannot."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from core import banks
from core.feedback import offline_report
from core.judge import meaning, topic, topic_model
from core.judge.answer import classify, judge

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import checker_data  # noqa: E402
import topic_data  # noqa: E402

from tests.labelled_pairs import load as load_pairs  # noqa: E402
from tests.shipped_files import assert_recorded_readings, assert_shipped_files  # noqa: E402
from tests.untrained_model import untrained  # noqa: E402

pytestmark = pytest.mark.judge

# Blind sets the topic model never saw: they check it after its thresholds were chosen
KEPT = topic_data.HELD_OUT + ("claims_written_test8.json", "claims_spoken_test8.json",
                              "claims_written_test9.json", "claims_spoken_test9.json",
                              "claims_written_test12.json", "claims_spoken_test12.json",
                              "claims_written_test13.json", "claims_spoken_test13.json",
                              "claims_written_test14.json", "claims_spoken_test14.json",
                              "claims_written_test15.json", "claims_spoken_test15.json",
                              "claims_written_test16.json", "claims_spoken_test16.json",
                              "claims_written_test17.json", "claims_spoken_test17.json",
                              "claims_written_test18.json", "claims_spoken_test18.json",
                              "claims_written_test19.json", "claims_spoken_test19.json",
                              "claims_written_test20.json", "claims_spoken_test20.json",
                              "claims_written_test21.json", "claims_spoken_test21.json",
                              "claims_written_test22.json", "claims_spoken_test22.json",
                              "claims_written_test23.json", "claims_spoken_test23.json",
                              "claims_written_test24.json", "claims_spoken_test24.json",
                              "claims_written_test25.json", "claims_spoken_test25.json",
                              "claims_written_test26.json", "claims_spoken_test26.json",
                              "claims_written_test27.json", "claims_spoken_test27.json",
                              "claims_written_test28.json", "claims_spoken_test28.json",
                              "claims_written_test29.json", "claims_spoken_test29.json")


def test_the_shipped_file_is_the_one_its_manifest_names():
    manifest = topic_model.manifest()
    assert_shipped_files(topic_model.MODEL_DIR, manifest)
    assert manifest["labels"] == list(topic_data.LABELS) and manifest["unit"] == "question and answer"
    # made from the sets and scripts in this repository: retrain (make topic) after changing any of them
    assert manifest["inputs"] == topic_data.inputs_digest()
    assert manifest["pairs_sha256"] == topic_data.pairs_digest(manifest["training"]["seed"])


def test_the_calibration_and_later_sets_are_never_trained_on():
    trained = {Path(n).name for n in topic_data.TRAIN_SETS}
    kept = set(checker_data.DEV_CLAIMS) | set(KEPT)
    assert not trained & kept
    texts = {" ".join(p["text"].split()) for p in topic_data.training_pairs()}
    for name in sorted(kept):
        answers = json.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))["answers"]
        assert len(answers) >= 60 and not texts & {" ".join(a["answer"].split()) for a in answers}, name
    pairs = [p for f in sorted((ROOT / "tests" / "data").glob("judge_pairs*.json")) for p in load_pairs(f.name)]
    assert len(pairs) > 250 and not texts & {" ".join(str(p.get("strong", "")).split()) for p in pairs}


def _by_model(question: dict, text: str) -> dict | None:
    real = [s.text for s in classify(text, question["question"]) if s.real]
    return topic.by_model(question, text, meaning.passages(real)) if real else None


def _calibration(categories: tuple[str, ...]) -> list[tuple[dict, str]]:
    questions = banks.all_questions()
    out = []
    for name in checker_data.DEV_CLAIMS:
        for item in json.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))["answers"]:
            if item["category"] in categories:
                out.append((questions[item["question_id"]], item["answer"]))
    return out


def _named() -> tuple[int, int]:
    """Off-topic answers of the calibration sets the model names another question for, and right or partly right
    answers (strong, plain, partial) it wrongly does."""
    off = sum(_by_model(q, text) is not None for q, text in _calibration(("off_topic",)))
    right = sum(_by_model(q, text) is not None for q, text in _calibration(("strong", "plain", "partial")))
    return off, right


@pytest.fixture
def restore_model():
    yield
    topic_model.use(None)


def test_the_shipped_model_names_the_question_off_topic_answers_answer_and_an_untrained_one_does_not(
        tmp_path, restore_model):
    off, right = _named()
    assert off >= 15 and right == 0, (off, right)
    topic_model.use(untrained(topic_model.MODEL_DIR, "topic.onnx", tmp_path / "untrained"))
    assert _named()[0] <= 2


def test_strong_answers_in_their_own_words_are_never_called_off_topic_by_the_model():
    """The pair sets' strong answers (265, never trained on) say everything in their own words: the model alone
    doubts some of them; with closeness by meaning as the other half, none is called off topic."""
    questions = banks.all_questions()
    named = []
    for f in sorted((ROOT / "tests" / "data").glob("judge_pairs*.json")):
        for pair in load_pairs(f.name):
            question = questions.get(pair.get("question_id") or "")
            if question and isinstance(pair.get("strong"), str) and _by_model(question, pair["strong"]):
                named.append(pair.get("id"))
    assert named == []


@pytest.mark.parametrize("set_name, answer_id, answered", [
    ("claims_spoken_dev.json", "sd-046", "edu-system_design-02"),  # the first week's plan told to homework policy
    ("claims_fourth.json", "t4-cs-06", "cs-general-06"),  # technical debt told to keeping skills current
    ("claims_fourth.json", "t4-edu-06", "edu-behavioral-02"),  # a hard-to-reach family told to teaching style
])
def test_the_judge_names_the_question_answered_where_closeness_alone_could_not(set_name, answer_id, answered,
                                                                                monkeypatch):
    item = next(a for a in json.loads((ROOT / "tests" / "data" / set_name).read_text(encoding="utf-8"))["answers"]
                if a["id"] == answer_id)
    question = banks.all_questions()[item["question_id"]]
    found = judge(question["question"], item["answer"], question)
    assert found.elsewhere is not None and found.elsewhere["id"] == answered
    assert not [p for p in found.points if p.state == "confirmed"]
    monkeypatch.setattr(topic_model, "available", lambda: False)
    assert judge(question["question"], item["answer"], question).elsewhere is None


READ_AGAIN = 50  # every 50th recorded reading is read again by the model


def test_the_recorded_readings_are_what_the_shipped_topic_model_reads():
    """tests/data/labelled_topic.npz (`make vectors`) holds the shipped model's own readings of the suite's answers: a
    sample read again alone is identical."""
    from tests.conftest import LABELLED_TOPIC

    assert_recorded_readings(topic_model, topic_model.MODEL_DIR / "topic.onnx", LABELLED_TOPIC, 1000, READ_AGAIN,
                             lambda pairs: np.stack([topic_model.answers([q], a) for q, a in pairs])[:, 0], column=1)


@pytest.mark.parametrize("set_name, answer_id", [
    ("claims_written_test9.json", "w11-004"),  # the prepared story of a client who changed the brief
    ("claims_written_test9.json", "w11-023"),  # disagreeing with a teammate, told to another behavioural question
    ("claims_spoken_test9.json", "s11-021"),  # a prepared story of learning something new, said aloud
])
def test_a_doubted_answer_is_credited_nothing_and_told_so(set_name, answer_id, monkeypatch):
    """Three stories told to a sibling question that closeness credited a point each: the model reads another
    question as answered, so nothing is confirmed and the coach says it could not tell how the answer fits."""
    from core.coach.assess import assess
    from core.coach.interview import react

    item = next(a for a in json.loads((ROOT / "tests" / "data" / set_name).read_text(encoding="utf-8"))["answers"]
                if a["id"] == answer_id)
    question = banks.all_questions()[item["question_id"]]
    found = judge(question["question"], item["answer"], question)
    assert found.topic_doubted and found.elsewhere is None and not found.covered
    evidence = assess(item["answer"], question)
    assert "couldn't tell how that answers the question" in react(evidence, question, 0)
    turn = [{"question": question["question"], "answer": item["answer"], "question_id": item["question_id"]}]
    doubted = offline_report(turn, "interview")["overall"]
    assert doubted <= 4.0  # nothing confirmed: little content, whatever the polish (these stories scored 5-7)
    if answer_id in CREDITED_WITHOUT_TOPIC:
        monkeypatch.setattr(topic_model, "available", lambda: False)
        assert judge(question["question"], item["answer"], question).covered
        assert offline_report(turn, "interview")["overall"] > doubted


# Of the three, the one the claim checker (r17) still credits a point of when the topic model is off: r14 credited
# all three, r17 credits w11-023 and s11-021 nothing on its own.
CREDITED_WITHOUT_TOPIC = {"w11-004"}


@pytest.mark.parametrize("set_name, answer_id", [
    ("claims_written_test7.json", "w9-013"),  # a feedback story told to the competing-deadlines question
    ("claims_written_test8.json", "w10-037"),  # a story told to the initiative-that-fell-short question
])
def test_a_story_told_to_a_sibling_question_is_not_quoted_as_a_strength(set_name, answer_id, monkeypatch):
    """Stories the model reads 0.7-0.9 likely as answering another question of the domain: doubted, so their
    "result" and "lesson" points are not credited and no sentence of them is quoted as a strength. Asking for 0.9
    (the threshold before) credited them and quoted one ("Backed the story in … with a measurable result")."""
    item = next(a for a in json.loads((ROOT / "tests" / "data" / set_name).read_text(encoding="utf-8"))["answers"]
                if a["id"] == answer_id)
    question = banks.all_questions()[item["question_id"]]
    turn = [{"question": question["question"], "answer": item["answer"], "question_id": item["question_id"]}]
    report = offline_report(turn, "interview")
    assert report["answers"][0]["covered"] == [] and not [s for s in report["strengths"] if s.get("quote")]
    monkeypatch.setattr(topic, "SURE", 0.9)
    before = offline_report(turn, "interview")
    assert before["answers"][0]["covered"] and [s for s in before["strengths"] if s.get("quote")]


def test_the_doubt_step_spares_the_strong_answers_in_their_own_words():
    """Below 0.05 alone the model doubted 22 of the pair sets' 265 strong answers; asking for another question read
    at least SURE likely keeps that to the 5 measured when the threshold was chosen (the pair sets rank as they did
    with 2)."""
    questions = banks.all_questions()
    doubted = []
    for f in sorted((ROOT / "tests" / "data").glob("judge_pairs*.json")):
        for pair in load_pairs(f.name):
            question = questions.get(pair.get("question_id") or "")
            if question and isinstance(pair.get("strong"), str) and topic.doubted(question, pair["strong"]):
                doubted.append(pair.get("id"))
    assert len(doubted) <= 5, doubted
