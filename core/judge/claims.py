"""Known wrong claims an answer asserts, and sweeping claims it makes with no reason given.

Sentence embeddings cannot tell a claim from its denial ("VaR is the most you can lose" and "VaR is not
the most you can lose" are near neighbours), so a misconception is matched on what sets it apart from its
correction: the sentence must use the claim's own distinctive content words (in any inflection), more of
them than the correction's, with the same polarity (no "not"/"never" in front where the claim has none).
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.judge.substance import FUNCTION_WORDS

_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
_NEGATION = re.compile(r"(?i)\b(?:not|no|never|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|"
                       r"can't|cannot|couldn't|shouldn't|mustn't|nor|neither|without|myth|wrong|false|mistake|"
                       r"misconception|rather than|instead of)\b")
# Sweeping certainty: interviewers hear it as a red flag on an open question unless a reason comes with it.
_ABSOLUTE = re.compile(r"(?i)\b(?:always (?:works|better|best|good|right|safe|faster|wins|the case)|never (?:fails|happens|works|wrong|"
                       r"a problem|an issue|matters)|for certain|for sure|definitely|guaranteed?|100 percent|"
                       r"no matter what|can't be \w+ed|cannot be \w+ed|impossible|completely safe|fully protected|"
                       r"totally safe|basically proven|proven|zero risk|no risk|the best (?:one|approach|way)|"
                       r"best of the|only thing that matters)\b")
# Waving a real concern away, or promising secrecy: red flags whatever reason is given.
_DISMISSIVE = re.compile(r"(?i)\b(?:no need (?:to|for)|(?:is|are|that's|it's) (?:just |mostly |all )?hype|"
                         r"(?:doesn't|don't|does not|do not) really matter|not a big deal|big formal thing|"
                         r"over nothing|overkill|don't bother|wouldn't bother|nothing to worry about|"
                         r"resolve themselves|sort itself out|just a formality|waste (?:of )?(?:time|money|server)|"
                         r"(?:stays?|keep it|kept) between us|keep (?:it|this) (?:a )?secret|won't tell anyone|"
                         r"that's fine|it's fine|overrated|not a priority|wasn't a priority|more admin than|"
                         r"(?:isn't|is not|not) worth (?:it|the)|regardless of)\b")
_REASONED = re.compile(r"(?i)\b(?:because|since|unless|except|depends on|if|so|which means|when|whether)\b")
_MIN_STEM = 4


@lru_cache(maxsize=16384)
def stems(text: str) -> frozenset[str]:
    """Content-word stems (first five letters), so "loses", "losing" and "lose" meet (kept per text: every key
    point and known claim is checked against every sentence of an answer)."""
    return frozenset(w[:5] for w in _WORD.findall(text.lower().replace("’", "'"))
                     if len(w) >= _MIN_STEM and w not in FUNCTION_WORDS)


def negated(sentence: str) -> bool:
    """Whether a sentence has a negation or a "that's a myth" marker in it."""
    return bool(_NEGATION.search(sentence))


def asserts(sentence: str, claim: str, correction: str, question: str = "") -> bool:
    """Whether `sentence` states `claim` (a known misconception) rather than its correction."""
    said = stems(sentence)
    own = stems(claim) - stems(correction) - stems(question)
    if len(own) < 2:
        own = stems(claim) - stems(question)
    hits = len(own & said)
    fixes = len((stems(correction) - stems(claim)) & said)
    if hits < 2 or hits < 0.4 * len(own) or fixes >= hits:
        return False
    return negated(sentence) == negated(claim)


def sweeping(sentence: str) -> int:
    """Red flags in one sentence: unreasoned absolutes ("always", "can't be cracked") and dismissals of a
    real concern ("no need to involve HR", "it stays between us")."""
    absolutes = 0 if _REASONED.search(sentence) else len(_ABSOLUTE.findall(sentence))
    dismissals = [m for m in _DISMISSIVE.finditer(sentence)
                  if not _NEGATION.search(sentence[max(0, m.start() - 40):m.start()])]  # "I wouldn't promise to keep it a secret"
    return absolutes + len(dismissals)
