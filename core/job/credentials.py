"""Whether a résumé line names the credential a requirement names, not another of its kind.

"A current Paediatric First Aid certificate" is not shown by "Emergency First Aid at Work": both name first aid,
so the sentence model and the object rule (core.job.objects) take one for the other, but a nursery cannot accept
the second. Read by rule, three ways a posting names a credential the person must hold:
- the capitalised words just before its noun ("Paediatric First Aid certificate", "CSCS card"): a line must name
  every one of them;
- the body after "registered with", "listed on" or "member of" ("registered with the Health and Care Professions
  Council (HCPC)"): a line must name all of it, or the short form in brackets;
- the subject after a level ("Level 3 Food Safety and Hygiene for Catering"): a line must name all its words, or all
  but one of three or more
  (the level itself is core.job.involvement's: a higher one meets a lower one).
A name offered with alternatives ("a CSCS or CPCS card", "or equivalent") is not read this way.
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.job import templates
from core.job.objects import stem

_NOUNS = re.compile(r"^(?:certificates?|certification|qualifications?|licen[cs]es?|registration|cards?|diplomas?|"
                    r"accreditation|tickets?|attestation|permits?|endorsements?|credentials?|designations?)$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9+&'’-]*")
# Capitalised words that describe any credential rather than name one (and a level, read elsewhere).
_PLAIN = frozenset("a an the and full valid current clean relevant recognised recognized professional appropriate "
                   "recent approved accredited level band grade stage category class type essential desirable "
                   "uk".split())
_HOLD = frozenset("hold holds holding have has having possess possessing".split())
# Another credential offered in its place: "…, or the Higher Certificate in…", "RN license or a multistate license".
_ALTERNATIVE = re.compile(r"(?:\bor\b|/)([^,;.]*)", re.IGNORECASE)
_ANOTHER = re.compile(r"\b(?:[A-Z][\w+&-]*|equivalent|degree|certificates?|certification|qualifications?|"
                      r"licen[cs]es?|registration|cards?|diplomas?|accreditation|tickets?)\b")
# A body the person is on, and a subject after a level: capitalised words joined by "and", "of", "for", "in".
_BODY = re.compile(r"\b(?i:registered with|registration with|listed on|member(?:ship)? of)\s+(?:the\s+)?"
                   r"((?:[A-Z][\w&'’-]*)(?:\s+(?:(?:and|of|for|in|&)\s+)?[A-Z][\w&'’-]*)*)(?:\s+\(([A-Z]{2,8})\))?")
_SUBJECT = re.compile(r"\bLevel\s+\d+\s+((?:[A-Z][\w&'’-]*)(?:\s+(?:(?:and|of|for|in|&)\s+)?[A-Z][\w&'’-]*)*)|"
                      # in lower case before its noun: "A Level 3 food safety qualification"
                      r"\bLevel\s+\d+\s+((?:[a-z][\w&'’-]*\s+){1,4}?)(?=(?:qualification|certificate|award|diploma)\b)")

# A kind of award and its subject: "an HNC in Electrical Engineering", "NVQ Level 3 in Signalling Maintenance", "a
# degree in environmental health" (not "a degree in a relevant subject"). A line must name the subject's last word,
# its head, and one more of its words: "NVQ Level 3 in Electrotechnical Services" does not name "in Signalling
# Maintenance", nor "Electrical and Electronic Engineering".
_KIND_IN = re.compile(r"\b(NVQ|SVQ|HNC|HND|BTEC|BEng|MEng|BSc|MSc|degree|diploma|apprenticeship)\b(?:\s+(?:\(Hons\)|"
                      r"(?:at\s+)?Level\s+\d+))*\s+in\s+((?:(?!(?:with|or|and\s+(?:a|an|the)|accredited|approved|"
                      r"recognised|by|from|at|including|plus|as|to|which|that|ideally|preferably|is|are|for)\b)"
                      r"[\w&'’/-]+\s*){1,5})")
_ANY_SUBJECT = re.compile(r"\b(?:relevant|related|numerate|subject|field|discipline|area|similar|science|any|"
                          r"appropriate|equivalent)\b", re.IGNORECASE)


def _head_and_one(subject: tuple[str, ...]) -> "Name":
    head, rest = subject[-1], subject[:-1]
    return tuple((head, word) for word in rest) or ((head,),)


Name = tuple[tuple[str, ...], ...]  # ways of naming one credential, each the words a line must all name


# Words of a subject that say what kind of award it is, not what it is in.
_KINDS = frozenset("award certificate diploma extended national technical higher".split())


def _most_of(subject: tuple[str, ...]) -> Name:
    """A subject after a level, as the ways a line may name it: its words less what kind of award it is, all of them,
    or all but one when there are three or more ("Award in Residential Letting and Property Management" is not named
    by "Award in Sale of Residential Property"; "Food Safety in Catering" still names "Food Safety and Hygiene for
    Catering")."""
    words = tuple(w for w in subject if w.lower() not in _KINDS) or subject
    if len(words) < 3:
        return (words,)
    return tuple(words[:n] + words[n + 1:] for n in range(len(words)))


def _offers_another(text: str) -> bool:
    return any(_ANOTHER.search(m.group(1)) for m in _ALTERNATIVE.finditer(text))


def _held(text: str, tokens: list, start: int) -> bool:
    """Whether the credential starting at tokens[start] is one the person is asked to hold: it opens the
    requirement or a clause ("Essential: HCPC registration"), after at most a few describing words, or follows
    "hold"/"have" ("Hold a JIB Gold Card"); not a licence the employer holds ("compliant with our Operator Licence")."""
    at = start
    while at > 0 and not re.search(r"[:;.\n]", text[tokens[at - 1].end():tokens[at].start()]):
        word = tokens[at - 1].group().lower()
        if word in _HOLD:
            return True
        if word not in _PLAIN and not word[0].isdigit() and not tokens[at - 1].group()[0].isupper():
            return False  # a body's name may come first: "Propertymark Level 3 Award in…", "CIPD Level 5"
        at -= 1
    return True


_JOINING = frozenset(("at", "of", "for", "in", "and", "&"))


def _content(words: list[str]) -> tuple[str, ...]:
    return tuple(w for w in words if w.lower() not in _PLAIN and w.lower() not in _JOINING and not w.isdigit())


@lru_cache(maxsize=4096)
def names(requirement: str) -> tuple[Name, ...]:
    """Each credential the person is asked to hold by name, as the ways a line may name it ("A current Paediatric
    First Aid certificate" -> ((Paediatric, First, Aid),)); none where another credential is offered in its place."""
    text = requirement or ""
    if _offers_another(text):
        return ()
    tokens = list(_WORD.finditer(text))
    found: list[Name] = []
    for at, token in enumerate(tokens):
        if at == 0 or not _NOUNS.match(token.group()):
            continue
        start = at
        while start > 0 and (tokens[start - 1].group()[0].isupper() or tokens[start - 1].group().isdigit()
                             or (tokens[start - 1].group() in _JOINING and start > 1
                                 and tokens[start - 2].group()[0].isupper())) \
                and text[tokens[start - 1].end():tokens[start].start()].strip() == "":
            start -= 1  # "First Aid at Work certificate": a name may join its words with "at", "of", "for"
        kept = _content([t.group() for t in tokens[start:at]])
        if kept and _held(text, tokens, start):
            found.append((kept,))
    for match in _BODY.finditer(text):
        body = _content(_WORD.findall(match.group(1)))
        if body:
            found.append((body, (match.group(2),)) if match.group(2) else (body,))
    for match in _SUBJECT.finditer(text):
        start = next(i for i, t in enumerate(tokens) if t.start() >= match.start())
        subject = _content(_WORD.findall(match.group(1) or match.group(2)))
        if subject and _held(text, tokens, start):
            found.append(_most_of(subject))
    for match in _KIND_IN.finditer(text):
        subject = tuple(w for w in _content(_WORD.findall(match.group(2).replace("/", " "))) if w.lower() != "and")
        if subject and not _ANY_SUBJECT.search(match.group(2)):
            found.append(_head_and_one(subject))
    return tuple(found)


def _named(word: str, stems: set[str], initials: str) -> bool:
    """A name's word is in the line (as a word of the same stem, or the same first six letters: "Register",
    "registered"), or, for an acronym, as the initials of words in a row ("RN": "Registered Nurse")."""
    wanted = stem(word)
    return (wanted in stems or (len(wanted) >= 6 and any(s[:6] == wanted[:6] for s in stems if len(s) >= 6))
            or (word.isupper() and 2 <= len(word) <= 5 and word.lower() in initials))


# A credential's code: "STCW III/2", "Part-66 B1.1", "NEC4". The same family with another number is another
# credential ("III/1" is the officer of the watch's, not the second engineer's certificate).
_CODE = re.compile(r"\b([IVX]{1,4}/|[A-Z]{1,4}-?)(\d{1,2}(?:\.\d{1,2})?)\b")


_CREDENTIAL = re.compile(r"\b(?:certificat\w*|licen[cs]\w*|qualifi\w*|registration|accreditation|cards?|tickets?|"
                         r"credentials?|diplomas?|competency|CoC|ratings?|endorse\w*)\b", re.IGNORECASE)


def another_code(requirement: str, line: str) -> bool:
    """Whether, for a requirement that names a credential or opens with no verb ("NPTC / City & Guilds CS38 and
    CS39"), a line names a code of the family the requirement names, but none with its number ("CS30 and CS31")."""
    first = _WORD.findall(requirement or "")[:1]
    doing = bool(first) and (templates.verb(first[0]) or first[0].lower().endswith("ing"))
    if not _CREDENTIAL.search(requirement or "") and (doing or not first):
        return False
    wanted = {(m.group(1).rstrip("-"), m.group(2)) for m in _CODE.finditer(requirement or "")}
    found = {(m.group(1).rstrip("-"), m.group(2)) for m in _CODE.finditer(line or "")}
    families = {family for family, _ in wanted}
    return bool(found & {(f, n) for f, n in found if f in families}) and not (found & wanted)


# Alternatives each named ("NVQ Level 3 in Signalling Maintenance, or an HNC in Electrical Engineering"): a line must
# name one of them. Not read when one is left open ("or equivalent", "or similar", "or eligible to register").
_OR = re.compile(r",?\s+\bor\b\s+(?:an?\s+|the\s+)?")
_OPEN = re.compile(r"\b(?:equivalent|similar|comparable|other|eligible|working towards?|one you|willing)\b",
                   re.IGNORECASE)


@lru_cache(maxsize=4096)
def alternatives(requirement: str) -> tuple[tuple[Name, ...], ...]:
    """The credentials a requirement offers in each other's place, each as names() reads it (() unless every
    alternative names one and none is left open)."""
    text = requirement or ""
    if not _offers_another(text) or _OPEN.search(text) or "(" in text:
        return ()
    options = tuple(names(part) for part in _OR.split(text) if part.strip())
    return options if len(options) > 1 and all(options) else ()


def _all_named(wanted: tuple[Name, ...], stems: set[str], initials: str) -> bool:
    return all(any(all(_named(word, stems, initials) for word in way) for way in name) for name in wanted)


# A lesser award named by a word before the name: "Emergency First Aid at Work" is not "First Aid at Work", "Basic
# Food Hygiene" is not "Food Hygiene" asked as a certificate.
_LESSER = ("emergency", "basic", "introductory", "introduction", "foundation", "awareness", "essentials", "elementary")


def lesser_award(requirement: str, line: str) -> bool:
    """Whether a line names a credential the requirement names with a word before it that makes it a lesser award
    (and the requirement does not say that word)."""
    asked = requirement.lower()
    for name in names(requirement or ""):
        for way in name:
            first = way[0]
            found = re.search(rf"\b(\w+)[ -]+(?:to\s+)?{re.escape(first)}\b", line or "", re.IGNORECASE)
            if found and found.group(1).lower() in _LESSER and found.group(1).lower() not in asked:
                return True
    return False


# A degree is shown by a degree: "Member of the Institute of Food Science & Technology" is not "A degree in food
# science" (unless experience is offered in its place).
_ASKS_DEGREE = re.compile(r"\b(?:(?:an?|your)\s+(?:[\w-]+\s+){0,3}?|(?:bachelor|master)['’]?s\s+)degree\b(?!\s+of\b)",
                          re.IGNORECASE)
_DEGREE = re.compile(r"\b(?:degree|(?-i:BS|MS|B\.S|M\.S)|BSc|BBA|BCom|BA|BEng|MEng|MSc|MA|MPhil|PhD|DPhil|MBA|LLB|"
                     r"LLM|BEd|MBChB|BVSc|BVetMed|BDS|Hons|bachelor\w*|master\w*|doctorate|honours|undergraduate|"
                     r"postgraduate|graduated)\b",
                     re.IGNORECASE)


def degree_missing(requirement: str, line: str) -> bool:
    """Whether a requirement asks for a degree and the line names none (False when experience or another award may
    stand instead: "A diploma or degree in Hospitality Management")."""
    return (bool(_ASKS_DEGREE.search(requirement or "")) and not re.search(r"\bexperience\b", requirement or "", re.I)
            and not _offers_another(requirement or "") and not _DEGREE.search(line or ""))


# A variant named in brackets after the same word: "Working with Children Check (volunteer)" is not the "Working with
# Children Check (paid employment)" asked for.
# Read only for a variant of one to three plain words on both sides (not "(or equivalent)", a code or a year).
_VARIANT = re.compile(r"([A-Za-z][\w-]*)\s*\(((?!or\b|equivalent\b)[a-z][a-z-]*(?: [a-z][a-z-]*){0,2})\)")


def another_variant(requirement: str, line: str) -> bool:
    """Whether a line names, in brackets after a word, another variant of what the requirement names in brackets
    after that word (no word of the two in common)."""
    asked = {m.group(1).lower(): set(_WORD.findall(m.group(2).lower())) for m in _VARIANT.finditer(requirement or "")}
    for m in _VARIANT.finditer(line or ""):
        wanted = asked.get(m.group(1).lower())
        if wanted and not wanted & set(_WORD.findall(m.group(2).lower())):
            return True
    return False


# A credential's short form in brackets: "Registered Respiratory Therapist (RRT)", "Licence – Forklift (LF)". A line
# that gives another short form of the same length in its place, in brackets or after a dash ("Certified Respiratory
# Therapist (CRT)", "Licence – LO (order picking forklift truck)"), names another level or class of it.
_SHORT_ASKED = re.compile(r"\(([A-Z]{2,5})\)")
_SHORT_GIVEN = re.compile(r"\(([A-Z]{2,5})\)|(?:^|\s)[–—-]\s*([A-Z]{2,5})\b")


def another_short_form(requirement: str, line: str) -> bool:
    """Whether, for a credential asked for with its short form in brackets, a line gives another short form of that
    length in that place and never the one asked."""
    if not (_CREDENTIAL.search(requirement or "") or names(requirement or "")):
        return False
    asked = set(_SHORT_ASKED.findall(requirement or ""))
    if not asked or any(re.search(rf"\b{form}\b", line or "") for form in asked):
        return False
    said = set(re.findall(r"\b[A-Z]{2,5}\b", requirement or ""))
    given = {a or b for a, b in _SHORT_GIVEN.findall(line or "")} - said
    return any(len(form) == len(wanted) for form in given for wanted in asked)


@lru_cache(maxsize=65536)  # pure, and a brief asks it of every pair on each rerun
def names_it(requirement: str, line: str) -> bool:
    """Whether a line names every credential the requirement asks the person to hold by name (True when it names
    none), or one of the alternatives it offers, and no other credential of a code's family, lesser award or other
    bracketed variant in its place."""
    if (another_code(requirement or "", line or "") or lesser_award(requirement or "", line or "")
            or degree_missing(requirement or "", line or "") or another_variant(requirement or "", line or "")
            or another_short_form(requirement or "", line or "")):
        return False
    words = _WORD.findall(line or "")
    stems = {stem(w) for w in words}
    initials = "".join(w[0].lower() for w in words if w[0].isupper())
    options = alternatives(requirement or "")
    if options:
        return any(_all_named(option, stems, initials) for option in options)
    wanted = names(requirement or "")
    return not wanted or _all_named(wanted, stems, initials)
