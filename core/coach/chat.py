"""The offline small-talk partner: it picks up the feeling and the subject the user named, and is plain about
being scripted when it picks up nothing.

Each reply answers what was said first, in one short sentence that names the feeling and/or the subject
("Nerves before an interview are normal."), then asks one question about the same thing. Feelings and
subjects are found by the word lists of data/chat.json (whole words; a "not" just before a feeling cancels
it), so the partner follows only what it can recognise. When it recognises nothing it says it is a scripted
partner and offers a new scripted topic, rather than reacting as if it had understood. Replies stay short
(they are spoken aloud) and never reuse a line of the reply before; a question is not asked twice in a chat
while its subject has one left to ask.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

from core import banks
from core.cues import answers_so_far, detect_cue, latest_answer

NEGATORS = frozenset("not no never hardly nor without dont didnt isnt wasnt arent aint cannot".split())
NEGATION_WINDOW = 3  # words looked back for a negator, within the clause
_CLAUSE_BREAK = re.compile(r"[.,;:!?]|\bbut\b|\bthough\b")


def topic_order(seed: int) -> list[dict]:
    topics = banks.chat_script()["topics"][:]
    random.Random(seed).shuffle(topics)
    return topics


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[list[tuple[dict, re.Pattern[str]]], list[tuple[dict, re.Pattern[str]]]]:
    script = banks.chat_script()
    return ([(f, _pattern(f["words"])) for f in script["feelings"]],
            [(s, _pattern(s["words"])) for s in script["subjects"]])


def _normal(text: str) -> str:
    return (text or "").replace("\u2019", "'").lower()


def _negated(text: str, start: int) -> bool:
    """A negator just before `start` in the same clause ("not nervous", "don't feel tired")."""
    clause = _CLAUSE_BREAK.split(text[:start])[-1]
    for word in re.findall(r"[\w']+", clause)[-NEGATION_WINDOW:]:
        if word.replace("'", "") in NEGATORS or word.endswith("n't"):
            return True
    return False


def feeling_in(text: str) -> dict | None:
    """The first feeling said and not negated, or None."""
    norm = _normal(text)
    found = []
    for feeling, pattern in _lexicon()[0]:
        starts = [m.start() for m in pattern.finditer(norm) if not _negated(norm, m.start())]
        if starts:
            found.append((starts[0], feeling))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def subject_in(text: str) -> dict | None:
    """The subject named by the most words (on a tie, the one data/chat.json lists first), or None."""
    norm = _normal(text)
    best, most = None, 0
    for subject, pattern in _lexicon()[1]:
        count = sum(1 for _ in pattern.finditer(norm))
        if count > most:
            best, most = subject, count
    return best


def _cap(line: str) -> str:
    return line[:1].upper() + line[1:]


def _choose(options: list[str], n: int, said: list[str]) -> str:
    """The first line not yet said in this chat; when all are, one not in the last reply (rotated by `n`)."""
    for line in options:
        if not any(line in text for text in said):
            return line
    start = n % len(options)
    rotated = options[start:] + options[:start]
    last = said[-1] if said else ""
    return next((line for line in rotated if line not in last), rotated[0])


def _last_question(text: str, prefix: str) -> str:
    """The last question of a reply, without the prefix of a question said again."""
    questions = re.findall(r"[^.!?]*\?", text or "")
    question = questions[-1].strip() if questions else ""
    return question[len(prefix):].strip() if prefix and question.startswith(prefix) else question


def _offer(script: dict, topics: list[dict], transcript: list[dict], n: int, said: list[str]) -> str:
    """A scripted topic not asked yet and not already talked about, named and asked."""
    talked = {s["id"] for t in transcript if t["role"] == "user" for s in [subject_in(t["content"])] if s}
    fresh = [t for t in topics if not any(t["question"] in text for text in said) and t["id"] not in talked]
    fresh = fresh or [t for t in topics if not any(t["question"] in text for text in said)]
    if fresh:
        topic = fresh[0]
    else:  # every question asked: go round again, never the one just asked
        last = said[-1] if said else ""
        rotated = topics[n % len(topics):] + topics[:n % len(topics)]
        topic = next((t for t in rotated if t["question"] not in last), rotated[0])
    return f"{script['offer'].format(name=topic['name'])} {topic['question']}"


def _pick_up(feeling: dict | None, subject: dict | None, n: int, said: list[str]) -> tuple[str, str]:
    """(a sentence naming what was recognised, a question about it)."""
    if subject is not None:
        about = subject["about"]
        if feeling is not None:
            lines = subject.get("with", {}).get(feeling["id"], []) + feeling["with_topic"]
            questions = [q.format(about=about) for q in feeling.get("about_follow_ups", [])] or subject["follow_ups"]
        else:
            lines, questions = subject["picks_up"], subject["follow_ups"]
        lines = [_cap(line.format(about=about, About=_cap(about))) for line in lines]
    else:
        lines, questions = feeling["alone"], feeling["follow_ups"]
    return _choose(lines, n, said), _choose([_cap(q) for q in questions], n, said)


def reply(seed: int, transcript: list[dict]) -> str:
    script = banks.chat_script()
    topics = topic_order(seed)
    users = [t for t in transcript if t["role"] == "user"]
    if not users:
        return f"{script['opening']} {topics[0]['question']}"
    n = answers_so_far(transcript)
    text, interrupted = latest_answer(transcript)  # a turn cut at a pause and its rest are one
    said = [t["content"] for t in transcript if t["role"] == "assistant"]
    lead = "Sorry, go on — " if interrupted else ""
    cue = detect_cue(text)
    if cue == "wait":
        return lead + _choose(script["wait"], n, said)
    feeling, subject = (None, None) if cue == "skip" else (feeling_in(text), subject_in(text))
    if feeling or subject:
        cue = None  # "It's raining again" names the weather: not a request to repeat
    if cue == "repeat":
        asked = _last_question(said[-1] if said else "", script["repeat"].split("{question}")[0].strip())
        if asked:
            return script["repeat"].format(question=asked)
    if text.rstrip().endswith("?"):  # asked back: it says it is scripted itself, once in full
        if not any(script["limits_note"] in t for t in said):
            first = script["limits_note"]
        elif subject is not None:
            first = _choose([line.format(about=subject["about"]) for line in script["question_back_about"]], n, said)
        else:
            first = _choose(script["question_back"], n, said)
        if subject is None and feeling is None:
            return f"{lead}{first} {_offer(script, topics, transcript, n, said)}"
        return f"{lead}{first} {_pick_up(feeling, subject, n, said)[1]}"
    if subject is None and feeling is None:
        first = _choose(script["moving_on"] if cue else script["not_followed"], n, said)
        return f"{lead}{first} {_offer(script, topics, transcript, n, said)}"
    line, question = _pick_up(feeling, subject, n, said)
    return f"{lead}{line} {question}"
