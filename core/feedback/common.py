"""Pieces every offline report shares: normalised turns, scored criteria, the delivery criterion.

Kept apart from the per-mode reports so each of those reads as the rules of one mode.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core import banks
from core.cues import is_empty_answer, strip_interrupted
from core.metrics import filler_counts, word_count, words_per_minute

COMFORT_WPM = (140, 160)  # a comfortable speaking pace for interviews and presentations
TOO_LITTLE_WORDS = 10  # below this, across all answers, there is nothing to judge


@dataclass
class Turn:
    """One question and the user's answer, with what was measured about it."""

    question: str
    answer: str  # the user's words, [INTERRUPTED] tag removed
    skipped: bool  # empty, or only a cue such as "skip" or "I don't know"
    seconds: float | None = None
    metrics: dict = field(default_factory=dict)
    bank: dict | None = None  # the bank question, when the question is one of Parley's
    raw: dict = field(default_factory=dict)

    @property
    def words(self) -> int:
        return 0 if self.skipped else word_count(self.answer)

    @property
    def wpm(self) -> float | None:
        """Speaking rate from the voice metrics, else from the answer and its duration."""
        given = self.metrics.get("wpm")
        if isinstance(given, (int, float)) and given > 0:
            return float(given)
        if self.seconds and self.seconds > 0 and self.answer:
            return words_per_minute(self.answer, self.seconds) or None
        return None

    @property
    def timed(self) -> bool:
        return bool(self.seconds) or bool(self.metrics)


def bank_question(turn: dict) -> dict | None:
    """The bank question for a turn: by "question_id", else by its wording."""
    by_id = banks.all_questions().get(turn.get("question_id") or "")
    return by_id or banks.find_question(turn.get("question") or "")


def prepare(turns: list[dict], cues: dict | None = None, lookup: bool = True) -> list[Turn]:
    """Normalise raw turns; a turn that is only a cue ("skip", "I don't know", "repeat") counts as skipped."""
    prepared = []
    for raw in turns or []:
        answer, _ = strip_interrupted(str(raw.get("answer") or ""))
        seconds = raw.get("seconds")
        metrics = raw.get("metrics") if isinstance(raw.get("metrics"), dict) else {}
        prepared.append(Turn(
            question=str(raw.get("question") or ""),
            answer=answer,
            skipped=is_empty_answer(answer, cues),
            seconds=float(seconds) if isinstance(seconds, (int, float)) and seconds > 0 else None,
            metrics=metrics,
            bank=bank_question(raw) if lookup else None,
            raw=raw,
        ))
    return prepared


def too_little(turns: list[Turn]) -> bool:
    """True when the session has (almost) nothing to judge: all skipped, or only a handful of words."""
    return sum(t.words for t in turns) < TOO_LITTLE_WORDS


def clamp(value: float) -> int:
    """A 1-10 integer score, rounding halves up (deterministic, unlike banker's rounding)."""
    return max(1, min(10, int(value + 0.5)))


def one_decimal(value: float) -> float:
    """The overall 1-10 score with one decimal (6.4). The answer and criterion scores stay whole numbers; the
    overall is their weighted mean, and rounding it to a whole number made a clearly better answer tie a worse
    one (6.4 and 6.8 both showed 6) in 5 of 42 labelled pairs written blind."""
    return max(1.0, min(10.0, round(value + 1e-9, 1)))


def criterion(score: float, evidence: list[str], estimate: bool = False) -> dict:
    item = {"score": clamp(score), "evidence": [e for e in evidence if e]}
    if estimate:
        item["estimate"] = True
    return item


def mean(values: list[float], default: float = 0.0) -> float:
    return sum(values) / len(values) if values else default


def short(text: str, words: int = 8) -> str:
    """The first few words of a question, for evidence lines."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def filler_total(turn: Turn, lang: str = "en") -> int:
    """Fillers in an answer: the voice metrics' count when given, else counted in the text."""
    given = turn.metrics.get("filler_total")
    if isinstance(given, int):
        return given
    return sum(filler_counts(turn.answer, lang).values())


def delivery(turns: list[Turn], lang: str = "en") -> dict | None:
    """Pace, fillers per minute and long pauses; None when no turn carries timing or voice metrics."""
    timed = [t for t in turns if t.timed and not t.skipped]
    if not timed:
        return None
    low, high = COMFORT_WPM
    paces = [t.wpm for t in timed if t.wpm]
    evidence, score = [], 9.0
    if paces:
        pace = mean(paces)
        gap = max(low - pace, pace - high, 0.0)
        score = 10.0 - gap / 6.0
        where = "within" if gap == 0 else ("below" if pace < low else "above")
        evidence.append(f"Pace {pace:.0f} words per minute on average, {where} the comfortable "
                        f"{low}–{high} wpm band.")
        for t in timed:
            if t.wpm and (t.wpm < low - 30 or t.wpm > high + 30):
                evidence.append(f"{t.wpm:.0f} wpm on “{short(t.question)}”.")
    minutes = sum(t.seconds for t in timed if t.seconds) / 60.0
    fillers = sum(filler_total(t, lang) for t in timed)
    if minutes > 0:
        per_minute = fillers / minutes
        score -= min(4.0, max(0.0, per_minute - 2.0) * 0.5)
        evidence.append(f"{fillers} filler word{'s' if fillers != 1 else ''} in {minutes:.1f} minutes of speech "
                        f"({per_minute:.1f} per minute).")
    pauses = sum(int(t.metrics.get("long_pauses") or 0) for t in timed)
    if pauses:
        per_minute = pauses / minutes if minutes > 0 else float(pauses)
        score -= min(3.0, max(0.0, per_minute - 1.0))
        evidence.append(f"{pauses} long pause{'s' if pauses != 1 else ''} of a second or more.")
    if not evidence:
        return None
    return criterion(score, evidence)


_FILLER_SOUNDS = r"(?:u+h*m+|u+h+|e+r+m*|a+h+|h+m+|e+u+h+|ä+h+m*)"
_SET_OFF = r"(?:you know|i mean|like|basically|literally|actually|so yeah)"


# A short word said twice is a false start ("so I I would"); "had had", "that that" and "so so" can be right, so
# not those.
_STUTTER = re.compile(r"(?i)\b(i|we|you|he|she|they|it|the|a|an|and|but|to|of|in|on|my|our|we're|i'd|i'm)"
                      r"(?:[\s,]+\1\b)+")


def without_fillers(text: str) -> str:
    """The sentence with hesitation sounds, set-off fillers ("like,", ", you know,") and false starts ("I I") taken
    out."""
    out = re.sub(rf"(?i)(?:,\s*)?\b{_FILLER_SOUNDS}\b,?", "", text)
    out = _STUTTER.sub(r"\1", out)
    out = re.sub(r"(?i)\b(?:basically|literally)\s+", "", out)
    out = re.sub(rf"(?i),\s*{_SET_OFF},\s*", " ", out)
    out = re.sub(rf"(?i)^\s*{_SET_OFF},\s*", "", out)
    out = re.sub(rf"(?i),\s*{_SET_OFF}(?=[.!?]|$)", "", out)
    return tidy(out)


_HEDGE_RE = re.compile(r"(?i)\b(?:i guess|i think|i suppose|maybe|probably|perhaps|i'm not sure|i'm pretty sure|"
                       r"(?<!\ba )(?<!\bwhat )(?<!\bthat )(?<!\bthis )(?<!\bthe )(?:sort|kind) of)\b\s*,?\s*")


def without_hedges(text: str) -> str:
    """The sentence with softening phrases ("I think", "maybe", "kind of") taken out."""
    return tidy(_HEDGE_RE.sub("", text))


def tidy(text: str) -> str:
    """Collapse the spaces and commas left behind by removals; capitalise the first letter."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    text = re.sub(r",\s*,+", ",", text)
    text = re.sub(r"^[\s,;:]+", "", text).strip()
    return text[:1].upper() + text[1:]
