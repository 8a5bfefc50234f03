"""Which sentences of an answer carry substance: real sentences that say something concrete.

A key point only counts when a real sentence makes it, so a list of terms ("just culture, psychological
safety, near misses, human factors…") earns nothing for content, however many right words it holds. A
sentence carries substance when it is a real clause (function words, not a string of noun phrases), is not
an echo of the question, is not vague or stock phrasing, and gives something checkable: a figure, a name, a
particular (rare, not abstract) word, an example; a reason counts only beside one of these. Fluent generic
sentences ("I took ownership of improving that, so I optimised those parts") have none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.cefr.lexis import zipf
from core.quotes import sentences

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d+(?:[.,]\d+)?%?")
# Function words: a real English clause almost always has several; a list of terms has almost none.
FUNCTION_WORDS = frozenset("""a an the of to in on at for from by with without into onto over under about as is are was
were be been being am do does did have has had will would can could should may might must shall it its it's this
that these those there here they them their we our us i i'd i'm i've me my you your he she him her his not no
if then so because when while which who whom whose what where why how than but or and yet also just only even
still too very up out off down back again once""".split())
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve thirteen fifteen twenty
thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion half
quarter third dozen percent per double doubled twice""".split())
_EXAMPLE = re.compile(r"(?i)\b(?:for example|for instance|e\.g\.|say,|such as|like when|in my last|at my last|"
                      r"last year|last month|once|one time)\b")
_VAGUE = re.compile(r"(?i)\b(?:and so on|and stuff|or something|or whatever|things like that|that kind of thing|"
                    r"it depends(?! on (?:the|whether|how|what))|every \w+ is different|at the end of the day|"
                    r"i'm (?:very|really|so) \w+|i am (?:very|really) \w+|really important|super important|"
                    r"all of (?:them|those|these)|you name it|etc\.?|blah)\b")
# Stock phrases that sound like substance but carry none (the "fluent but empty" answer).
_STOCK = re.compile(r"(?i)\b(?:passion(?:ate)?|leverag\w*|synerg\w*|cutting[- ]edge|best practices?|"
                    r"best[- ]in[- ]class|world[- ]class|value[- ]add\w*|business value|drove alignment|"
                    r"drive alignment|alignment|exceed(?:ed)? expectations|lasting impact|at scale|"
                    r"game[- ]chang\w*|paradigm|holistic|seamless\w*|empower\w*|showcas\w*|dynamic|innovative|"
                    r"fast[- ]paced|results[- ]driven|team player|go[- ]getter|outside the box|hit the ground running|"
                    r"excited|thrilled|fantastic|amazing|perfectly|mission|journey|wellbeing|healing environment|"
                    r"patient[- ]centred|patient[- ]centered|evidence[- ]based approach|optimi[sz]e[sd]? \w+|"
                    r"enhanc\w*|continued success|add value|make a difference|make an impact|transformation\w*|"
                    r"stakeholder engagement|cross[- ]functional\w*|key driver|robust|state[- ]of[- ]the[- ]art)\b")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer and what kind of sentence it is."""

    text: str
    words: int
    is_list: bool  # mostly a string of short noun phrases
    is_echo: bool  # mostly the question's own words
    concrete: int  # figures, names, reasons, examples, own actions
    vague: int  # vague or stock phrases

    @property
    def real(self) -> bool:
        """A real sentence that could make a point: a clause of some length, not a list, not an echo."""
        return self.words >= 5 and not self.is_list and not self.is_echo

    @property
    def weight(self) -> float:
        """How much the sentence says: 1 with two checkable anchors or more, half with one."""
        if not self.real or self.concrete <= self.vague:
            return 0.0
        return 1.0 if self.concrete >= 2 else 0.5


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _listlike(text: str) -> bool:
    """Six or more comma-separated items of at most three words with hardly a function word among them."""
    items = [i.strip() for i in re.split(r"[,;:]|\band\b|\bor\b", text) if i.strip()]
    short_items = [i for i in items if len(_words(i)) <= 3
                   and sum(w.lower() in FUNCTION_WORDS for w in _words(i)) <= 1]
    return len(short_items) >= 6 and len(short_items) >= 0.6 * len(items)


def _echo(words: list[str], question_words: set[str]) -> bool:
    content = [w.lower() for w in words if w.lower() not in FUNCTION_WORDS and len(w) > 2]
    return bool(content) and len(content) <= 8 and sum(w in question_words for w in content) >= 0.7 * len(content)


RARE_ZIPF = 4.0  # a content word rarer than this names a particular thing ("parapet", "N+1", "tachycardic")
_MECHANISM = re.compile(r"(?i)\b(?:because|since|so that|which means|that means|otherwise|in order to|due to|"
                        r"unless|as long as|depends on|rather than|instead of|whereas)\b")
# Abstract nouns and adjectives are mostly made with these endings ("credibility", "aspirations", "cohesive",
# "seamlessly", "timeless"): rare, but they name qualities, not particular things.
_ABSTRACT = re.compile(r"(?:tions?|sions?|ity|ities|ness|ments?|ances?|ences?|isms?|ive|ively|ful|fully|ous|ously|"
                       r"ships?|ial|ially|ical|ically|able|ably|ible|ibly|i[sz]e[sd]?|i[sz]ing|ally|less|lessly|ing)$")


def _names(words: list[str]) -> list[str]:
    """Capitalised words after the first (names, products, acronyms), "I" aside."""
    return [w for i, w in enumerate(words) if i > 0 and w[0].isupper() and w not in ("I", "I'd", "I'm", "I've")]


def _rare_words(words: list[str]) -> int:
    """Distinct content words rarer than RARE_ZIPF, stock phrasing aside."""
    found = set()
    for w in words:
        low = w.lower().strip("'’")
        if low in FUNCTION_WORDS or not low.isalpha() or len(low) < 4 or _STOCK.fullmatch(low):
            continue
        if 0.0 < zipf(low, "en") < RARE_ZIPF and not _ABSTRACT.search(low):
            found.add(low)
    return len(found)


TERM_DENSITY = 0.25  # names and rare words per word above which a sentence of 3+ items is name-dropping


def _name_dropping(text: str, words: list[str], terms: int) -> bool:
    """A sentence that strings terms together (names and rare words are a quarter of its words or more, in
    three or more comma/and-separated items), or has hardly a function word: it names things, it doesn't explain.
    Chosen on the labelled pairs: 2 % of strong answers' sentences, 27 % of keyword-stuffed ones."""
    items = len([i for i in re.split(r"[,;:]|\band\b|\bor\b", text) if i.strip()])
    function_share = sum(w.lower() in FUNCTION_WORDS for w in words) / max(1, len(words))
    return (terms / max(1, len(words)) >= TERM_DENSITY and items >= 3) or function_share < 0.3


def _concrete(text: str, words: list[str]) -> int:
    """Checkable anchors in a sentence: figures, names, particular (rare) words, an example. A reason counts
    only beside an anchor: "because it matters" says nothing checkable, "because the index was missing" does."""
    figures = sum(1 for w in words if w[0].isdigit() or (w.lower() in _NUMBER_WORDS and w.lower() != "one"))
    names = len(_names(words))
    rare = _rare_words(words)
    terms = min(names, 2) + min(rare, 2)
    if _name_dropping(text, words, names + rare):
        terms = min(terms, 1)  # terms strung together: naming things is not explaining them
    anchors = min(figures, 2) + terms + len(_EXAMPLE.findall(text))
    return anchors + (1 if anchors and _MECHANISM.search(text) else 0)


def enumerates(text: str) -> bool:
    """A sentence that mostly strings short items together ("Respect, speaking up, SBAR, trust."; "CAP,
    consistency, availability, partition tolerance: it's the trade-off"): it names things, it doesn't make a point."""
    items = [i.strip() for i in re.split(r"[,;:]|\band\b|\bor\b", text) if i.strip()]
    short_items = [i for i in items if len(_words(i)) <= 2]
    return len(short_items) >= 4 and len(short_items) >= 0.6 * len(items)


def classify(answer: str, question: str = "") -> list[Sentence]:
    """Every sentence of `answer`, classified. Long run-on sentences are judged clause by clause."""
    question_words = {w.lower() for w in _words(question) if w.lower() not in FUNCTION_WORDS}
    found = []
    for start, end in sentences(answer or ""):
        text = answer[start:end]
        words = _words(text)
        function_share = sum(w.lower() in FUNCTION_WORDS for w in words) / max(1, len(words))
        found.append(Sentence(
            text=text, words=len(words),
            is_list=(_listlike(text) and function_share < 0.3) or (len(words) >= 8 and function_share < 0.12 and text.count(",") >= 3),
            is_echo=_echo(words, question_words),
            concrete=_concrete(text, words),
            vague=len(_VAGUE.findall(text)) + len(_STOCK.findall(text)),
        ))
    return found


def term_density(answer: str) -> float:
    """Distinct names and rare words per word over a whole answer. On the labelled pairs (four sets), strong
    answers reach 0.06-0.16 (0.24 at most) and keyword-stuffed ones 0.21-0.43: an answer this dense with terms
    is naming its field, not explaining it."""
    words = _words(answer)
    names = len(set(_names(words)))
    rare = {w.lower() for w in words if w.isalpha() and len(w) >= 4 and w.lower() not in FUNCTION_WORDS
            and 0.0 < zipf(w.lower(), "en") < RARE_ZIPF}
    return (names + len(rare)) / max(1, len(words))
