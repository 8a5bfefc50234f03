"""Text-level speaking metrics: fillers, hedges, pace, STAR structure, pauses.

Rule-based and deterministic so feedback is instant, explainable and testable;
works on a transcript (typed or from speech-to-text).
"""

from __future__ import annotations

import re
from typing import Iterable

# Canonical filler forms per language. Spelling variants ("umm", "uhh",
# "ähmm") are folded onto these by _SOUNDS before counting.
FILLERS: dict[str, tuple[str, ...]] = {
    "en": (
        "um", "uh", "er", "erm", "ah", "hmm",
        "basically", "literally", "actually",
        "like", "you know", "i mean",
    ),
    "es": ("eh", "em", "este", "o sea", "pues", "hmm"),
    "fr": ("euh", "bah", "du coup", "en fait", "hmm"),
    "de": ("ähm", "äh", "halt", "sozusagen", "quasi", "hmm"),
}

# Hedges (English): soften claims; reported separately from fillers.
HEDGES: tuple[str, ...] = (
    "i guess", "maybe", "sort of", "kind of", "i think", "probably",
    "i'm not sure", "perhaps", "i suppose",
)

# Hesitation sounds: (full-token regex, canonical form).
_SOUNDS = tuple(
    (re.compile(pat), canon)
    for pat, canon in (
        (r"u+h*m+", "um"), (r"u+h+", "uh"), (r"e+r+m+", "erm"), (r"e+r+", "er"),
        (r"a+h+", "ah"), (r"h+m+", "hmm"), (r"e+h+", "eh"), (r"e+m+", "em"),
        (r"e+u+h+", "euh"), (r"b+a+h+", "bah"), (r"ä+h+m+", "ähm"), (r"ä+h+", "äh"),
    )
)

_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.,!?;:\u2026]")
_SENT_END = frozenset(".!?;:\u2026")
_PUNCT = _SENT_END | {","}

_PRONOUNS = frozenset(
    "i we you he she they i'm we're you're they're he's she's it's i've we've "
    "you've they've i'd we'd".split()
)
_INTENSIFIERS = frozenset(
    "really totally so very super just literally basically actually um uh "
    "kind sort pretty quite".split()
)
_DISCOURSE = frozenset("and but so or then because cause um uh".split())
_COPULAS = frozenset("was is were are be been being it's that's he's she's".split())
# "like" right after these is the verb ("I like, um, Python", "would like").
_VERB_SUBJECTS = frozenset(
    "i you we they he she would i'd you'd we'd they'd to do don't does doesn't "
    "did didn't really also".split()
)
_LIKE_QUOTE_VERBS = frozenset("said say says mentioned told discussed explained wrote".split())
_YOU_KNOW_NOT_FILLER = frozenset(
    "do did don't didn't does doesn't if what as how when whether would could will "
    "can that who where why".split()
)
_I_MEAN_NOT_FILLER = frozenset("what that which if do did don't didn't".split())
_KIND_OF_TYPE = frozenset(
    "what which this that a an any every some the these those one same another "
    "each no what's".split()
)


def _tokens(text: str) -> list[str]:
    """Lowercase word and punctuation tokens; curly apostrophes folded."""
    return _TOKEN_RE.findall((text or "").lower().replace("\u2019", "'"))


def _word_before(tokens: list[str], i: int) -> str | None:
    return tokens[i - 1] if i > 0 else None


def _at(tokens: list[str], i: int) -> str | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _like_is_filler(prev: str | None, nxt: str | None, nxt2: str | None) -> bool:
    """Decide whether "like" is a filler (vs verb or comparison).

    Filler when: followed by a comma ("it was, like, hard", "like, I think");
    at sentence start or after and/but/so followed by a pronoun or intensifier
    ("and like we...", "Like I think...") except "like I said"; after a copula
    or comma followed by an intensifier ("was like really hard").
    """
    if nxt == ",":
        return prev not in _VERB_SUBJECTS
    start = prev is None or prev in _SENT_END or prev in _DISCOURSE
    if start and nxt in _PRONOUNS:
        return nxt2 not in _LIKE_QUOTE_VERBS
    if (start or prev in _COPULAS or prev == ",") and nxt in _INTENSIFIERS:
        return True
    return False


def _you_know_is_filler(prev: str | None, nxt: str | None) -> bool:
    """Filler "you know" is set off by punctuation: "it's, you know, hard"."""
    if prev in _YOU_KNOW_NOT_FILLER:
        return False
    return nxt is None or nxt in _PUNCT


def _i_mean_is_filler(prev: str | None, nxt: str | None) -> bool:
    """Filler "I mean" is set off ("I mean, ...") or opens a clause before a pronoun."""
    if prev in _I_MEAN_NOT_FILLER:
        return False
    if nxt is None or nxt in _PUNCT:
        return True
    return (prev is None or prev in _PUNCT) and nxt in _PRONOUNS


def _lang_key(lang: str) -> str:
    """"en-US" -> "en"; unknown languages fall back to English."""
    key = (lang or "en").lower().replace("_", "-").split("-")[0]
    return key if key in FILLERS else "en"


def filler_counts(text: str, lang: str = "en") -> dict[str, int]:
    """Count filler words/phrases in ``text``; only non-zero entries are returned.

    Keys are canonical forms ("umm" counts as "um"). Context-dependent fillers
    ("like", "you know", "I mean", Spanish "este") are only counted when used
    as fillers, not as verbs, comparisons or normal phrases.
    """
    allowed = FILLERS[_lang_key(lang)]
    phrases = [tuple(f.split()) for f in allowed if " " in f]
    singles = {f for f in allowed if " " not in f}
    toks = _tokens(text)
    counts: dict[str, int] = {}

    def add(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    i = 0
    while i < len(toks):
        tok = toks[i]
        prev = _word_before(toks, i)
        matched = False
        for phrase in phrases:
            n = len(phrase)
            if tuple(toks[i:i + n]) != phrase:
                continue
            key = " ".join(phrase)
            nxt = _at(toks, i + n)
            if key == "you know" and not _you_know_is_filler(prev, nxt):
                continue
            if key == "i mean" and not _i_mean_is_filler(prev, nxt):
                continue
            add(key)
            i += n
            matched = True
            break
        if matched:
            continue
        canon = tok
        if tok not in singles:
            canon = next((c for pat, c in _SOUNDS if pat.fullmatch(tok)), tok)
        if canon in singles:
            if canon == "like":
                if _like_is_filler(prev, _at(toks, i + 1), _at(toks, i + 2)):
                    add("like")
            elif canon == "este":
                # Spanish demonstrative unless set off: "este, no sé".
                if _at(toks, i + 1) is None or _at(toks, i + 1) in _PUNCT:
                    add("este")
            else:
                add(canon)
        i += 1
    return counts


_HEDGE_VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = {
    h: (tuple(h.split()),) for h in HEDGES
}
_HEDGE_VARIANTS["i'm not sure"] = (("i'm", "not", "sure"), ("i", "am", "not", "sure"), ("im", "not", "sure"))


def top_filler(counts: dict[str, int]) -> str | None:
    """The filler said most often (ties: alphabetical), so the coach and the report name the same one."""
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def as_said(phrase: str) -> str:
    """A counted phrase as a person writes it: the pronoun "I" capitalised ("i think" → "I think")."""
    return re.sub(r"\bi\b", "I", phrase)


def hedge_counts(text: str) -> dict[str, int]:
    """Count hedging phrases (English); only non-zero entries are returned.

    Rule for "kind of" / "sort of": not a hedge when it names a type, i.e. right
    after a determiner or question word ("what kind of database", "a sort of
    cache", "that kind of thing").
    """
    toks = _tokens(text)
    counts: dict[str, int] = {}
    i = 0
    while i < len(toks):
        step = 1
        for hedge, variants in _HEDGE_VARIANTS.items():
            hit = next((v for v in variants if tuple(toks[i:i + len(v)]) == v), None)
            if hit is None:
                continue
            if hedge in ("kind of", "sort of") and _word_before(toks, i) in _KIND_OF_TYPE:
                continue
            counts[hedge] = counts.get(hedge, 0) + 1
            step = len(hit)
            break
        i += step
    return counts


# Characters counted one-per-word: CJK ideographs, kana (no spaces in zh/ja).
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def word_count(text: str) -> int:
    """Count words: runs of letters/digits, plus one per CJK ideograph or kana."""
    if not text:
        return 0
    cjk = len(_CJK_RE.findall(text))
    rest = _CJK_RE.sub(" ", text)
    return cjk + len(_WORD_RE.findall(rest))


def words_per_minute(text: str, seconds: float) -> float:
    """Speaking rate, rounded to 1 decimal; 0.0 when duration or words are missing."""
    words = word_count(text)
    if seconds is None or seconds <= 0 or words == 0:
        return 0.0
    return round(words * 60.0 / seconds, 1)


_STAR_CUES: dict[str, tuple[str, ...]] = {
    "situation": (
        r"when i was", r"at my (?:last|previous|current|old|first) (?:job|company|role|team|position|employer)",
        r"we had", r"the situation", r"back in", r"in (?:19|20)\d\d", r"at the time",
        r"there was a time", r"last year", r"one time", r"our team was",
        r"i was working (?:at|on|as|for)",
    ),
    "task": (
        r"my (?:job|role|task|responsibility) was", r"i was responsible", r"responsible for",
        r"i needed to", r"i had to", r"(?:the|our|my) goal", r"tasks?", r"i was asked to",
        r"i was tasked", r"the challenge was",
    ),
    "action": (
        r"i decided", r"i built", r"i led", r"so i", r"i implemented", r"i talked to",
        r"i created", r"i wrote", r"i designed", r"i organi[sz]ed", r"i set up",
        r"i proposed", r"i introduced", r"i worked with", r"i spoke (?:to|with)",
        r"i started", r"i reached out", r"i refactored", r"i automated", r"i migrated",
    ),
    "result": (
        r"as a result", r"we reduced", r"reduced", r"increased", r"improved", r"saved",
        r"in the end", r"outcome", r"which led to", r"resulted in", r"the result",
        r"percent", r"we (?:shipped|delivered|launched)", r"cut (?:the|our)",
    ),
}
_STAR_RE = {
    part: re.compile(r"(?<!\w)(?:" + "|".join(cues) + r")(?!\w)", re.IGNORECASE)
    for part, cues in _STAR_CUES.items()
}


def star_markers(text: str) -> dict[str, bool]:
    """Which STAR parts (situation, task, action, result) the answer shows, by cue words."""
    norm = (text or "").replace("\u2019", "'")
    found = {part: bool(rx.search(norm)) for part, rx in _STAR_RE.items()}
    if "%" in norm:
        found["result"] = True
    return found


def long_pauses(segments: Iterable[tuple[float, float]], min_gap: float = 1.0) -> int:
    """Count silent gaps of at least ``min_gap`` seconds between speech segments.

    Segments are (start, end) in seconds, in any order; overlaps are merged.
    """
    if min_gap <= 0:
        raise ValueError("min_gap must be > 0")
    spans = sorted((float(s), float(e)) for s, e in segments)
    for s, e in spans:
        if e < s:
            raise ValueError(f"segment ends before it starts: ({s}, {e})")
    count = 0
    last_end: float | None = None
    for s, e in spans:
        if last_end is not None and s - last_end >= min_gap - 1e-9:
            count += 1
        last_end = e if last_end is None else max(last_end, e)
    return count


def speech_metrics(text: str, seconds: float | None = None, lang: str = "en") -> dict:
    """Bundle all text metrics for one answer.

    Keys: words, wpm (None when the duration is unknown or not positive),
    fillers, filler_total, hedges, star.
    """
    fillers = filler_counts(text, lang)
    return {
        "words": word_count(text),
        "wpm": None if seconds is None or seconds <= 0 else words_per_minute(text, seconds),
        "fillers": fillers,
        "filler_total": sum(fillers.values()),
        "hedges": hedge_counts(text),
        "star": star_markers(text),
    }
