"""How intelligible spoken answers were, estimated from the recognizer's confidence in each word.

An estimate, not a pronunciation score: a word the recognizer was unsure of may be mispronounced,
mumbled, unusual, or simply hard for the model (and the offline model is weaker in some languages).
So the estimate says how sure it was overall and quotes the words it was least sure of as evidence.
"""
from __future__ import annotations

UNSURE_BELOW = 0.5  # a word heard with less confidence than this counts as unsure
MIN_WORDS = 8  # with fewer words heard there is nothing to estimate
MAX_SHOWN = 8
BANDS = ((0.85, "clear"), (0.7, "mostly clear"), (0.5, "sometimes unclear"), (0.0, "often unclear"))


def words_of(meta: dict) -> list[tuple[str, float]]:
    """(word, probability) pairs saved with a spoken answer ({"words": [[word, p], …]}); bad entries skipped."""
    out = []
    for item in (meta or {}).get("words") or []:
        if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[1], (int, float)):
            word = str(item[0]).strip()
            if word and any(ch.isalnum() for ch in word):
                out.append((word, max(0.0, min(1.0, float(item[1])))))
    return out


def estimate(words: list[tuple[str, float]]) -> dict | None:
    """{"score" 1-10, "band", "mean", "unsure" [words], "heard" count, "estimate": True}, or None if too few."""
    if len(words) < MIN_WORDS:
        return None
    mean = sum(p for _, p in words) / len(words)
    unsure = sorted((p, w) for w, p in words if p < UNSURE_BELOW)
    shown = list(dict.fromkeys(w.strip(".,!?;:¿¡。、，！？") for _, w in unsure))[:MAX_SHOWN]
    band = next(name for edge, name in BANDS if mean >= edge)
    score = max(1, min(10, round(1 + 9 * (mean - 0.3) / 0.65)))  # 0.3 → 1, 0.95 → 10
    return {"score": score, "band": band, "mean": round(mean, 3), "unsure": shown,
            "unsure_share": round(len(unsure) / len(words), 3), "heard": len(words), "estimate": True}


def evidence(result: dict, language_name: str) -> list[str]:
    """Sentences for the report: what was measured, the unsure words, and what the estimate cannot tell."""
    lines = [f"The recognizer was on average {result['mean']:.0%} sure of the {result['heard']} words it heard "
             f"({result['band']}); {result['unsure_share']:.0%} were below {UNSURE_BELOW:.0%}."]
    if result["unsure"]:
        lines.append("Words it was least sure of: " + ", ".join(f"“{w}”" for w in result["unsure"]) + ".")
    lines.append(f"An estimate from speech recognition, not a pronunciation test: unusual words and the offline "
                 f"model's limits in {language_name} also lower it.")
    return lines
