"""Labelled claims sets (tests/data/claims_*.json): every key point of an answer labelled made, not made or
contradicted, and every wrong or off-topic sentence marked, by an examiner who never saw the judge.

`measure(name)` puts each answer through the report and the coach's judgement and counts what they claim
against the labels: the precision of "covered", contradicted points credited, strengths quoting a marked
sentence, right answers accused, sentences the report asks the user to check ("close to a common mistake") and
whether the examiner marked them, the score gap between strong and confident-wrong answers.
"""
from __future__ import annotations

import collections
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
RIGHT = ("strong", "plain")


def load(name: str) -> list[dict]:
    path = Path(name) if Path(name).is_absolute() else DATA / name
    return json.loads(path.read_text(encoding="utf-8"))["answers"]


def _key(text: str) -> str:
    return " ".join(str(text or "").lower().replace("…", " ").split())


def quotes_marked(quote: str, marked: list[str]) -> bool:
    """Whether a quoted stretch shares a sentence with a marked one (a quote may be cut with "…")."""
    parts = [p for p in (_key(x) for x in str(quote).split("…")) if len(p) >= 12]
    return any(p in _key(m) or _key(m) in p for p in parts for m in marked)


def measure(name: str) -> dict:
    """Counts for one set: totals, and per category: credited (covered) points and how many were made."""
    from core import banks
    from core.coach.assess import assess
    from core.feedback import offline_report

    bank = banks.all_questions()
    by_cat: dict[str, dict] = collections.defaultdict(lambda: collections.Counter())
    scores: dict[str, list[float]] = collections.defaultdict(list)
    problems: dict[str, list] = collections.defaultdict(list)
    for item in load(name):
        question = bank[item["question_id"]]
        labels = {p["point"]: p["label"] for p in item["points"]}
        report = offline_report([{"question": question["question"], "answer": item["answer"],
                                  "question_id": item["question_id"]}], "interview")
        answer = report["answers"][0]
        coach = assess(item["answer"], question)
        c = by_cat[item["category"]]
        for where, covered in (("report", answer["covered"]), ("coach", coach.covered)):
            c[f"{where}_credited"] += len(covered)
            c[f"{where}_credited_made"] += sum(labels.get(p) == "made" for p in covered)
            for p in covered:
                if labels.get(p) != "made":
                    problems[f"{where}_false_credit"].append((item["id"], labels.get(p), p[:60]))
        c["made"] += sum(v == "made" for v in labels.values())
        c["contradicted_credited"] += sum(labels.get(p) == "contradicted" for p in answer["covered"])
        c["answers"] += 1
        c["caught"] += bool(answer["wrong"] or answer.get("contradicted") or answer.get("off_topic"))
        if item["category"] in RIGHT and answer["wrong"]:
            c["right_accused"] += 1
            problems["right_accused"].append((item["id"], answer["wrong"][0]["quote"][:80]))
        c["strengths_quoted"] += sum(bool(strength.get("quote")) for strength in report["strengths"])
        for strength in report["strengths"]:
            if quotes_marked(strength.get("quote", ""), item.get("bad_sentences") or []):
                c["bad_strengths"] += 1
                problems["bad_strengths"].append((item["id"], strength["point"][:50], strength["quote"][:70]))
        for doubt in (i for i in report["improvements"] if i["point"].startswith("Check this sentence")):
            c["doubts"] += 1
            c["doubts_marked"] += quotes_marked(doubt["quote"], item.get("bad_sentences") or [])
            if not quotes_marked(doubt["quote"], item.get("bad_sentences") or []):
                problems["doubt_unmarked"].append((item["id"], item["category"], doubt["quote"][:80]))
        scores[item["category"]].append(report["overall"])
    total = collections.Counter()
    for c in by_cat.values():
        total.update(c)
    mean = {k: round(sum(v) / len(v), 2) for k, v in scores.items()}
    right_made = sum(by_cat[c]["made"] for c in RIGHT)
    right_credited_made = sum(by_cat[c]["report_credited_made"] for c in RIGHT)
    return {
        "answers": total["answers"],
        "report_precision": round(total["report_credited_made"] / max(1, total["report_credited"]), 3),
        "coach_precision": round(total["coach_credited_made"] / max(1, total["coach_credited"]), 3),
        "credited": total["report_credited"],
        "recall_right": round(right_credited_made / max(1, right_made), 3),
        "contradicted_credited": total["contradicted_credited"],
        "bad_strengths": total["bad_strengths"], "strengths_quoted": total["strengths_quoted"],
        "right_accused": total["right_accused"],
        "doubts": total["doubts"], "doubts_marked": total["doubts_marked"],
        "doubts_on_right": sum(by_cat[c]["doubts"] for c in RIGHT),
        "gap_strong_vs_confident_wrong": round(mean.get("strong", 0) - mean.get("confident_wrong", 0), 2),
        "mean_score": mean,
        "by_category": {k: {"precision": round(v["report_credited_made"] / v["report_credited"], 3)
                            if v["report_credited"] else None,
                            "recall": round(v["report_credited_made"] / v["made"], 3) if v["made"] else None,
                            "credited": v["report_credited"], "caught": f"{v['caught']}/{v['answers']}"}
                        for k, v in sorted(by_cat.items())},
        "problems": {k: v for k, v in problems.items()},
    }
