"""Parley's own safety screen: every visitor message is classified before anything is generated or spent.

`screen(text, mode) -> Verdict`: allowed; refused (harmful, sexual, harassment, injection, off_task); or
self_harm, which gets support instead of coaching. Exact rules where they are exact (core.safety.rules), a small
model where meaning matters (core.safety.model), a second reading for threats and hate of what that model passes
(core.safety.harassment), what the coach says instead (core.safety.replies), and the
guard on the coach's own reply (core.safety.leaks). Offline, in 13 languages; see docs/privacy-and-reliability.md.
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.safety import harassment, model, rules
from core.safety.verdict import ALLOWED, REFUSED, SELF_HARM, SafetyError, Verdict

__all__ = ["ALLOWED", "REFUSED", "SELF_HARM", "SafetyError", "Verdict", "screen"]

SHORT_WORDS, SHORT_CHARS = 2, 16  # "yes", "hold on", "不知道": too little for the model to judge (unless a rule speaks)
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[str]]:
    """Every language pack's control cues ("répétez", "わかりません"), for core.cues.detect_cue."""
    from core import banks
    from core.languages import CODES

    merged: dict[str, list[str]] = {}
    for code in CODES:
        for cue, phrases in (banks.language_pack(code).get("cues") or {}).items():
            merged.setdefault(cue, []).extend(phrases)
    return merged


def too_short_to_judge(text: str) -> bool:
    """At most SHORT_WORDS words in SHORT_CHARS characters, or a control cue in any language: the model is not
    asked (it reads next to nothing into a word or two, and "yes" must never be refused)."""
    from core.cues import detect_cue

    short = len(_WORD.findall(text)) <= SHORT_WORDS and len(text) <= SHORT_CHARS
    return short or detect_cue(text, _cues()) is not None


@lru_cache(maxsize=2048)
def screen(text: str, mode: str = "chat") -> Verdict:
    """The screen's verdict on one visitor message in a practice `mode` ("interview", "language" or "chat").

    The mode does not change the verdict (only what the coach then says): a request is judged by its words."""
    text = " ".join(str(text or "").encode("utf-8", "replace").decode("utf-8").split())  # lone surrogates: "?"
    if not text:
        return ALLOWED
    said = rules.self_harm(text)
    if said:
        return Verdict(False, SELF_HARM, "rule", evidence=said)
    ruled = rules.refused(text)
    if too_short_to_judge(text) and not ruled:
        return Verdict(True, "allowed", "short")
    probs = None
    if model.available():
        probs = dict(zip(model.CLASSES, (float(p) for p in model.probabilities([text])[0])))
    allow_at, self_harm_at, piece_at = model.thresholds() if probs is not None else (0.0, 1.0, 1.0)
    if probs is not None and probs[SELF_HARM] >= self_harm_at:
        return Verdict(False, SELF_HARM, "model", probs["allowed"])
    parts = model.pieces(text) if probs is not None and probs[SELF_HARM] >= model.PIECE_GATE else []
    if parts and float(model.probabilities(parts)[:, -1].max()) >= piece_at:
        return Verdict(False, SELF_HARM, "model", probs["allowed"])
    if ruled:
        return Verdict(False, ruled[0], "rule", probs and probs["allowed"], ruled[1])
    if probs is None:
        return ALLOWED
    if probs["allowed"] < allow_at:
        worst = max((c for c in model.CLASSES if c != "allowed"), key=probs.__getitem__)
        return Verdict(False, worst, "model", probs["allowed"])
    if harassment.available() and harassment.probability(text) >= harassment.threshold():
        return Verdict(False, "harassment", "model", probs["allowed"])
    return Verdict(True, "allowed", "model", probs["allowed"])
