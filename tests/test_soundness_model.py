"""The shipped soundness model (models/soundness/): the file is the one its manifest names, made from the labelled sets
and scripts in this repository, never from the sets that chose its threshold; and it is what lowers the score of a
confident-wrong answer no other check catches: the same network untrained does not."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from core import banks
from core.feedback import interview, offline_report
from core.judge import soundness
from core.text.windows import WINDOW_WORDS, windows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import soundness_data  # noqa: E402

from tests.shipped_files import assert_recorded_readings, assert_shipped_files  # noqa: E402
from tests.untrained_model import untrained  # noqa: E402

pytestmark = pytest.mark.judge
DATA = ROOT / "tests" / "data"


def _answers(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["answers"]


def test_the_shipped_file_is_the_one_its_manifest_names():
    manifest = soundness.manifest()
    assert_shipped_files(soundness.MODEL_DIR, manifest)
    assert manifest["labels"] == list(soundness_data.LABELS)
    # made from the sets and scripts in this repository: retrain (make soundness) after changing any of them
    assert manifest["inputs"] == soundness_data.inputs_digest()
    assert manifest["pairs_sha256"] == soundness_data.pairs_digest(manifest["training"]["seed"])


def test_the_choice_sets_and_later_blind_sets_are_never_trained_on():
    trained = {p.name for p in soundness_data.train_sets()}
    later = {p.name for p in DATA.glob("claims_*_test*.json")
             if int(p.stem.rsplit("test", 1)[1] or 1) > soundness_data.LAST_TRAINED}
    assert not trained & (set(soundness_data.CHOICE_SETS) | later)
    texts = {" ".join(p["text"].split()) for p in soundness_data.training_pairs()}
    for name in sorted(set(soundness_data.CHOICE_SETS) | later):
        for item in _answers(name):
            cut = [" ".join(item["answer"][a:b].split()) for a, b in windows(item["answer"])]
            assert not texts & set(cut), (name, item["id"])


def test_an_answer_is_read_in_overlapping_windows_that_cover_every_word():
    words = [f"w{i}" for i in range(2 * WINDOW_WORDS + 7)]
    text = " ".join(words)
    spans = windows(text)
    assert len(spans) >= 3 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(len(text[a:b].split()) <= WINDOW_WORDS for a, b in spans)
    assert all(b1 > a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))  # each overlaps the next
    assert windows("one run-on answer") == [(0, 17)] and windows("   ") == []


def test_the_recorded_readings_are_what_the_shipped_soundness_model_reads():
    """tests/data/labelled_soundness.npz (`make vectors`) holds the shipped model's own readings of the suite's
    answers: a sample read again alone is identical."""
    from core.judge import checks_file
    from tests.conftest import LABELLED_SOUNDNESS

    def read(pairs):
        return np.stack([soundness._shipped.model.read([pair])[0] for pair in pairs])

    assert checks_file.pairs_in(LABELLED_SOUNDNESS)
    assert_recorded_readings(soundness, soundness.MODEL_DIR / "soundness.onnx", LABELLED_SOUNDNESS, 1000, 50, read)


@pytest.fixture
def restore_model():
    yield
    soundness.use(None)


def _item(name: str, answer_id: str) -> tuple[dict, dict]:
    item = next(a for a in _answers(name) if a["id"] == answer_id)
    return item, banks.all_questions()[item["question_id"]]


def _flagged(names: tuple[str, ...], categories: tuple[str, ...]) -> tuple[int, int]:
    """Answers of these categories the model reads as likely wrong (at least UNSOUND_AT), and how many there are."""
    readings = [soundness.wrong(a["answer"], banks.all_questions()[a["question_id"]])
                for name in names for a in _answers(name) if a["category"] in categories]
    return sum(r >= interview.UNSOUND_AT for r in readings), len(readings)


def test_on_sets_it_never_saw_it_doubts_most_confident_wrong_answers_and_few_right_ones(tmp_path, restore_model):
    """The choice sets (never trained on): most confident-wrong answers read as likely wrong, few strong or plain
    ones; the same network untrained doubts none (its readings sit near one half)."""
    names = soundness_data.CHOICE_SETS
    wrong, wrong_total = _flagged(names, ("confident_wrong",))
    right, right_total = _flagged(names, ("strong", "plain"))
    assert wrong >= 0.6 * wrong_total and right <= 0.05 * right_total, (wrong, wrong_total, right, right_total)
    soundness.use(untrained(soundness.MODEL_DIR, "soundness.onnx", tmp_path / "untrained"))
    assert _flagged(names[:2], ("confident_wrong",))[0] == 0


@pytest.mark.parametrize("set_name, answer_id", [
    ("claims_written_test28.json", "w32-037"),
    ("claims_spoken_test28.json", "s32-056"),
    ("claims_written_test27.json", "w31-049"),
])
def test_a_confident_wrong_answer_no_other_check_catches_scores_low_and_is_told_to_check(
        set_name, answer_id, tmp_path, restore_model):
    """Confident-wrong answers in which no listed wrong claim or contradicted point is found: the model doubts them, so
    they score at most UNSOUND_CAP, quote no strength, and the report asks the user to check the answer, naming no
    sentence. Untrained, the same answers score above that."""
    item, question = _item(set_name, answer_id)
    turn = [{"question": question["question"], "answer": item["answer"], "question_id": item["question_id"]}]
    report = offline_report(turn, "interview")
    found = report["answers"][0]
    assert not found["wrong"] and report["overall"] <= interview.UNSOUND_CAP
    assert not [s for s in report["strengths"] if s.get("quote")]  # nothing of it quoted as done well
    # asked to check the answer: this line (no sentence named), or the line on a sentence near a common mistake
    checks = [i for i in report["improvements"] if i["point"].startswith("Check ")]
    assert checks and all(i["quote"] == "" for i in checks if "can't tell which sentence" in i["point"])
    soundness.use(untrained(soundness.MODEL_DIR, "soundness.onnx", tmp_path / "untrained"))
    again = offline_report(turn, "interview")
    assert again["overall"] > report["overall"]
    assert not [i for i in again["improvements"] if "can't tell which sentence" in i["point"]]


def test_a_doubted_answer_with_nothing_else_named_is_asked_to_check_itself_naming_no_sentence():
    item, question = _item("claims_written_test28.json", "w32-037")
    turn = [{"question": question["question"], "answer": item["answer"], "question_id": item["question_id"]}]
    check = [i for i in offline_report(turn, "interview")["improvements"] if "can't tell which sentence" in i["point"]]
    assert len(check) == 1 and check[0]["quote"] == "" and check[0]["example"] == question["outline"]
