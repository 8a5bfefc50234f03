"""Recognise the control cues a user may say instead of an answer: wait, skip, repeat, I don't know.

A cue counts only when it is (nearly) the whole message, so "I don't know if Redis is right,
but I would cache…" stays an answer.
"""
from __future__ import annotations

import re

from core.prompts import INTERRUPTED_TAG

CUES: dict[str, tuple[str, ...]] = {
    "wait": ("wait", "hold on", "one moment", "one sec", "give me a moment", "give me a second", "just a sec",
             "let me think"),
    "skip": ("skip", "next", "next question", "pass", "skip this", "skip it", "skip that", "can we skip"),
    "repeat": ("repeat", "again", "say that again", "can you repeat", "could you repeat", "pardon", "sorry what",
               "what was the question", "repeat the question", "come again"),
    "dont_know": ("i don't know", "i dont know", "no idea", "i have no idea", "not sure", "i'm not sure",
                  "im not sure", "i do not know", "dunno", "no clue", "i have no clue"),
}
MAX_CUE_WORDS = 7


def normalize(text: str) -> str:
    """Lower-case, straight apostrophes, punctuation to spaces, single spaces."""
    text = (text or "").replace("’", "'").lower()
    text = re.sub(r"[^\w\s']+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def strip_interrupted(text: str) -> tuple[str, bool]:
    """Remove a leading [INTERRUPTED] tag; say whether it was there."""
    stripped = (text or "").lstrip()
    if stripped.startswith(INTERRUPTED_TAG):
        return stripped[len(INTERRUPTED_TAG):].strip(), True
    return stripped, False


def detect_cue(text: str, extra: dict[str, list[str]] | None = None) -> str | None:
    """Return 'wait', 'skip', 'repeat' or 'dont_know' when the message is just that cue, else None."""
    body, _ = strip_interrupted(text)
    norm = normalize(body)
    if not norm or len(norm.split()) > MAX_CUE_WORDS:
        return None
    for cue in ("dont_know", "repeat", "skip", "wait"):
        phrases = list(CUES[cue]) + [normalize(p) for p in (extra or {}).get(cue, [])]
        for phrase in phrases:
            if phrase and re.search(rf"(^|\s){re.escape(phrase)}(\s|$)", norm):
                if cue == "skip" and phrase in ("next", "pass") and norm not in (phrase, f"{phrase} please"):
                    continue  # "pass the data to the next stage" is an answer, not a cue
                if cue == "repeat" and phrase == "again" and len(norm.split()) > 3:
                    continue
                return cue
    return None


# ---- what counts as an answer (the one definition every part of Parley uses) ----------------------------
REQUESTS = ("repeat", "wait")  # the user asks for something: not an answer to the question at all


def is_request(text: str, extra: dict[str, list[str]] | None = None) -> bool:
    """'repeat' or 'wait': the question is still open."""
    return detect_cue(text, extra) in REQUESTS


def is_answer(text: str, extra: dict[str, list[str]] | None = None) -> bool:
    """A user message that answers the question: anything said except a request. "skip" and "I don't know"
    are answers (empty ones: the question is closed, and scored as skipped)."""
    return bool(strip_interrupted(text or "")[0].strip()) and not is_request(text, extra)


def is_empty_answer(text: str, extra: dict[str, list[str]] | None = None) -> bool:
    """An answer with no content to judge: nothing said, or only a cue ("skip", "I don't know")."""
    return not strip_interrupted(text or "")[0].strip() or detect_cue(text, extra) is not None


def latest_answer(transcript: list[dict], extra: dict[str, list[str]] | None = None) -> tuple[str, bool]:
    """What the user said since the coach last spoke, as (text, interrupted), as the report reads it.

    Live voice can end a turn at a mid-sentence pause; when the user goes on before the reply is heard, the
    reply is dropped and the rest comes as a second message. Both are one answer, joined as the report joins
    them (services.report.session_turns), so the coach reacts to what the report will judge. A cue said
    last ("skip", "repeat") is still a cue. `interrupted`: the answer began by talking over the coach.
    """
    run: list[str] = []
    for turn in reversed(transcript or []):
        if turn.get("role") != "user":
            break
        run.append(str(turn.get("content") or ""))
    run.reverse()
    if not run:
        return "", False
    if detect_cue(run[-1], extra) is not None:
        return strip_interrupted(run[-1])
    parts = [strip_interrupted(text) for text in run if is_answer(text, extra)] or [strip_interrupted(run[-1])]
    return " ".join(text for text, _ in parts if text).strip(), parts[0][1]


def answers_so_far(transcript: list[dict]) -> int:
    """How many answers the user has given: messages in a row (a turn cut at a pause and its rest) count once."""
    runs, previous = 0, None
    for turn in transcript or []:
        role = turn.get("role")
        runs += role == "user" and previous != "user"
        previous = role
    return runs
