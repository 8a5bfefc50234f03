"""The job's own vocabulary: terms taken from a job description or résumé, and whether answers used them.

A term is one to four words ("variance analysis", "SQL", "stakeholder management"). It counts as used
when an answer says it in any inflection ("assumption" for "assumptions", "forecasts" for "forecasting"
shares the stem "forecast"), or, for a term of three words or more, its head words ("rate risk" for
"interest rate risk"); and as missed only when no answer says it at all. Soft phrases ("clear
communication", "team player") and the job's own title ("Treasury Analyst") are not terms.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#&.'-]*[A-Za-z0-9+#]|[A-Za-z]")
_STOP = frozenset("a an and or the of to in on for with at by from as is are be our your you we they this that "
                  "will who what which role team job work working experience years year strong ability skills "
                  "knowledge including such etc other new good excellent plus preferred required responsibilities "
                  "requirements about across within into using use able must should can own lead manage build support drive deliver "
                  "help monthly weekly daily key main senior junior".split())
_HEADS = ("analysis", "analytics", "modeling", "modelling", "management", "forecasting", "reporting", "planning",
          "budgeting", "testing", "design", "development", "reconciliation", "engineering", "research",
          "optimization", "optimisation", "compliance", "accounting", "operations", "strategy", "governance",
          "pipelines", "pipeline", "architecture", "automation", "negotiation", "risk", "exposure")
# Words that make a phrase a soft skill, not a term of the job.
_SOFT = frozenset("communication communications communicator leadership teamwork player problem solving detail "
                  "interpersonal collaboration collaborative motivated self-starter passion passionate organised "
                  "organized proactive attitude hardworking fast-paced environment".split())
# A phrase ending in one of these names a job (the title), not something the job does.
_TITLES = frozenset("analyst analysts manager managers engineer engineers developer developers officer associate "
                    "director specialist consultant intern designer scientist teacher nurse assistant "
                    "administrator coordinator representative executive head lead".split())
# A verb opening a phrase is the job's action, not part of the term ("run stress testing").
_VERBS = frozenset("run runs monitor monitors perform performs conduct conducts lead leads manage manages own owns "
                   "build builds drive drives report reports prepare prepares ensure ensures develop develops "
                   "maintain maintains oversee oversees support supports deliver delivers".split())
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s", "ly")
MAX_TERMS = 15


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem for matching inflections: lower case, common English endings removed."""
    word = word.lower().strip(".'")
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


@lru_cache(maxsize=8192)
def _stems(text: str) -> tuple[str, ...]:
    """Every word's stem, in order (kept per text: a report matches every job term against every answer)."""
    return tuple(stem(w) for w in _WORD.findall(text or ""))


def said(term: str, text: str) -> bool:
    """Whether `text` says `term`, word for word up to inflection (a whole-word match, never a prefix)."""
    wanted, words = _stems(term), _stems(text)
    if not wanted:
        return False
    if len(wanted) == 1 and len(term.strip()) <= 4 and term.strip().isupper():  # SQL, TCP: exact, any case
        return wanted[0] in words
    n = len(wanted)  # every word of it: "free cash flow" is not "unlevered free cash flow"
    return any(words[i:i + n] == wanted for i in range(len(words) - n + 1))


def _adverb(word: str) -> bool:
    """"Accurately", "effectively": how a duty is done, never part of a term."""
    return len(word) > 5 and word.lower().endswith("ly") and not word.isupper()


def _clean(phrase: str, listed: bool = False) -> str | None:
    words = [w for w in _WORD.findall(phrase)]
    while words and (words[0].lower() in _STOP or words[0].lower() in _VERBS or _adverb(words[0])):
        words.pop(0)
    while words and words[-1].lower() in _STOP:
        words.pop()
    if not words or len(words) > 4 or any(w.lower() in _STOP for w in words[1:-1] if len(words) > 2):
        return None
    if any(w.lower() in _SOFT for w in words) or words[-1].lower() in _TITLES:
        return None
    term = " ".join(words)
    single_ok = words[0].isupper() or len(words[0]) >= 6 or (listed and words[0][:1].isupper() and len(words[0]) >= 4)
    if len(term) < 2 or (len(words) == 1 and not single_ok):
        return None
    keep_case = any(w[:1].isupper() for w in words) and (listed or words[0].isupper())
    return term if keep_case else term.lower()


def extract(text: str) -> list[str]:
    """Terms a job description or résumé names: acronyms, short list items, "<x> analysis"-style phrases."""
    found: list[str] = []

    text = text or ""
    titles = [m.group(0).lower() for m in re.finditer(
        r"\b(?:[A-Za-z][\w&-]*\s){1,4}(?:" + "|".join(_TITLES) + r")\b", text, re.IGNORECASE)]

    def add(term: str | None) -> None:
        if not term or any(f" {term.lower()} " in f" {title} " for title in titles):  # part of the job's title
            return
        if not any(stem_key(term) == stem_key(t) for t in found):
            found.append(term)

    for match in re.finditer(r"\b((?:[A-Za-z][\w-]*\s){0,2}(?:" + "|".join(_HEADS) + r"))\b", text, re.IGNORECASE):
        add(_clean(match.group(1)))
    for item in re.split(r"[,;•·\n()/]|\band\b|:", text):
        if 0 < len(item.split()) <= 3:
            add(_clean(item, listed=True))
    for acronym in re.findall(r"\b[A-Z][A-Z0-9&+]{1,5}\b", text):
        if not any(acronym in t.split() for t in found):  # "FX" is in "FX exposure" already
            add(acronym)
    return found[:MAX_TERMS]


_EMPLOYMENT = frozenset("full time full-time part time part-time permanent temporary contract hybrid remote "
                        "on-site onsite".split())


def _without_title(job_description: str) -> str:
    """The description after its title line (the job's name, hours and town), or after its first sentence when it
    is one paragraph."""
    text = (job_description or "").strip()
    lines = text.splitlines()
    if len(lines) > 1:
        return "\n".join(lines[1:])
    return re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[-1] if re.search(r"[.!?]\s+\S", text) else text


def requirement_terms(job_description: str) -> list[str]:
    """Terms the job's requirements name (core.job.requirements), then the rest of the description's after its
    title line: never the town, the hours or the job's own name, and nothing from a résumé."""
    from core.job.requirements import requirements

    found: list[str] = []
    lines = [r.text for r in requirements(job_description or "")] + [_without_title(job_description)]
    for line in lines:
        for term in extract(line):
            if term.lower() in _EMPLOYMENT or any(stem_key(term) == stem_key(t) for t in found):
                continue
            found.append(term)
    return found[:MAX_TERMS]


def stem_key(term: str) -> tuple[str, ...]:
    return tuple(_stems(term))


def usage(terms: list[str], answers: list[str]) -> tuple[list[str], list[str]]:
    """(used, missed): each term is used if any answer says it, missed only if none does."""
    used = [t for t in terms if any(said(t, a) for a in answers)]
    return used, [t for t in terms if t not in used]
