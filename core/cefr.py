"""A rough CEFR level (A1-C2) from what can be measured in a learner's answers.

Four text signals, each placed in a band that maps to a level: words per answer, words per
sentence, lexical variety (Guiraud's index, types / √tokens, which depends less on length than
the plain type/token ratio), and subordinate-clause markers per sentence. Coach corrections
pull the estimate down. It is an estimate of the speaking shown, not a certificate: it cannot
tell a correct sentence from a wrong one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.languages import CEFR_LEVELS
from core.metrics import word_count
from core.quotes import sentences

# Band edges: a value at or above edge i reaches level i+1 (0 = A1 ... 5 = C2).
BANDS: dict[str, tuple[float, ...]] = {
    "words_per_answer": (8, 20, 40, 70, 110),
    "sentence_words": (5, 8, 11, 15, 20),
    "variety": (3.0, 4.0, 5.0, 6.0, 7.5),
    "clauses_per_sentence": (0.1, 0.3, 0.5, 0.8, 1.1),
}
MIN_WORDS_ABOVE_A2 = 25  # with fewer words in total the estimate stops at A2
# Characters per word in languages written without spaces (word_count counts each character).
_CHARS_PER_WORD = {"zh": 1.6, "ja": 1.6}

# Subordinating conjunctions and relative markers: a cheap sign of complex sentences.
SUBORDINATORS: dict[str, tuple[str, ...]] = {
    "en": ("because", "although", "though", "even though", "even if", "which", "who", "whose", "whom", "when",
           "whenever", "while", "whereas", "if", "unless", "since", "until", "so that", "whether", "where",
           "as long as", "in order to", "despite", "however"),
    "es": ("porque", "aunque", "cuando", "mientras", "si", "donde", "lo que", "para que", "ya que", "puesto que",
           "sin embargo", "a pesar de", "cuyo", "cuya", "hasta que", "antes de que", "después de que",
           "a menos que", "siempre que", "de modo que", "en cambio", "el cual", "la cual"),
    "fr": ("parce que", "parce qu", "bien que", "quoique", "lorsque", "lorsqu", "quand", "pendant que", "tandis que",
           "alors que", "puisque", "si", "dont", "où", "qui", "afin que", "pour que", "même si", "avant que",
           "après que", "ce que", "ce qui", "sans que", "cependant", "pourtant", "néanmoins"),
    "de": ("weil", "obwohl", "dass", "wenn", "als", "während", "ob", "damit", "nachdem", "bevor", "sodass",
           "falls", "seitdem", "deshalb", "trotzdem", "indem", "obgleich"),
    "it": ("perché", "sebbene", "benché", "quando", "mentre", "se", "dove", "affinché", "poiché", "anche se",
           "nonostante", "dopo che", "prima che", "siccome", "in cui", "il quale", "la quale", "tuttavia"),
    "pt": ("porque", "embora", "quando", "enquanto", "se", "onde", "para que", "já que", "apesar de", "mesmo que",
           "o que", "cujo", "cuja", "desde que", "assim que", "no entanto", "ainda que"),
    "nl": ("omdat", "hoewel", "dat", "wanneer", "als", "terwijl", "waar", "zodat", "nadat", "voordat", "tenzij",
           "doordat", "zodra", "toch"),
    "ru": ("потому что", "хотя", "когда", "если", "котор", "чтобы", "пока", "где", "так как", "поэтому",
           "несмотря на", "однако"),
    "ar": ("لأن", "عندما", "الذي", "التي", "الذين", "إذا", "لكن", "رغم", "بينما", "حيث", "لو", "كي"),
    "hi": ("क्योंकि", "जब", "अगर", "लेकिन", "जो", "हालांकि", "ताकि", "जबकि", "यदि"),
    "zh": ("因为", "虽然", "但是", "如果", "所以", "的时候", "而且", "不过", "尽管", "即使", "除非", "只要"),
    "ja": ("から", "ので", "けれど", "けど", "たら", "とき", "ながら", "のに", "ために", "場合"),
    "ko": ("때문에", "지만", "는데", "니까", "면서", "도록", "려고", "을 때", "할 때"),
}
_NO_SPACES = {"zh", "ja", "ko"}  # markers are matched inside words there
_PREFIX_MARKERS = {"котор"}  # a stem: который, которая, которые…
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def tokens(text: str) -> list[str]:
    """Lower-case words; each CJK character counts as one, as in core.metrics.word_count."""
    text = (text or "").lower()
    return _CJK.findall(text) + _WORD.findall(_CJK.sub(" ", text))


def variety(text: str) -> float:
    """Guiraud's index of lexical variety: distinct words / √words (0 for an empty text)."""
    words = tokens(text)
    return len(set(words)) / len(words) ** 0.5 if words else 0.0


def clause_markers(text: str, lang: str) -> list[str]:
    """The subordinate-clause markers found in `text`, in order of the marker list, with repeats."""
    lower = (text or "").lower()
    found = []
    for marker in SUBORDINATORS.get(lang, SUBORDINATORS["en"]):
        if lang in _NO_SPACES:
            count = lower.count(marker)
        elif marker in _PREFIX_MARKERS:
            count = len(re.findall(rf"(?<!\w){re.escape(marker)}\w*", lower))
        else:
            count = len(re.findall(rf"(?<!\w){re.escape(marker)}(?!\w)", lower))
        found += [marker] * count
    return found


def band(value: float, edges: tuple[float, ...]) -> int:
    """0-5: how many band edges `value` reaches."""
    return sum(1 for edge in edges if value >= edge)


@dataclass
class Signals:
    """What was measured over a learner's answers."""

    answers: int
    words: int
    words_per_answer: float
    sentence_words: float
    variety: float  # mean Guiraud index per answer
    clauses_per_sentence: float
    corrections: int

    def bands(self) -> dict[str, int]:
        return {name: band(getattr(self, name), edges) for name, edges in BANDS.items()}


def measure(answers: list[str], lang: str, corrections: int = 0) -> Signals:
    """Signals over the non-empty answers; lengths are scaled for languages written without spaces."""
    answers = [a for a in answers if (a or "").strip()]
    scale = _CHARS_PER_WORD.get(lang, 1.0)
    words = sum(word_count(a) for a in answers)
    sentence_count = sum(max(1, len(sentences(a))) for a in answers)
    markers = sum(len(clause_markers(a, lang)) for a in answers)
    return Signals(
        answers=len(answers),
        words=words,
        words_per_answer=words / scale / len(answers) if answers else 0.0,
        sentence_words=words / scale / sentence_count if answers else 0.0,
        variety=sum(variety(a) for a in answers) / len(answers) if answers else 0.0,
        clauses_per_sentence=markers / sentence_count if answers else 0.0,
        corrections=corrections,
    )


def estimate(signals: Signals) -> tuple[str | None, list[str]]:
    """(level, evidence lines); level is None when there is nothing to place."""
    if signals.words < 10:
        return None, [f"Only {signals.words} words in the answers: too little to estimate a level."]
    bands = signals.bands()
    index = int(sum(bands.values()) / len(bands) + 0.5)
    evidence = [
        f"{signals.words_per_answer:.0f} words per answer (typical of {CEFR_LEVELS[bands['words_per_answer']]}).",
        f"{signals.sentence_words:.1f} words per sentence (typical of {CEFR_LEVELS[bands['sentence_words']]}).",
        f"Vocabulary variety {signals.variety:.1f} on Guiraud's index (typical of {CEFR_LEVELS[bands['variety']]}).",
        f"{signals.clauses_per_sentence:.2f} linking or subordinate-clause words per sentence "
        f"(typical of {CEFR_LEVELS[bands['clauses_per_sentence']]}).",
    ]
    if signals.corrections:
        per_100 = 100 * signals.corrections / max(signals.words, 1)
        drop = 2 if per_100 >= 8 else (1 if per_100 >= 4 else 0)
        index -= drop
        evidence.append(f"{signals.corrections} correction{'s' if signals.corrections != 1 else ''} from the coach "
                        f"({per_100:.1f} per 100 words)" + (", which lowers the estimate." if drop else "."))
    if signals.words < MIN_WORDS_ABOVE_A2 and index > 1:
        index = 1
        evidence.append(f"Only {signals.words} words in total, so the estimate stops at A2.")
    return CEFR_LEVELS[max(0, min(5, index))], evidence
