"""The offline language examiner: native prompts at the chosen CEFR level, keeping the user talking.

It cannot judge grammar without a model, and says so in the UI; it reacts to length and cues.
"""
from __future__ import annotations

import random

from core import asked as core_asked
from core import banks
from core.judge import meaning
from core.cues import answers_so_far, detect_cue, latest_answer
from core.languages import CEFR_LEVELS
from core.metrics import word_count
from core.spec import PracticeSpec

SHORT_ANSWER_WORDS = 6
OFF_TOPIC_MIN_WORDS = 8
OFF_TOPIC_BELOW = 0.78  # prompt vs answer (e5 query/passage): on topic measured 0.82-0.90, elsewhere 0.69-0.81


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
    """Prompts asked so far, from each turn's question record (core.asked); older turns by the prompt at
    their end."""
    asked: list[dict] = []
    for turn in transcript:
        if turn["role"] != "assistant":
            continue
        if core_asked.has_record(turn):
            rec = core_asked.asks(turn)
            found = next((p for p in plan if rec and rec.get("kind") == "question"
                          and (p.get("id") == rec.get("id") or p["text"] == rec.get("text"))), None)
        else:
            found = core_asked.latest_of(plan, turn["content"], key="text")
        if found is not None and found not in asked:
            asked.append(found)
    return asked


def _record(prompt: dict, kind: str = "question") -> dict | None:
    return core_asked.record(prompt["text"], prompt.get("id"), kind)


def reply(spec: PracticeSpec, transcript: list[dict]) -> str:
    return turn(spec, transcript)[0]


def turn(spec: PracticeSpec, transcript: list[dict]) -> tuple[str, dict | None]:
    """The examiner's next message and the record of the prompt it puts to the user (core.asked)."""
    pack = banks.language_pack(spec.language)
    phrases = pack["phrases"]
    plan = prompt_plan(spec)
    asked = _asked(plan, transcript)
    users = [t for t in transcript if t["role"] == "user"]
    if not asked or not users:
        return f"{phrases['opening'].format(level=spec.level)} {plan[0]['text']}", _record(plan[0])
    n = answers_so_far(transcript)
    answer, _ = latest_answer(transcript, pack.get("cues"))  # a turn cut at a pause and its rest are one
    current = asked[-1]
    remaining = [p for p in plan if p not in asked]
    cue = detect_cue(answer, pack.get("cues"))
    if cue == "wait":
        return phrases["wait"], None
    if cue == "repeat":
        return f"{phrases['repeat']} {current['text']}", _record(current, "repeat")
    if not remaining:
        return phrases["closing"], None
    upcoming = remaining[0]
    if cue in ("skip", "dont_know"):
        return f"{phrases['skip']} {upcoming['text']}", _record(upcoming)
    last_bot = next(t for t in reversed(transcript) if t["role"] == "assistant")
    asked_for_more = any(m in last_bot["content"] for m in phrases["more"])
    if ignores_question(answer, current["text"], spec.language) and not _restated(last_bot):
        return f"{phrases['off_topic']} {current['text']}", _record(current, "repeat")
    if word_count(answer) < SHORT_ANSWER_WORDS and not asked_for_more:
        return f"{_pick(phrases['acks'], n)} {_pick(phrases['more'], n)}", _record(current, "follow_up")
    return f"{_pick(phrases['acks'], n)} {_pick(phrases['next'], n)} {upcoming['text']}", _record(upcoming)


def _restated(turn: dict) -> bool:
    """Whether the examiner's last message already restated the question (once is kind; twice is a loop)."""
    rec = core_asked.asks(turn)
    return bool(rec) and rec.get("kind") == "repeat"


def ignores_question(answer: str, prompt: str, language: str) -> bool:
    """Whether a developed answer plainly talks about something else than the prompt (judged by meaning, in any
    of the 13 languages). Short answers are left alone: the examiner asks for more instead.

    The sentence model places short everyday texts close together (0.76-0.85 whatever the topic, and a broad
    prompt such as "what do you do on a weekday?" near anything), so only an answer clearly far from the prompt
    is told so; a loosely related one is let through (precision first)."""
    if word_count(answer) < OFF_TOPIC_MIN_WORDS or not meaning.available():
        return False
    return float(meaning.passages([answer])[0] @ meaning.queries([prompt])[0]) < OFF_TOPIC_BELOW
