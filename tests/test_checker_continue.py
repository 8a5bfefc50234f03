"""Continuing the shipped claim checker (scripts/continue_checker.py): its weights read back from the int8 file as the
network they came from, and the new pairs are labelled as their sources say and never come from a set that chooses
thresholds or waits to be scored."""
from __future__ import annotations

import collections
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import checker_data  # noqa: E402
import checker_warm  # noqa: E402
import continue_checker  # noqa: E402

from core.judge import checker  # noqa: E402


def _bert_shapes(layers: int = 6, hidden: int = 384, inner: int = 1536, vocab: int = 30522) -> dict[str, tuple]:
    shapes = {"bert.embeddings.word_embeddings.weight": (vocab, hidden),
              "bert.embeddings.position_embeddings.weight": (512, hidden),
              "bert.embeddings.token_type_embeddings.weight": (2, hidden),
              "bert.embeddings.LayerNorm.weight": (hidden,), "bert.embeddings.LayerNorm.bias": (hidden,),
              "bert.pooler.dense.weight": (hidden, hidden), "bert.pooler.dense.bias": (hidden,),
              "classifier.weight": (3, hidden), "classifier.bias": (3,)}
    for i in range(layers):
        at = f"bert.encoder.layer.{i}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            shapes[at + name + ".weight"], shapes[at + name + ".bias"] = (hidden, hidden), (hidden,)
        shapes[at + "intermediate.dense.weight"], shapes[at + "intermediate.dense.bias"] = (inner, hidden), (inner,)
        shapes[at + "output.dense.weight"], shapes[at + "output.dense.bias"] = (hidden, inner), (hidden,)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[at + norm + ".weight"], shapes[at + norm + ".bias"] = (hidden,), (hidden,)
    return shapes


@pytest.mark.parametrize("model_dir", ["checker", "claim_reader"])  # one scale per tensor, one per output channel
def test_the_shipped_file_reads_back_as_every_weight_of_its_network(model_dir):
    weights = checker_warm.state_dict(ROOT / "models" / model_dir / "checker.onnx")
    assert {name: tuple(w.shape) for name, w in weights.items()} == _bert_shapes()
    # int8 values times a scale: a weight matrix keeps its spread (a mapping onto the wrong tensor, or the scale
    # left out, would not)
    query = weights["bert.encoder.layer.0.attention.self.query.weight"]
    assert 0.01 < float(query.std()) < 0.2 and len(set(query.ravel().tolist())) > 100


def test_a_composed_confident_wrong_answer_contradicts_one_point_among_shown_ones():
    pairs = continue_checker.among_pairs(13)
    answers = collections.defaultdict(list)
    for p in pairs:
        answers[(p["qid"], p["text"])].append(p)
    assert len(answers) > 500
    questions = checker_data.bank()
    wrong_texts = {r["text"].strip() for r in checker_data.written_rows() if r["label"] == "contradicts"}
    for (qid, text), rows in answers.items():
        labels = collections.Counter(p["label"] for p in rows)
        assert labels["contradicts"] == 1 and 2 <= labels["shows"] <= 3, (qid, labels)
        assert len(rows) == len(questions[qid]["key_points"])
        assert any(w in text for w in wrong_texts)


def test_later_sets_are_scored_tests_never_choice_held_or_newest():
    later = set(continue_checker.LATER_CLAIMS)
    held = {p.name for p in (ROOT / "tests" / "data" / "held").glob("claims_*.json")}
    newest = {"claims_written_test22.json", "claims_spoken_test22.json",
              "claims_written_test23.json", "claims_spoken_test23.json",
              "claims_written_test24.json", "claims_spoken_test24.json",
              "claims_written_test25.json", "claims_spoken_test25.json",
              "claims_written_test26.json", "claims_spoken_test26.json",
              "claims_written_test27.json", "claims_spoken_test27.json",
              "claims_written_test28.json", "claims_spoken_test28.json",
              "claims_written_test29.json", "claims_spoken_test29.json"}
    assert not later & (set(checker_data.DEV_CLAIMS) | set(checker_data.TEST_CLAIMS) | held | newest)
    assert not later & {Path(n).name for n in checker_data.CHECKER_TRAIN}  # new to the checker
    assert all((ROOT / "tests" / "data" / n).exists() for n in later)


def test_a_known_wrong_claim_is_read_against_sentences_that_state_it_correct_it_and_do_neither():
    import checker_claim_reading

    pairs = checker_claim_reading.claim_pairs(checker_data.bank())
    claims = {m["claim"] for q in checker_data.bank().values() for m in q.get("misconceptions") or []}
    by_claim = collections.defaultdict(collections.Counter)
    for p in pairs:
        by_claim[p["statement"]][p["label"]] += 1
    assert set(by_claim) <= claims and len(by_claim) > 0.9 * len(claims)
    assert sum(c["not"] > 0 and c["shows"] > 0 for c in by_claim.values()) > 0.9 * len(by_claim)
    # a sentence written to state the claim's correction is never "not"
    corrections = {r["text"] for r in checker_data.written_rows()
                   if str(r["target"]).startswith("mc:") and r["label"] == "shows"}
    assert not [p for p in pairs if p["label"] == "not" and p["kind"] == "not:beside_claim" and p["text"] in corrections]


def test_every_known_wrong_claim_is_denied_and_stated_through_a_not():
    import checker_negated

    questions = checker_data.bank()
    claims = {(qid, j) for qid, q in questions.items() for j, _ in enumerate(q.get("misconceptions") or [])}
    kinds = collections.defaultdict(set)
    for row in checker_negated.rows():
        kinds[(row["qid"], row["mc"])].add((row["kind"], row["label"]))
    assert set(kinds) <= claims and len(kinds) > 0.95 * len(claims)
    whole = {("denies", "contradicts"), ("rejects_mention", "contradicts"), ("did_opposite", "contradicts"),
             ("states_with_not", "shows")}
    assert sum(k >= whole for k in kinds.values()) > 0.95 * len(kinds)
    pairs = checker_negated.negated_pairs(questions)
    corrections = {m["correction"] for q in questions.values() for m in q.get("misconceptions") or []}
    # a claim stated through a "not" contradicts its correction; a denial is never paired with the correction
    assert {p["label"] for p in pairs if p["statement"] in corrections} == {"contradicts"}
    assert all(p["kind"] == "states_with_not" for p in pairs if p["statement"] in corrections)


@pytest.mark.parametrize("sources", [("later",), ("among",), ("values",), ("values2",), ("bank",), ("claims",)])
def test_new_pairs_have_known_labels(sources):
    pairs = continue_checker.new_pairs(13, sources)
    assert pairs and {p["label"] for p in pairs} <= set(checker_data.LABELS) and {"shows", "contradicts"} <= {
        p["label"] for p in pairs}
