"""Which sentences of an answer carry substance: real sentences that say something concrete.

A key point only counts when a real sentence makes it, so a list of terms ("just culture, psychological
safety, near misses, human factors…") earns nothing for content, however many right words it holds. A
sentence carries substance when it is a real clause (function words, not a string of noun phrases), is not
an echo of the question, is not vague or stock phrasing, and gives something checkable: a figure, a name,
a reason or mechanism, an example, a condition or one's own action.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexis import zipf
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
_REASON = re.compile(r"(?i)\b(?:because|since|so that|so we|so I|so it|so the|which means|that means|meaning|"
                     r"otherwise|unless|instead|rather than|if|when|whether|until|before|after|then|but|"
                     r"although|though|whereas|except|as long as|depends on|in order to|due to)\b")
_EXAMPLE = re.compile(r"(?i)\b(?:for example|for instance|e\.g\.|say,|such as|like when|in my last|at my last|"
                      r"last year|last month|once|one time)\b")
_OWN = re.compile(r"(?i)\b(?:I|we)(?:'d|'ll| would| will| had| have|'ve)? (?:\w+ly )?(?!think\b|guess\b|feel\b|"
                  r"believe\b|love\b|like\b|am\b|was\b|were\b|really\b|just\b)[a-z]+(?:ed|t)?\b")
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
    def substantive(self) -> bool:
        return self.real and self.concrete > self.vague


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


SPECIFIC_ZIPF = 4.3  # a content word rarer than this (e.g. "parapet", "toilets", "rooflight") names something


def _specific_words(words: list[str]) -> int:
    """Content words rare enough in English to name a particular thing rather than talk in general."""
    found = 0
    for w in words:
        low = w.lower().strip("'’")
        if low in FUNCTION_WORDS or not low.isalpha() or len(low) < 4 or _STOCK.fullmatch(low):
            continue
        found += 0.0 < zipf(low, "en") < SPECIFIC_ZIPF
    return found


def _concrete(text: str, words: list[str]) -> int:
    figures = sum(1 for w in words if w[0].isdigit() or w.lower() in _NUMBER_WORDS)
    names = sum(1 for i, w in enumerate(words) if i > 0 and w[0].isupper() and w not in ("I", "I'd", "I'm", "I've"))
    return (min(figures, 2) + min(names, 2) + min(len(_REASON.findall(text)), 2) + len(_EXAMPLE.findall(text))
            + (1 if _OWN.search(text) else 0) + (1 if _specific_words(words) >= 2 else 0))


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
