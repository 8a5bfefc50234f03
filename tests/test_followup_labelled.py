"""The interviewer's follow-ups (core.coach.followup.probe) on the claims sets written blind, counted against the
examiners' labels (tests/labelled_probes.py). The issue's bars: a probe's point is one the answer did not make in
95 % of probes; off-topic answers are asked again; answers with a contradicted point are challenged on it in at
least half of cases; strong answers are only asked for an example or a missing point. Each set is held at its
measured level (docs/claim-checker.md, "Follow-ups"); where a bar is missed the floor says so.
"""
from __future__ import annotations

import pytest

from tests.labelled_probes import measure

pytestmark = [pytest.mark.slow, pytest.mark.judge]

# set: point precision at least, off-topic asked again at least, contradicted challenged at least (counts), strong
# answers probed only for an example or a missing point (all).
FLOORS = {  # claim checker r17 with doubted points challenged too (core.coach.followup.DOUBTED): 15 of 16 probes
    # with a point right, 14 of 14 off-topic asked again, 16 of 43 contradicted challenged; spoken: 13 of 14, 10 of 10,
    # 22 of 32, then 21 when figures said in words were read ("one point two metres"): sd-007's made floor-plan point
    # is confirmed, which lifts its coverage to where a doubted point is no longer challenged. Before DOUBTED: 12 of
    # 13, 14, 14 of 43; spoken 11 of 12 (sd-048 challenged on a point its writer
    # marked made), 10, 20 of 32. Claim checker r14: 9 of 10 probes with a point right (r14 reads a made point of a
    # confident-wrong answer, t4b-biz-10, as contradicted at 0.96), 14 of 14 off-topic asked again, 13 of 43
    # contradicted challenged (bar missed); spoken: 9 of 9, 10 of 10, 18 of 32 (bar missed). r13: 3 of 3, 11 of 14,
    # 9 of 43; spoken 5 of 5, 7 of 10, 14 of 32 (before an answer with no point confirmed was asked again).
    "claims_fourth.json": dict(precision=0.9, off_topic=14, challenged=16),
    "claims_spoken_dev.json": dict(precision=0.9, off_topic=10, challenged=21),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_follow_ups_ask_about_what_the_answer_did_not_make(name):
    floor, got = FLOORS[name], measure(name)
    assert got["point_precision"] >= floor["precision"], got["wrong_points"]
    assert got["off_topic_asked"] >= floor["off_topic"], got
    assert got["contradicted_challenged"] >= floor["challenged"], got
    assert got["strong_ok"] == got["strong"], got


@pytest.mark.parametrize("answer_id", ["w18-027", "w18-040"])
def test_the_challenge_is_about_the_point_most_surely_contradicted(answer_id):
    """Two points read as contradicted (blind test 16, after it was scored): the coach challenges the one the checker
    is surest of, the one the examiner marked, not the first in the bank's order (a point the answer only missed)."""
    import json
    from pathlib import Path

    from core import banks
    from core.coach.assess import assess
    from core.coach.followup import probe

    data = Path(__file__).resolve().parent / "data" / "claims_written_test16.json"
    item = next(a for a in json.loads(data.read_text(encoding="utf-8"))["answers"] if a["id"] == answer_id)
    question = banks.all_questions()[item["question_id"]]
    assert len(assess(item["answer"], question).contradicted) >= 2
    asked = probe(item["answer"], question)
    marked = {p["point"] for p in item["points"] if p["label"] == "contradicted"}
    assert asked.kind == "contradicted" and (asked.point in marked or _quotes_marked(asked, item)), asked


def _quotes_marked(asked, item: dict) -> bool:
    """A challenge of a listed wrong claim (no point named) that quotes a sentence the examiner marked wrong: the
    claim reader names the wrong claim behind a contradicted point, and a listed claim is challenged first."""
    from tests.labelled_claims import quotes_marked

    said = asked.text.split("“")[1].split("”")[0] if "“" in asked.text else ""
    return asked.point is None and quotes_marked(said, item.get("bad_sentences") or [])


@pytest.mark.parametrize("name, answer_id", [("claims_fourth.json", "t4b-biz-08"), ("claims_spoken_dev.json", "sd-033")])
def test_a_point_read_as_likelier_contradicted_than_made_is_challenged(name, answer_id):
    """Below the report's bar for "contradicted", a point the checker reads as more likely contradicted than made
    (DOUBTED) in an answer that confirms under half its points is still challenged, quoting the sentence: a typed
    "the highest IRR always wins, however big or small", a spoken "systems go CA, they drop partition tolerance"."""
    import json
    from pathlib import Path

    from core import banks
    from core.coach.assess import assess
    from core.coach.followup import probe

    data = Path(__file__).resolve().parent / "data" / name
    item = next(a for a in json.loads(data.read_text(encoding="utf-8"))["answers"] if a["id"] == answer_id)
    question = banks.all_questions()[item["question_id"]]
    assert not assess(item["answer"], question).contradicted  # the report does not call it contradicted
    asked = probe(item["answer"], question)
    marked = {p["point"] for p in item["points"] if p["label"] == "contradicted"}
    assert asked.kind == "contradicted" and (asked.point in marked or _quotes_marked(asked, item)), asked
    said = asked.text.split("“")[1].split("”")[0].rstrip(".…")
    assert said[:40] in " ".join(item["answer"].split()), asked.text
