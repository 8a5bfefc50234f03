"""Measured speech analytics for a session: pace, fillers per minute and long pauses.

Computed from the voice turns' own measurements (never from a model's guess), so a report
written by an LLM still shows the real numbers, and History can chart them over time.
"""
from __future__ import annotations

from core.feedback.common import COMFORT_WPM, filler_total, mean, prepare, short


def speech_summary(turns: list[dict], lang: str = "en") -> dict | None:
    """{"answers", "minutes", "wpm", "wpm_band", "filler_total", "fillers_per_minute", "long_pauses",
    "per_answer"} over the timed (spoken) answers of report turns; None when nothing was spoken."""
    timed = [t for t in prepare(turns, lookup=False) if t.timed and not t.skipped]
    if not timed:
        return None
    paces = [t.wpm for t in timed if t.wpm]
    minutes = sum(t.seconds or 0.0 for t in timed) / 60.0
    fillers = sum(filler_total(t, lang) for t in timed)
    pauses = sum(int(t.metrics.get("long_pauses") or 0) for t in timed)
    return {
        "answers": len(timed),
        "minutes": round(minutes, 2),
        "wpm": round(mean(paces), 1) if paces else None,
        "wpm_band": list(COMFORT_WPM),
        "filler_total": fillers,
        "fillers_per_minute": round(fillers / minutes, 2) if minutes > 0 else None,
        "long_pauses": pauses,
        "per_answer": [{"question": short(t.question), "wpm": round(t.wpm, 1) if t.wpm else None,
                        "seconds": t.seconds, "fillers": filler_total(t, lang),
                        "long_pauses": int(t.metrics.get("long_pauses") or 0)} for t in timed],
    }


def pace_verdict(wpm: float | None) -> str:
    """"within", "below" or "above" the comfortable band; "" when the pace is unknown."""
    if not wpm:
        return ""
    low, high = COMFORT_WPM
    return "below" if wpm < low else ("above" if wpm > high else "within")


def speech_lines(speech: dict | None, band: bool = True) -> list[str]:
    """The measured delivery as short sentences, for exports; `band` compares the pace with the interview
    band (not meaningful for a learner in a language test)."""
    if not speech:
        return []
    low, high = speech.get("wpm_band") or COMFORT_WPM
    lines = []
    if speech.get("wpm") and band:
        lines.append(f"Pace: {speech['wpm']:.0f} words per minute, {pace_verdict(speech['wpm'])} the comfortable "
                     f"{low}–{high} wpm band.")
    elif speech.get("wpm"):
        lines.append(f"Pace: {speech['wpm']:.0f} words per minute.")
    fillers = speech.get("filler_total") or 0
    per_minute = speech.get("fillers_per_minute")
    lines.append(f"Filler words: {fillers}" + (f" ({per_minute:.1f} per minute)." if per_minute is not None else "."))
    lines.append(f"Long pauses (a second or more): {speech.get('long_pauses') or 0}.")
    count = speech.get("answers") or 0
    lines.append(f"Measured on {count} spoken answer{'s' if count != 1 else ''}, "
                 f"{speech.get('minutes') or 0:.1f} minutes of speech.")
    return lines
