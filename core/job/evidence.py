"""Which sentences show a requirement: the résumé's (the job brief) or the interview answers' (the report).

By meaning with the bundled sentence model (core.judge.meaning: the requirement as the query, each real
sentence as a passage), and strictly: a sentence is evidence only when it is close to the requirement, clearly
closer to it than to the job's other requirements on average. In a résumé only what the person did counts:
experience lines and certifications, not the summary they wrote about themselves, a list of skills or a job
title. A requirement of years ("3+ years in credit analysis") gets no evidence by meaning: adding up dates is
not something a sentence model does reliably, and the brief says so. Precision comes first: with no such
sentence the brief says there is no clear evidence, never a guess. Thresholds were chosen on the labelled job set (docs/job-tailoring.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.job import text as doc
from core.job.requirements import Requirement, requirements
from core.judge import meaning

EVIDENCE_CLOSE = 0.85  # requirement (query) vs sentence (passage) cosine
EVIDENCE_LIFT = 0.04  # ...and this much closer to this requirement than to the job's average requirement
EVIDENCE_SPREAD = 0.01  # only sentences this near the requirement's best sentence
MAX_EVIDENCE = 2

_SELF_SECTIONS = re.compile(r"^\W*(summary|profile|about( me)?|objective|skills|technical skills|core skills|"
                            r"key skills|tools|education|interests|languages|references|personal statement)\W*$",
                            re.IGNORECASE)
_SECTION = re.compile(r"^\W*(experience|work experience|employment|career|professional experience|"
                      r"certifications?|licen[cs]es?( and certifications)?|projects|volunteering|"
                      r"achievements|publications|awards)\W*$", re.IGNORECASE)
_DATES = re.compile(r"\b(19|20)\d{2}\b.{0,12}?(\b(19|20)\d{2}\b|present|now|current|today)", re.IGNORECASE)
_TENURE = re.compile(r"\b(\d+\+?|one|two|three|four|five|six|seven|eight|ten)\s*(\+\s*)?(years?|yrs)\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str
    title: bool  # a job title with its dates ("Credit Analyst, Thamesbridge - 2020 to 2022")


def sentences_of(text: str) -> list[str]:
    """Real sentences of an answer, verbatim: fragments of fewer than three words left out."""
    found = []
    for start, end in doc.units(text or ""):
        piece = (text or "")[start:end].strip()
        if len(piece.split()) >= 3:
            found.append(piece)
    return list(dict.fromkeys(found))


def resume_lines(text: str) -> list[Line]:
    """The résumé's lines that can show a requirement: experience sentences, certifications and job titles with
    dates; not the summary, skills or education sections, not contact lines."""
    text = text or ""
    found: list[Line] = []
    skipping = False
    for start, end in doc.lines(text):
        line = text[start:end]
        bare = doc.strip_bullet(line)
        if _SELF_SECTIONS.match(bare) or (bare.endswith(":") and _SELF_SECTIONS.match(bare[:-1])):
            skipping = True
            continue
        if _SECTION.match(bare):
            skipping = False
            continue
        if skipping or "@" in line or len(bare.split()) < 3:
            continue
        if _DATES.search(bare) and not bare.endswith(".") and len(bare.split()) <= 20 and not doc.is_bullet(line):
            found.append(Line(bare, True))
            continue
        found.append(Line(bare, False))  # a whole line: a résumé bullet is one claim, however punctuated
    seen, kept = set(), []
    for item in found:
        if item.text not in seen:
            seen.add(item.text)
            kept.append(item)
    return kept


def tenure(requirement: str) -> bool:
    """Whether a requirement is about years of experience."""
    return bool(_TENURE.search(requirement or ""))


def select(scores: np.ndarray, wanted: list[str], titles: list[bool] | None = None) -> list[list[int]]:
    """For each wanted text, the indexes of the found texts that are evidence for it, given their cosine `scores`
    (wanted x found). A requirement of years, and a job title, are never matched."""
    titles = titles or [False] * scores.shape[1]
    baseline = scores.mean(axis=0) if len(wanted) > 1 else np.zeros(scores.shape[1])
    chosen = []
    for i, want in enumerate(wanted):
        if tenure(want):
            chosen.append([])
            continue
        row = np.where(np.array(titles, dtype=bool), -1.0, scores[i])
        best = float(row.max()) if len(row) else 0.0
        keep: list[int] = []
        for j in np.argsort(-row):
            value = float(row[j])
            if value < EVIDENCE_CLOSE or value < best - EVIDENCE_SPREAD:
                break
            if value - float(baseline[j]) >= EVIDENCE_LIFT:
                keep.append(int(j))
            if len(keep) == MAX_EVIDENCE:
                break
        chosen.append(keep)
    return chosen


def scores_for(wanted: list[str], found: list[str]) -> np.ndarray:
    return meaning.queries(wanted) @ meaning.passages(found).T


def match(wanted: list[str], found: list[str], titles: list[bool] | None = None) -> list[list[int]]:
    """For each wanted text (a requirement), the indexes of the found sentences that are evidence for it."""
    if not wanted or not found or not meaning.available():
        return [[] for _ in wanted]
    return select(scores_for(wanted, found), wanted, titles)


def brief(job_description: str, resume: str) -> list[dict]:
    """The job brief: each requirement the description states, with the résumé sentences that show it
    ([] when the résumé shows none): [{"requirement": str, "evidence": [str, ...]}, ...]."""
    return [{"requirement": r.text, "evidence": evidence} for r, evidence in brief_items(job_description, resume)]


def brief_items(job_description: str, resume: str) -> list[tuple[Requirement, list[str]]]:
    """The brief with each requirement's place in the description (for plans and tests)."""
    reqs = requirements(job_description)
    lines = resume_lines(resume)
    picks = match([r.text for r in reqs], [line.text for line in lines], [line.title for line in lines])
    return [(r, [lines[j].text for j in pick]) for r, pick in zip(reqs, picks)]


def coverage(job_description: str, answers: list[str]) -> list[dict]:
    """Which requirements the interview answers gave evidence for, quoting them, and which were never shown:
    [{"requirement": str, "quotes": [answer sentence, ...]}, ...] ([] when no answer showed it)."""
    reqs = [r for r in requirements(job_description) if not tenure(r.text)]  # years can't be shown in an answer
    said = [s for answer in answers for s in sentences_of(answer)]
    picks = match([r.text for r in reqs], said)
    return [{"requirement": r.text, "quotes": [said[j] for j in pick]} for r, pick in zip(reqs, picks)]
