"""Choose the job tailoring's thresholds on a labelled job set (tune on jobs_a only; other sets are scored), and fit
the bank ranking's weights on every set, each set scored with weights fitted on the others ("ranker").

    .venv/bin/python scripts/tune_job.py tests/data/jobs_a.json evidence|retrieval|plan
    .venv/bin/python scripts/tune_job.py tests/data/jobs_a.json record   # the suite's vectors for every set
    .venv/bin/python scripts/tune_job.py tests/data/jobs_a.json ranker   # core.job.plan.FIT_WEIGHTS, from every set
    .venv/bin/python scripts/tune_job.py tests/data/jobs_a.json picks    # data/job_question_picks.json, from every set

Prints one JSON line per setting tried, best last. Similarities are computed once, then every setting is
scored on them, so a grid costs seconds.
"""
from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from core.job import evidence, passages  # noqa: E402
from core.job.requirements import requirements  # noqa: E402
from tests import job_scoring as js  # noqa: E402


def evidence_grid(jobs: list[dict]) -> None:
    cases = []
    for job in jobs:
        reqs = requirements(job["job_description"])
        ids = [js.labelled_matches(job, (r.start, r.end)) for r in reqs]
        for resume in job["resumes"]:
            lines = evidence.resume_lines(resume["text"])
            texts = [line.text for line in lines]
            scores = evidence.scores_for([r.text for r in reqs], texts)
            allowed = evidence.about_the_same_thing([r.text for r in reqs], texts)
            cases.append((job, resume, reqs, ids, lines, scores, allowed))
    results = []
    for close, lift, spread in itertools.product((0.83, 0.84, 0.845, 0.85, 0.855, 0.86, 0.87), (-1.0, 0.02, 0.03, 0.04, 0.05, 0.06),
                                                 (0.01, 0.02, 0.04, 1.0)):
        evidence.EVIDENCE_CLOSE, evidence.EVIDENCE_LIFT, evidence.EVIDENCE_SPREAD = close, lift, spread
        claims = correct = labelled = credited_n = 0
        for job, resume, reqs, ids, lines, scores, allowed in cases:
            picks = evidence.select(scores, [r.text for r in reqs], [line.title for line in lines], allowed)
            credited = set()
            text = resume["text"]
            for rid_list, pick in zip(ids, picks):
                for j in pick:
                    if not rid_list:
                        continue
                    claims += 1
                    where = js.span(text, lines[j].text)
                    good = [(rid, lab) for rid in rid_list for lab in resume["evidence"].get(rid, [])
                            if js.overlaps(where, js.span(text, lab))]
                    correct += bool(good)
                    credited.update(good)
            for rid, labs in resume["evidence"].items():
                labelled += len(labs)
                credited_n += sum((rid, lab) in credited for lab in labs)
        results.append({"close": close, "lift": lift, "spread": spread,
                        "precision": round(correct / max(1, claims), 3), "recall": round(credited_n / max(1, labelled), 3),
                        "claims": claims})
    frontier = []  # the best recall at each precision, highest precision first
    for r in sorted(results, key=lambda r: (-r["precision"], -r["recall"])):
        if not frontier or r["recall"] > frontier[-1]["recall"]:
            frontier.append(r)
    for r in frontier:
        print(json.dumps(r))


def retrieval_grid(jobs: list[dict]) -> None:
    for words, k in itertools.product((15, 25, 35, 45, 60, 80), (1, 2, 3, 5)):
        passages.CHUNK_WORDS = words
        scores = js.Scores()
        for job in jobs:
            js.score_retrieval(job, scores, k=k, words=words)
        print(json.dumps({"chunk_words": words, "k": k, "recall": round(scores.retrieval_hits / scores.retrieval_cases, 3),
                          "cases": scores.retrieval_cases}))


def plan_scores(jobs: list[dict]) -> None:
    scores = js.Scores()
    for job in jobs:
        js.score_plan(job, scores)
    print(json.dumps(scores.line()))
    print("\n".join(scores.wrong))


def _logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> np.ndarray:
    """Weights of a logistic regression on standardised features, in the features' own units."""
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    z, w, b = (x - mu) / sd, np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.5 * (z.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= 0.5 * float((p - y).mean())
    return w / sd


def ranker(_jobs: list[dict]) -> None:
    """Fit FIT_WEIGHTS (and the system-design step back) on every labelled set's relevant bank questions, then
    score each set with weights fitted on the others: precision of the first two and four bank questions."""
    from core.job import plan
    from core.job.evidence import brief_items

    names = []
    raw = []  # (set, questions, features by name, relevant per question)
    for path in sorted(js.DATA.glob("jobs_*.json")):
        for job in js.load(path.name):
            jd = job["job_description"]
            reqs = [r.text for r, _ in brief_items(jd, job["resumes"][0]["text"])][:plan.FIT_REQUIREMENTS]
            questions, named, _ = plan.features(reqs, jd)
            named["system_design"] = np.array([q["type"] == "system_design" for q in questions], float)
            names = names or list(named)
            raw.append((path.name, questions, named,
                        np.array([q["id"] in job["relevant_question_ids"] for q in questions], float)))

    def table(held: str = "") -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(set, features, relevant) per job; "picked" counted without the held-out set, so its labels are unseen."""
        picked, jobs = _picks(held)
        rows = []
        for name, questions, named, y in raw:
            x = np.stack([plan.picked_odds(questions, picked, jobs) if n == "picked" else named[n] for n in names], axis=1)
            rows.append((name, x - x.mean(axis=0), y))  # a ranking within each job: its own levels taken out
        return rows

    rows = table()

    def precision(weights: np.ndarray, held: str, k: int) -> float:
        return float(np.mean([y[np.argsort(-(x @ weights))[:k]].mean() for name, x, y in rows if name == held]))

    shipped = np.array([plan.FIT_WEIGHTS.get(n, 0.0) for n in names[:-1]] + [-plan.SYSTEM_DESIGN_PENALTY])
    held_out = {2: [], 4: []}  # per job, ranked by weights fitted without its set
    for held in sorted({name for name, _, _ in rows}):
        rows = table(held)
        w = _logistic(np.concatenate([x for n, x, _ in rows if n != held]), np.concatenate([y for n, _, y in rows if n != held]))
        for k in held_out:
            held_out[k] += [y[np.argsort(-(x @ w))[:k]].mean() for name, x, y in rows if name == held]
        print(json.dumps({"held_out": held, "weights": dict(zip(names, np.round(w / w[0], 3).tolist())),
                          **{f"precision@{k}": {"shipped": round(precision(shipped, held, k), 3),
                                                "fitted_without_it": round(precision(w, held, k), 3)} for k in (2, 4)}}))
    print(json.dumps({"jobs": len(rows), **{f"held_out_precision@{k}": round(float(np.mean(v)), 3)
                                              for k, v in held_out.items()}}))
    rows = table()
    w = _logistic(np.concatenate([x for _, x, _ in rows]), np.concatenate([y for _, _, y in rows]))
    print(json.dumps({"fitted_on_all": dict(zip(names, np.round(w / w[0], 3).tolist()))}))


def _picks(held: str = "") -> tuple[dict[str, int], int]:
    """(times each bank question was labelled relevant, jobs) over every labelled set but `held`."""
    picked: dict[str, int] = {}
    jobs = 0
    for path in sorted(js.DATA.glob("jobs_*.json")):
        if path.name == held:
            continue
        for job in js.load(path.name):
            jobs += 1
            for qid in job["relevant_question_ids"]:
                picked[qid] = picked.get(qid, 0) + 1
    return picked, jobs


def picks(_jobs: list[dict]) -> None:
    """Write data/job_question_picks.json: how often each bank question was labelled relevant, over every set."""
    from core.job import plan

    picked, jobs = _picks()
    plan.PICKS.write_text(json.dumps({"about": "Times each interview-bank question was labelled relevant to a job, "
                                               "over the labelled job sets (tests/data/jobs_*.json)",
                                      "jobs": jobs, "picked": dict(sorted(picked.items()))}, indent=1) + "\n",
                          encoding="utf-8")
    print(f"{jobs} jobs, {len(picked)} questions picked at least once")


def record(_jobs: list[dict]) -> None:
    """Score every labelled set (each tests/data/jobs_*.json, so a new set is recorded with the others) and save
    the embeddings it made (beyond the banks') to tests/data/jobs_vectors.npz, so the suite does not re-embed the
    same texts in every run. Run it again whenever the scored texts change. Vectors already in that file, and the
    evidence model's recorded readings (tests/data/jobs_checks.npz), are read rather than made again; only the vectors
    this run uses are kept."""
    from core.job import evidence_model
    from core.judge import meaning, shipped
    from core.job.plan import shipped_texts

    meaning.CACHE_LIMIT = 10**7  # every vector made is recorded: at the usual limit the oldest were dropped unsaved
    meaning.also_use(js.DATA / "jobs_vectors.npz")
    evidence_model.also_use(js.DATA / "jobs_checks.npz")
    for path in sorted(js.DATA.glob("jobs_*.json")):
        js.score(js.load(path.name))
    js.score_lines()
    skip = {shipped.key(k, t) for k, t in shipped.bank_texts() + shipped_texts()}
    kept = [(kind, text, vector) for kind, text, vector in meaning.cached() if shipped.key(kind, text) not in skip]
    shipped.save([v for _, _, v in kept], [(k, t) for k, t, _ in kept], js.DATA / "jobs_vectors.npz")
    print(f"{len(kept)} vectors recorded")


if __name__ == "__main__":
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["jobs"]
    {"evidence": evidence_grid, "retrieval": retrieval_grid, "plan": plan_scores, "record": record,
     "ranker": ranker, "picks": picks}[sys.argv[2]](data)
