"""What a requirement acts on: the head nouns of its object ("Lead a team of four shift managers and around 150
associates" -> managers, associates), and whether a résumé line names one of them.

A sentence model scores "Lead a team of 45 pickers" close to "Lead a team of four shift managers": the shared
verb and frame carry the similarity, as a neighbouring task does. Evidence has to be about the same thing, so a
résumé line must name what the requirement acts on, whatever verb it opens with (core.job.evidence). Read by
rule from the requirement's words (no parser ships offline): the verbs, frame words and quantities at the front
are passed over, the noun phrases up to the first preposition are taken, and each one's last word is its head.
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.job import templates

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#'’-]*[A-Za-z0-9+#]|[A-Za-z]")
_YOU_WILL = re.compile(r"^[^.]{0,60}?\byou(?:'ll| will)(?: also)?(?: be)?\s+", re.IGNORECASE)
_CLAUSES = re.compile(r"[;:()\[\]]|\s[-–—]\s|\.\s|,\s+(?:and\s+)?(?=[a-z]+\b)")
_DETERMINERS = frozenset("a an the your our their its his her my this that these those any some all each every "
                         "own other such both around about roughly least at more than up".split())
_NUMBERS = frozenset("one two three four five six seven eight nine ten twelve dozen few several".split())
_FRAME = frozenset("to in with on for part out up of into".split())  # "contribute to", "take part in", "read out"
_PREPOSITIONS = frozenset("in on for with at to from across through by under within per using including via into "
                          "against between during after before while so that which who where when whether as like "
                          "toward towards than alongside ahead without".split())
# "a team of X" is about X; so is "the production of X".
_CONTAINERS = frozenset("team group portfolio range set number variety mix kind type production territory".split())
# Working alongside someone on something: "Work with X on Y", "Partner with X to Y", "Collaborate with X on Y".
_WITH_ON = re.compile(r"^(?:work|partner|collaborate|liaise|team up)s?\s+with\s+[^,;:]{1,60}?\s+(?:on|to)\s+(.+)$",
                      re.IGNORECASE)
_GENERIC = frozenset("work task activity duty role responsibility experience knowledge skill ability understanding "
                     "thing way part".split())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: lower case, no possessive, no plural ending."""
    word = re.sub(r"['’]s$", "", word.lower().strip(".'’"))
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(s|x|z|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_AGENT = re.compile(r"^[a-z]{5,}(?:or|er|ist)$")  # translator, engineer, specialist


def _same(a: str, b: str) -> bool:
    """Two stems name the same thing: equal, or sharing their first five letters (investigation, investigated), but
    not a person and the work they do ("translators" are not "translate": managing them is not doing it)."""
    if a == b:
        return True
    return (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5]
            and not (_AGENT.match(a) and not _AGENT.match(b) and b[:len(a) - 2] == a[:-2]))


def _quantity(word: str) -> bool:
    return word.lower() in _NUMBERS or bool(re.match(r"^\d", word))


def _phrase_heads(clause: str, first_is_verb: bool = False) -> list[str]:
    words = _WORD.findall(clause)
    at, saw_verb = (1, True) if first_is_verb else (0, False)
    while at < len(words):
        word = words[at].lower()
        if templates.verb(word):
            saw_verb = True
        elif not (word in _DETERMINERS or _quantity(word) or (saw_verb and word in _FRAME) or word in ("and", "or")):
            break
        at += 1
    words = words[at:]
    if len(words) > 2 and stem(words[0]) in _CONTAINERS and words[1].lower() == "of":
        words = words[2:]
    region: list[str] = []
    for n, word in enumerate(words):
        joined = n and words[n - 1].lower() in ("and", "or")  # "positioning and messaging": both objects
        if word.lower() in _PREPOSITIONS or (n and not joined and word.endswith("ing") and len(word) > 5
                                             and word[0].islower()):
            break
        region.append(word)
    if not first_is_verb and at == 0 and len(region) == 1 and len(words) > 1:
        # One word alone before a preposition or an -ing form ("Act as…", "Host monitoring visits", "Travelling
        # to…"): the opening verb, which the verb list does not know, not what is acted on.
        return _phrase_heads(clause, True)
    heads = []
    for part in re.split(r"\s*(?:,|/|&|\band\b|\bor\b)\s*", " ".join(region)):
        part = part.split(" of ")[0]
        kept = [w for w in _WORD.findall(part) if w.lower() not in _DETERMINERS and not _quantity(w)]
        if kept and stem(kept[-1]) not in _GENERIC:
            heads.append(stem(kept[-1]))
    return heads


def heads(requirement: str) -> list[str]:
    """Stems of the head nouns of what a requirement acts on, in order ([] when none can be read)."""
    return list(_heads(requirement or ""))


@lru_cache(maxsize=4096)
def _heads(requirement: str) -> tuple[str, ...]:
    """heads(), kept per requirement: each one is matched against every line of a résumé."""
    text = _YOU_WILL.sub("", (requirement or "").strip())
    phrase, _ = templates.requirement_phrase(text)
    clauses = _CLAUSES.split(phrase)
    joint = _WITH_ON.match(phrase)
    if joint:  # "Work with the quantity surveyor on monthly reconciliations": the work is the reconciliations
        clauses.append(joint.group(1))
    found = [head for clause in clauses for head in _phrase_heads(clause)]
    return tuple(dict.fromkeys(found))


def opens_with_its_verb(requirement: str, line: str) -> bool:
    """Whether a résumé line opens with the verb the requirement opens with ("Lead…" / "Led…", "Contribute…" /
    "Contributed…")."""
    text = _YOU_WILL.sub("", (requirement or "").strip())
    phrase, verb_phrase = templates.requirement_phrase(text)
    first = _WORD.findall(phrase)[:1]
    said = _WORD.findall(re.sub(r"^\s*(?:[-*•·▪◦–—]|\d{1,2}[.)])\s+|^I\s+", "", line or ""))[:1]
    if not first or not said or not (verb_phrase or templates.verb(first[0])):
        return False
    return templates.same_verb(first[0], said[0])


def proper_names(requirement: str) -> list[str]:
    """The named things a requirement mentions (tools, standards, places: "Revit", "WCAG", "Ontario"): words with
    a capital letter other than the first word."""
    return list(_proper_names(requirement or ""))


@lru_cache(maxsize=4096)
def _proper_names(requirement: str) -> tuple[str, ...]:
    """proper_names(), kept per requirement."""
    text = _YOU_WILL.sub("", (requirement or "").strip())
    words = _WORD.findall(text)[1:]
    # A capital word that qualifies the noun after it ("English learners") names a kind of that thing, not a thing
    # in its own right: the noun is what has to be named (unless the name also stands alone, as "Terraform" in
    # "with Terraform, and review the Terraform changes", or is an acronym: "CHRL designation").
    qualifiers = {m.group(1) for m in re.finditer(r"\b([A-Z][\w+#-]*) (?=[a-z]{3,}\b)", text)
                  if not m.group(1).isupper() and not re.match(r"(?:and|or|in|with)$", m.group(1), re.I)}
    qualifiers -= {w for w in qualifiers if re.search(rf"\b{re.escape(w)}\b(?! [a-z]{{3,}}\b)", text)}  # also alone
    return tuple(dict.fromkeys(stem(w) for w in words if any(ch.isupper() for ch in w) and w != "I"
                               and w not in qualifiers))


def names_object(requirement: str, line: str) -> bool:
    """Whether a line names what the requirement acts on: one of its object heads, or a tool, standard or other
    named thing the requirement names (True when none can be read)."""
    wanted = _heads(requirement or "")
    if not wanted:
        return True
    said = {stem(w) for w in _WORD.findall(line or "")}
    return any(_same(head, word) for head in wanted + _proper_names(requirement or "") for word in said)
