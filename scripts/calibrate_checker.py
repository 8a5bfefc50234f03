"""Choose the claim checker's thresholds on sets it was never trained on, precision first.

    .venv/bin/python scripts/calibrate_checker.py [--model DIR] [--sets claims_third.json ...]

For every labelled answer of the sets, each key point is read against the answer as the judge reads it
(core.judge.checked); prints, as JSON, precision and recall of "covered" and of "contradicted" at each
threshold, so the constants in core/judge/checked.py can be set from it (docs/claim-checker.md).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import banks  # noqa: E402
from core.judge import checked, checker, meaning  # noqa: E402
from core.judge.substance import classify  # noqa: E402

DEV = ("claims_fourth.json", "claims_spoken_dev.json")  # scripts/checker_data.DEV_CLAIMS: never trained on


def points(names: tuple[str, ...]) -> list[dict]:
    bank = banks.all_questions()
    rows = []
    for name in names:
        for item in json.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))["answers"]:
            question = bank[item["question_id"]]
            sentences = classify(item["answer"], question["question"])
            statements = [p["point"] for p in item["points"]]
            real = [s.text for s in sentences if s.real]
            near = meaning.queries(statements) @ meaning.passages(real).T if real else None
            found = checked.check(statements, sentences, near)
            for p, seen in zip(item["points"], found):
                rows.append({"set": name, "category": item["category"], "label": p["label"],
                             "shows": seen.shows, "contradicts": seen.contradicts})
    return rows


def sweep(rows: list[dict]) -> dict:
    out = {"covered": [], "contradicted": []}
    made = sum(r["label"] == "made" for r in rows)
    contra = sum(r["label"] == "contradicted" for r in rows)
    for t in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99):
        veto = checked.CONTRA_VETO
        credited = [r for r in rows if r["shows"] >= t and r["contradicts"] < veto]
        right = sum(r["label"] == "made" for r in credited)
        out["covered"].append({"t": t, "credited": len(credited), "precision": round(right / max(1, len(credited)), 3),
                               "recall": round(right / max(1, made), 3),
                               "contradicted_credited": sum(r["label"] == "contradicted" for r in credited)})
        called = [r for r in rows if r["contradicts"] >= t and r["contradicts"] > r["shows"]]
        hit = sum(r["label"] == "contradicted" for r in called)
        out["contradicted"].append({"t": t, "called": len(called), "precision": round(hit / max(1, len(called)), 3),
                                    "recall": round(hit / max(1, contra), 3),
                                    "made_called": sum(r["label"] == "made" for r in called)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--sets", nargs="*", default=list(DEV))
    args = parser.parse_args()
    checker.use(args.model)
    rows = points(tuple(args.sets))
    report = {"all": sweep(rows)}
    for name in args.sets:
        report[name] = sweep([r for r in rows if r["set"] == name])
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
