"""The offline language examiner: native prompts at the chosen CEFR level, keeping the user talking.

It cannot judge grammar without a model, and says so in the UI; it reacts to length and cues.
"""
from __future__ import annotations

import random

from core import banks
from core.cues import answers_so_far, detect_cue, latest_answer
from core.languages import CEFR_LEVELS
from core.metrics import word_count
from core.spec import PracticeSpec

SHORT_ANSWER_WORDS = 6


def _pick(options: list[str], n: int) -> str:
    return options[n % len(options)]


def prompt_plan(spec: PracticeSpec) -> list[dict]:
    """All prompts of the language, the chosen level first, then the neighbouring levels."""
    pack = banks.language_pack(spec.language)
    rng = random.Random(spec.seed)
    target = CEFR_LEVELS.index(spec.level)
    prompts = pack["prompts"][:]
    rng.shuffle(prompts)
    return sorted(prompts, key=lambda p: abs(CEFR_LEVELS.index(p["level"]) - target))


def _asked(plan: list[dict], transcript: list[dict]) -> list[dict]:
    asked: list[dict] = []
    for turn in transcript:
        if turn["role"] == "assistant":
            for prompt in plan:
                if prompt["text"] in turn["content"] and prompt not in asked:
                    asked.append(prompt)
    return asked


def reply(spec: PracticeSpec, transcript: list[dict]) -> str:
    pack = banks.language_pack(spec.language)
    phrases = pack["phrases"]
    plan = prompt_plan(spec)
    asked = _asked(plan, transcript)
    users = [t for t in transcript if t["role"] == "user"]
    if not asked or not users:
        return f"{phrases['opening'].format(level=spec.level)} {plan[0]['text']}"
    n = answers_so_far(transcript)
    answer, _ = latest_answer(transcript, pack.get("cues"))  # a turn cut at a pause and its rest are one
    current = asked[-1]
    remaining = [p for p in plan if p not in asked]
    cue = detect_cue(answer, pack.get("cues"))
    if cue == "wait":
        return phrases["wait"]
    if cue == "repeat":
        return f"{phrases['repeat']} {current['text']}"
    if not remaining:
        return phrases["closing"]
    upcoming = remaining[0]["text"]
    if cue == "skip":
        return f"{phrases['skip']} {upcoming}"
    if cue == "dont_know":
        return f"{phrases['skip']} {upcoming}"
    last_bot = next(t["content"] for t in reversed(transcript) if t["role"] == "assistant")
    asked_for_more = any(m in last_bot for m in phrases["more"])
    if word_count(answer) < SHORT_ANSWER_WORDS and not asked_for_more:
        return f"{_pick(phrases['acks'], n)} {_pick(phrases['more'], n)}"
    return f"{_pick(phrases['acks'], n)} {_pick(phrases['next'], n)} {upcoming}"
