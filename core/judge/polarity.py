"""Whether a sentence says the opposite of a statement: a denied or withheld action, a reversed effect.

Sentence embeddings score a sentence and its opposite alike ("sit the patient up and give oxygen" and "lie them
flat and hold off on oxygen" are near neighbours), so the judge checks polarity with words:
- parity: how many negations and holding-back verbs ("not", "never", "hold off", "withhold", "delay") a text
  has, modulo 2, so "never skip the handover" agrees with "always hands over";
- opposite actions: one side of a known pair in the statement, the other in the sentence (sit up / lie flat,
  act now / wait, always / never);
- the direction of an effect: "a higher rate gives a lower value" relates two directions inversely, "a higher
  rate gives a higher value" directly; a sentence that relates them the other way round reverses the effect.
"""
from __future__ import annotations

import re
from functools import lru_cache

_NEGATIONS = re.compile(r"(?i)\b(?:not|no|never|n't|nor|neither|nothing|none|without|cannot)\b|n't\b")
# Holding back, leaving out or putting off what is named next: one more "no" in the parity count.
_HOLDING_BACK = re.compile(r"(?i)\b(?:hold(?:s|ing)? off|held off|withh[oe]ld\w*|delay\w*|postpon\w*|put(?:s|ting)? off|"
                           r"avoid\w*|skip\w*|omit\w*|refus\w*|ignor\w*|forget\w*|forgo\w*|leav(?:e|es|ing) out|left out|"
                           r"keep(?:s|ing)? (?:\w+ )?off|kept (?:\w+ )?off|stop(?:s|ped|ping)?|"
                           r"instead of|rather than|wait(?:s|ed|ing)? (?:for|until|till)|hold(?:s|ing)? back|myths?|debunk\w*|"
                           r"critical of|sceptical of|skeptical of)\b")
# Pairs of opposite actions or stances: (one side, the other side).
OPPOSITE_ACTIONS: tuple[tuple[str, str], ...] = (
    (r"\bsit(?:s|ting)? (?:\w+ ){0,2}up\b|\bupright\b|\bsat (?:\w+ ){0,2}up\b",
     r"\b(?:lie|lay|lies|lays|lying|laying|laid) (?:\w+ ){0,3}(?:flat|down)\b|\bflat on (?:their|his|her) back\b|\bsupine\b"),
    (r"\b(?:straight away|right away|immediately|at once|urgently|without delay|promptly|act(?:s|ing)? (?:now|fast|quickly))\b",
     r"\b(?:wait(?:s|ed|ing)?(?: and see)?|watch and wait|later on|see if it settles|leave it for now|hold(?:s|ing)? off)\b"),
    (r"\b(?:always|every time|each time|consistently|routinely)\b", r"\b(?:never|rarely|seldom|hardly ever)\b"),
    (r"\b(?:involv|includ|consult|escalat|disclos|inform|tell|report)\w*", r"\b(?:exclud|conceal|hid(?:e|es|ing)|cover(?:s|ing)? up|keep(?:s|ing)? (?:it|this) (?:quiet|secret|to (?:myself|ourselves)))\w*"),
    (r"\b(?:early|earlier|sooner)\b", r"\b(?:late|later|at the end|only at the end)\b"),
    (r"\b(?:cheap(?:er|est)?|light(?:er|weight)?|less expensive|low[- ]cost)\b",
     r"\b(?:heav(?:y|ier|iest)|costl(?:y|ier)|more expensive|costs? more|expensive)\b"),
    (r"\b(?:bottom[- ]up|from below)\b", r"\b(?:top[- ]down|strictly from the top)\b"),
    (r"\b(?:public|communal)\b", r"\b(?:private|exclusive)\b"),
    # Plain antonyms, only where a sentence near a point can hardly use the other word for something else.
    (r"\b(?:warm|inner|inside) (?:side|face)\b", r"\b(?:cold|outer|outside) (?:side|face)\b"),
    (r"\b(?:light|pale) (?:palette|colou?rs?|tones?|walls?)\b", r"\b(?:dark(?:er)?|deep) (?:palette|colou?rs?|tones?|walls?|charcoal|navy)\b"),
)
_NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100}
_FIGURE = re.compile(r"(?i)\b(\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")((?:[- ]and[- ]a[- ]half)?)"
                     r"(?:\s+(thousand|million|billion|trillion))?\b")
_MAGNITUDE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def figures(text: str) -> set[float]:
    """The numbers a text states, in digits or words ("eight percent", "4.5", "a one-year horizon")."""
    out = set()
    for match in _FIGURE.finditer(text):
        word = match.group(1).lower()
        value = float(_NUMBER_WORDS.get(word, word)) if word in _NUMBER_WORDS or word[0].isdigit() else None
        if value is not None:
            value += 0.5 if match.group(2) else 0.0
            out.add(value * _MAGNITUDE.get((match.group(3) or "").lower(), 1.0))
    return out
_UP = r"(?:higher|increas\w*|ris(?:e|es|ing)|rose|raise[sd]?|raising|grow(?:s|ing)?|grew|more|greater|larger|bigger|goes up|go up|went up|gain\w*|boost\w*|up)"
_DOWN = r"(?:lower(?:s|ed|ing)?|decreas\w*|fall(?:s|ing)?|fell|drop(?:s|ped|ping)?|reduc\w*|less|fewer|smaller|shrink\w*|declin\w*|goes down|go down|went down|down|cut(?:s|ting)?)"
_DIRECTION = re.compile(rf"(?i)\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b")
_INVERSE = re.compile(r"(?i)\b(?:inverse(?:ly)?|opposite directions?|the other way)\b")
_TOGETHER = re.compile(r"(?i)\b(?:same direction|move together|in step|in line with)\b")


def parity(text: str) -> int:
    """Negations plus holding-back verbs, modulo 2: 1 when the text, taken as a whole, denies or withholds."""
    text = text.replace("’", "'")
    return (len(_NEGATIONS.findall(text)) + len(_HOLDING_BACK.findall(text))) % 2


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
WINDOW = 3  # words before a shared word that can deny or hold it back ("hold off on oxygen", "not the index")


def local_parity(text: str, stem: str) -> int | None:
    """The parity of the few words before the first word of `text` with this stem (first five letters), or None
    when the text does not have it: whether that thing is given or held back, said or denied, here."""
    words = _TOKEN.findall(text.replace("’", "'"))
    for i, word in enumerate(words):
        if word.lower()[:5] == stem:
            return parity(" ".join(words[max(0, i - WINDOW):i]))
    return None


def relation(text: str) -> int:
    """+1 when a text relates two changes in the same direction ("higher rate, higher value"), -1 when
    inversely ("higher rate, lower value"), 0 when it states no such relation."""
    if _INVERSE.search(text):
        return -1
    if _TOGETHER.search(text):
        return 1
    signs = [1 if m.group("up") else -1 for m in _DIRECTION.finditer(text)]
    if len(signs) < 2:
        return 0
    return 1 if signs[0] * signs[1] > 0 else -1


@lru_cache(maxsize=16384)
def _sides(text: str) -> tuple[int, ...]:
    """For each pair of opposite actions: 1 if the text takes the first side only, -1 the second only, else 0 (kept
    per text: every sentence of an answer is set against every key point)."""
    out = []
    for first, second in OPPOSITE_ACTIONS:
        a, b = bool(re.search(first, text, re.I)), bool(re.search(second, text, re.I))
        out.append(1 if a and not b else (-1 if b and not a else 0))
    return tuple(out)


def reverses_action(sentence: str, statement: str) -> bool:
    """One side of a pair of opposite actions or words in the statement, the other in the sentence."""
    return any(s * t < 0 for s, t in zip(_sides(sentence), _sides(statement)))


def opposes(sentence: str, statement: str, shared: set[str] = frozenset()) -> str:
    """Why `sentence` is at odds with `statement` ("action", "direction", "figure", "parity"), or "" when it is not.
    `shared` are the content stems both have: a bare negation counts only when it stands just before one of them
    in one text and not in the other. Only meaningful for a sentence already about the same thing."""
    if reverses_action(sentence, statement):
        return "action"
    said, meant = relation(sentence), relation(statement)
    if said and meant and said != meant:
        return "direction"
    mine, theirs = figures(sentence) - {1.0}, figures(statement) - {1.0}
    if mine and theirs and not mine & theirs and len(shared) >= 2:
        return "figure"
    for stem in sorted(shared):
        said, meant = local_parity(sentence, stem), local_parity(statement, stem)
        if said is not None and meant is not None and said != meant:
            return "parity"
    return ""
