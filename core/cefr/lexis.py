"""Words and their frequencies in 13 languages, from the `wordfreq` lists (a pure, offline data lookup).

Used by the CEFR estimate for lexical sophistication (how far beyond the most frequent words a
learner reaches) and for unattested forms (tokens so rare in the language's corpus that they are
most likely misspellings or invented forms such as "eated", "hacido", "prendu").

Tokenizing: wordfreq's regex tokenizer for languages written with spaces. Chinese, Japanese and
Korean need jieba / MeCab in wordfreq, which are not installed; instead each run of CJK or Hangul
characters is split into its most probable sequence of forms from wordfreq's own word list for that
language (a unigram model, the idea behind jieba), so every token found can be looked up. It is cruder than a real
segmenter (about word-level for Chinese, morpheme-level for Japanese and Korean), and labelled so.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import wordfreq

UNATTESTED_ZIPF = 2.0  # below this a form is about once in 100 million words: most likely not a word
FUNCTION_RANK = 100  # the 100 most frequent forms are mostly function words: left out of "content" measures
_MAX_MATCH = {"zh": 4, "ja": 5, "ko": 4}  # longest form tried when segmenting text without spaces
_SEGMENTED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=None)
def frequencies(lang: str) -> dict[str, float]:
    """{word: frequency} for `lang` (wordfreq's "best" list; wordfreq caches it too)."""
    return wordfreq.get_frequency_dict(lang)


@lru_cache(maxsize=None)
def ranks(lang: str, top: int = 20000) -> dict[str, int]:
    """{word: rank} for the `top` most frequent forms of `lang` (1 = most frequent)."""
    found: dict[str, int] = {}
    for word in wordfreq.iter_wordlist(lang):
        if len(found) >= top:
            break
        found.setdefault(word, len(found) + 1)
    return found


def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 of occurrences per billion words); 0 for a form not in the list."""
    freq = frequencies(lang).get(word, 0.0)
    return math.log10(freq) + 9 if freq > 0 else 0.0


def rank(word: str, lang: str) -> int | None:
    """The word's frequency rank among the 20,000 most frequent forms, else None."""
    return ranks(lang).get(word)


def _segment(run: str, lang: str) -> list[str]:
    """Split a run of CJK/Hangul characters into the most probable sequence of forms in the language's
    word list (a unigram model, as jieba does): a rare long compound loses to two common words."""
    known, longest = frequencies(lang), _MAX_MATCH.get(lang, 4)
    unknown = math.log(1e-9)  # a character the list lacks still gets through, at a price
    best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * len(run)
    for end in range(1, len(run) + 1):
        for start in range(max(0, end - longest), end):
            freq = known.get(run[start:end])
            if freq is None and end - start > 1:
                continue
            score = best[start][0] + (math.log(freq) if freq else unknown)
            if score > best[end][0]:
                best[end] = (score, start)
    out, end = [], len(run)
    while end > 0:
        start = best[end][1]
        out.append(run[start:end])
        end = start
    return out[::-1]


def tokenize(text: str, lang: str) -> list[str]:
    """Lower-case word tokens of `text` in `lang`, without punctuation or numbers."""
    text = (text or "").replace("’", "'")
    if lang in _MAX_MATCH:
        tokens: list[str] = []
        for piece in re.split(f"({_SEGMENTED.pattern})", text):
            if _SEGMENTED.fullmatch(piece):
                tokens += _segment(piece, lang)
            elif piece.strip():
                tokens += wordfreq.simple_tokenize(piece)
    else:
        tokens = wordfreq.tokenize(text, lang)
    return [t for t in tokens if not _DIGIT.search(t)]


def checks_spelling(lang: str) -> bool:
    """Whether "not in the list" means "not a word": only where the list reaches rare forms (zipf near 1).

    Hindi and Korean lists stop at zipf 3 (common words only), and Chinese/Japanese text can't be
    misspelt into unknown characters, so there an absent form says nothing about accuracy.
    """
    return lang not in ("zh", "ja", "ko") and min(frequencies(lang).values()) < 1e-7


@lru_cache(maxsize=None)
def native_content_zipf(lang: str) -> float:
    """The mean Zipf frequency of content forms (beyond the top 100) in running native text of `lang`."""
    ordered = sorted(frequencies(lang).values(), reverse=True)[FUNCTION_RANK:]
    total = sum(ordered)
    return sum(f * (math.log10(f) + 9) for f in ordered) / total if total else 5.0


@lru_cache(maxsize=None)
def native_share_beyond(lang: str, top: int) -> float:
    """The share of running native text (content forms only) made of forms ranked beyond `top`.

    Computed from the frequency list itself, so a learner's share can be put next to what native
    text in the same language shows: inflected languages (ru, ar) spread over more forms than English.
    """
    ordered = sorted(frequencies(lang).values(), reverse=True)
    content = sum(ordered[FUNCTION_RANK:])
    return sum(ordered[top:]) / content if content else 0.0
