"""Which sentences show a requirement: the résumé's (the job brief) or the interview answers' (the report).

By meaning with the bundled sentence model (core.judge.meaning: the requirement as the query, each real
sentence as a passage), and strictly: a sentence is evidence only when it is close to the requirement, clearly
closer to it than to the job's other requirements, and shares at least one content word with it unless it is
very close. Precision comes first: a requirement with no such sentence says "no evidence", never a guess.
Thresholds were chosen on the labelled job set (docs/job-tailoring.md).
"""
from __future__ import annotations

import re

import numpy as np

from core.job import text as doc
from core.job.requirements import Requirement, requirements
from core.job_terms import stem
from core.judge import meaning

EVIDENCE_CLOSE = 0.84  # requirement (query) vs sentence (passage) cosine for a candidate
EVIDENCE_SURE = 0.88  # this close, no shared word is needed
EVIDENCE_LIFT = 0.02  # ...and this much closer to this requirement than to the job's average requirement
EVIDENCE_SPREAD = 0.02  # only sentences this near the requirement's best sentence
MAX_EVIDENCE = 2

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*")
_COMMON = frozenset(
    "a an and or the of to in on for with at by from as is are be our your you we they this that will who what "
    "which role team work working experience years year strong ability skills knowledge including such other new "
    "good excellent plus preferred required about across within into using use able must should can "
    "have has had been was were i my me it its their them us all any more most well also very based "
    "help make made lead led manage managed support supported build built work worked deliver delivered "
    "ideally nice bonus understanding familiarity proficiency proficient hands".split())


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(text or "") if w.lower() not in _COMMON and len(w) > 1}


def sentences_of(text: str) -> list[str]:
    """Real sentences of a résumé or answer, verbatim: headings, contact lines and fragments left out."""
    found = []
    for start, end in doc.units(text or ""):
        piece = (text or "")[start:end].strip()
        words = piece.split()
        if len(words) < 3 or "@" in piece or (doc.is_heading(piece) and len(words) < 4):
            continue
        found.append(piece)
    return list(dict.fromkeys(found))


def match(wanted: list[str], found: list[str]) -> list[list[int]]:
    """For each wanted text (a requirement), the indexes of the found sentences that are evidence for it."""
    if not wanted or not found or not meaning.available():
        return [[] for _ in wanted]
    scores = meaning.queries(wanted) @ meaning.passages(found).T
    baseline = scores.mean(axis=0) if len(wanted) > 1 else np.zeros(len(found))
    stems = [content_stems(f) for f in found]
    chosen = []
    for i, want in enumerate(wanted):
        words = content_stems(want)
        row = scores[i]
        best = float(row.max())
        keep = []
        for j in np.argsort(-row):
            value = float(row[j])
            if value < EVIDENCE_CLOSE or value < best - EVIDENCE_SPREAD:
                break
            if value - float(baseline[j]) < EVIDENCE_LIFT:
                continue
            if value < EVIDENCE_SURE and not (words & stems[j]):
                continue
            keep.append(int(j))
            if len(keep) == MAX_EVIDENCE:
                break
        chosen.append(keep)
    return chosen


def brief(job_description: str, resume: str) -> list[dict]:
    """The job brief: each requirement the description states, with the résumé sentences that show it
    ([] when the résumé shows none): [{"requirement": str, "evidence": [str, ...]}, ...]."""
    return [{"requirement": r.text, "evidence": evidence} for r, evidence in brief_items(job_description, resume)]


def brief_items(job_description: str, resume: str) -> list[tuple[Requirement, list[str]]]:
    """The brief with each requirement's place in the description (for plans and tests)."""
    reqs = requirements(job_description)
    lines = sentences_of(resume)
    picks = match([r.text for r in reqs], lines)
    return [(r, [lines[j] for j in pick]) for r, pick in zip(reqs, picks)]


def coverage(job_description: str, answers: list[str]) -> list[dict]:
    """Which requirements the interview answers gave evidence for, quoting them, and which were never shown:
    [{"requirement": str, "quotes": [answer sentence, ...]}, ...] ([] when no answer showed it)."""
    reqs = requirements(job_description)
    said = [s for answer in answers for s in sentences_of(answer)]
    picks = match([r.text for r in reqs], said)
    return [{"requirement": r.text, "quotes": [said[j] for j in pick]} for r, pick in zip(reqs, picks)]
