"""An estimated CEFR level (A1–C2) with a likely range and its evidence, from what predicts level.

The signals (core.cefr.signals) are accuracy (the examiner's corrections, common learner-error
patterns, forms that are not words of the language), lexical sophistication (word-frequency data
from wordfreq), range (MATTR over crude lemmas), clause length and linking, and fluency when the
turns carry audio metrics. Each is a rate or a share, so length alone cannot raise the level.

The level is a weighted sum of the standardized signals, fitted on labelled learner texts
(core.cefr.fit, constants in core.cefr.model), rounded to the nearest level. Sessions that tracked
corrections use the model that includes them; others the text-only model. Fluency from audio is
blended in with a fixed weight from published speech-rate norms, not fitted (no labelled audio).
It is an estimate of the speaking shown, not a certificate.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from core.cefr.fit import predict, signal_values, to_level
from core.cefr.model import MODELS
from core.cefr.signals import LINKERS, RARE_RANK, VERY_RARE_RANK, Signals, linkers, measure  # noqa: F401  (measure is public here)
from core.languages import CEFR_LEVELS, get_language
from core.cefr.lexis import native_content_zipf, native_share_beyond

MIN_TOKENS = 10  # fewer words than this: too little to place
FLUENCY_WEIGHT = 0.2  # share of the level that audio fluency takes when present (a prior, not fitted)
# ~80 wpm at A2, ~100 at B1, ~120 at B2, ~140 at C1: roughly what L2 speech-rate studies report by level
# (speech rate rises clearly up to B2 and flattens above). Not fitted: there is no labelled audio.
WPM_AT_A1, WPM_PER_LEVEL = 60.0, 20.0
ACCURACY = ("corrections", "pattern_errors", "unattested")
LEXIS = ("rare_words", "very_rare", "content_zipf", "range")
DISCOURSE = ("clause_length", "linking", "link_rarity")


@dataclass
class Estimate:
    """The level (None when too little to judge), its range, the continuous score and the evidence."""

    level: str | None
    low: str | None = None
    high: str | None = None
    score: float | None = None  # 0 = A1 … 5 = C2
    evidence: list[str] = field(default_factory=list)
    signals: list[dict] = field(default_factory=list)  # {"name", "value", "suggests", "weight"}

    @property
    def range(self) -> str | None:
        if not self.level:
            return None
        return self.low if self.low == self.high else f"{self.low}–{self.high}"

    def as_report(self) -> dict:
        return {"level": self.level, "range": self.range, "score": None if self.score is None else round(self.score, 2),
                "evidence": self.evidence, "signals": self.signals, "estimate": True}


def model_for(signals: Signals) -> dict:
    return MODELS["corrections" if signals.corrections is not None else "text"]


def suggests(name: str, value: float | None) -> str | None:
    """The level a signal alone points to (a straight line fitted on the labelled set), or None."""
    line = MODELS["corrections"]["univariate"].get(name)
    if value is None or not line:
        return None
    return CEFR_LEVELS[to_level(line[0] + line[1] * value)]


def fluency_level(fluency: dict) -> float | None:
    """0-5 from pace, less for frequent long pauses and fillers; None without a measured pace."""
    wpm = fluency.get("wpm")
    if not wpm:
        return None
    level = (wpm - WPM_AT_A1) / WPM_PER_LEVEL
    level -= 0.25 * max(0.0, fluency.get("pauses_per_minute", 0.0) - 2.0)
    level -= 0.1 * max(0.0, fluency.get("fillers_per_100", 0.0) - 3.0)
    return max(0.0, min(5.0, level))


def score(signals: Signals) -> float | None:
    """The continuous level 0-5 (None for an empty text): the fitted weighted sum, blended with audio fluency."""
    if not signals.tokens:
        return None
    text = predict(model_for(signals), signal_values(signals))
    spoken = fluency_level(signals.fluency)
    value = text if spoken is None else (1 - FLUENCY_WEIGHT) * text + FLUENCY_WEIGHT * spoken
    return max(0.0, min(5.0, value))


def _half_width(tokens: int) -> float:
    """How far either side of the score the range reaches: wider when there is little to go on."""
    return 0.4 if tokens >= 80 else 0.6 if tokens >= 30 else 0.9


def estimate(signals: Signals) -> Estimate:
    """The level, its range and the evidence behind them."""
    if signals.tokens < MIN_TOKENS:
        return Estimate(None, evidence=[f"Only {signals.tokens} words in the answers: too little to estimate a level."])
    value = score(signals)
    half = _half_width(signals.tokens)
    est = Estimate(CEFR_LEVELS[to_level(value)], CEFR_LEVELS[to_level(value - half)],
                   CEFR_LEVELS[to_level(value + half)], value)
    est.signals = _signal_rows(signals)
    est.evidence = [f"Estimate: {est.level} (likely range {est.range}) from {signals.tokens} words in "
                    f"{signals.answers} answer{'s' if signals.answers != 1 else ''}. Longer answers do not raise it; "
                    "the signals below do."] + evidence_lines(signals)
    repeats = signals.repeated_sentences
    if repeats:
        est.evidence.insert(1, f"{repeats} repeated sentence{'s' if repeats != 1 else ''} counted once.")
    return est


def _signal_rows(signals: Signals) -> list[dict]:
    values = signal_values(signals)
    weights = model_for(signals)["weights"]
    rows = [{"name": n, "value": None if values.get(n) is None else round(values[n], 4),
             "suggests": suggests(n, values.get(n)), "weight": weights.get(n, 0.0)}
            for n in ACCURACY + LEXIS + DISCOURSE]
    spoken = fluency_level(signals.fluency)
    if spoken is not None:
        rows.append({"name": "fluency", "value": round(signals.fluency["wpm"], 1),
                     "suggests": CEFR_LEVELS[to_level(spoken)], "weight": FLUENCY_WEIGHT})
    return rows


def _hint(name: str, value: float | None) -> str:
    if name in ACCURACY and not value:
        return ""  # finding no error says little on its own
    level = suggests(name, value)
    return f" (suggests {level})" if level else ""


def _quoted(items: list[str], count: int = 3) -> str:
    return ", ".join(f"“{i}”" for i in items[:count])


def evidence_lines(signals: Signals) -> list[str]:
    """One line per signal: what was measured and the level it points to on its own."""
    v, n, lang = signals.values, signals.tokens, signals.lang
    name = get_language(lang).name
    lines = []
    if signals.corrections is not None:
        per_100 = 100 * signals.corrections / max(signals.novel_tokens, 1)
        repeats = f", not counting {n - signals.novel_tokens} repeated" if n - signals.novel_tokens > 5 else ""
        lines.append(f"Accuracy: {signals.corrections} correction{'s' if signals.corrections != 1 else ''} from the "
                     f"examiner in {n} words ({per_100:.1f} per 100{repeats}){_hint('corrections', per_100)}.")
    else:
        lines.append("Accuracy: the session recorded no examiner corrections, so accuracy rests on the checks below.")
    if v["pattern_errors"] is not None:
        if signals.errors_found:
            lines.append(f"Common learner errors spotted: {_quoted(signals.errors_found)} "
                         f"({v['pattern_errors']:.1f} per 100 words){_hint('pattern_errors', v['pattern_errors'])}.")
        else:
            lines.append("No common learner-error pattern spotted (this check knows only a few frequent errors; "
                         "finding none proves little).")
    if v["unattested"] == 0:
        lines.append(f"Every word is in the {name} frequency lists: no misspelt or invented forms spotted.")
    elif v["unattested"] is not None:
        lines.append(f"{100 * v['unattested']:.1f}% of words are not attested {name} words in the frequency lists "
                     "(misspellings or invented forms, sometimes rare names)"
                     f"{_hint('unattested', v['unattested'])}.")
    if v["rare_words"] is not None:
        native = native_share_beyond(lang, RARE_RANK)
        example = f", e.g. {_quoted(signals.rare_examples)}" if signals.rare_examples else ""
        lines.append(f"Vocabulary: {100 * v['rare_words'] * native:.0f}% of content words lie beyond the "
                     f"{RARE_RANK:,} most frequent in {name} ({v['rare_words']:.2f}× the share in native text){example}"
                     f"{_hint('rare_words', v['rare_words'])}.")
    if v.get("very_rare"):
        lines.append(f"Sophisticated words: {100 * v['very_rare'] * native_share_beyond(lang, VERY_RARE_RANK):.0f}% of "
                     f"content words lie beyond the {VERY_RARE_RANK:,} most frequent "
                     f"({v['very_rare']:.2f}× native text){_hint('very_rare', v['very_rare'])}.")
    if v["content_zipf"] is not None:
        native_zipf = native_content_zipf(lang)
        lines.append(f"Content words average {native_zipf + v['content_zipf']:.2f} on the Zipf frequency scale "
                     f"(7 = very common, 3 = rare; native {name} text averages {native_zipf:.2f})"
                     f"{_hint('content_zipf', v['content_zipf'])}.")
    if v["range"] is not None:
        lines.append(f"Range: {v['range']:.2f} distinct word stems per 20-word stretch (moving-average type/token "
                     f"ratio, unaffected by length){_hint('range', v['range'])}.")
    if v["clause_length"] is not None:
        lines.append(f"Complexity: {v['clause_length']:.1f} words per clause"
                     f"{_hint('clause_length', v['clause_length'])}.")
    if v["linking"] is not None:
        distinct = sorted(set(signals.linkers_used), key=signals.linkers_used.index)
        used = f": {_quoted(distinct, 5)}" if distinct else ""
        lines.append(f"Coherence: {100 * v['linking']:.0f}% of sentences link ideas{used}"
                     f"{_hint('linking', v['linking'])}.")
    spoken = fluency_level(signals.fluency)
    if spoken is not None:
        fl = signals.fluency
        pauses = (f", {fl['pauses_per_minute']:.1f} long pauses a minute" if "pauses_per_minute" in fl else "")
        lines.append(f"Fluency (audio): {fl['wpm']:.0f} words per minute{pauses}, {fl['fillers_per_100']:.1f} fillers "
                     f"per 100 words (suggests {CEFR_LEVELS[to_level(spoken)]}; a fixed {FLUENCY_WEIGHT:.0%} of the "
                     "estimate, from speech-rate norms rather than fitted).")
    return lines
