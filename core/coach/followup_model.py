"""The follow-up a model interviewer asks, grounded on the offline judgement (core.coach.followup).

A model interviewer follows up in its own words, with the scripted coach's limits: at most one follow-up a
question, none after "skip", "I don't know", "wait" or "repeat", never about a point the answer made. Parley
judges the answer first and tells the model, in a system note, what to ask about and what not to; the reply is
saved as a follow-up of the same question (core.asked), so the report judges both answers together.
"""
from __future__ import annotations

from dataclasses import dataclass

from core import asked as core_asked
from core import banks
from core.coach.assess import assess
from core.coach.followup import Probe, probe
from core.cues import detect_cue, is_answer, strip_interrupted

_ASK = {
    "contradicted": "Part of the answer seems wrong{about}. Politely challenge it: quote the candidate's own words "
                    "and ask them to walk you through their reasoning. Do not give the right answer.",
    "missing": "The answer did not touch on this: “{point}”. Ask about that one thing.",
    "example": "The answer stayed general. Ask for one concrete example from their own work: a number, a name "
               "or a result.",
    "off_topic": "The answer seems to be about a different question. Say so kindly and ask this question again.",
}


@dataclass(frozen=True)
class Due:
    probe: Probe
    record: dict  # the question record the model's reply is saved under (kind "follow_up")
    made: tuple[str, ...]  # key points the answer made: never asked about

    def note(self) -> str:
        return note(self.probe, list(self.made))


def open_question(transcript: list[dict]) -> tuple[dict, str] | None:
    """(the bank question the candidate is answering, their answer to it) when a follow-up may be asked: the
    interviewer's last message asked a bank question (not a follow-up or a repeat) and the candidate answered it."""
    answer: list[str] = []
    for turn in reversed(transcript):
        if turn.get("role") == "assistant":
            record = core_asked.asks(turn)
            if not record or record.get("kind") != "question" or not record.get("id"):
                return None
            question = banks.all_questions().get(record["id"])
            text = " ".join(reversed(answer)).strip()
            return (question, text) if question and text else None
        content = str(turn.get("content") or "")
        if (turn.get("meta") or {}).get("screened") or detect_cue(content) or not is_answer(content):
            return None  # a refused message or a cue ("skip", "wait"…): no follow-up on it
        answer.append(strip_interrupted(content)[0])
    return None


def due(transcript: list[dict]) -> Due | None:
    """The follow-up the judgement asks for now, or None."""
    found = open_question(transcript)
    if found is None:
        return None
    question, answer = found
    evidence = assess(answer, question, question["question"])
    asked = probe(answer, question, evidence)
    if asked is None:
        return None
    return Due(asked, core_asked.record(question["question"], question["id"], "follow_up"), tuple(evidence.covered))


def note(asked: Probe, made: list[str] | None = None) -> str:
    """The system note that has the model ask `asked` in its own words."""
    lines = ["Before the next question, ask exactly one follow-up question about the candidate's last answer, in "
             "your own words, then stop and wait for their answer. Do not ask the next planned question yet, and "
             "do not mention scores or any automatic check.",
             _ASK[asked.kind].format(point=asked.point or "",
                                     about=f" (it goes against this: “{asked.point}”)" if asked.point else ""),
             f"For example: “{asked.text}”"]
    if made:
        lines.append("The answer already made these points; do not ask about them: " +
                     "; ".join(f"“{p}”" for p in made) + ".")
    return "\n".join(lines)
