"""The offline interview plan for one job: bank questions ranked by fit to its requirements, and questions
written from the job description and résumé, interleaved, with no two asking the same thing.

Bank questions come from every domain (a data-analyst job in a bank gets analytics questions too), ranked by
fit: their wording, outline and key points against the requirements, their wording against the whole posting,
less how far their field falls below the job's best-fitting field, and for a question that suits any job, how
often people labelling jobs judged it relevant (FIT_WEIGHTS).
Tailored questions come from résumé lines that show a requirement (the surest first) and from requirements the
résumé shows no clear evidence for (the posting's own bullets first). Each item
carries `question`, `source` (where it came from, in words) and `origin` ("bank", "job_description",
"resume"). Weights were chosen on the labelled job set (docs/job-tailoring.md).
"""
from __future__ import annotations

import json
import random
import re
from functools import lru_cache

import numpy as np

from core import banks
from core.job import templates
from core.job.evidence import brief_items, scores_for, tenure
from core.job.people import manages_people
from core.judge import meaning

# How a bank question's fit to the job is weighed (FIT_WEIGHTS): its fit to the requirements (wording, outline and
# closest key point, each against the requirements it fits best) counts 1; how far its field's average fit falls
# below the best-fitting field's counts against it ("field_gap": a neighbouring field's questions fit by topic but
# are about another job, an emergency-department triage design for a 911 dispatcher); a question the bank marks for
# any job gets a little more ("any_job"); its wording's fit to the whole posting adds ("posting"); a question that
# presupposes a team of one's own steps back when the posting gives the person none ("not_a_manager"). Fitted by
# logistic regression on the labelled sets' relevant questions (scripts/tune_job.py ranker); left out a set at a
# time, precision of the first two bank questions went 0.73 -> 0.85 (docs/job-tailoring.md).
# "picked": for a question marked for any job, how often people labelling jobs judged it relevant (log-odds over the
# labelled jobs, data/job_question_picks.json). Fit alone cannot tell "competing deadlines", which suits nearly
# any job, from "a project you led that missed its deadline", which fits the words of many postings but suits far
# fewer; a job no field's bank covers gets its bank questions from these.
FIT_WEIGHTS = {"fit": 1.0, "field_gap": -2.571, "any_job": 0.15, "posting": 1.513, "not_a_manager": -0.059,
               "picked": 0.037}
POSTING_CHARS = 2000  # the posting as one query: its first part says what the job is
# The bank is fitted to the posting's first requirements: a long posting's last lines are its nice-to-haves and
# extras, and fitting to them too pulled in questions for the margins of the job (jobs_e and jobs_f lost a plan each
# when the brief grew from 12 requirements to 16).
FIT_REQUIREMENTS = 12
USER_DOMAIN_BONUS = 0.004  # the domain the user chose breaks near ties in its favour
TYPE_BONUS = 0.004  # so does the interview type they chose
# A system-design question is the most specific kind ("Design a triage workflow for an emergency department"), so
# a close topic is less often the job's: the labellers picked them for 13 % of relevant questions (a quarter of
# the bank). Unless the user chose system design, they step back (weighed with FIT_WEIGHTS).
SYSTEM_DESIGN_PENALTY = 0.069
SEED_JITTER = 0.003  # sessions with the same job still differ a little in order
RECENT_PENALTY = 0.03  # asked lately: after fresher questions of a similar fit
NEAR_DUPLICATE = 0.92  # two questions this close (passage/passage) ask the same thing (as the scoring reads it)
# Probes go surest first: a probe on a line that is not really evidence asks about something the job does not need,
# and the closest lines are the likeliest true (on the labelled sets wrong probes in the first five went 21 -> 15,
# plans 165 -> 168 of 172). A line with figures makes the better probe ("cut month-end close from 8 to 5 days"), so it
# gets a little more; any value from 0.015 to 0.06 scored the same.
PROBE_FIGURES = 0.03
PATTERN = ("bank", "probe", "gap", "bank", "probe")  # how the first five mix; then repeats
_OTHER = {"probe": "gap", "gap": "probe"}  # what stands in for a written kind that has run out
VECTORS = banks.DATA / "job_vectors.npz"  # the bank outlines' vectors (scripts/embed_job_bank.py)
PICKS = banks.DATA / "job_question_picks.json"  # how often each question was judged relevant (scripts/tune_job.py picks)

_NUMBER = re.compile(r"\d")
_CREDENTIAL = re.compile(r"\b(degree|bachelor'?s?|master'?s?|BSc|BA|MSc|MBA|PhD|certifi\w*|licen[cs]\w*|ACA|ACCA|CFA|CPA)\b")


def shipped_texts() -> list[tuple[str, str]]:
    """(kind, text) the plan embeds from the banks beyond what the judge ships: every question's outline."""
    return list(dict.fromkeys(("passage", q["outline"]) for q in banks.all_questions().values()))


meaning.also_use(VECTORS)


@lru_cache(maxsize=1)
def _picks() -> tuple[dict[str, int], int]:
    """(times each question was judged relevant, jobs labelled) from PICKS."""
    data = json.loads(PICKS.read_text(encoding="utf-8"))
    return data["picked"], data["jobs"]


def picked_odds(questions: list[dict], picked: dict[str, int], jobs: int) -> np.ndarray:
    """Per question, the log-odds that a labelled job's people judged it relevant (smoothed by one either way), for
    questions marked for any job; 0 for a field's own, whose fit already says which job they suit."""
    rate = np.array([(picked.get(q["id"], 0) + 1) / (jobs + 2) for q in questions])
    return np.where([bool(q.get("any_job")) for q in questions], np.log(rate / (1 - rate)), 0.0)


def _top3(matrix: np.ndarray) -> np.ndarray:
    """Per column, the mean of its three highest values (a question that fits several requirements)."""
    ordered = np.sort(matrix, axis=0)[::-1]
    return ordered[:3].mean(axis=0)


def features(requirement_texts: list[str], job_description: str = "") -> tuple[list[dict], dict, np.ndarray]:
    """(every bank question with its domain, its features as FIT_WEIGHTS names them, similarity matrix
    requirements x questions)."""
    questions = [dict(q, domain=d) for d, qs in banks.interview_banks().items() for q in qs]
    wording = meaning.passages([q["question"] for q in questions])
    wanted = meaning.queries(requirement_texts)
    by_question = wanted @ wording.T
    by_outline = wanted @ meaning.passages([q["outline"] for q in questions]).T
    as_passages = meaning.passages(requirement_texts)
    points = meaning.queries([p["point"] for q in questions for p in q["key_points"]])
    by_point, at = np.zeros_like(by_question), 0
    for i, q in enumerate(questions):
        n = len(q["key_points"])
        by_point[:, i] = (as_passages @ points[at:at + n].T).max(axis=1) if n else 0.0
        at += n
    fit_ = _top3(by_question) + _top3(by_outline) + _top3(by_point)
    domains = np.array([q["domain"] for q in questions])
    field = np.array([not q.get("any_job") for q in questions])
    means = {d: float(fit_[(domains == d) & field].mean() if ((domains == d) & field).any() else fit_[domains == d].mean())
             for d in set(domains)}
    best = max(means.values())
    posting = (wording @ meaning.queries([job_description[:POSTING_CHARS]])[0] if job_description.strip()
               else np.zeros(len(questions)))
    manager = manages_people(job_description)
    return questions, {"fit": fit_, "field_gap": np.array([best - means[d] for d in domains]),
                       "any_job": (~field).astype(float), "posting": posting,
                       "not_a_manager": np.array([bool(q.get("manages_people")) and not manager for q in questions],
                                                 float),
                       "picked": picked_odds(questions, *_picks())}, by_question


def fit(requirement_texts: list[str], job_description: str = "") -> tuple[list[dict], np.ndarray, np.ndarray]:
    """(every bank question with its domain, its fit to the job, similarity matrix requirements x questions)."""
    questions, named, sims = features(requirement_texts, job_description)
    return questions, sum(weight * named[name] for name, weight in FIT_WEIGHTS.items()), sims


def bank_ranking(requirement_texts: list[str], domain: str = "", interview_type: str = "",
                 seed: int = 0, recent: tuple[str, ...] = (), job_description: str = "") -> list[tuple[dict, float, int]]:
    """(bank question, fit, index of its closest requirement), best fit first, across all domains."""
    if not requirement_texts or not meaning.available():
        return []
    questions, score, sims = fit(requirement_texts, job_description)
    rng = random.Random(seed)
    ranked = []
    for i, q in enumerate(questions):
        value = float(score[i]) + (USER_DOMAIN_BONUS if q["domain"] == domain else 0.0) \
            + (TYPE_BONUS if q["type"] == interview_type else 0.0) + rng.random() * SEED_JITTER \
            - (SYSTEM_DESIGN_PENALTY if q["type"] == "system_design" != interview_type else 0.0) \
            - (RECENT_PENALTY if q["id"] in recent else 0.0)
        ranked.append((q, value, int(np.argmax(sims[:, i]))))
    return sorted(ranked, key=lambda r: (-r[1], r[0]["id"]))


def tailored(job_description: str, resume: str, difficulty: str = "medium") -> tuple[list[dict], list[dict]]:
    """(gap questions, probe questions) written from the job description and résumé, best first."""
    gaps, probes, probed = [], [], set()
    for n, (req, evidence) in enumerate(brief_items(job_description, resume)):
        if not evidence and tenure(req.text):
            continue  # years are read from dates, not asked about as a skill
        if not evidence:
            gaps.append({"id": f"job-gap-{n + 1}", "type": "behavioral", "difficulty": difficulty,
                         "question": templates.gap_question(req.text, len(gaps)), "origin": "job_description",
                         "requirement": req.text, "outline": templates.outline_for("gap"),
                         "rank": (req.optional, _CREDENTIAL.search(req.text) is not None, not req.listed),
                         "source": f"Written from your job description, which asks for “{req.text}”; "
                                   "I found no clear evidence of it in your résumé."})
            continue
        lines = sorted((line for line in evidence if templates.probeable(line) and line not in probed),
                       key=lambda line: not _NUMBER.search(line))
        if lines:
            probed.add(lines[0])
            probes.append({"id": f"job-probe-{n + 1}", "type": "behavioral", "difficulty": difficulty,
                           "question": templates.probe_question(lines[0], len(probes)), "origin": "resume",
                           "rank": _probe_rank(req, lines[0]),
                           "requirement": req.text, "resume_line": lines[0], "outline": templates.outline_for("probe"),
                           "source": f"Written from your résumé line “{lines[0]}”, your evidence for “{req.text}”."})
    probes.sort(key=lambda p: p.pop("rank"))
    gaps.sort(key=lambda g: g.pop("rank"))  # what the work needs before nice-to-haves, credentials and prose
    for n, gap in enumerate(gaps):  # the wording varies down the plan, not by place in the description
        gap["question"] = templates.gap_question(gap["requirement"], n)
    return gaps, probes


def _probe_rank(req, line: str) -> tuple[bool, float]:
    """A probe's place: what the work needs before nice-to-haves, then the surest evidence first (its closeness to
    the requirement, PROBE_FIGURES a little more for a line with figures)."""
    closeness = float(scores_for([req.text], [line])[0, 0])
    return req.optional, -(closeness + PROBE_FIGURES * bool(_NUMBER.search(line)))


def plan(job_description: str, resume: str, count: int, domain: str = "", interview_type: str = "",
         difficulty: str = "medium", seed: int = 0, recent: tuple[str, ...] = ()) -> list[dict]:
    """`count` questions for this job, mixed as PATTERN says while each kind lasts (then the other written kind,
    then the bank)."""
    gaps, probes = tailored(job_description, resume, difficulty)
    # No requirement found (a one-line posting): the description itself is what the questions should fit.
    reqs = [r.text for r, _ in brief_items(job_description, resume)][:FIT_REQUIREMENTS] or [job_description.strip()[:600]]
    ranked = bank_ranking(reqs, domain, interview_type, seed, recent, job_description)
    pools = {"gap": gaps, "probe": probes,
             "bank": [dict(q, origin="bank", requirement=reqs[best],
                           source=_bank_source(q, reqs[best]))
                      for q, _, best in ranked]}
    chosen: list[dict] = []
    step = 0
    while len(chosen) < count and any(pools.values()):
        kind = PATTERN[step % len(PATTERN)]
        step += 1
        # A kind that has run out gives way to the other written kind before the bank: a résumé that shows little
        # leaves few lines to probe, and what the job asks that it does not show is what to expect next.
        pool = pools[kind] or pools[_OTHER.get(kind, "bank")] or pools["bank"]
        while pool:
            item = pool.pop(0)
            if not _repeats(item, chosen):
                chosen.append(item)
                break
    return chosen


def _bank_source(question: dict, requirement: str) -> str:
    """Where a bank question came from, in words; a question for any job says so, as its bank may not be the job's
    field, and says only which requirement it is closest to (it is chosen also because most jobs ask it)."""
    where = f"Parley's {question['domain']} questions"
    if question.get("any_job"):
        return f"A question for any job, from {where}; of this job's requirements it is closest to “{requirement}”."
    return f"{where}, chosen because it fits “{requirement}”."


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
