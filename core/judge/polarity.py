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
_SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                      "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMBER_TOKEN = re.compile(r"(?i)(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[a-z]+")


def _spoken_digits(tokens: list[str]) -> list[str]:
    """"oh" between number words is a zero ("three oh one", "four oh one k")."""
    def number(t: str) -> bool:
        return t[:1].isdigit() or t in _SMALL or t in _TENS
    return ["zero" if t == "oh" and 0 < i < len(tokens) - 1 and number(tokens[i - 1]) and number(tokens[i + 1])
            else t for i, t in enumerate(tokens)]


def figures(text: str) -> set[float]:
    """The numbers a text states, in digits or in words as people say them and recognizers write them ("4.5",
    "eighty eight to ninety two", "one hundred and twenty", "four point five", "point seven", "two and a half
    million"); a number said in parts ("three oh one", "nineteen six fifty", "twenty twenty three") also counts
    as its parts' digits run together."""
    out: set[float] = set()
    tokens = _spoken_digits([t.lower() for t in _NUMBER_TOKEN.findall(text.replace("-", " "))])
    chain: list[float] = []  # whole numbers said one after another, with no word between
    i = 0
    while i < len(tokens):
        word = tokens[i]
        starts = word[0].isdigit() or word in _SMALL or word in _TENS or word == "hundred" or (
            word == "point" and i + 1 < len(tokens) and _SMALL.get(tokens[i + 1], 10) < 10)
        if not starts:
            if len(chain) > 1:
                out.add(float("".join(str(int(v)) for v in chain)))
            chain = []
            i += 1
            continue
        total, current, j = 0.0, 0.0, i
        if word[0].isdigit():
            current, j = float(word.replace(",", "")), i + 1
        else:
            last = ""  # what the run ended with: "small" (0-19), "tens" or "hundred"
            while j < len(tokens):
                w = tokens[j]
                if w in _TENS and last in ("", "hundred"):
                    current, last = current + _TENS[w], "tens"
                elif w in _SMALL and (last in ("", "hundred") or last == "tens" and _SMALL[w] < 10):
                    current, last = current + _SMALL[w], "small"
                elif w == "hundred" and last in ("", "small") and current < 100:
                    current, last = max(current, 1.0) * 100, "hundred"  # "a hundred", "three hundred"
                elif not (w == "and" and last == "hundred" and j + 1 < len(tokens)
                          and (tokens[j + 1] in _SMALL or tokens[j + 1] in _TENS)):  # "one hundred and twenty"
                    break
                j += 1
            if j + 1 < len(tokens) and tokens[j] == "point" and _SMALL.get(tokens[j + 1], 10) < 10:
                current += _SMALL[tokens[j + 1]] / 10  # "four point five", "point seven"
                j += 2
        if tokens[j:j + 3] == ["and", "a", "half"]:
            current += 0.5
            j += 3
        while j < len(tokens) and tokens[j] in _SCALE:
            total += max(current, 1.0) * _SCALE[tokens[j]]
            current, j = 0.0, j + 1
        value = total + current
        out.add(value)
        if value == int(value) and not word[0].isdigit():
            chain.append(value)
        else:
            chain = []
        i = max(j, i + 1)
    if len(chain) > 1:
        out.add(float("".join(str(int(v)) for v in chain)))
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
