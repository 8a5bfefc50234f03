"""The end-of-session coaching report: written by the LLM when there is one, else offline.

The LLM path gives the model Parley's measured judgement as evidence, asks for the report's JSON
schema (structured output; plain JSON mode where the model refuses a schema), validates it, checks
every quote is the user's own words, and asks for one repair; then every claim that contradicts a
measurement is flagged or dropped (core.report.evidence), each change listed in "checks". If that still fails, or the provider errors, the offline report is used with a
note saying why. Either way, measured facts (pace, fillers, pauses, STT confidence) are pinned
on from Parley's own measurements, so a model can't invent numbers.
"""
from __future__ import annotations

import time
from typing import Callable

from config import Settings
from core import asked as core_asked
from core import banks
from core.cues import is_answer, strip_interrupted
from core.errors import StageError
from core.feedback import offline_report
from core.job import coverage as job_coverage
from core.job_terms import requirement_terms
from core.feedback.language import corrections as recorded_corrections
from core.report.parsing import ReportParseError, parse_report, unverified_quotes
from core.report.consistent import reconcile
from core.report.evidence import check as check_against_measurements, evidence_lines
from core.report.prompts import report_messages, repair_prompt
from core.report.schema import response_format
from core.speech_summary import speech_summary
from services.llm import LABELS, get_provider
from services.providers import PROVIDERS
from services.llm.budget import budgeted

PROGRESS = ("Reading your answers…", "Scoring…", "Writing feedback…")
MEASURED = ("delivery", "pronunciation")  # criteria that only Parley's measurements may fill
_SCHEMA_REFUSED: set[tuple[str, str]] = set()  # (provider, model) that answered 400 to a json_schema request


# ---- stored turns -> report turns --------------------------------------------------------------

def _merge(first: dict, extra: dict) -> dict:
    """Two answers in a row to one question (the reply in between failed) as one answer."""
    merged = {**first, "answer": f"{first['answer']} {extra['answer']}".strip()}
    if "seconds" in first or "seconds" in extra:
        merged["seconds"] = round(first.get("seconds", 0.0) + extra.get("seconds", 0.0), 2)
    a, b = first.get("metrics") or {}, extra.get("metrics") or {}
    if a or b:
        metrics = {**a, **b}
        for key in ("filler_total", "long_pauses", "words"):
            if isinstance(a.get(key), int) or isinstance(b.get(key), int):
                metrics[key] = int(a.get(key) or 0) + int(b.get(key) or 0)
        metrics.pop("wpm", None)  # recomputed from the joined answer and its total seconds
        merged["metrics"] = metrics
    if "avg_logprob" in first and "avg_logprob" in extra:
        merged["avg_logprob"] = (first["avg_logprob"] + extra["avg_logprob"]) / 2
    if isinstance(first.get("words"), list) or isinstance(extra.get("words"), list):
        merged["words"] = (first.get("words") or []) + (extra.get("words") or [])
    merged["corrections"] = (first.get("corrections") or []) + (extra.get("corrections") or [])
    if not merged["corrections"]:
        merged.pop("corrections")
    if extra.get("cut") and not first.get("cut"):
        merged["cut"] = extra["cut"]  # either part cut at a timed interview's limit: the answer was
    return merged


def session_turns(turns: list[dict], mode: str | None = None, language: str | None = None,
                  limit: int | None = None) -> list[dict]:
    """Stored turns ({"role", "content", "meta"}) as report turns: each user answer paired with the question
    that asked it, with its voice measurements ("seconds", "metrics", "avg_logprob") and bank "question_id".

    The question is the one each reply recorded as asked (core.asked): its exact text and bank id, never found
    by searching the message for bank wording. A follow-up or a repeat of the same question joins the answers
    to it. Turns saved before records existed: the bank question that ends the message, else its last question
    sentence (a language test: the examiner's whole message, as then).

    "repeat" and "wait" are requests, not answers, so they are left out; two answers in a row are joined. A message the
    safety screen refused (meta "screened") and the reply to it are left out too: the question stays open.
    With `limit` (an interview's planned questions), messages after the last planned answer are not answers:
    the interview was over (the closing remark is not a question).
    In a language test the question is the examiner's prompt; the whole message, with any inline correction in
    it, is kept as "examiner_said" for the report writer; inline corrections are not extracted here (free text in 13 languages
    can't be parsed reliably), only ones recorded on a turn's meta as "corrections".
    """
    cues = banks.language_pack(language).get("cues") if mode == "language" and language else None
    bank = list(banks.all_questions().values()) if mode in (None, "interview") else []
    report_turns: list[dict] = []
    asked: dict = {"text": "", "id": None, "said": ""}
    answered = False
    for turn in turns or []:
        content = str(turn.get("content") or "")
        if isinstance(turn.get("meta"), dict) and turn["meta"].get("screened"):
            continue  # a message the safety screen refused, or the refusal: never quoted, never judged
        if turn.get("role") == "assistant":
            if core_asked.has_record(turn):
                rec = core_asked.asks(turn)
                if rec is None:
                    continue  # asked nothing new ("take your time"): the open question stays open
                if rec["text"] == asked["text"] and rec.get("kind") in ("follow_up", "repeat"):
                    asked["said"] = content  # the same question again: a further answer joins the first
                    if rec.get("kind") == "follow_up":
                        asked["follow_up"] = content
                    continue
                asked, answered = {"text": rec["text"], "id": rec.get("id"), "said": content, "by": rec.get("by")}, False
            else:  # saved before question records: the question at the end of the message
                text, found = core_asked.legacy_question(content, bank) if bank else (content, None)
                if mode != "language" and not found:
                    text = core_asked.last_question_sentence(content)
                asked, answered = {"text": text, "id": found["id"] if found else None, "said": content}, False
            continue
        if not is_answer(content, cues):
            continue
        meta = turn.get("meta") or {}
        item: dict = {"question": asked["text"], "answer": content.strip(), "input": meta.get("input", "text")}
        if asked["id"] and mode in (None, "interview"):
            item["question_id"] = asked["id"]
        if asked.get("by"):
            item["asked_by"] = asked["by"]  # the panelist who asked it (core.coach.panel)
        if mode == "language" and asked["said"] != asked["text"]:
            item["examiner_said"] = asked["said"]  # the whole message, with any inline correction in it
        metrics = meta.get("metrics") if isinstance(meta.get("metrics"), dict) else {}
        seconds = meta.get("seconds", metrics.get("seconds"))
        if isinstance(seconds, (int, float)) and seconds > 0:
            item["seconds"] = float(seconds)
        if metrics:
            item["metrics"] = metrics
        if isinstance(meta.get("avg_logprob"), (int, float)):
            item["avg_logprob"] = float(meta["avg_logprob"])
        if isinstance(meta.get("words"), list):
            item["words"] = meta["words"]  # per-word recognizer confidence: the intelligibility estimate
        if isinstance(meta.get("corrections"), list):
            item["corrections"] = meta["corrections"]
        if meta.get("cut"):  # cut at a timed interview's limit (services.clock)
            item["cut"] = {"limit_s": meta.get("limit_s"), "reason": meta.get("cut_reason")}
        if mode == "language" and language:
            item["language"] = language
        if answered and report_turns:
            if asked.get("follow_up") and "follow_up" not in report_turns[-1]:
                report_turns[-1]["follow_up"] = {"asked": asked["follow_up"], "answer": item["answer"],
                                                 "first": report_turns[-1]["answer"]}
            report_turns[-1] = _merge(report_turns[-1], item)
        elif limit is not None and len(report_turns) >= limit:
            continue  # after the interview was complete: kept in the transcript, never scored
        else:
            report_turns.append(item)
        answered = True
    return report_turns


# ---- generating --------------------------------------------------------------------------------

def report_model(settings: Settings) -> str:
    """The model that writes reports for the active provider."""
    cloud = PROVIDERS.get(settings.llm_provider)
    return cloud.model(settings, "report") if cloud else settings.llm_model


def _ask(provider, messages: list[dict], settings: Settings, mode: str, model: str) -> str:
    """One completion in the report's JSON schema; plain JSON mode where the model refuses a schema."""
    common = dict(max_tokens=settings.max_tokens_report, temperature=settings.temperature_report, model=model)
    key = (provider.name, model)
    if key not in _SCHEMA_REFUSED:
        try:
            return provider.complete(messages, response_format=response_format(mode), **common)
        except StageError as exc:
            if exc.code not in ("http_400", "http_422"):
                raise
            _SCHEMA_REFUSED.add(key)  # e.g. Groq models without structured outputs: don't ask again
    return provider.complete(messages, json_mode=True, **common)


def _checked(text: str, mode: str, answers: list[str]) -> dict:
    """A parsed report whose quotes are all the user's own words; ReportParseError otherwise."""
    report = parse_report(text, mode)
    problems = unverified_quotes(report, answers)
    if problems:
        raise ReportParseError(problems)
    return report


def _llm_report(provider, settings: Settings, session: dict, turns: list[dict],
                tell: Callable[[str], None], judged: list[str] | None = None) -> tuple[dict | None, str]:
    """(report, "") from the LLM with one repair retry, or (None, why it failed). `judged`: Parley's
    measured judgement, given to the model as evidence."""
    mode = session["mode"]
    model = report_model(settings)
    messages = report_messages(mode, session.get("spec") or {}, turns, judged)
    answers = [strip_interrupted(t["answer"])[0] for t in turns]
    try:
        text = _ask(provider, messages, settings, mode, model)
    except StageError as exc:
        return None, f"The AI coach could not write this report: {exc.message}"
    tell(PROGRESS[2])
    try:
        return _checked(text, mode, answers), ""
    except ReportParseError as exc:
        first = exc.problems
    repair = repair_prompt(text, first, mode)
    try:  # the repair instructions, the session again (to check quotes against), then the bad output
        text = _ask(provider, [repair[0], messages[1], repair[1]], settings, mode, model)
    except StageError as exc:
        return None, f"The AI coach's report was unusable and the retry failed: {exc.message}"
    try:
        return _checked(text, mode, answers), ""
    except ReportParseError as exc:
        return None, f"The AI coach's report was unusable twice ({exc.problems[0]})"


def _pin_measurements(report: dict, offline: dict, turns: list[dict], mode: str, language: str) -> dict:
    """Measured criteria and numbers from Parley's measurements, whatever the model wrote."""
    criteria = dict(report.get("criteria") or {})
    for name in MEASURED:
        if name in offline["criteria"]:
            criteria[name] = offline["criteria"][name]
        else:
            criteria.pop(name, None)  # no measurements, so no score
    report = {**report, "criteria": criteria, "speech": speech_summary(turns, language)}
    if mode == "language":
        report["cefr"] = {**(report.get("cefr") or {"level": None, "evidence": []}), "estimate": True}
        seen, merged = set(), []
        for fix in (report.get("corrections") or []) + recorded_corrections(turns):
            key = (fix.get("said"), fix.get("fix")) if isinstance(fix, dict) else None
            if key and key not in seen:
                seen.add(key)
                merged.append(fix)
        report["corrections"] = merged
    return report


def generate_report(session: dict, turns: list[dict], settings: Settings,
                    progress: Callable[[str], None] | None = None, limiter=None) -> dict:
    """The coaching report for a session (a Store session dict) and its stored turns.

    `progress` is told each step (PROGRESS) as it starts. Never raises for a provider failure:
    the offline report comes back instead, with "fallback": True and a "note" saying why.
    Every model call (and the repair) is paid from `limiter`, the visitor's budget, when given.
    """
    tell = progress or (lambda _step: None)
    mode = session["mode"]
    spec = session.get("spec") or {}
    language = spec.get("language", "en") if mode == "language" else "en"
    tell(PROGRESS[0])
    planned = spec.get("num_questions") if mode == "interview" else None
    turns = session_turns(turns, mode, language if mode == "language" else None,
                          limit=planned if isinstance(planned, int) and planned > 0 else None)
    job = str(spec.get("job_description") or "") if mode == "interview" else ""
    offline = offline_report(turns, mode, language if mode == "language" else None,
                             job_terms=requirement_terms(job) if job.strip() else None)
    tell(PROGRESS[1])
    why = ""
    if turns:  # with no answers there is nothing for a model to judge: the offline report says so
        try:
            provider = budgeted(get_provider(settings), limiter)
        except StageError as exc:
            provider, why = None, f"The AI coach is not available: {exc.message}"
        if provider is not None and provider.name != "offline":
            report, why = _llm_report(provider, settings, {**session, "spec": spec}, turns, tell,
                                      evidence_lines(offline, mode))
            if report is not None:
                report = check_against_measurements(report, offline, mode)
                report = {**report, "source": "llm", "note": None, "fallback": False,
                          "model": f"{LABELS.get(provider.name, provider.name)} · {report_model(settings)}"}
                report = _pin_measurements(report, offline, turns, mode, language)
                return {**reconcile(report), **_requirements(mode, spec, turns), "generated_at": time.time()}
    tell(PROGRESS[2])
    report = _pin_measurements(offline, offline, turns, mode, language)
    if why:
        report["note"] = f"{why.rstrip('.')}. Showing Parley's offline report instead. {offline.get('note') or ''}".strip()
        report["fallback"] = True
    return {**reconcile(report), **_requirements(mode, spec, turns), "generated_at": time.time()}


def _requirements(mode: str, spec: dict, turns: list[dict]) -> dict:
    """{"requirements": [...]}: the job's requirements, each with the answer sentences that showed it ([] when
    none did), measured by Parley whoever wrote the report; {} without a job description."""
    job = str(spec.get("job_description") or "") if mode == "interview" else ""
    if not job.strip():
        return {}
    answers = [strip_interrupted(t["answer"])[0] for t in turns]
    return {"requirements": job_coverage(job, answers)}
