"""Cost of judging one five-answer interview in a fresh process on one core: the claim checker's load, the
report's wall time, and how much resident memory the judgement added. Prints one JSON line.

    .venv/bin/python bench/interview_judge.py [--set claims_fourth.json] [--runs 3]

Each run is a fresh process (so nothing is cached), pinned to one core with one thread (OMP_NUM_THREADS=1,
taskset when present). The five answers are the first five of the set (strong, partial, off-topic, wrong…).
The target (issue 46): under 1 s for the report of five answers, resident memory up by at most 150 MB.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from core.feedback import offline_report
from core.judge import checker, meaning
items = json.loads(open({path!r}, encoding="utf-8").read())["answers"][:5]
turns = [{{"question": "", "question_id": i["question_id"], "answer": i["answer"]}} for i in items]
from core import banks
for t in turns:
    t["question"] = banks.all_questions()[t["question_id"]]["question"]
base = rss()
start = time.perf_counter()
meaning.model(); meaning.queries(["warm-up"])
if checker.available():
    checker.probabilities([("warm", "up")])
load = time.perf_counter() - start
loaded = rss()
start = time.perf_counter()
offline_report(turns, "interview")
judge_s = time.perf_counter() - start
print(json.dumps({{"load_s": round(load, 3), "report_s": round(judge_s, 3), "rss_base_mb": round(base, 1),
                  "rss_after_mb": round(rss(), 1), "rss_added_mb": round(rss() - base, 1),
                  "checker": checker.available()}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="claims_fourth.json")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    code = CHILD.format(root=str(ROOT), path=str(ROOT / "tests" / "data" / args.set))
    prefix = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(prefix + [sys.executable, "-c", code], env=env, capture_output=True, text=True,
                             check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["report_s"])
    print(json.dumps({"set": args.set, "answers": 5, "report_s_best": best["report_s"],
                      "report_s_runs": [r["report_s"] for r in runs], "load_s": best["load_s"],
                      "rss_added_mb": max(r["rss_added_mb"] for r in runs), "checker": best["checker"]}))


if __name__ == "__main__":
    main()
