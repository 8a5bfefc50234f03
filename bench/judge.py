"""Cost of the offline judgement (core.judge): model load time, ms per answer, resident memory. Then how it
ranks every labelled pair set in tests/data (pairs right per category, strong-minus-weak session gaps per
domain, and each set's regression floor). The second to fourth sets are scored here rather than in the test
suite: they have been looked at while changing the judge, and scoring them took about 2 min of the suite's
10-minute budget. Prints one JSON line (several minutes).

    .venv/bin/python bench/judge.py
"""
from __future__ import annotations

import json
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import banks  # noqa: E402
from core.judge import judge, meaning  # noqa: E402


def main() -> None:
    pairs = json.loads((ROOT / "tests" / "data" / "judge_pairs.json").read_text(encoding="utf-8"))["pairs"]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    meaning.model()
    meaning.queries(["warm-up"])  # the first call finishes setting the model up: count it as loading
    load = time.perf_counter() - start
    bank = banks.all_questions()
    start = time.perf_counter()
    answers = 0
    for pair in pairs:
        for side in ("strong", "weak"):
            judge(pair["question"], pair[side], bank.get(pair.get("question_id") or ""))
            answers += 1
    per_answer = (time.perf_counter() - start) / answers
    print(json.dumps({"model_load_s": round(load, 3), "ms_per_answer_uncached": round(1000 * per_answer, 1),
                      "answers": answers, "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      "rss_before_model_mb": round(before / 1024, 1), "sets": rank_all()}))


# set: (pairs ranked right at least, smallest strong-minus-weak session gap at least); the fifth to eighth
# are also held by tests/test_judge_pairs_blind.py, the first by tests/test_judge_pairs.py (the bar; its
# session test takes five pairs a domain, these sessions take all of them).
FLOORS = {"judge_pairs.json": (76, 2.9), "judge_pairs_second.json": (40, 1.0), "judge_pairs_third.json": (38, 1.5),
          "judge_pairs_fourth.json": (36, 1.0), "judge_pairs_fifth.json": (36, 1.25), "judge_pairs_sixth.json": (39, 2.45),
          "judge_pairs_seventh.json": (40, 2.55), "judge_pairs_eighth.json": (53, 1.85)}


def rank_all() -> dict:
    from tests.labelled_pairs import load, rank_set

    out = {}
    for name, (right_floor, gap_floor) in FLOORS.items():
        pairs = load(name)
        misses, hits, sessions = rank_set(pairs)
        gaps = [round(strong - weak, 1) for strong, weak in sessions.values()]
        right = len(pairs) - len(misses)
        out[name] = {"right": right, "pairs": len(pairs),
                     "by_category": {k: f"{sum(v)}/{len(v)}" for k, v in hits.items()},
                     "session_gap_min": min(gaps), "session_gap_max": max(gaps),
                     "floor_met": right >= right_floor and min(gaps) >= gap_floor}
    return out


if __name__ == "__main__":
    main()
