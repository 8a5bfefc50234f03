"""The interviewer's one follow-up question on an answer, from the judgement of what it said.

An interviewer who listens asks about what was said: it challenges a point the answer contradicted or a known
wrong claim (quoting the user's words), asks for the missing piece of an otherwise good answer, asks for a
concrete example when the answer stayed general, and on an answer to another question says so and asks again
(so too when no key point could be confirmed in an answer of two sentences or more, or one long run-on as speech
often comes: an answer to another question the checker read some point into stays there, beside keyword lists
and plain answers it could not confirm). A point the checker reads as likelier contradicted than made (DOUBTED),
in an answer that confirms under half its points, is challenged too: a question, not a verdict in the report.
It means never to probe a point the answer made: "missing" asks about the point the judge found least sign of, and
only among points it marked missing (never unconfirmed ones, which the answer may have made).
At most one follow-up a question; none after "skip" or "I don't know" (the caller checks the cue).
"""
from __future__ import annotations

from dataclasses import dataclass

from core.coach.assess import Assessment, assess
from core.judge.claims import stems
from core.quotes import quote_whole

KINDS = ("contradicted", "missing", "example", "off_topic")
MIN_WORDS = 8  # shorter answers get the coach's "that's very short" reaction, not a probe
GOOD_ENOUGH = 0.5  # share of key points confirmed before a missing one is asked about ("otherwise good")
# The claim checker reads no key point as even this likely shown: the answer did not answer the question (an
# answer to another one, or only its words), so it is asked again. Chosen on the calibration sets
# (docs/claim-checker.md): no right answer there stays below it.
NOT_ABOUT = 0.5
# Short of reporting a contradiction (core.judge.checked.CONTRADICTS), a point the checker reads as more likely
# contradicted than made, this likely, in an answer that confirms under half its points, is still asked about: a
# question, not a verdict. The lowest setting at which no such challenge lands on a point the answer made, on the
# calibration sets and tests 7-9 (0.7 challenged one there, read 0.856; docs/claim-checker.md).
DOUBTED = 0.86
RUN_ON = 25  # a single sentence this long is an answer said in one breath (speech), not a short one


@dataclass(frozen=True)
class Probe:
    text: str
    kind: str  # one of KINDS
    point: str | None = None  # the bank key point it is about, when there is one


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _point_for(correction: str, points: list[str]) -> str | None:
    """The key point a known wrong claim's correction is about (most shared content words), if any."""
    words = stems(correction)
    scored = [(len(words & stems(p)), p) for p in points]
    best = max(scored, default=(0, None))
    return best[1] if best[0] >= 2 else None


def probe(answer: str, question: dict | None, evidence: Assessment | None = None) -> Probe | None:
    """The follow-up to ask about `answer` to the bank `question`, or None when there is nothing to ask."""
    if not question or not str(answer or "").strip():
        return None
    found = evidence or assess(answer, question)
    if found.words < MIN_WORDS:
        return None
    points = [p["point"] for p in question.get("key_points") or []]
    if found.elsewhere:
        return Probe("I think that answered a different question. Let me ask this one again: "
                     f"{question['question']}", "off_topic")
    if found.wrong:  # a listed wrong claim first: its quote is the very sentence that states it
        claim = found.wrong[0]
        point = _point_for(claim.correction, points)
        read = {p.point: p.state for p in (found.judged.points if found.judged else [])}
        if point in found.covered or read.get(point, "contradicted") != "contradicted":
            point = None  # the challenge is about the wrong claim; the point it seems to touch may still be made
        return Probe(f"You said “{quote_whole(claim.quote)}”. Are you sure about that? Walk me through your "
                     "reasoning.", "contradicted", point)
    if found.contradicted:  # the one the answer most surely contradicts
        point = max(found.contradicted, key=lambda p: p.against)
        return Probe(f"You said “{quote_whole(point.quote)}”. Are you sure about that? Walk me through your "
                     "reasoning.", "contradicted", point.point)
    judged = found.judged
    said_enough = len(judged.real) >= 2 or found.words >= RUN_ON if judged else False
    if judged and judged.method == "checker" and judged.points and said_enough and \
            max(p.similarity for p in judged.points) < NOT_ABOUT:
        return Probe("I'm not sure that answered the question I asked. Let me put it again: "
                     f"{question['question']}", "off_topic")
    confirmed = len(found.covered)
    doubted = [p for p in (judged.points if judged else []) if p.state != "confirmed" and p.against_at
               and p.against >= DOUBTED and p.against > p.similarity]
    if doubted and points and confirmed / len(points) < GOOD_ENOUGH:
        point = max(doubted, key=lambda p: p.against)
        return Probe(f"You said “{quote_whole(point.against_at)}”. Are you sure about that? Walk me through your "
                     "reasoning.", "contradicted", point.point)
    if judged and judged.method == "checker" and judged.points and said_enough and not confirmed:
        return Probe("I couldn't tell how that answers what I asked, so let me put it again: "
                     f"{question['question']}", "off_topic")
    missing = [p for p in (judged.points if judged else []) if p.state == "missing"]
    if missing and points and confirmed / len(points) >= GOOD_ENOUGH:
        least = min(missing, key=lambda p: p.similarity)
        return Probe(f"Before we move on, one thing you didn't touch on: {_lower_first(least.point).rstrip('.')}. "
                     "How would you speak to that?", "missing", least.point)
    if confirmed and not (found.numbers or found.outcomes):
        return Probe("Can you give me a concrete example from your own work — a number, a name or a result?",
                     "example")
    return None
