"""Guess which of Parley's 13 languages a text is in, from its script and its commonest words.

Used only when a language-test report is asked for without the session's language: good
enough to pick the right filler words, cues and linking words, not a general detector.
"""
from __future__ import annotations

import re

_SCRIPTS = (  # checked in order: kana before Han, so Japanese with kanji is not taken for Chinese
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_COMMON = {
    "en": "the and is i you to of it in that my was with for are have",
    "es": "el la de que y es en los las me mi por con una un muy pero",
    "fr": "le la les de et est je un une ne pas des du que il avec",
    "de": "der die das und ist ich nicht ein eine zu mit es auf den sehr",
    "it": "il la di e è che non sono un una per mi ho con molto",
    "pt": "o a de que e é não um uma eu com por os as muito",
    "nl": "de het een en is ik niet van dat met op zijn heel",
}
_COMMON_SETS = {code: frozenset(words.split()) for code, words in _COMMON.items()}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str, default: str = "en") -> str:
    """The most likely language code for `text`; `default` when there is nothing to go on."""
    text = (text or "").lower()
    for code, script in _SCRIPTS:
        if len(script.findall(text)) >= 2:
            return code
    words = _WORD.findall(text)
    scores = {code: sum(1 for w in words if w in common) for code, common in _COMMON_SETS.items()}
    best = max(scores, key=lambda code: (scores[code], code == default))
    return best if scores[best] > 0 else default
