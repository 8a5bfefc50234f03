"""Scores of the job tailoring on a labelled job set (tests/data/jobs_*.json, written blind; format in
docs/job-tailoring.md): requirement recall, evidence precision, retrieval recall@k, the plan's first five.

Matching a found text to a labelled one is by place, not by wording: both are spans of the same document, and
they match when they overlap by at least half of the shorter one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.job import passages as job_passages
from core.job.evidence import brief_items
from core.job.plan import plan
from core.judge import meaning

DATA = Path(__file__).resolve().parent / "data"
NEAR_DUPLICATE = 0.92  # two questions this close (passage/passage cosine) ask the same thing, for the scoring


def load(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["jobs"]


def span(text: str, piece: str, near: int = 0) -> tuple[int, int]:
    at = text.find(piece, near)
    at = text.find(piece) if at < 0 else at
    return (at, at + len(piece)) if at >= 0 else (-1, -1)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] < 0 or b[0] < 0:
        return False
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


@dataclass
class Scores:
    requirements: int = 0
    found: int = 0
    claims: int = 0
    correct: int = 0
    unscored_claims: int = 0  # evidence claimed for a found requirement no label matches
    labelled_evidence: int = 0
    evidence_found: int = 0
    retrieval_cases: int = 0
    retrieval_hits: int = 0
    plans: int = 0
    plans_ok: int = 0
    relevant_in_five: list[int] = field(default_factory=list)
    duplicates: int = 0
    wrong: list[str] = field(default_factory=list)

    def line(self) -> dict:
        return {"requirement_recall": round(self.found / max(1, self.requirements), 3),
                "evidence_precision": round(self.correct / max(1, self.claims), 3),
                "evidence_recall": round(self.evidence_found / max(1, self.labelled_evidence), 3),
                "claims": self.claims, "unscored_claims": self.unscored_claims,
                "retrieval_recall_at_k": round(self.retrieval_hits / max(1, self.retrieval_cases), 3),
                "retrieval_cases": self.retrieval_cases,
                "plans_with_4_of_5_relevant": f"{self.plans_ok}/{self.plans}",
                "mean_relevant_in_first_five": round(float(np.mean(self.relevant_in_five or [0])), 2),
                "near_duplicate_pairs": self.duplicates}


def labelled_matches(job: dict, found_span: tuple[int, int]) -> list[str]:
    """Ids of the labelled requirements a found requirement (a span of the JD) stands for."""
    jd = job["job_description"]
    return [r["id"] for r in job["requirements"] if overlaps(found_span, span(jd, r["jd_text"]))]


def score_requirements_and_evidence(job: dict, scores: Scores) -> None:
    jd = job["job_description"]
    for resume in job["resumes"]:
        items = brief_items(jd, resume["text"])
        mapped = [(req, evidence, labelled_matches(job, (req.start, req.end))) for req, evidence in items]
        if resume is job["resumes"][0]:
            for r in job["requirements"]:
                scores.requirements += 1
                if any(r["id"] in ids for _, _, ids in mapped):
                    scores.found += 1
                else:
                    scores.wrong.append(f"{job['id']} missed requirement {r['id']}: {r['text']}")
        text = resume["text"]
        credited: set[tuple[str, str]] = set()
        for req, evidence, ids in mapped:
            for line in evidence:
                if not ids:
                    scores.unscored_claims += 1
                    continue
                scores.claims += 1
                where = span(text, line)
                good = [(rid, lab) for rid in ids for lab in resume["evidence"].get(rid, [])
                        if overlaps(where, span(text, lab))]
                if good:
                    scores.correct += 1
                    credited.update(good)
                else:
                    scores.wrong.append(f"{job['id']}/{resume['id']} '{req.text[:60]}' <- '{line[:80]}'")
        for rid, lines in resume["evidence"].items():
            scores.labelled_evidence += len(lines)
            scores.evidence_found += sum(1 for lab in lines if (rid, lab) in credited)


def score_retrieval(job: dict, scores: Scores, k: int | None = None, words: int | None = None) -> None:
    materials = [(m["name"], m["text"]) for m in job["materials"]]
    chunks = job_passages.chunk_all(materials, words)
    by_text = {m["name"]: m["text"] for m in job["materials"]}
    for r in job["requirements"]:
        wanted = job["passages"].get(r["id"]) or []
        if not wanted:
            continue
        scores.retrieval_cases += 1
        got = job_passages.retrieve(r["jd_text"], chunks, k=k)  # the product's floor too
        hit = any(p.source == name and overlaps((p.start, p.end), span(text, w))
                  for p, _ in got for w in wanted for name, text in by_text.items() if w in text)
        scores.retrieval_hits += hit
        if not hit:
            scores.wrong.append(f"{job['id']} retrieval missed {r['id']}: {r['text'][:60]}")


def relevant(job: dict, resume: dict, item: dict) -> bool:
    """Relevant by the labels: a bank question the labellers listed; a question written from a requirement they
    labelled; or one written from a résumé line they labelled as evidence."""
    if item["origin"] == "bank":
        return item["id"] in job["relevant_question_ids"]
    jd = job["job_description"]
    if item["origin"] == "job_description":
        return bool(labelled_matches(job, span(jd, item["requirement"])))
    where = span(resume["text"], item["resume_line"])
    return any(overlaps(where, span(resume["text"], lab)) for lines in resume["evidence"].values() for lab in lines)


def score_plan(job: dict, scores: Scores, seed: int = 1, domain: str = "", count: int = 5) -> None:
    for resume in job["resumes"]:
        first = plan(job["job_description"], resume["text"], count, domain=domain, seed=seed)[:5]
        good = sum(relevant(job, resume, q) for q in first)
        vectors = meaning.passages([q["question"] for q in first])
        sims = vectors @ vectors.T - 2 * np.eye(len(first))
        dups = int((sims >= NEAR_DUPLICATE).sum() // 2)
        scores.plans += 1
        scores.plans_ok += good >= 4 and dups == 0 and len(first) == 5
        scores.relevant_in_five.append(good)
        scores.duplicates += dups
        for q in first:
            if not relevant(job, resume, q):
                scores.wrong.append(f"{job['id']}/{resume['id']} plan: not relevant: {q['origin']} {q.get('id')} "
                                    f"{q['question'][:70]}")


def score(jobs: list[dict], plans: bool = True) -> Scores:
    scores = Scores()
    for job in jobs:
        score_requirements_and_evidence(job, scores)
        score_retrieval(job, scores)
        if plans:
            score_plan(job, scores)
    return scores


def score_lines(name: str = "evidence_lines.json") -> dict:
    """Evidence precision on résumé lines labelled "same" task, "neighbouring" task or "unrelated" (written blind):
    each item is a requirement with six lines, matched among the requirements of its field (the job's other
    requirements set the baseline, as in a brief). Also how often the involvement rule rules out each label."""
    from core.job import involvement
    from core.job.evidence import Line, resume_match

    items = json.loads((DATA / name).read_text(encoding="utf-8"))["items"]
    by_field: dict[str, list[str]] = {}
    for item in items:
        by_field.setdefault(item["domain"], []).append(item["requirement"])
    chosen = correct = same = found_same = 0
    ruled = {"same": 0, "neighbouring": 0, "unrelated": 0}
    wrong = []
    for item in items:
        lines = [line["text"] for line in item["lines"]]
        wanted = [item["requirement"]] + [r for r in by_field[item["domain"]] if r != item["requirement"]]
        for j in resume_match(wanted, [Line(text, False) for text in lines])[0]:  # read as a brief reads them
            chosen += 1
            correct += item["lines"][j]["label"] == "same"
            found_same += item["lines"][j]["label"] == "same"
            if item["lines"][j]["label"] != "same":
                wrong.append(f"{item['id']} {item['lines'][j]['label']}: {lines[j]} <- {item['requirement']}")
        for line in item["lines"]:
            same += line["label"] == "same"
            ruled[line["label"]] += not involvement.may_show(item["requirement"], line["text"])
    return {"precision": correct / max(1, chosen), "chosen": chosen, "correct": correct,
            "recall_of_same": found_same / max(1, same), "ruled_out": ruled, "wrong": wrong}
