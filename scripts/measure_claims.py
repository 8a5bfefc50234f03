"""Measure the judge on labelled claims sets, pooled, at the shipped thresholds or at a grid of them.

    .venv/bin/python scripts/measure_claims.py claims_fourth.json claims_spoken_dev.json
    .venv/bin/python scripts/measure_claims.py --model /tmp/r19/checker \
        --grid '{"SHOWS": [0.96, 0.97], "CONFIRM_VETO": [0.03, 0.05]}' claims_fourth.json ...

Each set goes through the report and the coach as a user's answer would (tests/labelled_claims.measure); the
pooled counts are what the model card and the README report: precision of "covered" and recall on right answers,
contradicted points credited, strengths quoting a marked sentence, right answers accused, the score gap between
strong and confident-wrong answers. Readings recorded for the tests are used when the shipped model is loaded,
so a sweep of the shipped model is quick; another model reads every pair once and keeps it in memory.
Choose thresholds only on sets that are never trained on and never used to score a model once
(docs/claim-checker.md says which).
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.judge import checked, checker, meaning, topic_model  # noqa: E402
from tests import labelled_claims  # noqa: E402

DATA = ROOT / "tests" / "data"


def pooled(results: list[dict]) -> dict:
    """Sum the counts of several sets' measurements into one line."""
    credited = sum(r["credited"] for r in results)
    right = sum(round(r["report_precision"] * r["credited"]) for r in results)
    return {"answers": sum(r["answers"] for r in results), "credited": credited,
            "precision": round(right / max(1, credited), 3),
            "recall_right_mean": round(sum(r["recall_right"] for r in results) / max(1, len(results)), 3),
            "contradicted_credited": sum(r["contradicted_credited"] for r in results),
            "bad_strengths": sum(r["bad_strengths"] for r in results),
            "right_accused": sum(r["right_accused"] for r in results),
            "gap": round(sum(r["gap_strong_vs_confident_wrong"] for r in results) / max(1, len(results)), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", help="file names under tests/data (or paths)")
    parser.add_argument("--model", type=Path, default=None, help="a checker folder other than models/checker")
    parser.add_argument("--grid", default="{}", help='JSON: {"SHOWS": [...], ...} constants of core.judge.checked')
    parser.add_argument("--problems", action="store_true", help="also list the answers behind each count")
    args = parser.parse_args()
    meaning.also_use(DATA / "labelled_vectors.npz")
    topic_model.also_use(DATA / "labelled_topic.npz")
    if args.model:
        checker.use(args.model)
    else:
        checker.also_use(DATA / "labelled_checks.npz")
    grid = json.loads(args.grid)
    names = sorted(grid)
    for values in itertools.product(*(grid[n] for n in names)) if names else [()]:
        for name, value in zip(names, values):
            setattr(checked, name, value)
        results = {name: labelled_claims.measure(name) for name in args.sets}
        line = {"thresholds": dict(zip(names, values)), "pooled": pooled(list(results.values())),
                "sets": {n: {k: r[k] for k in ("answers", "credited", "report_precision", "recall_right",
                                                "contradicted_credited", "bad_strengths", "right_accused",
                                                "gap_strong_vs_confident_wrong")} for n, r in results.items()}}
        if args.problems:
            line["problems"] = {n: r["problems"] for n, r in results.items()}
            line["by_category"] = {n: r["by_category"] for n, r in results.items()}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
