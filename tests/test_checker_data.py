"""The claim checker's training data (scripts/checker_data.py): every blind-written sentence names a real
statement, and no set used to choose thresholds or to score is ever among the training pairs."""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import checker_data  # noqa: E402

from core import banks  # noqa: E402
from core.judge import answer as judge_answer  # noqa: E402
from core.judge import checked, checker  # noqa: E402

# Blind sets written after the shipped checker was trained: scored once, and like TEST_CLAIMS never training pairs
LATER_TESTS = ("claims_written_test7.json", "claims_spoken_test7.json",
               "claims_written_test8.json", "claims_spoken_test8.json",
               "claims_written_test9.json", "claims_spoken_test9.json",
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


def test_every_written_sentence_names_a_statement_of_its_question():
    bank = checker_data.bank()
    rows = checker_data.written_rows()
    assert len(rows) >= 12000
    assert all(checker_data.statement(bank[r["qid"]], r["target"]) for r in rows)
    covered = {(r["qid"], r["target"]) for r in rows}
    points = {(q["id"], f"kp:{i}") for q in bank.values() for i in range(len(q["key_points"]))}
    assert points <= covered  # every key point of the 168 questions has its sentences


def test_held_out_answers_are_never_training_pairs():
    pairs = checker_data.training_pairs(13)
    labels = collections.Counter(p["label"] for p in pairs)
    assert min(labels.values()) > 0.2 * len(pairs)  # contradictions are not a rare class (9 % in the first probe)
    held = set()
    for name in checker_data.DEV_CLAIMS + checker_data.TEST_CLAIMS + LATER_TESTS:
        held |= {" ".join(a["answer"].split()) for a in json.loads((ROOT / "tests" / "data" / name).read_text(
            encoding="utf-8"))["answers"]}
    assert len(held) >= 140 + 84 + 180 + 132 + 132 + 144 + 288 + 144 * 15
    for path in sorted((ROOT / "tests" / "data" / "held").glob("claims_*.json")):  # written for scoring, unread
        held |= {" ".join(a["answer"].split()) for a in json.loads(path.read_text(encoding="utf-8"))["answers"]}
    texts = {" ".join(p["text"].split()) for p in pairs}
    assert not texts & held
    assert not any(h in t for t in texts for h in held)  # no held answer inside a composed one
    # nor a training text of several sentences inside a held answer (one sentence may coincide: "MEDDICC stands
    # for…" opens a helper's sentence and an examiner's answer alike)
    assert not any(t in h for t in texts for h in held if t.count(". ") >= 1)
    assert {p["source"] for p in pairs} == {"written", "bank", "composed"} | set(checker_data.CHECKER_TRAIN)
    assert not set(checker_data.CHECKER_TRAIN) & set(checker_data.DEV_CLAIMS + checker_data.TEST_CLAIMS + LATER_TESTS)


def test_composed_answers_label_each_point_from_the_sentences_in_them():
    bank = checker_data.bank()
    sentences = {(r["qid"], r["text"].strip()): r for r in checker_data.written_rows()}
    composed = [p for p in checker_data.composed_pairs(13) if p["kind"] != "off_topic"]
    assert len(composed) > 2000
    for pair in composed[:400]:
        q = bank[pair["qid"]]
        index = [p["point"] for p in q["key_points"]].index(pair["statement"])
        inside = [r for (qid, text), r in sentences.items() if qid == pair["qid"] and text in pair["text"]
                  and r["target"] == f"kp:{index}"]
        assert pair["label"] == (inside[0]["label"] if inside else "not"), pair


def test_the_checker_path_maps_probabilities_to_claims(monkeypatch):
    """With a checker present, its reading of the whole answer decides each point's state, and a strength may
    quote only a sentence the checker is sure of on its own."""
    question = banks.all_questions()["fin-technical-04"]
    points = [p["point"] for p in question["key_points"]]
    answer = ("When market rates go up, a bond's price falls, since its fixed payments are now worth less. "
              "Honestly the shorter bonds are the riskiest ones, they move the most when rates change.")

    def fake(pairs):
        out = np.tile(np.array([0.9, 0.05, 0.05], dtype=np.float32), (len(pairs), 1))
        for i, (statement, text) in enumerate(pairs):
            whole = text == answer
            if statement == points[0] and "fixed payments" in text:
                out[i] = (0.01, 0.98, 0.01)
            if statement == points[1] and whole:
                out[i] = (0.25, 0.7, 0.05)
            if statement == points[2] and "shorter bonds" in text:
                out[i] = (0.01, 0.02, 0.97)
        return out

    monkeypatch.setattr(checker, "available", lambda: True)
    monkeypatch.setattr(checker, "probabilities", fake)
    judged = judge_answer.judge(question["question"], answer, question)
    states = {p.point: p.state for p in judged.points}
    assert judged.method == "checker"
    assert states[points[0]] == "confirmed" and states[points[1]] == "unconfirmed"
    assert states[points[2]] == "contradicted" and states[points[3]] != "confirmed"
    right = "When market rates go up, a bond's price falls, since its fixed payments are now worth less."
    assert judged.confirms(right) and judged.quotable(right)  # a point with no sentence to quote marks none
    assert not judged.quotable("Honestly the shorter bonds are the riskiest ones, they move the most when rates change.")


def test_the_checker_and_the_judge_by_meaning_decide_together():
    seen = lambda shows, contradicts: checked.Checked(shows, "a", contradicts, "b", shows)  # noqa: E731
    assert checked.decide("missing", seen(0.98, 0.01)) == "confirmed"  # the checker alone, sure
    assert checked.decide("missing", seen(0.96, 0.01)) == "unconfirmed"  # the checker alone, leaning
    assert checked.decide("confirmed", seen(0.75, 0.01)) == "confirmed"  # both lean the same way
    assert checked.decide("confirmed", seen(0.6, 0.01)) == "unconfirmed"  # the checker doubts the judge
    assert checked.decide("confirmed", seen(0.98, 0.1)) == "unconfirmed"  # a contradiction 1 in 10 likely vetoes
    assert checked.decide("missing", seen(0.1, 0.92)) == "contradicted"
    assert checked.decide("missing", seen(0.1, 0.85)) == "missing"  # likely, not sure: never said
    assert checked.decide("contradicted", seen(0.1, 0.35)) == "contradicted"
    assert checked.decide("contradicted", seen(0.1, 0.2)) == "missing"
    # sure over the whole answer, but one of its sentences read alone contradicts the point: never "covered"
    alone = checked.Checked(0.99, "a", 0.01, "b", 0.99, quote_contradicts=0.93)
    assert checked.decide("confirmed", alone) == "unconfirmed"
    alone.quote_contradicts = 0.5
    assert checked.decide("confirmed", alone) == "confirmed"


def test_a_long_answer_is_read_in_overlapping_parts():
    sentences = [f"Sentence {i} says " + "word " * 30 for i in range(8)]
    parts = checked.parts(sentences)
    assert len(parts) > 1 and all(len(p.split()) <= checked.PART_WORDS + 40 for p in parts)
    assert all(s in " ".join(parts) for s in sentences)
    assert checked.parts(sentences[:2]) == [" ".join(sentences[:2])]


def test_every_misconception_has_its_near_corrections():
    """data/checker/near: three right sentences in the claim's words, the claim restated, and neither, for every
    known wrong claim of the banks, each naming a real misconception (scripts/checker_near.py)."""
    import checker_near

    bank = checker_data.bank()
    rows = checker_near.rows()
    by_claim = collections.defaultdict(list)
    for r in rows:
        by_claim[(r["qid"], int(r["mc"]))].append(r["label"])
    wanted = {(q["id"], j) for q in bank.values() for j in range(len(q.get("misconceptions") or []))}
    assert set(by_claim) == wanted
    assert all(sorted(labels) == ["claim", "correction", "correction", "correction", "neither"]
               for labels in by_claim.values())
    pairs = checker_near.near_pairs(bank)
    assert len(pairs) == 2 * len(rows)
    corrections = [p for p in pairs if p["kind"].startswith("correction:")]
    assert {p["label"] for p in corrections if p["statement"] in {m["claim"] for q in bank.values()
                                                                   for m in q.get("misconceptions") or []}} == \
        {"contradicts"}


CONTRAST = ROOT / "data" / "checker" / "contrast"
CONTRAST_KINDS = [("contradicts", "denial"), ("not", "beside"), ("shows", "contrast"), ("shows", "negation")]


def test_every_key_point_has_its_negations_and_contrasts():
    """data/checker/contrast (brief: data/checker/contrast_brief.md), written blind for the checker's errors on the
    banks' own answers (bench/bank_answers.py): for every key point of the banks, a right sentence with a negation,
    a right one contrasting it with another thing, a denial and a sentence beside it, half typed, half spoken. Not
    trained on as the `contrast` source (scripts/checker_contrast.py): one pair per sentence, against its key point."""
    import checker_contrast

    bank = checker_data.bank()
    by_point = collections.defaultdict(list)
    for path in sorted(CONTRAST.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert row["style"] in ("written", "spoken") and 0 < len(row["text"].split()) <= 60, row
            by_point[(row["qid"], row["kp"])].append((row["label"], row["kind"]))
    assert set(by_point) == {(q["id"], i) for q in bank.values() for i in range(len(q["key_points"]))}
    assert all(sorted(kinds) == CONTRAST_KINDS for kinds in by_point.values())
    pairs = checker_contrast.contrast_pairs(bank)
    assert len(pairs) == sum(len(kinds) for kinds in by_point.values())
    assert all(p["statement"] == bank[p["qid"]]["key_points"][kp]["point"] and p["label"] == label
               for p, (qid, kp, label) in zip(pairs, [(r["qid"], int(r["kp"]), r["label"])
                                                      for r in checker_contrast.rows()]))


VALUES_KINDS = [("contradicts", "reversed", None), ("contradicts", "wrong_value", "spoken"),
                ("contradicts", "wrong_value", "written"), ("shows", "embedded", None), ("shows", "exact", "spoken"),
                ("shows", "exact", "written")]


@pytest.mark.parametrize("folder", ["values", "values2"])
def test_every_key_point_has_its_twins_that_differ_in_one_specific(folder):
    """data/checker/values (brief: data/checker/values_brief.md), written blind for the checker's errors on blind
    claims test 22 (right words, one wrong number): for every key point of the banks, the point made with its
    specific right and a twin with it wrong, typed and spoken; the point reversed, and made right, after a sentence
    on another part of the question, one typed and one spoken; data/checker/values2 is a second round by other
    helpers. The `values` sources (scripts/checker_values.py): one pair per text, against its key point, but for
    the wrong twins of a story's "states the outcome" point (a bad outcome still states one)."""
    import checker_values

    VALUES = ROOT / "data" / "checker" / folder
    bank = checker_data.bank()
    by_point = collections.defaultdict(list)
    for path in sorted(VALUES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert row["style"] in ("written", "spoken") and 0 < len(row["text"].split()) <= 90, row
            by_point[(row["qid"], row["kp"])].append((row["label"], row["kind"], row["style"]))
    assert set(by_point) == {(q["id"], i) for q in bank.values() for i in range(len(q["key_points"]))}
    for kinds in by_point.values():
        assert sorted((label, kind, style if kind in ("exact", "wrong_value") else None)
                      for label, kind, style in kinds) == VALUES_KINDS, kinds
        assert {style for _, kind, style in kinds if kind in ("reversed", "embedded")} == {"written", "spoken"}
    pairs = checker_values.values_pairs(bank, VALUES)
    kept = [(r["qid"], int(r["kp"]), r["label"]) for r in checker_values.rows(VALUES)
            if not (r["label"] == "contradicts" and checker_values.outcome_point(
                bank[r["qid"]], bank[r["qid"]]["key_points"][int(r["kp"])]["point"]))]
    assert 0 < len(pairs) == len(kept) < sum(len(kinds) for kinds in by_point.values())
    assert all(p["statement"] == bank[p["qid"]]["key_points"][kp]["point"] and p["label"] == label
               for p, (qid, kp, label) in zip(pairs, kept))
    outcome = bank["biz-behavioral-01"]["key_points"][2]["point"]  # "Shares a measurable result."
    assert {p["label"] for p in pairs if p["statement"] == outcome} == {"shows"}
    assert {p["label"] for p in pairs if p["qid"] == "biz-technical-02"} == {"shows", "contradicts"}
    # ...and each one-point text against another key point of its question, as not showing it
    cross = checker_values.cross_pairs(bank, VALUES)
    own = {(r["qid"], r["text"]): bank[r["qid"]]["key_points"][int(r["kp"])]["point"]
           for r in checker_values.rows(VALUES)}
    assert len(cross) == sum(r["kind"] in ("exact", "wrong_value") for r in checker_values.rows(VALUES))
    assert all(p["label"] == "not" and p["statement"] != own[(p["qid"], p["text"])] for p in cross)
