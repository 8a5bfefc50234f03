"""Whether a résumé line shows a credential as held, at the level asked: not one still being worked towards, a lower
level, band or grade of it, or one the line says it lacks a part of.

"ARB registration in progress", "CIPD Level 3" for "Level 5 or above", "Operational Level" for "at management
level", "Affiliate member, IOSH" for "Tech IOSH or above", "ACCA: 11 of 13 exams passed" and "Part-66 B1.1 licence
(no type endorsements)" each name the thing asked for, so the sentence model and the name rules take them for it;
a hiring manager does not. Read by rule (docs/job-tailoring.md); which credential is named is core.job.credentials'.
"""
from __future__ import annotations

import re

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Not held yet: "registration application in progress", "working towards Level 5", "designation expected 2026",
# "enrolled as a student veterinary nurse". Evidence only for a requirement that accepts it ("or working towards").
_NOT_YET = re.compile(r"\b(?:(?:registration|application|qualification|certification|designation|chartership|"
                      r"licen[cs]e)(?: application)? (?:in progress|pending|underway)|in progress|working towards?|"
                      r"studying (?:for|towards?)|applying for|due to (?:complete|finish|qualify)|"
                      r"(?:expected|due)(?: in)? (?:" + _MONTH + r"\s+)?(?:19|20)\d{2}|"
                      r"(?:currently |now )?enrolled (?:as an? (?:student|trainee)|on|in|onto)|currently enrolled|"
                      # "…currently enrolled, final modules due May 2026"
                      r"(?:final|remaining|last) (?:modules?|units?|exams?|papers?|assessments?) (?:due|to (?:sit|take))|"
                      r"student member|(?:as an?|^\W*)trainee|(?:exam|assessment|test|course)s? (?:booked|scheduled|pending)|"
                      r"(?:I'm|I am|currently) (?:finishing|completing|studying)|place (?:accepted|offered|confirmed)|"
                      r"booked (?:onto|on to|on)\b|"
                      r"accepted (?:on|onto)(?: the| a)? (?:\w+[- ])*"
                      r"(?:course|programme|program|scheme|apprenticeship)|(?:course|programme|program|training) "
                      r"(?:starting|beginning|due to start)|"
                      # held once, or not in full: "NPLQ (lapsed 2023)", "awaiting results", "provisional licence"
                      r"(?:lapsed|expired)(?=\s*(?:\)|$|[,;]|(?:in\s+)?(?:[A-Za-z]+\s+)?(?:19|20)\d{2}))|awaiting (?:results?|registration|confirmation|my|the)|"
                      r"provisional (?:(?:UK|driving)\s+){0,2}(?:licen[cs]e|registration))\b",
                      re.IGNORECASE)
_ACCEPTS_NOT_YET = re.compile(r"\b(?:working towards?|studying|in progress|part[- ]qualified|trainee|student|"
                              r"(?:willing|happy|keen) to (?:study|work towards))\b", re.IGNORECASE)
# A level, band or grade by number: "CIPD Level 3" is below "Level 5 or above".
_LEVEL = re.compile(r"\b(level|band|grade|tier|stage|step)\s+(\d+)\b", re.IGNORECASE)
# Levels named by words, lowest first: "Marine High Voltage Safety - Operational Level" is below "at management level".
_TIERS = {"awareness": 0, "foundation": 0, "basic": 0, "support": 0, "operational": 1, "intermediate": 1,
          "practitioner": 1, "advanced": 2, "management": 2, "expert": 2}
_TIER = re.compile(r"\b(" + "|".join(_TIERS) + r")[ -]level\b", re.IGNORECASE)


def below_the_level(requirement: str, line: str) -> bool:
    """Whether a line names a lower level of what the requirement asks ("CIPD Level 3" for "Level 5 or above",
    "Operational Level" for "at management level")."""
    wanted = {m.group(1).lower(): int(m.group(2)) for m in _LEVEL.finditer(requirement or "")}
    if any(m.group(1).lower() in wanted and int(m.group(2)) < wanted[m.group(1).lower()]
           for m in _LEVEL.finditer(line or "")):
        return True
    tiers = [_TIERS[m.group(1).lower()] for m in _TIER.finditer(requirement or "")]
    return bool(tiers) and any(_TIERS[m.group(1).lower()] < min(tiers) for m in _TIER.finditer(line or ""))


# Some exams of a qualification passed is not the qualification: "ACCA: 11 of 13 exams passed", "CTA: Awareness
# papers passed; Application paper to sit in May 2026" (not "Passed all ACCA exams at first attempt").
_PART_PASSED = re.compile(r"\b\d+ of \d+ (?:exams|papers|modules|units)\b|\b(?:papers?|exams?|modules?) passed\b.*"
                          r"\bto (?:sit|take)\b|\b(?:to sit|still to take|remaining)\b.*\b(?:papers?|exams?)\b",
                          re.IGNORECASE)
# A clause that only adds a plus does not accept working towards the thing asked for: "Qualified ATT, ACA or ACCA (CTA
# part-qualified is a plus)", "…as a minimum; the NEBOSH Diploma, or working towards it, would be an advantage".
_A_PLUS = re.compile(r"\([^)]*\b(?:plus|advantage|desirable|bonus)\b[^)]*\)|;[^;]*\b(?:plus|advantage|desirable|bonus)\b"
                     r"[^;]*$", re.IGNORECASE)


def not_held_yet(requirement: str, line: str) -> bool:
    """Whether a line names something the person is still working towards, for a requirement that asks for it held."""
    return (bool(_NOT_YET.search(line or "") or _PART_PASSED.search(line or ""))
            and not _ACCEPTS_NOT_YET.search(_A_PLUS.sub(" ", requirement or "")))


# Grades of a professional body's membership, lowest first: "Affiliate member, IOSH" is below "Tech IOSH or above".
_GRADES = {"student": 0, "affiliate": 1, "associate": 2, "technical": 3, "tech": 3, "technician": 3, "qualifying": 3,
           "graduate": 4, "chartered": 5, "full": 5, "fellow": 6}
# Bodies order their grades differently (an Associate is above a Graduate at CIEEM, below one at IOSH): the order is
# read only for "or above"; otherwise a line must name a grade the requirement names, or a top one.
_OR_ABOVE = re.compile(r"\b(?:or (?:above|higher|more senior)|at least|minimum|as a minimum)\b", re.IGNORECASE)
_TOP = frozenset(("chartered", "full", "fellow"))
_GRADE = re.compile(r"\b(" + "|".join(_GRADES) + r")\b(?:\s+member(?:ship)?\b)?", re.IGNORECASE)


def below_the_grade(requirement: str, line: str) -> bool:
    """Whether, for a requirement of membership at a grade ("Chartered Engineer status"), a line names a lower
    grade."""
    if not re.search(r"\bmember(?:ship)?\b|\bstatus\b", requirement or "", re.IGNORECASE):
        return False
    wanted = {m.group(1).lower() for m in _GRADE.finditer(requirement or "")}
    found = {m.group(1).lower() for m in _GRADE.finditer(line or "")}
    if not (wanted and found):
        return False
    if _OR_ABOVE.search(requirement or ""):
        return max(_GRADES[g] for g in found) < min(_GRADES[g] for g in wanted)
    return not (found & wanted or found & _TOP)


# The line says what it lacks, in brackets: "Part-66 B1.1 licence (no type endorsements)" for a licence "with an ATR
# 42/72 type rating endorsed", "120-hour TEFL certificate (no observed teaching practice)" for one "with at least 6
# hours' observed teaching practice". Not evidence when what it lacks is something the requirement names.
_LACKS = re.compile(r"\((?:no|not|without)\s+(?=[a-z])([^)]{2,80})\)", re.IGNORECASE)


def says_it_lacks(requirement: str, line: str) -> bool:
    """Whether a line says, in brackets, that it lacks something the requirement names."""
    wanted = {word[:6] for word in re.findall(r"[a-z]{4,}", (requirement or "").lower())}
    return any(word[:6] in wanted for found in _LACKS.finditer(line or "")
               for word in re.findall(r"[a-z]{4,}", found.group(1).lower()))


def not_yet(line: str) -> bool:
    """Whether a line names something still being worked towards, whatever the requirement."""
    return bool(_NOT_YET.search(line or ""))


# A minimum counted in hours or exams: "Total 232 hrs" is not "At least 500 hours on the A320 family".
_UNIT = r"(hours?|hrs|exams?|papers|modules)"
_MINIMUM = re.compile(r"\b(?:at least|a minimum of|minimum(?: of)?|over|more than)\s+(\d[\d,]*)\s+(?:[\w-]+\s+){0,3}?"
                      + _UNIT + r"\b|\b(\d[\d,]*)\+\s+(?:[\w-]+\s+){0,3}?" + _UNIT + r"\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\b(\d[\d,]*)\s*(?:[\w-]+\s+){0,2}?" + _UNIT + r"\b", re.IGNORECASE)


def _unit(word: str) -> str:
    word = word.lower()
    return "hour" if word.startswith("h") else word.rstrip("s")


def below_the_minimum(requirement: str, line: str) -> bool:
    """Whether, for a requirement of at least so many hours or exams, every amount of that unit a line states is
    fewer."""
    for m in _MINIMUM.finditer(requirement or ""):
        wanted, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        shown = [int(a.group(1).replace(",", "")) for a in _AMOUNT.finditer(line or "")
                 if _unit(a.group(2)) == _unit(unit)]
        if shown and max(shown) < int(wanted.replace(",", "")):
            return True
    return False


# School grades, by letter and by number (England's 9-1 beside A*-G): "Maths D" is below "grade 4 (C) or above".
_LETTERS = {"A*": 8, "A": 7, "B": 6, "C": 4, "D": 3, "E": 2, "F": 1, "G": 1}
_ASKS_GRADE = re.compile(r"\b(?:GCSEs?|O[- ]levels?|Nat(?:ional)? 5s?)\b[^.;]{0,80}?\bgrades?\s+"
                         r"(?:([1-9])|([A-G]\*?))(?:\s*(?:\(|/)\s*(?:[1-9]|[A-G]\*?)\s*\)?)?\s*"
                         r"(?:or (?:above|higher|better)|\+|minimum|at least)", re.IGNORECASE)
_SUBJECTS = re.compile(r"\b(English|Maths|Mathematics|Math|Science)\b", re.IGNORECASE)
# A subject with its grade in a line: "Maths D", "English Language (C)", "Maths grade 3" (a grade letter in capitals:
# "Maths a-level" gives no grade).
_GRADE_GIVEN = re.compile(r"\b(English|Maths|Mathematics|Math|Science)(?:\s+(?:Language|Literature))?\s*[:(-]?\s*"
                          r"(?:grade\s+)?(?:([1-9])\b|((?-i:[A-G])\*?)(?![\w*]))", re.IGNORECASE)


def _subject(word: str) -> str:
    return "maths" if word.lower().startswith("math") else word.lower()


def below_the_school_grade(requirement: str, line: str) -> bool:
    """Whether, for school grades at a minimum in named subjects ("GCSE English and Maths at grade 4 (C) or above"),
    a line gives one of those subjects a lower grade ("GCSEs: English Language C, Maths D")."""
    asked = _ASKS_GRADE.search(requirement or "")
    if not asked:
        return False
    wanted = int(asked.group(1)) if asked.group(1) else _LETTERS[asked.group(2).upper()]
    subjects = {_subject(m.group(1)) for m in _SUBJECTS.finditer(requirement or "")}
    for m in _GRADE_GIVEN.finditer(line or ""):
        if not subjects or _subject(m.group(1)) in subjects:
            grade = int(m.group(2)) if m.group(2) else _LETTERS[m.group(3).upper()]
            if grade < wanted:
                return True
    return False


def may_show(requirement: str, line: str) -> bool:
    """Whether a line may stand as evidence for a requirement as far as the standing of what it names goes."""
    return not (below_the_level(requirement, line) or below_the_grade(requirement, line)
                or not_held_yet(requirement, line) or says_it_lacks(requirement, line)
                or below_the_minimum(requirement, line) or below_the_school_grade(requirement, line))
