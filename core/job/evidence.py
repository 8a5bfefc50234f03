"""Which sentences show a requirement: the résumé's (the job brief) or the interview answers' (the report).

A résumé line is read by Parley's own evidence model (core.job.evidence_model: a cross-encoder trained on the
labelled job sets, docs/evidence-model.md): it shows a requirement when the model is RESUME_SHOWS sure, the line
stands for no requirement it more likely shows, and it names a credential asked for by its name and shows the person
doing a duty, not attending or assisting (core.job.credentials, core.job.involvement: measured to add precision to
the model on the calibration jobs; the rules about objects and people did not, and are not applied to résumés).
In a résumé only what the person did counts: experience lines and certifications, not the summary they wrote about
themselves, a list of skills or a job title. A requirement of years ("3+ years in credit analysis") gets no
evidence: adding up dates is not something these models do reliably, and the brief says so.
An interview answer's sentences (the report) are read by meaning with the bundled sentence model (core.judge.meaning:
the requirement as the query, each real sentence as a passage), strictly: close to the requirement, clearly closer to
it than to the job's other requirements on average, and closer to it than to any one of them; and by meaning too when
the evidence model is missing. Precision comes first: with no such line the brief says there is no clear evidence,
never a guess. Thresholds were chosen on labelled job sets (docs/job-tailoring.md, docs/evidence-model.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.job import credentials, evidence_model, involvement, objects, people, text as doc
from core.job.requirements import Requirement, requirements
from core.judge import meaning

EVIDENCE_CLOSE = 0.86  # requirement (query) vs sentence (passage) cosine (docs/job-tailoring.md: why 0.86 and 0.045)
EVIDENCE_LIFT = 0.045  # ...and this much closer to this requirement than to the job's average requirement
EVIDENCE_SPREAD = 0.01  # only sentences this near the requirement's best sentence
# The evidence model's probability that a résumé line shows a requirement: the lowest setting at which its precision on
# the calibration jobs (DEV_JOBS in scripts/evidence_data.py, never trained on) matches the rules it replaced (0.934
# against 0.937, recall 0.63 against 0.52; docs/evidence-model.md).
RESUME_SHOWS = 0.9
# ...and a sentence stands for the requirement it is closest to, not for the next one along: "Cover reception,
# booking weight clinics" is closest to something else than "Run your own nurse clinics". A sentence that shows two
# requirements is credited to one; the other's brief says no clear evidence (precision before recall).
CLOSEST_ONLY = True
MAX_EVIDENCE = 2

# Section names. A résumé's section title may join several ("Education and qualifications"): a section is
# skipped only when every name in its title is one the person writes about themselves.
_SELF_NAMES = re.compile(r"^((?:personal|career|professional|executive|profile) (?:summary|profile|statement)|"
                         r"career objective|summary|profile|about( me)?|objective|skills|it skills|computer skills|"
                         r"digital skills|technical skills|core skills|key skills|"
                         r"tools|education|interests|languages|references|personal statement)$", re.IGNORECASE)
_READ_NAMES = re.compile(r"^(experience|work experience|employment|career|professional experience|"
                         r"certifications?|licen[cs]es?|licensure|qualifications?|designations?|training|projects|"
                         r"volunteering|achievements|publications|awards|memberships?|accreditations?)$", re.IGNORECASE)
# Sections of what the person holds, not of what they did: read, but a duty is not shown by them
# ("Safeguarding Adults Level 3; Mental Capacity Act and DoLS for managers" is not acting as safeguarding lead).
# A list of the software someone knows is read the same way: it shows knowing the tools, not work done in them.
_HELD_NAMES = re.compile(r"^(certifications?|licen[cs]es?|licensure|qualifications?|designations?|training|"
                         r"memberships?|accreditations?|awards|software|systems|technologies|tech stack|platforms)$",
                         re.IGNORECASE)
_JOINS = re.compile(r"\s*(?:,|&|/|\band\b)\s*", re.IGNORECASE)
_DATES = re.compile(r"\b(19|20)\d{2}\b.{0,12}?(\b(19|20)\d{2}\b|present|now|current|today)", re.IGNORECASE)
# ...or of months of experience ("At least 12 months' post-registration experience"; not "within 6 months of starting").
_TENURE = re.compile(r"\b(\d+\+?|one|two|three|four|five|six|seven|eight|ten)\s*(\+\s*|or more\s+|or over\s+)?"
                     r"(years?|yrs)\b|\b\d+\+?\s*months?['’]?\s+(?:of\s+)?(?:[\w-]+\s+){0,2}experience\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str
    title: bool  # a job title with its dates ("Credit Analyst, Thamesbridge - 2020 to 2022")
    held: bool = False  # under a section of qualifications, licences, training or memberships


def sentences_of(text: str) -> list[str]:
    """Real sentences of an answer, verbatim: fragments of fewer than three words left out."""
    found = []
    for start, end in doc.units(text or ""):
        piece = (text or "")[start:end].strip()
        if len(piece.split()) >= 3:
            found.append(piece)
    return list(dict.fromkeys(found))


def _section(line: str) -> str | None:
    """"self", "held" or "read" when a line is a section title made of known section names ("Education and
    licensure": held, as it holds a licence), else None."""
    title = line[:-1].strip() if line.endswith(":") else line
    names = [name for name in _JOINS.split(title) if name]
    if not names or len(title.split()) > 6:
        return None
    kinds = {"self" if _SELF_NAMES.match(name) else "held" if _HELD_NAMES.match(name) else
             "read" if _READ_NAMES.match(name) else None for name in names}
    if None in kinds:
        return None
    return "self" if kinds == {"self"} else "read" if "read" in kinds else "held"


def _laid_out_as_title(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """Whether line i stands as a section title of unknown name ("Teacher training", "Previous career"): a few
    words with no figures or closing punctuation, on its own after a blank line (or first), with text after it."""
    line = text[spans[i][0]:spans[i][1]]
    after_blank = i == 0 or text.count("\n", spans[i - 1][1], spans[i][0]) >= 2
    return (after_blank and i + 1 < len(spans) and not doc.is_bullet(line) and len(line.split()) <= 4
            and not re.search(r"\d", line) and not re.search(r"[.!?;,]$", line))


def _header(text: str, spans: list[tuple[int, int]]) -> int:
    """How many opening lines are the name, title and contact block: the lines before the first blank line,
    when the résumé has more than one block and that block is a few lines without bullets."""
    for i in range(1, len(spans)):
        if text.count("\n", spans[i - 1][1], spans[i][0]) >= 2:
            lines = [text[s:e] for s, e in spans[:i]]
            return i if i <= 4 and not any(doc.is_bullet(line) for line in lines) else 0
    return 0


def resume_lines(text: str) -> list[Line]:
    """The résumé's lines that can show a requirement: experience sentences, certifications and job titles with
    dates; not the summary, skills or education sections, not the name, title and contact block at the top, and
    never a section title (a heading shows nothing the person did)."""
    text = text or ""
    spans = doc.lines(text)
    found: list[Line] = []
    skipping, held = False, False
    for i, (start, end) in enumerate(spans):
        line = text[start:end]
        bare = doc.strip_bullet(line)
        if i < _header(text, spans):
            continue
        if not doc.is_bullet(line):
            kind = _section(bare)
            if kind or _laid_out_as_title(text, spans, i):
                skipping, held = kind == "self", kind == "held"
                continue
            if ":" in bare and _section(bare.split(":", 1)[0] + ":") == "self":
                continue  # "Skills: Excel, Tableau": the section's content on the title's line
        if skipping or "@" in line or len(bare.split()) < 3:
            continue
        if _DATES.search(bare) and not bare.endswith(".") and len(bare.split()) <= 20 and not doc.is_bullet(line):
            found.append(Line(bare, True, held))
            continue
        found.append(Line(bare, False, held))  # a whole line: a résumé bullet is one claim, however punctuated
    seen, kept = set(), []
    for item in found:
        if item.text not in seen:
            seen.add(item.text)
            kept.append(item)
    return kept


def tenure(requirement: str) -> bool:
    """Whether a requirement is about years of experience."""
    return bool(_TENURE.search(requirement or ""))


def about_the_same_thing(wanted: list[str], found: list[str]) -> np.ndarray:
    """(wanted x found) whether each found sentence may stand for each wanted requirement: it must name what the
    requirement acts on (core.job.objects), whatever its verb. A shared verb alone lifts the similarity ("Lead a
    team of 45 pickers" is not "Lead a team of four shift managers"), and so does a neighbouring task ("Teach a
    class with English learners" is not "Build strategies with teachers for English learners"). And it must show
    the person doing it, not attending, shadowing or assisting (core.job.involvement), and a credential by its
    name, not another of its kind (core.job.credentials)."""
    return np.array([[objects.names_object(want, text) and credentials.names_it(want, text)
                      and involvement.may_show(want, text) and people.may_show(want, text)
                      for text in found] for want in wanted], dtype=bool).reshape(len(wanted), len(found))


def select(scores: np.ndarray, wanted: list[str], titles: list[bool] | None = None,
           allowed: np.ndarray | None = None) -> list[list[int]]:
    """For each wanted text, the indexes of the found texts that are evidence for it, given their cosine `scores`
    (wanted x found). A requirement of years, a job title, and a sentence `allowed` rules out (about another
    thing), are never matched; nor is a sentence closer to another wanted text (CLOSEST_ONLY)."""
    titles = titles or [False] * scores.shape[1]
    baseline = scores.mean(axis=0) if len(wanted) > 1 else np.zeros(scores.shape[1])
    closest = scores.max(axis=0) if CLOSEST_ONLY and len(scores) else np.full(scores.shape[1], -1.0)
    chosen = []
    for i, want in enumerate(wanted):
        if tenure(want):
            chosen.append([])
            continue
        ruled_out = np.array(titles, dtype=bool) | (~allowed[i] if allowed is not None else False)
        row = np.where(ruled_out, -1.0, scores[i])
        best = float(row.max()) if len(row) else 0.0
        keep: list[int] = []
        for j in np.argsort(-row):
            value = float(row[j])
            if value < EVIDENCE_CLOSE or value < best - EVIDENCE_SPREAD:
                break
            if value - float(baseline[j]) >= EVIDENCE_LIFT and value >= float(closest[j]):
                keep.append(int(j))
            if len(keep) == MAX_EVIDENCE:
                break
        chosen.append(keep)
    return chosen


def scores_for(wanted: list[str], found: list[str]) -> np.ndarray:
    return meaning.queries(wanted) @ meaning.passages(found).T


def match(wanted: list[str], found: list[str], titles: list[bool] | None = None,
          held: list[bool] | None = None) -> list[list[int]]:
    """For each wanted text (a requirement), the indexes of the found sentences that show it, by meaning. A line
    under a section of what the person holds (`held`: qualifications, training, memberships) shows no duty: a
    duty is shown by doing it (core.job.involvement.is_duty)."""
    if not wanted or not found or not meaning.available():
        return [[] for _ in wanted]
    allowed = about_the_same_thing(wanted, found)
    if held and any(held):
        duties = np.array([involvement.is_duty(want) for want in wanted], dtype=bool)
        allowed &= ~np.outer(duties, np.array(held, dtype=bool))
    return select(scores_for(wanted, found), wanted, titles, allowed)


def resume_match(wanted: list[str], lines: list[Line]) -> list[list[int]]:
    """For each requirement, the indexes of the résumé lines that show it, read by the evidence model (by meaning,
    `match`, when it is missing): at least RESUME_SHOWS likely and the requirement the line most likely shows (a
    line stands for one), at most MAX_EVIDENCE; never a job title or a requirement of years; a credential by its
    name, a duty done rather than attended (core.job.credentials, core.job.involvement)."""
    texts = [line.text for line in lines]
    if not wanted or not texts:
        return [[] for _ in wanted]
    if not evidence_model.available():
        return match(wanted, texts, [line.title for line in lines], [line.held for line in lines])
    allowed = np.array([[credentials.names_it(want, text) and involvement.may_show(want, text) for text in texts]
                        for want in wanted], dtype=bool).reshape(len(wanted), len(texts))
    allowed &= ~np.array([line.title for line in lines], dtype=bool)[None, :]
    allowed &= ~np.array([tenure(want) for want in wanted], dtype=bool)[:, None]
    shows = np.where(allowed, evidence_model.shows(wanted, texts, allowed), 0.0)  # only allowed pairs are read
    likeliest = shows.argmax(axis=0)
    return [[int(j) for j in np.argsort(-shows[i], kind="stable") if shows[i, j] >= RESUME_SHOWS
             and likeliest[j] == i][:MAX_EVIDENCE] for i in range(len(wanted))]


def brief(job_description: str, resume: str) -> list[dict]:
    """The job brief: each requirement the description states, with the résumé sentences that show it
    ([] when the résumé shows none): [{"requirement": str, "evidence": [str, ...]}, ...]."""
    return [{"requirement": r.text, "evidence": evidence} for r, evidence in brief_items(job_description, resume)]


def brief_items(job_description: str, resume: str) -> list[tuple[Requirement, list[str]]]:
    """The brief with each requirement's place in the description (for plans and tests)."""
    reqs = requirements(job_description)
    lines = resume_lines(resume)
    picks = resume_match([r.text for r in reqs], lines)
    return [(r, [lines[j].text for j in pick]) for r, pick in zip(reqs, picks)]


def coverage(job_description: str, answers: list[str]) -> list[dict]:
    """Which requirements the interview answers gave evidence for, quoting them, and which were never shown:
    [{"requirement": str, "quotes": [answer sentence, ...]}, ...] ([] when no answer showed it)."""
    reqs = [r for r in requirements(job_description) if not tenure(r.text)]  # years can't be shown in an answer
    said = [s for answer in answers for s in sentences_of(answer)]
    picks = match([r.text for r in reqs], said)
    return [{"requirement": r.text, "quotes": [said[j] for j in pick]} for r, pick in zip(reqs, picks)]
