"""The offline language-test report: an estimated CEFR level and four criteria from measurable signals.

Fluency, vocabulary range and coherence come from length, variety and linking words; grammar
and pronunciation can't be checked without a model, so they are labelled estimates, based on
the coach's recorded corrections and on speech-recognition confidence when the turns carry them.
"""
from __future__ import annotations

from core import banks, cefr
from core.feedback_common import Turn, clamp, criterion, mean, prepare, short, too_little, without_fillers
from core.lang_guess import guess_language
from core.languages import CODES, get_language
from core.metrics import filler_counts, word_count
from core.quotes import best_sentence, opening, sentences

# The word learners reach for first to give a reason, per language.
BECAUSE = {"en": "because", "es": "porque", "fr": "parce que", "de": "weil", "it": "perché", "pt": "porque",
           "nl": "omdat", "ru": "потому что", "zh": "因为", "ja": "から", "ko": "때문에", "ar": "لأن", "hi": "क्योंकि"}


def detect_language(turns: list[dict], language: str | None = None) -> str:
    """The language code: given, else on the turns, else the pack whose prompt was asked, else guessed."""
    if language:
        return get_language(language).code
    for turn in turns:
        if turn.get("language"):
            return get_language(turn["language"]).code
    questions = " ".join(str(t.get("question") or "") for t in turns)
    for code in CODES:
        if any(p["text"] in questions for p in banks.language_pack(code)["prompts"]):
            return code
    return guess_language(" ".join(str(t.get("answer") or "") + " " + str(t.get("question") or "") for t in turns))


def corrections(turns: list[dict]) -> list[dict]:
    """The coach's corrections carried on the turns, as {"said", "fix"} (also accepts original/corrected)."""
    found = []
    for turn in turns:
        for item in turn.get("corrections") or []:
            if not isinstance(item, dict):
                continue
            said = item.get("said") or item.get("original") or item.get("wrong") or ""
            fix = item.get("fix") or item.get("corrected") or item.get("right") or ""
            if said and fix:
                entry = {"said": str(said), "fix": str(fix)}
                if item.get("note"):
                    entry["note"] = str(item["note"])
                found.append(entry)
    return found


def _logprob(turn: Turn) -> float | None:
    value = turn.raw.get("avg_logprob", turn.metrics.get("avg_logprob"))
    return float(value) if isinstance(value, (int, float)) else None


def _scale(index: float) -> float:
    """A 0-5 band index (A1-C2) as a 2-10 score: answering at A1 is still something."""
    return 2 + 8 * index / 5


def _criteria(turns: list[Turn], lang: str, signals: cefr.Signals, level: str | None, fixes: list[dict],
              tracked: bool) -> dict:
    bands = signals.bands()
    answered = [t for t in turns if not t.skipped]
    fillers = sum(sum(filler_counts(t.answer, lang).values()) for t in answered)
    fluency = _scale((bands["words_per_answer"] + bands["sentence_words"]) / 2)
    fluency -= min(3.0, 0.5 * 100 * fillers / max(signals.words, 1))
    fluency_evidence = [f"{signals.words_per_answer:.0f} words per answer and {signals.sentence_words:.1f} words "
                        "per sentence on average.",
                        f"{fillers} filler word{'s' if fillers != 1 else ''} in {signals.words} words."]
    paces = [t.wpm for t in answered if t.wpm]
    if paces:
        fluency_evidence.append(f"Pace {mean(paces):.0f} words per minute"
                                + (" (slow: fluent speakers are usually above 100)." if mean(paces) < 80 else "."))
        fluency -= 1 if mean(paces) < 80 else 0

    level_index = cefr.CEFR_LEVELS.index(level) if level else 0
    grammar = _scale(level_index)
    grammar_evidence = ["Estimate: without a language model Parley can't check grammar."]
    if tracked:
        per_100 = 100 * len(fixes) / max(signals.words, 1)
        grammar = (grammar + 10 - per_100) / 2
        grammar_evidence.append(f"{len(fixes)} correction{'s' if len(fixes) != 1 else ''} from the coach in "
                                f"{signals.words} words ({per_100:.1f} per 100).")
    else:
        grammar_evidence.append("No corrections were recorded, so this follows the sentence complexity only.")

    markers: dict[str, int] = {}
    for t in answered:
        for m in cefr.clause_markers(t.answer, lang):
            markers[m] = markers.get(m, 0) + 1
    listed = ", ".join(f"“{m}” ×{n}" for m, n in sorted(markers.items(), key=lambda kv: (-kv[1], kv[0]))[:4])
    result = {
        "fluency": criterion(fluency, fluency_evidence),
        "grammatical_accuracy": criterion(grammar, grammar_evidence, estimate=True),
        "vocabulary_range": criterion(_scale(bands["variety"]), [
            f"Vocabulary variety {signals.variety:.1f} on Guiraud's index (distinct words / √words; "
            "about 3 is very repetitive, 7 or more is rich)."]),
        "coherence": criterion(_scale(bands["clauses_per_sentence"]), [
            f"{signals.clauses_per_sentence:.2f} linking or subordinate-clause words per sentence"
            + (f": {listed}." if listed else ".")]),
    }
    confidences = [lp for lp in (_logprob(t) for t in answered) if lp is not None]
    if confidences:
        avg = mean(confidences)
        result["pronunciation"] = criterion(10 + 10 * avg, [
            f"Estimate from speech-recognition confidence (average log-probability {avg:.2f}): clear speech is "
            "easier to transcribe. It is not a pronunciation assessment by a person."], estimate=True)
    return result


def _answer_score(turn: Turn, lang: str) -> int:
    if turn.skipped:
        return 1
    bands = cefr.measure([turn.answer], lang).bands()
    return clamp(_scale(mean(list(bands.values()))))


def _strengths(turns: list[Turn], lang: str, signals: cefr.Signals, fixes: list[dict], tracked: bool) -> list[dict]:
    answered = [t for t in turns if not t.skipped]
    if not answered:
        return []
    bands = signals.bands()
    found = []
    longest = max(answered, key=lambda t: (word_count(t.answer), -turns.index(t)))
    if bands["words_per_answer"] >= 3:
        found.append({"point": f"Developed answers: {signals.words_per_answer:.0f} words each on average.",
                      "quote": best_sentence(longest.answer, lambda s: float(word_count(s)))})
    if bands["clauses_per_sentence"] >= 3:
        richest = max(answered, key=lambda t: len(cefr.clause_markers(t.answer, lang)))
        quote = best_sentence(richest.answer, lambda s: float(len(cefr.clause_markers(s, lang))))
        found.append({"point": "Linked ideas into complex sentences with subordinate clauses.", "quote": quote})
    if bands["variety"] >= 3:
        quote = best_sentence(longest.answer, lambda s: float(len(set(cefr.tokens(s)))))
        found.append({"point": f"Varied vocabulary (Guiraud index {signals.variety:.1f}).", "quote": quote})
    if tracked and signals.words >= 50 and 100 * len(fixes) / signals.words < 2:
        found.append({"point": f"Accurate enough that the coach corrected only {len(fixes)} thing"
                               f"{'s' if len(fixes) != 1 else ''} in {signals.words} words.",
                      "quote": best_sentence(longest.answer, lambda s: float(word_count(s)))})
    return [s for s in found if s["quote"]]


def _improvements(turns: list[Turn], lang: str, signals: cefr.Signals, fixes: list[dict]) -> list[dict]:
    found = []
    because = BECAUSE.get(lang, "because")
    for fix in fixes[:2]:
        quote = fix["said"] if any(fix["said"] in t.answer for t in turns) else ""
        found.append({"point": f"Watch this form: “{fix['said']}” → “{fix['fix']}”.", "quote": quote,
                      "example": fix["fix"]})
    for t in [t for t in turns if t.skipped][:1]:
        found.append({"point": f"Try every prompt, even “{short(t.question)}”: a short, simple answer still counts.",
                      "quote": opening(t.answer),
                      "example": f"One sentence about it, then a reason with “{because}”."})
    answered = [t for t in turns if not t.skipped]
    shortest = min(answered, key=lambda t: word_count(t.answer), default=None)
    if shortest and word_count(shortest.answer) < 20:
        quote = opening(shortest.answer)
        found.append({"point": f"Say more: {word_count(shortest.answer)} words is a very short answer. Add a reason "
                               "and an example.",
                      "quote": quote, "example": f"{quote.rstrip('.!?。！？')}, {because} […]."})
    if answered and signals.clauses_per_sentence < 0.3:
        flat = max(answered, key=lambda t: len(sentences(t.answer)))
        markers = ", ".join(f"“{m}”" for m in _linking_words(lang, 4))
        quote = opening(flat.answer)
        if all(item["quote"] != quote for item in found):
            found.append({"point": f"Join short sentences with linking words such as {markers}.",
                          "quote": quote, "example": f"{quote.rstrip('.!?。！？')}, {because} […]."})
    fillers = [(sum(filler_counts(t.answer, lang).values()), t) for t in answered]
    count, heavy = max(fillers, key=lambda ft: ft[0], default=(0, None))
    if heavy and count >= 3:
        quote = best_sentence(heavy.answer, lambda s: float(sum(filler_counts(s, lang).values())))
        cleaned = without_fillers(quote)
        if cleaned and cleaned != quote:
            found.append({"point": f"Fewer fillers: {count} in one answer. Pause silently instead.",
                          "quote": quote, "example": cleaned})
    return found[:5]


def _linking_words(lang: str, count: int) -> list[str]:
    """Linking words to suggest: whole words only (not the stems and elisions the counter also matches)."""
    words = cefr.SUBORDINATORS.get(lang, cefr.SUBORDINATORS["en"])
    return [w for w in words if not w.endswith(" qu") and w not in ("котор", "lorsqu")][:count]


def _recommendations(criteria: dict, lang: str, fixes: list[dict], skipped: bool) -> list[str]:
    markers = ", ".join(_linking_words(lang, 5))
    tips = {
        "fluency": "Practise answering for 30–60 seconds without stopping: say what, then why, then an example.",
        "vocabulary_range": "Before each topic, note five words you'd like to use and say each in a sentence aloud.",
        "coherence": f"Link your ideas with words like: {markers}.",
        "grammatical_accuracy": ("Say each corrected sentence below aloud three times, then use it in a new sentence."
                                 if fixes else "Ask a tutor or an AI coach to check your grammar: offline, "
                                               "Parley can only estimate it."),
        "pronunciation": "Shadow a short native recording for five minutes a day, copying rhythm and stress.",
    }
    recs = ["Answer every prompt, even briefly: a simple sentence is better than a skip."] if skipped else []
    weak = sorted((n for n in tips if n in criteria and criteria[n]["score"] < 7), key=lambda n: criteria[n]["score"])
    recs += [tips[n] for n in weak]
    return (recs or ["Move up a level: try the next CEFR level's prompts."])[:4]


def report(raw_turns: list[dict], language: str | None = None) -> dict:
    """The language-test report for raw turns."""
    lang = detect_language(raw_turns, language)
    turns = prepare(raw_turns, cues=banks.language_pack(lang).get("cues"), lookup=False)
    fixes = corrections(raw_turns)
    tracked = any("corrections" in t for t in raw_turns)
    signals = cefr.measure([t.answer for t in turns if not t.skipped], lang, len(fixes))
    level, level_evidence = cefr.estimate(signals)
    criteria = _criteria(turns, lang, signals, level, fixes, tracked)
    empty = too_little(turns) or level is None
    overall = 1 if empty else clamp(mean([c["score"] for c in criteria.values()]))
    name = get_language(lang).name
    estimates = "grammatical accuracy" + (" and pronunciation" if "pronunciation" in criteria else "")
    if empty:
        count = len(turns)
        summary = (f"There was too little to judge: {sum(t.words for t in turns)} words of {name} across {count} "
                   f"answer{'s' if count != 1 else ''}. Answer a few prompts in full sentences to get a level.")
    else:
        ranked = sorted(criteria.items(), key=lambda kv: (-kv[1]["score"], kv[0]))
        summary = (f"Estimated level {level} in {name} (offline estimate) from {signals.answers} answer"
                   f"{'s' if signals.answers != 1 else ''} and {signals.words} words. Strongest: "
                   f"{ranked[0][0].replace('_', ' ')} ({ranked[0][1]['score']}/10); work on "
                   f"{ranked[-1][0].replace('_', ' ')} next ({ranked[-1][1]['score']}/10).")
    return {
        "mode": "language",
        "overall": overall,
        "cefr": {"level": level, "evidence": level_evidence, "estimate": True},
        "criteria": criteria,
        "strengths": [] if empty else _strengths(turns, lang, signals, fixes, tracked),
        "improvements": _improvements(turns, lang, signals, fixes),
        "recommendations": _recommendations(criteria, lang, fixes, any(t.skipped for t in turns)),
        "corrections": fixes,
        "job_terms": {"used": [], "missed": []},
        "answers": [{"question": t.question, "answer": t.answer, "score": _answer_score(t, lang), "covered": [],
                     "missing": []} for t in turns],
        "summary": summary,
        "source": "offline",
        "note": ("Offline estimate: the level comes from measurable signals (answer and sentence length, vocabulary "
                 "variety, linking words and any recorded corrections). Without a language model Parley can't check "
                 f"grammar or meaning, so {estimates} {'are' if ' and ' in estimates else 'is a'} rough "
                 f"estimate{'s' if ' and ' in estimates else ''}."),
    }
