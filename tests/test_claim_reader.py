"""The shipped claim reader (models/claim_reader/): the file is the one its manifest names, continued from the shipped
checker on the data and scripts in this repository; and it is what names a known wrong claim said in other words
(checked.claims_stated): the same network untrained names none, and the shipped checker, never shown a claim it
should read as "not", reads right sentences as saying claims."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from core import banks
from core.judge import checked, checker, claim_reader, meaning
from core.judge.answer import classify, ways

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import continue_checker  # noqa: E402

from tests.labelled_claims import load, quotes_marked  # noqa: E402
from tests.shipped_files import assert_recorded_readings, assert_shipped_files  # noqa: E402
from tests.untrained_model import untrained  # noqa: E402

pytestmark = pytest.mark.judge

# The choice sets chose CLAIM_STATED; the two typed tests beside them were looked at while choosing
# (docs/claim-checker.md).
SETS = ("claims_fourth.json", "claims_spoken_dev.json", "claims_written_test22.json", "claims_written_test23.json")
RIGHT = ("strong", "plain")


def test_the_shipped_file_is_the_one_its_manifest_names():
    manifest = claim_reader.manifest()
    assert_shipped_files(claim_reader.MODEL_DIR, manifest)
    assert manifest["labels"] == list(claim_reader.LABELS)
    parent = json.loads((checker.MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parent_sha256"] == parent["model"]["sha256"]  # continued from the shipped checker
    training = manifest["training"]
    sources = tuple(training["sources"])
    assert "claims" in sources
    # made from the data and scripts in this repository: `make claim-reader` again after changing any of them
    assert manifest["inputs"] == continue_checker.inputs_digest(sources)
    pairs = continue_checker.training_pairs(training["seed"], sources, training["replay"])
    assert manifest["pairs_sha256"] == continue_checker.pairs_digest(pairs)


def _named(name: str) -> dict[str, list[tuple[str, str, bool]]]:
    """Per answer of a labelled set: the claims the reader names, with the sentence and whether it is marked wrong."""
    questions = banks.all_questions()
    out = {}
    for item in load(name):
        bank = questions[item["question_id"]]
        items = bank.get("misconceptions") or []
        real = [s.text for s in classify(item["answer"], bank["question"]) if s.real]
        if not items or not real:
            continue
        passages = meaning.passages(real)
        near = np.vstack([np.max(meaning.passages(ways(m)) @ passages.T, axis=0) for m in items])
        stated = checked.claims_stated([(m["claim"], m["correction"]) for m in items], real, near)
        out[item["id"]] = [(items[k]["claim"], text, quotes_marked(text, item.get("bad_sentences") or []))
                           for k, text in stated]
    return out


def _counts(named: dict, items: dict) -> tuple[int, int, int]:
    """Sentences named that are marked wrong; named that are not; right answers with a claim named."""
    marked = sum(m for found in named.values() for _, _, m in found)
    unmarked = sum(not m for found in named.values() for _, _, m in found)
    accused = sum(bool(found) for key, found in named.items() if items[key]["category"] in RIGHT)
    return marked, unmarked, accused


@pytest.fixture
def restore_reader():
    yield
    claim_reader.use(None)


def test_the_reader_names_wrong_claims_in_wrong_sentences_only_and_an_untrained_one_cannot(tmp_path,
                                                                                           restore_reader):
    items = {a["id"]: a for name in SETS for a in load(name)}
    named = {}
    for name in SETS:
        named |= _named(name)
    marked, unmarked, accused = _counts(named, items)
    assert marked >= 25 and unmarked <= 1 and accused == 0, (marked, unmarked, accused)  # measured: 31, 0, 0
    claim_reader.use(untrained(claim_reader.MODEL_DIR, "checker.onnx", tmp_path / "untrained"))
    untrained_named = {}
    for name in SETS[:2]:
        untrained_named |= _named(name)
    assert _counts(untrained_named, items)[0] < 5


def test_the_checker_itself_reads_right_sentences_as_saying_claims(restore_reader):
    """Why a second file: the shipped checker, read the same way, names claims in right answers."""
    claim_reader.use(checker.MODEL_DIR, recorded=False)
    items = {a["id"]: a for name in SETS for a in load(name)}
    named = {}
    for name in SETS:
        named |= _named(name)
    marked, unmarked, accused = _counts(named, items)
    assert accused > 0 and marked < 25, (marked, unmarked, accused)  # measured: 15, 6, 4


def test_a_wrong_claim_said_in_other_words_is_named_and_the_answer_no_longer_scores_as_strong():
    """A confident-wrong answer of typed test 24 (w28-006): "On those east and west faces a deep horizontal overhang
    does most of the shading work…" (the bank's listed claim: horizontal overhangs work well on east and west faces).
    The judge by meaning did not name it, and the answer scored 8.2 of 10; the claim reader names it (0.99)."""
    from core.feedback import offline_report

    item = next(a for a in load("claims_written_test24.json") if a["id"] == "w28-006")
    question = banks.all_questions()[item["question_id"]]
    report = offline_report([{"question": question["question"], "answer": item["answer"],
                              "question_id": item["question_id"]}], "interview")
    wrong = report["answers"][0]["wrong"]
    assert any("overhang" in w["claim"].lower() and quotes_marked(w["quote"], item["bad_sentences"])
               for w in wrong), wrong
    assert report["overall"] <= 5.0, report["overall"]  # measured: 4.5


READ_AGAIN = 40


def test_the_recorded_readings_are_what_the_shipped_reader_reads():
    """tests/data/labelled_claim_reads.npz (`make vectors`) holds the shipped reader's own readings."""
    from tests.conftest import LABELLED_CLAIM_READS

    assert_recorded_readings(claim_reader, claim_reader.MODEL_DIR / "checker.onnx", LABELLED_CLAIM_READS, 2000,
                             READ_AGAIN, claim_reader.probabilities)


def test_a_sentence_named_as_a_wrong_claim_confirms_no_point(monkeypatch):
    """The sentence that shows a point best, once named as stating a known wrong claim, confirms nothing: the point
    is "I couldn't confirm…" (the reader is stood in for here, so the rule is tested alone)."""
    from core.judge.answer import judge

    bank = banks.all_questions()["fin-technical-02"]
    sentence = "Present value equals the future cash flow divided by one plus the rate, raised to the number of periods."
    answer = ("The time value of money means a pound today is worth more than a pound later, because it can be "
              "invested and because of inflation and risk. " + sentence)
    point = bank["key_points"][1]["point"]
    assert point in judge(bank["question"], answer, bank).covered
    multiply = next(k for k, m in enumerate(bank["misconceptions"]) if "multiply" in m["claim"])
    monkeypatch.setattr(checked, "claims_stated", lambda claims, real, near: [
        (k, sentence) for k, (claim, _) in enumerate(claims) if claim == bank["misconceptions"][multiply]["claim"]])
    judged = judge(bank["question"], answer, bank)
    assert [w.claim for w in judged.wrong] == [bank["misconceptions"][multiply]["claim"]]
    assert point not in judged.covered and point in judged.unconfirmed
