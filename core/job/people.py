"""Whether a posting asks the person to manage people: "Lead a team of…", "Supervise a team of 12 technicians",
"Recruit, train and develop a team of 70", direct reports, line management.

A bank question that presupposes a team of one's own ("Tell me about a time you led a team through a significant
change") is one no interviewer asks an analyst or a coordinator, whatever its topic; the plan steps it back when
this says no. Read strictly, so that "our leadership team", "leaders and product managers", "manage suppliers such
as engineers" or "join a team of five" do not count: a verb of managing, then a determiner or a number, then staff.
"""
from __future__ import annotations

import re

_COUNT = r"(?:a|an|the|our|your|\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)"
_VERB = (r"(?:manag(?:e|es|ing)|lead(?:s|ing)?|supervis(?:e|es|ing)|line[- ]manag(?:e|es|ing)|coach(?:es|ing)?|"
         r"motivat(?:e|es|ing)|develop(?:s|ing)?|recruit(?:s|ing)?|hir(?:e|es|ing)|run(?:s|ning)?|oversee(?:s|ing)?|"
         r"direct(?:s|ing)?)")
_STAFF = (r"(?:team|teams|staff|employees|technicians|engineers|analysts|managers|nurses|crew|workforce|apprentices|"
          r"associates|servers|supervisors|operatives|assistants|coordinators|specialists|reps|representatives|agents|"
          r"designers|teachers|volunteers|workers|pickers|drivers|people)")
_MANAGES = re.compile(rf"\b{_VERB}(?:(?:,| and| or)\s+\w+)*\s+{_COUNT}\s+(?:[\w-]+\s+){{0,3}}?{_STAFF}\b"
                      r"|\bdirect reports?\b|\bpeople management\b|\bline management\b|\bmanage (?:people|staff)\b",
                      re.IGNORECASE)


def manages_people(job_description: str) -> bool:
    """Whether the posting asks the person to manage or lead people of their own."""
    return bool(_MANAGES.search(job_description or ""))


# A requirement to manage people ("Supervise mechanics and apprentices on shift", "Line manage and develop a
# Procurement Officer", "Supervise, train and assess pharmacy support workers") is shown only by a line of managing
# them: running revision sessions for an apprentice, showing new staff around on their first day or preparing tender
# packs for a procurement manager share its nouns, not its work.
_PEOPLE = (r"(?:team|teams|staff|employees|technicians|engineers|analysts|managers|nurses|crew|workforce|apprentices|"
           r"associates|supervisors|operatives|assistants|coordinators|officers|specialists|reps|agents|designers|"
           r"teachers|volunteers|workers|pickers|drivers|people|mechanics|trainees|juniors|colleagues|therapists|"
           r"physiotherapists|practitioners|administrators|clerks|surveyors|accountants|developers|buyers|planners|"
           r"chefs|cooks|cleaners|porters|carers|educators|graduates|officer|technician|engineer|analyst|assistant|"
           r"coordinator|apprentice|trainee|nurse|manager|supervisor)")
_ASKS_TO_MANAGE = re.compile(r"\b(?:line[- ]manag(?:e|es|ing)|supervis(?:e|es|ing)|manag(?:e|es|ing)|lead(?:s|ing)?|"
                             r"oversee(?:s|ing)?)\b(?:[\s,]+[\w'’-]+){0,6}?[\s,]+" + _PEOPLE + r"\b", re.IGNORECASE)
_SHOWS_MANAGING = re.compile(r"\b(?:manag(?:e|ed|es|ing)|line[- ]manag\w*|led|lead(?:s|ing)?|supervis(?:e|ed|es|ing|ion)|"
                             r"mentor(?:ed|s|ing)?|coach(?:ed|es|ing)?|train(?:ed|s|ing)?|develop(?:ed|s|ing)?|"
                             r"recruit(?:ed|s|ing)?|hired|oversaw|overs(?:ee|ees|eeing)|direct(?:ed|s|ing)?|apprais\w*|"
                             r"delegat\w*|rota\w*|head(?:ed|s|ing)?|in charge of|responsible for|"
                             r"(?:ran|run(?:s|ning)?) (?:a|the|my|our)\s+(?:[\w-]+\s+){0,2}(?:team|shift|crew|section|ward|"
                             r"unit|department|rota)|"
                             r"(?:supervisor|mentor|assessor|coach|line manager) (?:for|to|of)|"
                             r"team of|direct reports?|reports? to me)\b", re.IGNORECASE)


def asks_to_manage(requirement: str) -> bool:
    """Whether a requirement asks the person to manage, supervise or lead people."""
    return bool(_ASKS_TO_MANAGE.search(requirement or ""))


# A team's size: "a store team of around 140 colleagues", "a team of 22 colleagues", "12 direct reports".
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
_N = r"(\d+|" + "|".join(_NUMBER_WORDS) + ")"
_SIZE = re.compile(r"\bteam of (?:around |about |some |up to |over |roughly )?" + _N + r"\b|\b" + _N
                   + r"\s+(?:[\w-]+\s+){0,2}?" + _PEOPLE + r"\b", re.IGNORECASE)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _team_size(text: str) -> int:
    """The largest team size a text states, in figures or words ("a team of eight operatives": 8)."""
    return max((_count(m.group(1) or m.group(2)) for m in _SIZE.finditer(text or "")), default=0)


# Managing someone is more than mentoring, coaching or training them: "Mentor the graduate finance trainee" is not
# "Manage and develop a Commercial Analyst" (a line manager's work: objectives, reviews, the person reporting to you).
_ASKS_LINE_MANAGEMENT = re.compile(r"\b(?:line[- ])?manag(?:e|es|ing)\b(?:(?:,| and| or)\s+\w+)*\s+(?:[\w'’-]+\s+){0,4}?"
                                   + _PEOPLE + r"\b", re.IGNORECASE)
_ONLY_GUIDES = re.compile(r"\b(?:mentor\w*|coach\w*|train(?:ed|s|ing)?|develop\w*|buddy\w*|upskill\w*|induct\w*)\b",
                          re.IGNORECASE)
_MANAGED = re.compile(r"\b(?:manag(?:e|ed|es|ing)|line[- ]manag\w*|supervis\w*|led|lead(?:s|ing)?|head(?:ed|s|ing)?|"
                      r"apprais\w*|recruit\w*|hired|oversaw|overs(?:ee|ees|eeing)|in charge of|responsible for|"
                      r"team of|direct reports?|reports? to me|reporting to me|(?:ran|run(?:s|ning)?) (?:a|the|my|our))\b",
                      re.IGNORECASE)


def only_guides(requirement: str, line: str) -> bool:
    """Whether, for a requirement to manage people, a line only mentors, coaches or trains someone."""
    return (bool(_ASKS_LINE_MANAGEMENT.search(requirement or "")) and bool(_ONLY_GUIDES.search(line or ""))
            and not _MANAGED.search(line or ""))


def may_show(requirement: str, line: str) -> bool:
    """Whether a line may show a requirement as far as managing people goes: for one that asks it, the line must
    show managing, supervising, training or leading someone, and a team not far smaller than the one asked for
    ("Line-manage a team of 22 colleagues" is not "Lead… a store team of around 140 colleagues": under a third)."""
    if not asks_to_manage(requirement):
        return True
    if only_guides(requirement, line):
        return False
    wanted, shown = _team_size(requirement), _team_size(line)
    if wanted and shown and shown * 3 < wanted:
        return False
    return bool(_SHOWS_MANAGING.search(line or ""))
