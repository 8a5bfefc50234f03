"""The offline language-test report: an estimated CEFR level and four criteria from measurable signals.

The level and its range come from core.cefr (accuracy, word-frequency lexis, range, clause length,
linking, and audio fluency when timed), never from how much was said. Vocabulary range and coherence
follow the signals of their kind; fluency follows the audio when there is any. Grammar and
pronunciation can't be checked without a model, so they are labelled estimates, based on the
coach's recorded corrections, a few error patterns and on speech-recognition confidence.
"""
from __future__ import annotations

from core import banks, cefr, intelligibility
from core.cefr import grammar_cues
from core.feedback.common import Turn, clamp, criterion, mean, one_decimal, prepare, short, too_little, without_fillers
from core.lang_guess import guess_language
from core.languages import CODES, get_language
from core.metrics import filler_counts, word_count
from core.quotes import best_sentence, opening, quote_at, sentences

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
    """The coach's corrections carried on the turns, as {"said", "fix"}.

    Also accepts original/corrected or wrong/right keys, and plain "said → fix" strings (as an examiner
    writes them)."""
    found = []
    for turn in turns:
        for item in turn.get("corrections") or []:
            if isinstance(item, str):
                said, arrow, fix = item.replace("->", "→").partition("→")
                item = {"said": said.strip(), "fix": fix.strip()} if arrow else {}
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
    """A 0-5 level (A1-C2) as a 2-10 score: answering at A1 is still something."""
    return 2 + 8 * index / 5


def _suggested(est: cefr.Estimate, names: tuple[str, ...]) -> float | None:
    """The mean level (0-5) that these signals point to on their own, or None when none was measurable."""
    found = [cefr.CEFR_LEVELS.index(row["suggests"]) for row in est.signals if row["name"] in names and row["suggests"]]
    return mean(found) if found else None


def _criteria(turns: list[Turn], lang: str, signals: cefr.Signals, est: cefr.Estimate, fixes: list[dict],
              tracked: bool) -> dict:
    answered = [t for t in turns if not t.skipped]
    overall = est.score if est.score is not None else 0.0
    fillers = sum(sum(filler_counts(t.answer, lang).values()) for t in answered)
    spoken = cefr.fluency_level(signals.fluency)
    fluency = _scale(spoken if spoken is not None else overall)
    fluency -= min(3.0, 0.5 * 100 * fillers / max(signals.words, 1))
    fluency_evidence = [f"{fillers} filler word{'s' if fillers != 1 else ''} in {signals.words} words."]
    paces = [t.wpm for t in answered if t.wpm]
    if paces:
        fluency_evidence.insert(0, f"Pace {mean(paces):.0f} words per minute"
                                + (" (slow: fluent speakers are usually above 100)." if mean(paces) < 80 else "."))
        pauses = signals.fluency.get("pauses_per_minute")
        if pauses is not None:
            fluency_evidence.append(f"{pauses:.1f} long pauses (a second or more) per minute.")
    else:
        fluency_evidence.insert(0, "No audio timing: fluency follows the overall estimate from the text.")

    grammar = _scale(_suggested(est, cefr.ACCURACY) if _suggested(est, cefr.ACCURACY) is not None else overall)
    grammar_evidence = ["Estimate: without a language model Parley can't check grammar; this rests on the "
                        "examiner's corrections, a few common error patterns and forms that are not words."]
    if tracked:
        per_100 = 100 * len(fixes) / max(signals.words, 1)
        grammar_evidence.append(f"{len(fixes)} correction{'s' if len(fixes) != 1 else ''} from the coach in "
                                f"{signals.words} words ({per_100:.1f} per 100).")
    else:
        grammar_evidence.append("No corrections were recorded.")
    if signals.errors_found:
        grammar_evidence.append("Common learner errors spotted: "
                                + ", ".join(f"“{e}”" for e in signals.errors_found[:3]) + ".")
    lexis_level = _suggested(est, cefr.LEXIS)
    discourse_level = _suggested(est, cefr.DISCOURSE)
    lexis_lines = [line for line in est.evidence if line.startswith(("Vocabulary:", "Range:", "Content words"))]
    discourse_lines = [line for line in est.evidence if line.startswith(("Coherence:", "Complexity:"))]
    result = {
        "fluency": criterion(fluency, fluency_evidence),
        "grammatical_accuracy": criterion(grammar, grammar_evidence, estimate=True),
        "vocabulary_range": criterion(_scale(lexis_level if lexis_level is not None else overall), lexis_lines),
        "coherence": criterion(_scale(discourse_level if discourse_level is not None else overall), discourse_lines),
    }
    heard = [w for t in answered for w in intelligibility.words_of(t.raw)]
    clarity = intelligibility.estimate(heard)
    confidences = [lp for lp in (_logprob(t) for t in answered) if lp is not None]
    if clarity is not None:  # per-word confidence: an estimate with the unsure words as its evidence
        result["pronunciation"] = criterion(clarity["score"], intelligibility.evidence(
            clarity, get_language(lang).name), estimate=True)
    elif confidences:
        avg = mean(confidences)
        result["pronunciation"] = criterion(10 + 10 * avg, [
            f"Estimate from speech-recognition confidence (average log-probability {avg:.2f}): clear speech is "
            "easier to transcribe. It is not a pronunciation assessment by a person."], estimate=True)
    return result


def _turn_corrections(turn: Turn) -> int | None:
    items = turn.raw.get("corrections")
    return len([c for c in items if isinstance(c, dict)]) if isinstance(items, list) else None


def _answer_score(turn: Turn, lang: str) -> int:
    if turn.skipped:
        return 1
    value = cefr.score(cefr.measure([turn.answer], lang, _turn_corrections(turn)))
    return clamp(_scale(value or 0.0))


def _flawless(lang: str, fixes: list[dict]):
    """A scorer wrapper: sentences with a detected error or a recorded correction score 0 (never quoted as good)."""
    corrected = [f["said"].lower() for f in fixes if f.get("said")]

    def wrap(score):
        def scored(sentence: str) -> float:
            low = sentence.lower()
            if grammar_cues.find_errors(sentence, lang) or any(c in low or low in c for c in corrected):
                return 0.0
            return float(score(sentence))
        return scored
    return wrap


def _strengths(turns: list[Turn], lang: str, signals: cefr.Signals, est: cefr.Estimate, fixes: list[dict],
               tracked: bool) -> list[dict]:
    """What the answers show done well, each quoting a sentence with no detected error in it."""
    answered = [t for t in turns if not t.skipped]
    if not answered:
        return []
    clean = _flawless(lang, fixes)
    found = []
    longest = max(answered, key=lambda t: (word_count(t.answer), -turns.index(t)))
    level = {row["name"]: row["suggests"] for row in est.signals}
    at_least_b1 = {"B1", "B2", "C1", "C2"}
    linked = [t for t in answered if cefr.linkers(t.answer, lang)]
    if level.get("linking") in at_least_b1 and linked:
        richest = max(linked, key=lambda t: len(set(cefr.linkers(t.answer, lang))))
        quote = best_sentence(richest.answer, clean(lambda s: len(set(cefr.linkers(s, lang)))))
        found.append({"point": "Linked ideas with linking words and subordinate clauses.", "quote": quote})
    if signals.rare_examples and (level.get("rare_words") in at_least_b1 or level.get("content_zipf") in at_least_b1):
        word = signals.rare_examples[0]
        holder = next((t for t in answered if word in t.answer.lower()), longest)
        quote = best_sentence(holder.answer, clean(lambda s: word in s.lower()))
        found.append({"point": "Reached beyond everyday vocabulary: "
                               + ", ".join(f"“{w}”" for w in signals.rare_examples[:3]) + ".", "quote": quote})
    if tracked and signals.words >= 50 and 100 * len(fixes) / signals.words < 2:
        corrected = f"only {len(fixes)} thing{'s' if len(fixes) != 1 else ''}" if fixes else "nothing"
        found.append({"point": f"Accurate enough that the coach corrected {corrected} in {signals.words} words.",
                      "quote": best_sentence(longest.answer, clean(word_count))})
    return [s for s in found if s["quote"]]


def _detected(turns: list[Turn], lang: str, already: str = "") -> list[dict]:
    """Every error the patterns found, once each, with the sentence it is in and the rule with the right form;
    those inside `already` (the recorded corrections' words) are listed with those instead."""
    found, seen = [], set()
    for t in turns:
        if t.skipped:
            continue
        for start, end in sentences(t.answer):
            sentence = t.answer[start:end]
            for stretch in grammar_cues.find_errors(sentence, lang):
                if stretch.lower() in seen or stretch.lower() in already:
                    continue
                seen.add(stretch.lower())
                found.append({"point": f"Watch this form: “{stretch}”.",
                              "quote": quote_at(t.answer, start), "example": grammar_cues.advice(stretch, lang)})
    return found


def _improvements(turns: list[Turn], lang: str, signals: cefr.Signals, fixes: list[dict],
                  criteria: dict | None = None) -> list[dict]:
    """What to work on: every detected error with its fix first, then the biggest gaps; never empty while an
    error was found or a criterion scored low."""
    found = []
    because = BECAUSE.get(lang, "because")
    for fix in fixes[:2]:
        quote = fix["said"] if any(fix["said"] in t.answer for t in turns) else ""
        found.append({"point": f"Watch this form: “{fix['said']}” → “{fix['fix']}”.", "quote": quote,
                      "example": fix["fix"]})
    detected = _detected(turns, lang, " ".join(f["said"].lower() for f in fixes))
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
    if answered and (signals.values.get("linking") or 0.0) < 0.3:
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
    found = found[:2] + detected + found[2:]  # every detected error is listed, whatever else there is
    low = sorted((n for n, c in (criteria or {}).items() if c["score"] < 6), key=lambda n: criteria[n]["score"])
    if not found and low and answered:
        name = low[0].replace("_", " ")
        found.append({"point": f"Work on {name}: it scored {criteria[low[0]]['score']}/10 (see the evidence above).",
                      "quote": opening(answered[0].answer), "example": _LOW_TIPS.get(low[0], _LOW_TIPS["fluency"])})
    return found[:max(5, len(detected) + 2)]


_LOW_TIPS = {
    "fluency": "Answer for 30–60 seconds without stopping: say what, then why, then an example.",
    "grammatical_accuracy": "Say each answer again slowly, checking verb forms and agreement, then record it once more.",
    "vocabulary_range": "Before each topic, note five words you'd like to use and say each in a sentence aloud.",
    "coherence": "Join your ideas: first…, then…, because…, so….",
    "pronunciation": "Shadow a short native recording for five minutes a day, copying rhythm and stress.",
}


def _linking_words(lang: str, count: int) -> list[str]:
    """Linking words to suggest: whole words only (not the stems and elisions the counter also matches)."""
    words = cefr.LINKERS.get(lang, cefr.LINKERS["en"])
    basic = {"and then", "e poi", "und dann", "en dan", "e depois", "а потом", "then", "also"}
    return [w for w in words if not w.endswith((" qu", "*")) and w != "lorsqu" and w not in basic][:count]


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
    answered = [t for t in turns if not t.skipped]
    metrics = [{**t.metrics, "seconds": t.seconds, "wpm": t.wpm} for t in answered if t.timed]
    fillers = sum(sum(filler_counts(t.answer, lang).values()) for t in answered)
    signals = cefr.measure([t.answer for t in answered], lang, len(fixes) if tracked else None, metrics, fillers)
    est = cefr.estimate(signals)
    level = est.level
    criteria = _criteria(turns, lang, signals, est, fixes, tracked)
    empty = too_little(turns) or level is None
    overall = 1.0 if empty else one_decimal(mean([c["score"] for c in criteria.values()]))
    name = get_language(lang).name
    estimates = "grammatical accuracy" + (" and pronunciation" if "pronunciation" in criteria else "")
    if empty:
        count = len(turns)
        summary = (f"There was too little to judge: {sum(t.words for t in turns)} words of {name} across {count} "
                   f"answer{'s' if count != 1 else ''}. Answer a few prompts in full sentences to get a level.")
    else:
        ranked = sorted(criteria.items(), key=lambda kv: (-kv[1]["score"], kv[0]))
        summary = (f"Estimated level {level} (likely range {est.range}) in {name} (offline estimate) from "
                   f"{signals.answers} answer{'s' if signals.answers != 1 else ''} and {signals.words} words. "
                   "Strongest: "
                   f"{ranked[0][0].replace('_', ' ')} ({ranked[0][1]['score']}/10); work on "
                   f"{ranked[-1][0].replace('_', ' ')} next ({ranked[-1][1]['score']}/10).")
    return {
        "mode": "language",
        "overall": overall,
        "cefr": est.as_report(),
        "criteria": criteria,
        "strengths": [] if empty else _strengths(turns, lang, signals, est, fixes, tracked),
        "improvements": _improvements(turns, lang, signals, fixes, criteria),
        "recommendations": _recommendations(criteria, lang, fixes, any(t.skipped for t in turns)),
        "corrections": fixes,
        "job_terms": {"used": [], "missed": []},
        "answers": [{"question": t.question, "answer": t.answer, "score": _answer_score(t, lang), "covered": [],
                     "missing": []} for t in turns],
        "summary": summary,
        "source": "offline",
        "note": ("Offline estimate: the level comes from measurable signals (recorded corrections, common error "
                 "patterns, how far the vocabulary reaches beyond the most frequent words, range, clause length, "
                 "linking words, and pace when you spoke), never from how much you said. Without a language model "
                 "Parley can't check "
                 f"grammar or meaning, so {estimates} {'are' if ' and ' in estimates else 'is a'} rough "
                 f"estimate{'s' if ' and ' in estimates else ''}."),
    }
