"""The recognizer's prompt: domain words to expect, plus the fillers we want kept.

Whisper treats the prompt as text that came just before the audio and copies its style: listing
"Redis, PostgreSQL" makes those spellings likely, and a prompt that itself hesitates ("Um, uh,
like, …") stops it from tidying away the fillers the coach is meant to count. Same prompt for
local Whisper and the cloud APIs (both take a `prompt`).
"""
from __future__ import annotations

import re
from typing import Iterable

FILLERS = {
    "en": "Um, uh, like, you know, so",
    "es": "Eh, este, o sea, pues, bueno",
    "fr": "Euh, ben, du coup, en fait, bah",
    "de": "Ähm, äh, also, halt, sozusagen",
}
MAX_TERMS = 24
MAX_CHARS = 600  # Whisper keeps at most ~220 prompt tokens; stay well below


def _is_sentence(text: str) -> bool:
    return bool(re.search(r"[.?!。？！]\s*\S|[.?!。？！]$", text))


def build_prompt(terms: str | Iterable[str] | None = None, lang: str = "en", *, fillers: bool = True) -> str | None:
    """The prompt for a recognizer, or None when there is nothing to say.

    `terms` is a list of domain terms, a comma-separated string of them, or free text (the
    question just asked). Measured on tiny.en: fillers first, then terms in a sentence
    ("…, we talked about Redis, PostgreSQL.") keeps both best; free text goes before the fillers.
    """
    key = (lang or "en").lower().replace("_", "-").split("-")[0]
    with_fillers = fillers
    fillers = FILLERS.get(key) if with_fillers else None
    if terms is None:
        text, listed = "", []
    elif isinstance(terms, str):
        text = " ".join(terms.split())
        listed = [] if _is_sentence(text) else [t.strip() for t in text.split(",") if t.strip()]
    else:
        text, listed = "", [" ".join(str(t).split()) for t in terms if str(t).strip()]
    if listed:
        joined = _join(list(dict.fromkeys(listed))[:MAX_TERMS])
        if key == "en" and fillers:
            return f"{fillers}, we talked about {joined}."
        return f"{fillers}. {joined}." if fillers else f"{joined}."
    if text:
        text = text[-MAX_CHARS:]
        return f"{text} {fillers}." if fillers else text
    return f"{fillers}." if fillers else None


def _join(terms: list[str]) -> str:
    """Comma-join terms, stopping before MAX_CHARS."""
    joined = ""
    for term in terms:
        candidate = f"{joined}, {term}" if joined else term
        if len(candidate) > MAX_CHARS:
            return joined or term[:MAX_CHARS]
        joined = candidate
    return joined


# ---- Keeping the prompt out of long transcripts -------------------------------------------------
# Measured with tiny.en (bench/stt_prompt_leak.py, numbers in its docstring): on long or repetitive
# audio a prompt can do harm. 117 s of repeated espeak-ng speech came back as 0 characters ("I didn't
# catch anything") with the filler+terms prompt, the terms alone and the question alone; with no
# prompt, 1,694. On a 279 s clip no prompt gave fewer characters (1,675 vs 2,023-2,571), and runs
# vary, so this trades some words on long clips for never losing a whole answer. The fillers matter
# for short answers, where "um" must survive (2 of 2 kept with the prompt, 0 without): so clips past
# about one Whisper window get no prompt, and any echo of a prompt that still appears is removed.

LONG_CLIP_S = 25.0  # past this (about one 30 s Whisper window with padding), no prompt at all


def prompt_for(terms: str | Iterable[str] | None, lang: str = "en", seconds: float | None = None) -> str | None:
    """The prompt for a clip of `seconds`: fillers + terms when short (or unknown), none when long."""
    if seconds is None or seconds <= LONG_CLIP_S:
        return build_prompt(terms, lang)
    return None


_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_SENTENCE = re.compile(r"[^.?!。？！…]+[.?!。？！…]*")
ECHO_MIN_WORDS = 4  # a copied stretch of the prompt shorter than this may be what was said
ECHO_SHARE = 0.6  # a sentence is an echo when this share of its words is copied prompt


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def _filler_words(prompt: str) -> set[str]:
    words: set[str] = set()
    for line in FILLERS.values():
        if line.lower() in prompt.lower():
            words.update(_words(line))
    return words


def strip_prompt_echo(text: str, prompt: str | None) -> str:
    """`text` without what the recognizer copied from `prompt` instead of hearing it.

    Removed: any sentence mostly (ECHO_SHARE) made of runs of ECHO_MIN_WORDS or more consecutive
    prompt words (e.g. "…we talked about Redis, PostgreSQL, Kafka"), and any sentence made only of the
    prompt's filler words with three or more of them ("Uh, like, you know, you know…"), or that
    is the whole prompt ("Redis, PostgreSQL, Kafka."). A
    filler inside a real sentence ("So, um, I would add a cache") stays: the coach counts it.
    Returns "" when nothing else is left, so the caller says it heard nothing.
    """
    if not text or not prompt:
        return text
    prompt_words = _words(prompt)
    whole = tuple(prompt_words)
    grams = {tuple(prompt_words[i:i + ECHO_MIN_WORDS]) for i in range(len(prompt_words) - ECHO_MIN_WORDS + 1)}
    fillers = _filler_words(prompt)
    kept = []
    for sentence in _SENTENCE.findall(text):
        words = _words(sentence)
        if not words:
            continue
        covered: set[int] = set()
        for i in range(len(words) - ECHO_MIN_WORDS + 1):
            if tuple(words[i:i + ECHO_MIN_WORDS]) in grams:
                covered.update(range(i, i + ECHO_MIN_WORDS))
        copied = len(covered) >= ECHO_SHARE * len(words) or tuple(words) == whole
        only_fillers = fillers and len(words) >= 3 and all(w in fillers for w in words)
        if copied or only_fillers:
            continue
        kept.append(sentence.strip())
    return " ".join(kept)
