"""The offline small-talk partner: scripted topics, reactions that match the user's energy.

It says plainly that it is scripted and that a key unlocks open conversation.
"""
from __future__ import annotations

import random

from core import banks
from core.cues import answers_so_far, latest_answer
from core.metrics import word_count
from core.tone import detect_tone

FOLLOW_UPS_PER_TOPIC = 1


def _pick(options: list[str], n: int) -> str:
    return options[n % len(options)]


def topic_order(seed: int) -> list[dict]:
    topics = banks.chat_script()["topics"][:]
    random.Random(seed).shuffle(topics)
    return topics


def reaction(text: str, n: int) -> str:
    """A short reaction chosen from the user's tone and how much they said."""
    kinds = banks.chat_script()["reactions"]
    tone = detect_tone(text)
    words = word_count(text)
    if text.rstrip().endswith("?"):
        return _pick(kinds["question_back"], n)
    if tone == "empathetic":
        return _pick(kinds["negative"], n)
    if tone == "enthusiastic":
        return _pick(kinds["positive"], n)
    if words <= 3:
        return _pick(kinds["short_answer"], n)
    if words >= 40:
        return _pick(kinds["long_answer"], n)
    return _pick(kinds["neutral"], n)


def reply(seed: int, transcript: list[dict]) -> str:
    script = banks.chat_script()
    topics = topic_order(seed)
    users = [t for t in transcript if t["role"] == "user"]
    if not users:
        return f"{script['opening']} {topics[0]['question']}"
    n = answers_so_far(transcript)
    text, interrupted = latest_answer(transcript)  # a turn cut at a pause and its rest are one
    step = FOLLOW_UPS_PER_TOPIC + 1
    topic = topics[((n - 1) // step) % len(topics)]
    position = (n - 1) % step
    if position < FOLLOW_UPS_PER_TOPIC:
        follow = topic["follow_ups"][(n // step + position) % len(topic["follow_ups"])]
    else:
        follow = "Let's switch topics. " + topics[(n // step) % len(topics)]["question"]
    lead = "Sorry, go on — " if interrupted else ""
    said = reaction(text, n)
    already_said = any(script["limits_note"] in t["content"] for t in transcript if t["role"] == "assistant")
    if text.rstrip().endswith("?") and not already_said:
        said = script["limits_note"]  # it says it is scripted itself: one disclaimer per reply, not two
    return f"{lead}{said} {follow}"
