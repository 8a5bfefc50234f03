"""Whether a résumé line shows the person doing a task, or only being near it: attending, training, shadowing,
observing, taking part in or helping with someone else's work.

A hiring manager does not take "Attended a training session on supporting SEND pupils" as evidence of "Adapts
teaching for pupils with SEND", nor "Took part in monthly valuations" as evidence of "Runs the monthly cost
reporting". The sentence model scores such lines close to the requirement (same field, same nouns), so they are
read by rule: a line that opens with one of these verbs (or says it took part) is evidence only for a requirement
that itself asks for training, knowledge or a supporting role. Chosen on labelled résumé lines marked "same task"
or "neighbouring task" (docs/job-tailoring.md).
"""
from __future__ import annotations

import re

# Being near the work rather than doing it, as a résumé line opens ("Attended…", "Shadowed…") or says it
# anywhere ("…through a shadowing placement").
_OPENS = re.compile(
    r"^\s*(?:[-*•·▪◦–—]\s*)?(?:I\s+)?(?:attend(?:ed|s|ing)?|complet(?:ed|es|ing)\s+(?:an?\s+|the\s+)?(?:\w+[- ]){0,4}"
    r"(?:training|course|module|workshop|session|induction|cpd|e-learning|programme|program)|"
    r"shadow(?:ed|s|ing)?|observ(?:ed|es|ing)|took part in|take part in|taking part in|participat(?:ed|es|ing)\s+in|"
    r"sat in on|sit in on|(?:assist|help|support)(?:ed|s|ing)?\s+with\b|"
    r"(?:assist|help|support)(?:ed|s|ing)?\s+(?:the\s+|my\s+|a\s+|an\s+|our\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:manager|lead|leader|head|supervisor|director|teacher|senior|consultant|surveyor|engineer|architect|"
    r"partner|officer|nurse|doctor|team)s?\b|"
    r"gain(?:ed|s|ing)?\s+(?:\w+\s+)?exposure|exposure to|familiar(?:ity)? with|introduc(?:ed|tion)\s+to|"
    r"learn(?:ed|t|ing)\s+(?:about|the basics)|studied|read up on)\b",
    re.IGNORECASE)
_ANYWHERE = re.compile(r"\b(?:shadowing|work experience placement|as an observer|awareness (?:course|training|session)|"
                       r"training (?:session|course|day) on|twilight (?:session|training))\b", re.IGNORECASE)
# A requirement that asks for the training, knowledge or supporting role itself.
_ASKS_FOR_IT = re.compile(
    r"\b(?:train(?:ed|ing)?|certif\w*|qualif\w*|knowledge|understanding|familiar\w*|aware\w*|exposure|"
    r"licen[cs]\w*|degree|course\w*|cpd|(?:willing|eager|keen) to learn|assist\w*|support(?:ing)? (?:the|our|a) \w+|"
    r"help(?:ing)? (?:the|our) \w+|interest in)\b",
    re.IGNORECASE)


def secondhand(line: str) -> bool:
    """Whether a résumé line shows only being near the work (attending, training, shadowing, assisting)."""
    return bool(_OPENS.search(line or "") or _ANYWHERE.search(line or ""))


def asks_for_it(requirement: str) -> bool:
    """Whether a requirement is met by training, knowledge or a supporting role (so a secondhand line may show it)."""
    return bool(_ASKS_FOR_IT.search(requirement or ""))


def may_show(requirement: str, line: str) -> bool:
    """Whether a line may stand as evidence for a requirement as far as involvement goes."""
    return asks_for_it(requirement) or not secondhand(line)
