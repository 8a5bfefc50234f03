"""The offline interviewer: scripted questions from the bank, a reaction to every answer.

Stateless: where the interview stands is read from the transcript (which bank questions the
interviewer has asked), so a reopened session carries on where it stopped.
"""
from __future__ import annotations

import random

from core import asked as core_asked
from core import banks
from core.coach import followup, panel
from core.coach.assess import Assessment, assess
from core.quotes import quote_at, quote_whole
from core.cues import answers_so_far, detect_cue, is_answer, latest_answer, strip_interrupted
from core.job import plan as job_plan
from core.judge import meaning
from core.judge.claims import stems
from core.metrics import as_said, top_filler
from core.spec import DIFFICULTIES, INTERVIEW_TYPE_LABELS, PracticeSpec


def _pick(options: list[str], n: int) -> str:
    return options[n % len(options)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


DIFFICULTY_SPREAD = 1.3  # random slack in the difficulty order: same level first, not always the same question
RECENT_PENALTY = 2.5  # a question asked in a recent session goes after every fresh one of a near level


def question_plan(spec: PracticeSpec) -> list[dict]:
    """The questions this interview will ask, in order; each has its `question` text and `source` (where it
    came from, in words).

    With a job description, the plan is for that job (core.job.plan): bank questions of every domain ranked by
    fit to its requirements, mixed with questions written from the description and the résumé. Without one:
    the chosen type first, mostly nearest difficulty first. Seeded by the session, so a session is
    reproducible; questions asked in the user's recent sessions (`spec.recent`) come last.
    In a panel (core.coach.panel) every question carries `by`, who asks it: each panelist asks their own types.
    """
    if spec.review_ids:  # a review of weak answers (core.review): just these bank questions, in this order
        fixed = [dict(banks.all_questions()[i], origin="bank", source="Your questions to review")
                 for i in spec.review_ids if i in banks.all_questions()]
        return panel.assign(spec, fixed) if panel.is_panel(spec) else fixed
    if spec.job_description.strip() and meaning.available():  # without the model, nothing can be matched to it
        fixed = job_plan.plan(spec.job_description, spec.resume, spec.num_questions, spec.domain,
                              spec.interview_type, spec.difficulty, spec.seed, spec.recent)
        return panel.assign(spec, fixed) if panel.is_panel(spec) else fixed
    rng = random.Random(spec.seed)
    target = DIFFICULTIES.index(spec.difficulty)

    def ordered(questions: list[dict]) -> list[dict]:
        keyed = [(abs(DIFFICULTIES.index(q["difficulty"]) - target) + rng.random() * DIFFICULTY_SPREAD
                  + (RECENT_PENALTY if q["id"] in spec.recent else 0.0), q["id"], q) for q in questions]
        return [q for _, _, q in sorted(keyed, key=lambda k: k[:2])]

    label = f"Parley's {spec.domain} questions"
    if panel.is_panel(spec):
        mixed = panel.fill(spec, lambda kind: ordered(banks.questions_for(spec.domain, kind)), spec.num_questions)
        return [dict(q, origin="bank", source=label) for q in mixed]
    plan = ordered(banks.questions_for(spec.domain, spec.interview_type))
    if len(plan) < spec.num_questions:  # top up from the other types of the same domain (the intro says so)
        others = [q for q in banks.questions_for(spec.domain) if q["type"] != spec.interview_type]
        plan += ordered(others)
    return [dict(q, origin="bank", source=label) for q in plan[: spec.num_questions]]


def recently_asked(domain: str, transcripts: list[list[dict]]) -> tuple[str, ...]:
    """Bank question ids of `domain` that the interviewer asked in these transcripts."""
    questions = banks.questions_for(domain)
    return tuple(dict.fromkeys(q["id"] for transcript in transcripts for q in asked_questions(questions, transcript)))


def of_type_count(domain: str, interview_type: str) -> int:
    """How many bank questions of this type the offline interviewer has for the domain."""
    return len(banks.questions_for(domain, interview_type))


def asked_questions(plan: list[dict], transcript: list[dict]) -> list[dict]:
    """Plan questions the interviewer has asked so far, in the order asked.

    Read from each turn's question record (core.asked); a turn saved without one counts the plan question
    that ends it, so a reaction quoting another question never marks that question asked."""
    asked: list[dict] = []
    for turn in transcript:
        if turn["role"] != "assistant":
            continue
        if core_asked.has_record(turn):
            rec = core_asked.asks(turn)
            found = _plan_question(plan, rec) if rec and rec.get("kind") == "question" else None
        else:
            found = core_asked.latest_of(plan, turn["content"])
        if found is not None and found not in asked:
            asked.append(found)
    return asked


def _plan_question(plan: list[dict], rec: dict) -> dict | None:
    """The plan question a record names: by bank id, else by its exact text."""
    by_id = next((q for q in plan if rec.get("id") and q.get("id") == rec["id"]), None)
    return by_id or next((q for q in plan if q["question"] == rec.get("text")), None)


def question_record(question: dict, kind: str = "question") -> dict | None:
    """The record a reply that asks `question` is saved with (core.asked), naming who asks it in a panel."""
    return panel.record(question, kind)


def _restates(point: str, correction: str) -> bool:
    """Whether a key point mostly repeats a correction just given (so the reaction doesn't say it twice)."""
    words = stems(point)
    return bool(words) and len(words & stems(correction)) >= 0.5 * len(words)


def _react_tailored(evidence: Assessment, question: dict) -> str:
    """A reaction to a question written from the user's materials: it has no key points, so only what is
    measurable is said (length, a concrete figure, staying on the question), and that it was not checked."""
    where = "your résumé" if question.get("origin") == "resume" else "the job description"
    if evidence.words < 8:
        return ("That's very short for an interview answer — aim for a few sentences: the situation, what you did "
                "yourself, and the result.")
    text = f"This question came from {where}, so I have no key points to check your answer against."
    judged = evidence.judged
    if judged is not None and judged.on_topic < 0.34:
        text += " Most of it didn't stay on the question: answer it head on first, then add context."
    elif evidence.numbers or evidence.outcomes:
        text += " You backed it with something concrete, which is what an interviewer will probe."
    else:
        text += " Add a concrete number or outcome so it sticks."
    return text


def react(evidence: Assessment, question: dict, n: int) -> str:
    """One or two sentences on the answer, from measurable evidence only."""
    if question.get("origin") not in (None, "bank"):
        text = _react_tailored(evidence, question)
        if evidence.words >= 8 and not evidence.star.get("result"):
            text += " Close with the result, ideally with a number."
        if evidence.filler_total >= 3:
            text += (f" And watch the filler words: I counted {evidence.filler_total} in this answer, "
                     f"mostly “{as_said(top_filler(evidence.fillers))}”.")
        return text
    missing = [_lower_first(p) for p in evidence.missing]
    unsure = [_lower_first(p) for p in evidence.unconfirmed]
    wrong = evidence.wrong
    opposite = evidence.contradicted
    if evidence.elsewhere and evidence.words >= 8:
        text = (f"That answer seems to be about something else — more like “{evidence.elsewhere['question']}” — "
                f"so I can't credit it here. The question was: {question['question']}")
    elif evidence.topic_doubted and not (wrong or opposite) and evidence.words >= 8:
        text = (f"I couldn't tell how that answers the question asked, so I can't credit it yet: "
                f"{question['question']} Say plainly how your example answers it.")
    elif wrong and evidence.words >= 8:
        text = (f"One thing to correct first: you said “{quote_whole(wrong[0].quote)}” — that's a common "
                f"misconception. {wrong[0].correction}")
        wanted = [_lower_first(p.point) for p in evidence.judged.points if p.state != "confirmed"] if evidence.judged else missing
        others = [p for p in wanted if not _restates(p, wrong[0].correction)]
        if others:
            text += f" A strong answer also covers this: {others[0]}"
    elif opposite and evidence.words >= 8:
        text = (f"One thing to correct first: you said “{quote_at(opposite[0].quote, 0)}” — a strong answer does "
                f"the opposite: it {_lower_first(opposite[0].point)}")
    elif evidence.words < 8:
        first = missing[0] if missing else "a concrete example"
        text = f"That's very short for an interview answer — aim for a few sentences. A strong answer covers this: {first}"
    elif evidence.coverage >= 0.67 and evidence.judged and evidence.judged.units >= 2:
        opener = _pick(["Strong answer.", "Nicely done.", "That's a solid answer."], n)
        if missing:
            text = f"{opener} To make it even stronger, also cover this: {missing[0]}"
        elif not evidence.specific:
            text = f"{opener} One tip: add a concrete number or example so it sticks."
        else:
            text = f"{opener} You hit the key points and backed them with specifics."
    elif evidence.coverage >= 0.34 and evidence.covered:
        covered = _lower_first(evidence.covered[0])
        text = f"Good start — you got this part: {covered}"
        text += f" What's missing: {missing[0]}" if missing else ""
    elif evidence.judged and evidence.judged.listed and evidence.judged.units <= 1:
        wanted = "; ".join(p.rstrip(".") for p in missing[:2]) or "what each term means in practice"
        text = ("That's a list of terms rather than an answer — say what each one means and when you'd use it. "
                f"A strong answer would cover: {wanted}.")
    elif evidence.judged and evidence.judged.units >= 3:
        wanted = "; ".join(p.rstrip(".") for p in (missing or unsure)[:2])
        text = ("You gave a developed answer, but I couldn't match it to the main points — I judge by meaning and "
                "can miss an unusual wording" + (f", so check it against them: {wanted}." if wanted else
                                                 ": say each point plainly in a sentence of its own."))
    else:
        wanted = "; ".join(p.rstrip(".") for p in (missing or unsure)[:2])
        text = ("I don't think that hits the main points yet." + (f" A strong answer would cover: {wanted}." if wanted
                else " Answer the question head on first, then back it with an example."))
    text = text if text.endswith((".", "!", "?")) else text + "."
    if evidence.unconfirmed and not (evidence.elsewhere or wrong or opposite or evidence.topic_doubted) \
            and evidence.words >= 8:
        text += (f" You may have touched on this, but I couldn't confirm it: {_lower_first(evidence.unconfirmed[0])}"
                 .rstrip(".") + " — say it plainly.")
    if question.get("type") == "behavioral" and evidence.words >= 8 and not evidence.star.get("result"):
        text += " Close with the result, ideally with a number."
    if evidence.filler_total >= 3:
        text += (f" And watch the filler words: I counted {evidence.filler_total} in this answer, "
                 f"mostly “{as_said(top_filler(evidence.fillers))}”.")
    return text


def _next(plan: list[dict], asked: list[dict], n: int) -> tuple[str, dict | None]:
    """The move to the next planned question, and its record (None after the last one)."""
    remaining = [q for q in plan if q not in asked]
    if not remaining:
        thanks = "thanks from all of us" if asked and asked[-1].get("by") else "thanks"
        return (f"That was the last question — {thanks}, you did the work. Press End session to see your "
                "feedback."), None
    lead = "Last question:" if len(remaining) == 1 else _pick(["Next question:", "Let's move on.", "Here's the next one:"], n)
    previous, nxt = panel.get(asked[-1].get("by")) if asked else None, panel.get(remaining[0].get("by"))
    if previous is not None and nxt is not None and nxt is not previous:
        introduced = nxt is panel.HIRING_MANAGER or any(q.get("by") == nxt.key for q in asked)
        lead = panel.handover(previous, nxt, introduced) + " " + (
            "Last question:" if len(remaining) == 1 else _pick(["My question:", "Here's my question:", "Over to me:"], n))
    return f"{lead} {remaining[0]['question']}", question_record(remaining[0])


def opening(spec: PracticeSpec, plan: list[dict]) -> str:
    """The first message: who is interviewing, what is coming, the first question (in a panel, by whoever
    asks it: the hiring manager greets, then hands over if the first question is someone else's)."""
    text = _opening(spec, plan)
    if not panel.is_panel(spec):
        return text
    text = text.replace("Hi, I'm Alex.", panel.introduction(spec), 1).replace(
        "I'm Parley's offline coach: my questions are scripted and my feedback",
        "We're Parley's offline coach: our questions are scripted and our feedback")
    first = panel.get(plan[0].get("by"))
    if first is not None and first is not panel.HIRING_MANAGER:
        head, _, question = text.rpartition(" First question: ")
        text = f"{head} {first.name} will start. {panel.handover(panel.HIRING_MANAGER, first, False)} First question: {question}"
    return text


def _opening(spec: PracticeSpec, plan: list[dict]) -> str:
    if spec.review_ids:
        count = len(plan)
        return (f"Hi, I'm Alex. Let's review {count} question{'s' if count != 1 else ''} you found hard before — "
                "answer as if it's the first time, and we'll see what has improved. Say \"repeat\", \"skip\" or "
                f"\"I don't know\" at any time. First question: {plan[0]['question']}")
    if any(q.get("origin", "bank") != "bank" or q.get("requirement") for q in plan):
        return _job_opening(spec, plan)
    kind = INTERVIEW_TYPE_LABELS[spec.interview_type].lower()
    count = len(plan)
    of_type = sum(1 for q in plan if q["type"] == spec.interview_type)
    what = f"{count} {kind} question{'s' if count != 1 else ''}"
    if panel.is_panel(spec):  # each panelist asks their own types (the introduction says so)
        what = f"{count} question{'s' if count != 1 else ''}"
    elif of_type < count:
        what = f"{count} questions, {of_type} {kind} and {count - of_type} of other types"
    return (
        f"Hi, I'm Alex. We'll do {what} for a role in {spec.domain}, "
        f"at {spec.difficulty} level. I'm Parley's offline coach: my questions are scripted and my feedback "
        "comes from the key points a strong answer covers. Say \"repeat\", \"skip\" or \"I don't know\" at "
        f"any time. First question: {plan[0]['question']}"
    )


def _job_opening(spec: PracticeSpec, plan: list[dict]) -> str:
    count = len(plan)
    written = sum(1 for q in plan if q.get("origin") != "bank")
    banked = count - written
    parts = []
    if banked:
        parts.append(f"{banked} from Parley's question bank, chosen for how well they fit the job's requirements")
    if written:
        parts.append(f"{written} written from your job description and résumé (each says where it comes from, and "
                     "I can't check those against key points)")
    return (
        f"Hi, I'm Alex. We'll do {count} question{'s' if count != 1 else ''} for this job, at {spec.difficulty} "
        f"level: {' and '.join(parts)}. I'm Parley's offline coach: my questions are scripted and my feedback "
        "comes from the key points a strong answer covers. Say \"repeat\", \"skip\" or \"I don't know\" at "
        f"any time. First question: {plan[0]['question']}"
    )


def reply(spec: PracticeSpec, transcript: list[dict]) -> str:
    """The interviewer's next message for this transcript."""
    return turn(spec, transcript)[0]


def turn(spec: PracticeSpec, transcript: list[dict]) -> tuple[str, dict | None]:
    """The interviewer's next message and the record of the question it asks (core.asked), None if none."""
    plan = question_plan(spec)
    if not plan:
        return (f"I don't have offline questions for {spec.domain} yet. Add an API key in the sidebar for a live "
                "interviewer."), None
    asked = asked_questions(plan, transcript)
    users = [t for t in transcript if t["role"] == "user"]
    if not asked or not users:
        return opening(spec, plan), question_record(plan[0])
    n = answers_so_far(transcript)
    answer, interrupted = latest_answer(transcript)  # a turn cut at a pause and its rest are one answer
    current = asked[-1]
    prefix = "Sorry — go ahead. " if interrupted else ""
    done = len(asked) == len(plan) and _answered_last(transcript, current)
    if done:
        return prefix + ("We've covered all the questions. Press End session to see your feedback, "
                         "or start a new interview."), None
    cue = detect_cue(answer)
    if cue == "wait":
        return prefix + "Take your time — I'm listening.", None
    if cue == "repeat":
        return prefix + f"Sure, here it is again: {current['question']}", question_record(current, "repeat")
    if cue == "skip":
        text, asks = _next(plan, asked, n)
        return prefix + "No problem, let's skip that one. " + text, asks
    if cue == "dont_know":
        text, asks = _next(plan, asked, n)
        return (prefix + "That's okay — it happens in real interviews too. Here's what a good answer would cover: "
                f"{current['outline']} " + text), asks
    banked = current if current.get("origin", "bank") == "bank" else None
    followed = _followed_up(transcript)
    whole = _answer_to_current(transcript) if followed else answer
    evidence = assess(whole, banked, current["question"])
    if banked and not followed:
        asked_back = followup.probe(whole, banked, evidence)
        if asked_back is not None:
            return (prefix + _pick(["Thanks.", "Okay.", "I see."], n) + " " + asked_back.text,
                    question_record(current, "follow_up"))
    text, asks = _next(plan, asked, n)
    return prefix + react(evidence, current, n) + " " + text, asks


def _followed_up(transcript: list[dict]) -> bool:
    """Whether the interviewer's last message was a follow-up on the current question (one a question)."""
    last = next((t for t in reversed(transcript) if t["role"] == "assistant"), None)
    rec = core_asked.asks(last) if last else None
    return bool(rec) and rec.get("kind") == "follow_up"


def _answer_to_current(transcript: list[dict]) -> str:
    """Everything the user answered to the current question, its follow-up included, as one answer."""
    parts: list[str] = []
    for turn in reversed(transcript):
        if turn["role"] == "assistant":
            rec = core_asked.asks(turn)
            if not core_asked.has_record(turn) or (rec and rec.get("kind") == "question"):
                break
            continue
        if is_answer(turn["content"]):
            parts.append(strip_interrupted(turn["content"])[0])
    return " ".join(reversed(parts)).strip()


def _answered_last(transcript: list[dict], question: dict) -> bool:
    """Whether the interviewer has already reacted to an answer to `question` and wrapped up."""
    for turn in reversed(transcript):
        if turn["role"] == "assistant":
            return "That was the last question" in turn["content"] or "covered all the questions" in turn["content"]
    return False


def is_complete(spec: PracticeSpec, transcript: list[dict]) -> bool:
    """True once every planned question has been asked and the interviewer wrapped up."""
    plan = question_plan(spec)
    asked = asked_questions(plan, transcript)
    return bool(plan) and len(asked) == len(plan) and _answered_last(transcript, asked[-1])
