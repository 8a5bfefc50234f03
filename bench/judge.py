"""Cost of the offline judgement (core.judge): model load time, ms per answer, resident memory. Prints JSON.

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
                      "rss_before_model_mb": round(before / 1024, 1)}))


if __name__ == "__main__":
    main()
