"""The claims sets (tests/data/claims_*.json, written blind): what the report and the coach say about each answer,
counted against an examiner's point-by-point labels (tests/labelled_claims.py).

The first set was frozen before the judge was tuned on it; the second and third were each scored once after the
changes before them and then looked at too; the fourth was written by two more examiners while the last change was
made and scored once after it: the honest estimate.
Since the claim checker (docs/claim-checker.md) the first three are its training data, so they are no longer
scored here (their figures would estimate nothing); the fourth chose its thresholds and is held at the floors
the judge by meaning alone reached (the checker exceeds them: docs/claim-checker.md).
Each set is held at its measured result (docs/judging.md has the table and the issue's bars); FLOORS shows where
a bar is missed (contradicted points credited above 0, strengths quoting a marked sentence, a plain answer accused
on the fourth set, the score gap below 2.5 on the second and third, precision below 95 % on all but the first).
"""
from __future__ import annotations

import pytest

from tests.labelled_claims import load, measure

pytestmark = [pytest.mark.slow, pytest.mark.judge]

# set: precision of "covered" (report and coach) at least, recall on strong and plain answers at least, contradicted
# points credited at most, strength quoting a marked sentence at most, strong/plain answers accused at most,
# strong-minus-confident-wrong mean score at least.
FLOORS = {  # the first three sets are the claim checker's training data now: held in docs, not here. With the claim
    # checker r17 at its thresholds (precision first, chosen on this set, the spoken one and tests 7-9 together):
    # 98.8 %, recall 63.9 %, 2 contradicted credited, no bad strength, none accused, gap 4.36, 6 doubts. r17 buys
    # precision and half the contradicted credits with recall here (on tests 13-15, never looked at while choosing,
    # its recall rose on four of six sets). With r14 at its thresholds: 97.2 %, recall 73.4 %, 4 contradicted credited, no bad strength
    # (2 before a strength's replacement quote had to pass the strength's own rules), none accused, gap 4.09, 6 doubts
    # (r13: 96.5 %, 71.5 %, 7 contradicted credited, gap 3.67; r12: 96.1 %, 69.6 %; r11: 95.9 %, 53.8 %).
    # With the sentence veto (checked.SENTENCE_VETO 0.90): recall 63.9 -> 62.0 % here, nothing else moved; on the
    # eight choice sets together contradicted points credited 13 -> 7 (docs/claim-checker.md).
    # With the claim reader (checked.claims_stated) one sentence the report asked the user to check is named as the
    # listed wrong claim it states, so 6 doubts became 5 and confident-wrong answers caught 12 -> 13 of 28.
    "claims_fourth.json": dict(precision=0.98, recall=0.62, contradicted=2, bad_strengths=0, accused=0, gap=4.0,
                               doubts=5),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_what_the_coach_and_report_claim_is_true(name):
    items = load(name)
    assert len(items) >= 120 and len({i["category"] for i in items}) == 8
    floor, got = FLOORS[name], measure(name)
    assert got["report_precision"] >= floor["precision"] and got["coach_precision"] >= floor["precision"], got
    assert got["recall_right"] >= floor["recall"], got
    assert got["contradicted_credited"] <= floor["contradicted"], got["problems"]
    assert got["bad_strengths"] <= floor["bad_strengths"], got["problems"].get("bad_strengths")
    assert got["right_accused"] <= floor["accused"], got["problems"].get("right_accused")
    assert got["gap_strong_vs_confident_wrong"] >= floor["gap"], got["mean_score"]
    # A sentence the report asks the user to check is one the examiner marked wrong (three in four at least: 8 of 8
    # and 10 of 13, the rest in confident-wrong answers), and never one in a strong or plain answer.
    assert got["doubts"] >= floor["doubts"] and got["doubts_marked"] >= 0.75 * got["doubts"], \
        got["problems"].get("doubt_unmarked")
    assert got["doubts_on_right"] == 0, got["problems"].get("doubt_unmarked")


def test_a_coverage_strength_quotes_the_sentence_read_surest():
    """A mixed answer of typed test 9 (w11-017) makes four of five points, and its first sentence also says something
    the examiner marked wrong. The "Covered 4 of 5" strength quotes the covered point's sentence the checker reads
    surest on its own, not the first in the bank's order, which was that marked sentence."""
    from core import banks
    from core.feedback import offline_report
    from tests.labelled_claims import quotes_marked

    item = next(a for a in load("claims_written_test9.json") if a["id"] == "w11-017")
    question = banks.all_questions()[item["question_id"]]
    report = offline_report([{"question": question["question"], "answer": item["answer"],
                              "question_id": item["question_id"]}], "interview")
    covered = [s for s in report["strengths"] if s["point"].startswith("Covered ")]
    assert covered and covered[0]["quote"], report["strengths"]
    assert not quotes_marked(covered[0]["quote"], item["bad_sentences"]), covered[0]["quote"]


def test_a_sentence_that_makes_one_point_and_contradicts_another_is_not_praised():
    """A mixed answer of typed test 24 (w28-023): "I didn't want to roll back blindly, so I kept the new version
    running while I reproduced the issue…" shows the systematic diagnosis and contradicts separating mitigation from
    the fix (read alone, 0.76 likely a contradiction of it). The story's result strength quoted it; a sentence read
    alone as more likely than not contradicting a point it does not confirm is never quoted (checked.AT_ODDS)."""
    from core import banks
    from core.feedback import offline_report
    from tests.labelled_claims import quotes_marked

    item = next(a for a in load("claims_written_test24.json") if a["id"] == "w28-023")
    question = banks.all_questions()[item["question_id"]]
    report = offline_report([{"question": question["question"], "answer": item["answer"],
                              "question_id": item["question_id"]}], "interview")
    quoted = [s["quote"] for s in report["strengths"] if s.get("quote")]
    assert not [q for q in quoted if quotes_marked(q, item["bad_sentences"])], quoted


def test_a_wrong_figure_said_in_the_points_words_is_neither_credited_nor_praised():
    """A mixed answer of typed test 25 (w29-007): "the ADA allows a slope of up to 1 in 8" (the maximum is 1 in 12).
    The claim checker read it as showing the ramp point (0.99), so the point was covered and the sentence quoted as
    a strength. A point whose figure the answer states only otherwise is not confirmed (other_figures_only)."""
    from core import banks
    from core.feedback import offline_report
    from tests.labelled_claims import quotes_marked

    item = next(a for a in load("claims_written_test25.json") if a["id"] == "w29-007")
    question = banks.all_questions()[item["question_id"]]
    report = offline_report([{"question": question["question"], "answer": item["answer"],
                              "question_id": item["question_id"]}], "interview")
    ramp = next(p["point"] for p in item["points"] if p["label"] == "contradicted")
    assert ramp not in report["answers"][0]["covered"], report["answers"][0]["covered"]
    quoted = [s["quote"] for s in report["strengths"] if s.get("quote")]
    assert not [q for q in quoted if quotes_marked(q, item["bad_sentences"])], quoted
