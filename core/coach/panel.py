"""A panel interview: two or three interviewers with their own roles, question types and voices.

Who asks is recorded on each question record (core.asked, `by`: a panelist's key). Panelists take turns in a
fixed order (`asker`); the one who asked a question reacts to its answer, and the next one takes over in one
sentence that thanks the previous one by name and names themselves ("Thanks, Alex — I'm Priya, …"). That
self-naming is what `Voices` listens for, so a reply's voice switches at the handover, for the offline coach
and for a model told to hand over the same way (core.prompts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from core import asked as core_asked
from core.chunker import split_sentences
from core.spec import INTERVIEW_TYPES, PracticeSpec


@dataclass(frozen=True)
class Panelist:
    key: str  # what a question record's `by` holds
    name: str
    role: str  # as said in a sentence: "technical lead"
    line: str  # how they introduce themselves, after "I'm <name>, "
    types: tuple[str, ...]  # the question types they ask, preferred first
    voice: str  # services.tts.voices name


HIRING_MANAGER = Panelist("hiring_manager", "Alex", "hiring manager", "the hiring manager for this role",
                          ("behavioral", "general"), "natural")
TECHNICAL_LEAD = Panelist("technical_lead", "Priya", "technical lead", "I lead the team you'd join",
                          ("technical", "system_design"), "lighter")
HR = Panelist("hr", "Sam", "HR partner", "I look after people and culture here", ("general", "behavioral"), "deeper")
PANELISTS = {p.key: p for p in (HIRING_MANAGER, TECHNICAL_LEAD, HR)}
_ORDER = (HIRING_MANAGER, TECHNICAL_LEAD, HR)


def is_panel(spec: PracticeSpec) -> bool:
    return spec.mode == "interview" and spec.panel > 1


def members(spec: PracticeSpec) -> tuple[Panelist, ...]:
    """The interviewers of a session, in turn order (one: the hiring manager alone)."""
    return _ORDER[:spec.panel] if is_panel(spec) else _ORDER[:1]


def get(key: str | None) -> Panelist | None:
    return PANELISTS.get(key or "")


def label(p: Panelist) -> str:
    """"Priya (technical lead)"."""
    return f"{p.name} ({p.role})"


def asker(spec: PracticeSpec, index: int) -> Panelist:
    """Who asks the question at `index` (0-based) of the plan: the panelists take turns."""
    team = members(spec)
    return team[index % len(team)]


def _types_for(p: Panelist, interview_type: str) -> list[str]:
    """The types `p` asks, the session's own type first when it is one of them, then any other (a top-up)."""
    own = ([interview_type] if interview_type in p.types else []) + [t for t in p.types if t != interview_type]
    return own + [t for t in INTERVIEW_TYPES if t not in own]


def fill(spec: PracticeSpec, ordered: Callable[[str], list[dict]], count: int) -> list[dict]:
    """A panel's plan: slot i goes to `asker(spec, i)`, with the first unused question of their types
    (`ordered(type)` gives a type's questions in the order to ask them); each question carries `by`."""
    queues = {t: list(ordered(t)) for t in INTERVIEW_TYPES}
    plan: list[dict] = []
    used: set = set()
    for i in range(count):
        p = asker(spec, i)
        found = next((q for t in _types_for(p, spec.interview_type) for q in queues[t] if q["id"] not in used), None)
        if found is None:
            break
        used.add(found["id"])
        plan.append(dict(found, by=p.key))
    return plan


def assign(spec: PracticeSpec, plan: list[dict]) -> list[dict]:
    """A fixed plan (a review, a job's plan) with `by` on each question: the panelist whose turn it is when the
    question is of their types, else another panelist who asks that type, else the one whose turn it is."""
    team, out = members(spec), []
    for i, q in enumerate(plan):
        turn = asker(spec, i)
        fits = [p for p in team if q.get("type") in p.types]
        chosen = turn if turn in fits or not fits else fits[0]
        out.append(dict(q, by=chosen.key))
    return out


def introduction(spec: PracticeSpec) -> str:
    """The opener's first words: the hiring manager greets and names the rest of the panel."""
    lead, *others = members(spec)
    text = f"Hi, I'm {lead.name}, {lead.line}."
    if others:
        who = ", and ".join(f"{p.name}, our {p.role}" for p in others)
        text += f" With me {'is' if len(others) == 1 else 'are'} {who}: we'll take turns, each with our own kind of question."
    return text


def handover(previous: Panelist, nxt: Panelist, introduced: bool) -> str:
    """The next panelist taking over, in one sentence that names them (so their voice starts with it)."""
    if introduced:
        return f"Thanks, {previous.name} — {nxt.name} again."
    return f"Thanks, {previous.name} — I'm {nxt.name}, {nxt.line}."


def record(question: dict, kind: str = "question") -> dict | None:
    """The question record of a plan question, with who asks it when the plan says (a panel)."""
    bank_id = question.get("id") if question.get("origin", "bank") == "bank" else None
    return core_asked.record(question["question"], bank_id, kind, by=question.get("by"))


# ---- who is speaking -------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _self_naming(p: Panelist) -> re.Pattern:
    name = re.escape(p.name)
    return re.compile(rf"\b(?:I'm|I’m|I am|this is|it's|it’s)\s+{name}\b|\b{name}\s+(?:here|again)\b")


def named(text: str, team: tuple[Panelist, ...], current: Panelist | None) -> Panelist | None:
    """The panelist other than `current` who names themselves in `text` (the last one), or None."""
    best, at = None, -1
    for p in team:
        if p is current:
            continue
        for match in _self_naming(p).finditer(text or ""):
            if match.start() > at:
                best, at = p, match.start()
    return best


def speakers_of(spec: PracticeSpec, text: str, current: Panelist | None) -> list[tuple[Panelist, str]]:
    """A message cut where the speaker changes: [(panelist, their sentences)], starting with `current`."""
    team = members(spec)
    who = current or team[0]
    parts: list[tuple[Panelist, str]] = []
    for sentence in split_sentences(text or ""):
        who = named(sentence, team, who) or who
        if parts and parts[-1][0] is who:
            parts[-1] = (who, parts[-1][1] + sentence)
        else:
            parts.append((who, sentence))
    return [(p, said.strip()) for p, said in parts if said.strip()]


def turn_speakers(spec: PracticeSpec, turns: list[dict]) -> list[list[Panelist]]:
    """For each stored turn, the panelists who spoke in it, in order ([] for the user's turns). A question
    record's `by` is who asked; the text says where the voice changed before it."""
    current: Panelist | None = None
    out: list[list[Panelist]] = []
    for turn in turns:
        if turn.get("role") != "assistant":
            out.append([])
            continue
        said = [p for p, _ in speakers_of(spec, str(turn.get("content") or ""), current)] or [current or members(spec)[0]]
        by = asked_by(turn)
        if by is not None and said[-1] is not by:
            said.append(by)
        current = said[-1]
        out.append(said)
    return out


def speaker_after(spec: PracticeSpec, transcript: list[dict]) -> Panelist:
    """Who spoke last (the next reply starts in their voice); the first panelist before anyone spoke."""
    spoken = [s for s in turn_speakers(spec, transcript) if s]
    return spoken[-1][-1] if spoken else members(spec)[0]


def asked_by(turn: dict) -> Panelist | None:
    """The panelist a stored turn's question record names, if any."""
    rec = core_asked.asks(turn) or {}
    return get(rec.get("by"))


class Voices:
    """The voice of each chunk of a reply as it streams (sentences or clauses, in order): the reply starts in
    the voice of whoever spoke last, and switches where another panelist names themselves."""

    def __init__(self, spec: PracticeSpec, transcript: list[dict]):
        self.team = members(spec)
        self.current = speaker_after(spec, transcript)
        self.spoken: list[Panelist] = []  # who spoke each chunk so far

    def voice(self, chunk: str) -> str:
        self.current = named(chunk, self.team, self.current) or self.current
        self.spoken.append(self.current)
        return self.current.voice


def schedule(spec: PracticeSpec) -> list[tuple[int, Panelist]]:
    """(question number, who asks it) for every planned question, for a model interviewer (core.prompts)."""
    return [(i + 1, asker(spec, i)) for i in range(spec.num_questions)]


def who_asked(spec: PracticeSpec, turns: list[dict]) -> list[tuple[str, Panelist]]:
    """(question, who asked it) for each new question of a session, in order: the record's `by`, else (a model's
    reply) whoever was speaking when the question was put."""
    out = []
    for turn, said in zip(turns, turn_speakers(spec, turns)):
        rec = core_asked.asks(turn) if turn.get("role") == "assistant" else None
        if rec and rec.get("kind", "question") == "question" and said:
            out.append((rec["text"], asked_by(turn) or said[-1]))
    return out
