"""The offline chat report: a light look at engagement, clarity and filler words.

Small talk has no right answers, so this only reports what can be counted: how much the user
said, whether they asked anything back, sentence length and fillers (and pace when timed).
"""
from __future__ import annotations

from core.feedback.common import Turn, clamp, criterion, delivery, mean, one_decimal, too_little, without_fillers
from core.metrics import filler_counts, hedge_counts
from core.quotes import best_sentence, first_match, opening, sentences


def _engagement(answered: list[Turn], count: int) -> tuple[float, list[str]]:
    words = mean([t.words for t in answered])
    questions = sum(t.answer.count("?") for t in answered)
    score = (2, 4, 6, 8, 9)[sum(1 for edge in (3, 8, 15, 30) if words >= edge)] + (1 if questions else 0)
    return score, [f"{words:.0f} words per reply on average over {len(answered)} of {count} turns.",
                   f"Asked {questions} question{'s' if questions != 1 else ''} back."]


def _clarity(answered: list[Turn]) -> tuple[float, list[str]]:
    words = sum(t.words for t in answered)
    count = sum(max(1, len(sentences(t.answer))) for t in answered)
    per_sentence = words / count if count else 0.0
    score = 9 - (2 if per_sentence > 35 else 1 if per_sentence > 25 else 0)
    hedges = sum(sum(hedge_counts(t.answer).values()) for t in answered)
    score -= min(2.0, 100 * hedges / max(words, 1) / 3)
    return score, [f"{per_sentence:.1f} words per sentence.",
                   f"{hedges} hedge{'s' if hedges != 1 else ''} (“I think”, “maybe”…)."]


def _fillers(answered: list[Turn]) -> tuple[float, list[str]]:
    counts: dict[str, int] = {}
    for t in answered:
        for k, v in filler_counts(t.answer).items():
            counts[k] = counts.get(k, 0) + v
    total, words = sum(counts.values()), sum(t.words for t in answered)
    rate = 100 * total / max(words, 1)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ", ".join(f"“{k}” ×{v}" for k, v in ranked[:3])
    if len(ranked) > 3:  # the list adds up to the count it follows
        rest = sum(v for _, v in ranked[3:])
        top += f" and {rest} other{'s' if rest != 1 else ''}"
    return 10 - min(8.0, 1.2 * rate), [f"{total} filler word{'s' if total != 1 else ''} in {words} words"
                                        + (f" ({rate:.1f} per 100): {top}." if total else ".")]


# As strict as the other modes: polish (clarity, few fillers) lifts a chat at most this far above how much the
# user engaged, and a short chat cannot score high: under SHORT_WORDS words in all at most SHORT_CAP, under
# BRIEF_WORDS at most BRIEF_CAP. A 36-word chat scored 8.7 before, above most full interviews.
POLISH_GATE = 1.5
SHORT_WORDS, SHORT_CAP = 80, 5.0
BRIEF_WORDS, BRIEF_CAP = 200, 7.0


def _overall(criteria: dict, answered: list[Turn]) -> float:
    """The session's score: the criteria's mean, gated by engagement and by how much was said."""
    value = min(mean([c["score"] for c in criteria.values()]), criteria["engagement"]["score"] + POLISH_GATE)
    words = sum(t.words for t in answered)
    if words < SHORT_WORDS:
        value = min(value, SHORT_CAP)
    elif words < BRIEF_WORDS:
        value = min(value, BRIEF_CAP)
    return value


def _turn_score(turn: Turn) -> int:
    """One reply's score: the three criteria measured on that reply alone."""
    if turn.skipped:
        return 1
    score = clamp(mean([_engagement([turn], 1)[0], _clarity([turn])[0], _fillers([turn])[0]]))
    return min(score, 3) if turn.words <= 3 else score


def report(turns: list[Turn]) -> dict:
    """The chat report for prepared turns."""
    answered = [t for t in turns if not t.skipped]
    empty = too_little(turns)
    engagement, e_evidence = _engagement(answered, len(turns)) if answered else (1, ["No replies to judge."])
    clarity, c_evidence = _clarity(answered) if answered else (1, [])
    fillers, f_evidence = _fillers(answered) if answered else (1, [])
    criteria = {"engagement": criterion(engagement, e_evidence), "clarity": criterion(clarity, c_evidence),
                "fillers": criterion(fillers, f_evidence)}
    spoken = delivery(turns)
    if spoken:
        criteria["delivery"] = spoken
    strengths, improvements = [], []
    if not empty:
        asked = next((t for t in answered if "?" in t.answer), None)
        if asked:
            strengths.append({"point": "Kept the conversation going by asking questions back.",
                              "quote": first_match(asked.answer, r"[^.!?]*\?")})
        longest = max(answered, key=lambda t: t.words)
        if mean([t.words for t in answered]) >= 15:
            strengths.append({"point": "Gave full replies with something to pick up on.",
                              "quote": best_sentence(longest.answer, lambda s: float(len(s.split())))})
        brief = [t for t in answered if t.words <= 3]
        if brief:
            improvements.append({"point": f"{len(brief)} repl{'ies were' if len(brief) != 1 else 'y was'} three "
                                          "words or fewer: add a detail or a question back.",
                                 "quote": opening(brief[0].answer),
                                 "example": f"{opening(brief[0].answer).rstrip('.!?')}, and you?"})
        heavy = max(answered, key=lambda t: sum(filler_counts(t.answer).values()))
        if sum(filler_counts(heavy.answer).values()) >= 3:
            quote = best_sentence(heavy.answer, lambda s: float(sum(filler_counts(s).values())))
            improvements.append({"point": "Fewer fillers: a short pause sounds more relaxed than “um” or “like”.",
                                 "quote": quote, "example": without_fillers(quote)})
        if not asked and len(answered) >= 3:
            improvements.append({"point": "You never asked anything back; conversation is two-way.",
                                 "quote": opening(answered[-1].answer),
                                 "example": f"{opening(answered[-1].answer).rstrip('.!?')}. What about you?"})
    overall = 1.0 if empty else one_decimal(_overall(criteria, answered))
    recs = []
    if criteria["engagement"]["score"] < 7:
        recs.append("Answer with one detail and one question back: “Yes, I went hiking. Have you been?”")
    if criteria["fillers"]["score"] < 7:
        recs.append("Replace fillers with a short pause; record a minute of talk and count them.")
    if criteria["clarity"]["score"] < 7:
        recs.append("Keep sentences short: one idea each.")
    return {
        "mode": "chat",
        "overall": overall,
        "criteria": criteria,
        "strengths": [s for s in strengths if s["quote"]],
        "improvements": [i for i in improvements if i["example"]][:4],
        "recommendations": recs or ["Keep chatting: try a topic you find harder to talk about."],
        "job_terms": {"used": [], "missed": []},
        "answers": [{"question": t.question, "answer": t.answer, "score": _turn_score(t), "covered": [],
                     "missing": []} for t in turns],
        "summary": ("There was too little to judge: say a few full sentences to get feedback." if empty else
                    f"{len(answered)} replies, overall {overall:g}/10 (offline estimate): engagement "
                    f"{criteria['engagement']['score']}/10, clarity {criteria['clarity']['score']}/10, fillers "
                    f"{criteria['fillers']['score']}/10 (10 = hardly any)."),
        "source": "offline",
        "note": "Offline estimate from what can be counted: reply length, questions asked back, sentence length "
                "and filler words.",
    }
