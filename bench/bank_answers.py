"""The judge and the coach on the banks' own model answers: for every bank question, an answer made of each key
point's first `said_as` form (tests/answers.complete_answer, with its one-line result), which makes every point.
Prints one JSON line: the share of key points confirmed, the questions with under half confirmed, and the questions
whose follow-up challenges a sentence ("Are you sure about that?") or asks the question again.

    .venv/bin/python bench/bank_answers.py [--checker DIR] [--list]

Every figure here is a false statement or a missed credit on a right answer: a challenge or a question asked again
is the coach doubting the bank's own words. The `said_as` forms are in the claim checker's training pairs, so this is
a floor on what it should do, not an estimate on new answers (docs/claim-checker.md). About 4 min on one core.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checker", type=Path, default=None, help="a checker folder other than models/checker")
    parser.add_argument("--list", action="store_true", help="also name the questions behind each count")
    args = parser.parse_args()
    from core import banks
    from core.coach.followup import probe
    from core.judge import checker
    from core.judge.answer import judge
    from tests.answers import complete_answer

    if args.checker:
        checker.use(args.checker)
    shares, under_half, doubted = [], [], []
    for qid, question in sorted(banks.all_questions().items()):
        if not question.get("key_points"):
            continue
        answer = complete_answer(qid)
        found = judge(question["question"], answer, question)
        shares.append(len(found.covered) / len(question["key_points"]))
        if shares[-1] < 0.5:
            under_half.append([qid, round(shares[-1], 2)])
        asked = probe(answer, question)
        if asked and asked.kind in ("contradicted", "off_topic"):
            doubted.append([qid, asked.kind, asked.text[:100]])
    line = {"questions": len(shares), "mean_share_confirmed": round(sum(shares) / max(1, len(shares)), 3),
            "under_half_confirmed": len(under_half), "challenged_or_asked_again": len(doubted)}
    if args.list:
        line |= {"under_half": under_half, "doubted": doubted}
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
