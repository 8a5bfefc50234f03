"""The offline interview plan for one job: bank questions ranked by fit to its requirements, and questions
written from the job description and résumé, interleaved, with no two asking the same thing.

Bank questions come from every domain (a data-analyst job in a bank gets analytics questions too), ranked
by how close in meaning each is to the job's closest requirement. Tailored questions come from requirements
the résumé shows no evidence for, and from résumé lines that show a requirement (figures first). Each item
carries `question`, `source` (where it came from, in words) and `origin` ("bank", "job_description",
"resume"). Weights were chosen on the labelled job set (docs/job-tailoring.md).
"""
from __future__ import annotations

import random
import re

import numpy as np

from core import banks
from core.job import templates
from core.job.evidence import brief_items
from core.judge import meaning

DOMAIN_BONUS = 0.004  # the domain the user chose breaks near ties in its favour
TYPE_BONUS = 0.004  # so does the interview type they chose
SECOND_WEIGHT = 0.3  # a question close to two requirements beats one close to a single requirement
SEED_JITTER = 0.003  # sessions with the same job still differ a little in order
RECENT_PENALTY = 0.03  # asked lately: after fresher questions of a similar fit
NEAR_DUPLICATE = 0.93  # two questions this close (passage/passage) ask the same thing
PATTERN = ("bank", "gap", "bank", "probe", "bank")  # how the first five mix; then repeats

_NUMBER = re.compile(r"\d")


def bank_ranking(requirement_texts: list[str], domain: str = "", interview_type: str = "",
                 seed: int = 0, recent: tuple[str, ...] = ()) -> list[tuple[dict, float, int]]:
    """(bank question, fit, index of its closest requirement), best fit first, across all domains."""
    questions = [dict(q, domain=d) for d, qs in banks.interview_banks().items() for q in qs]
    if not requirement_texts or not meaning.available():
        return []
    sims = meaning.queries(requirement_texts) @ meaning.passages([q["question"] for q in questions]).T
    ordered = np.sort(sims, axis=0)[::-1]
    fit = ordered[0] + SECOND_WEIGHT * (ordered[1] if len(ordered) > 1 else 0.0)
    rng = random.Random(seed)
    ranked = []
    for i, q in enumerate(questions):
        score = float(fit[i]) + (DOMAIN_BONUS if q["domain"] == domain else 0.0) \
            + (TYPE_BONUS if q["type"] == interview_type else 0.0) + rng.random() * SEED_JITTER \
            - (RECENT_PENALTY if q["id"] in recent else 0.0)
        ranked.append((q, score, int(np.argmax(sims[:, i]))))
    return sorted(ranked, key=lambda r: (-r[1], r[0]["id"]))


def tailored(job_description: str, resume: str, difficulty: str = "medium") -> tuple[list[dict], list[dict]]:
    """(gap questions, probe questions) written from the materials, in the description's order."""
    gaps, probes, probed = [], [], set()
    for n, (req, evidence) in enumerate(brief_items(job_description, resume)):
        if not evidence:
            gaps.append({"id": f"job-gap-{n + 1}", "type": "behavioral", "difficulty": difficulty,
                         "question": templates.gap_question(req.text, len(gaps)), "origin": "job_description",
                         "requirement": req.text, "outline": templates.outline_for("gap"),
                         "source": f"Written from your job description, which asks for “{req.text}”; "
                                   "your résumé shows no evidence of it yet."})
            continue
        lines = sorted((line for line in evidence if templates.probeable(line) and line not in probed),
                       key=lambda line: not _NUMBER.search(line))
        if lines:
            probed.add(lines[0])
            probes.append({"id": f"job-probe-{n + 1}", "type": "behavioral", "difficulty": difficulty,
                           "question": templates.probe_question(lines[0], len(probes)), "origin": "resume",
                           "requirement": req.text, "resume_line": lines[0], "outline": templates.outline_for("probe"),
                           "source": f"Written from your résumé line “{lines[0]}”, your evidence for “{req.text}”."})
    probes.sort(key=lambda p: not _NUMBER.search(p["resume_line"]))
    return gaps, probes


def plan(job_description: str, resume: str, count: int, domain: str = "", interview_type: str = "",
         difficulty: str = "medium", seed: int = 0, recent: tuple[str, ...] = ()) -> list[dict]:
    """`count` questions for this job, mixed as PATTERN says while each kind lasts."""
    gaps, probes = tailored(job_description, resume, difficulty)
    reqs = [item["requirement"] for item in gaps] + [item["requirement"] for item in probes]
    reqs = [r.text for r, _ in brief_items(job_description, resume)] or reqs or [job_description.strip()[:600]]
    ranked = bank_ranking(reqs, domain, interview_type, seed, recent)
    pools = {"gap": gaps, "probe": probes, "bank": []}
    used_reqs: dict[int, int] = {}
    bank_order = []
    for q, score, best in ranked:  # spread bank questions over requirements: a second one on a topic waits
        bank_order.append((used_reqs.get(best, 0), -score, q["id"], q, best))
        used_reqs[best] = used_reqs.get(best, 0) + 1
    bank_order.sort(key=lambda r: r[:3])
    pools["bank"] = [dict(q, origin="bank", requirement=reqs[best] if reqs else "",
                          source=f"Parley's {q['domain']} questions, chosen because it fits “{reqs[best]}”.")
                     for _, _, _, q, best in bank_order]
    chosen: list[dict] = []
    step = 0
    while len(chosen) < count and any(pools.values()):
        kind = PATTERN[step % len(PATTERN)]
        step += 1
        pool = pools[kind] or pools["bank"]
        while pool:
            item = pool.pop(0)
            if not _repeats(item, chosen):
                chosen.append(item)
                break
    return chosen


def _repeats(item: dict, chosen: list[dict]) -> bool:
    """Whether `item` asks what a chosen question already asks (same requirement written twice, or near-same text)."""
    if not chosen:
        return False
    if item["origin"] != "bank" and any(c["origin"] == item["origin"] and c["requirement"] == item["requirement"]
                                        for c in chosen):
        return True
    if not meaning.available():
        return any(c["question"] == item["question"] for c in chosen)
    vectors = meaning.passages([item["question"]] + [c["question"] for c in chosen])
    return bool((vectors[1:] @ vectors[0]).max() >= NEAR_DUPLICATE)
