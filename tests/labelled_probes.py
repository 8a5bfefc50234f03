"""The interviewer's follow-ups (core.coach.followup.probe) counted against the claims sets' labels.

A probe about a point is right when the answer did not make that point (the examiner marked it not made or
contradicted: the issue's bar); a "contradicted" probe is also counted apart for landing on a point the examiner
marked contradicted. Off-topic answers should be asked again; answers with a contradicted point should be
challenged on it; strong answers should only be asked for an example or a missing point.
"""
from __future__ import annotations

from core import banks
from core.coach.followup import probe
from tests.labelled_claims import load


def measure(name: str) -> dict:
    bank = banks.all_questions()
    c = {"probes": 0, "with_point": 0, "point_not_made": 0, "challenges": 0, "challenges_on_contradicted": 0,
         "off_topic": 0, "off_topic_asked": 0,
         "contradicted": 0, "contradicted_challenged": 0, "strong": 0, "strong_ok": 0}
    wrong_points = []
    for item in load(name):
        labels = {p["point"]: p["label"] for p in item["points"]}
        asked = probe(item["answer"], bank[item["question_id"]])
        if asked is not None:
            c["probes"] += 1
            if asked.point is not None:
                c["with_point"] += 1
                fine = labels.get(asked.point) in ("not_made", "contradicted")
                c["point_not_made"] += fine
                if asked.kind == "contradicted":
                    c["challenges"] += 1
                    c["challenges_on_contradicted"] += labels.get(asked.point) == "contradicted"
                if not fine:
                    wrong_points.append((item["id"], asked.kind, asked.point[:60]))
        if item["category"] == "off_topic":
            c["off_topic"] += 1
            c["off_topic_asked"] += bool(asked and asked.kind == "off_topic")
        contradicted = [p for p, label in labels.items() if label == "contradicted"]
        if contradicted and item["category"] != "off_topic":
            c["contradicted"] += 1
            c["contradicted_challenged"] += bool(asked and asked.kind == "contradicted"
                                                 and (asked.point in contradicted or asked.point is None))
        if item["category"] == "strong":
            c["strong"] += 1
            c["strong_ok"] += asked is None or asked.kind in ("example", "missing")
    return {**c, "point_precision": round(c["point_not_made"] / max(1, c["with_point"]), 3),
            "wrong_points": wrong_points}
