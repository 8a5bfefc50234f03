"""A finished session as an ordered outline (headings and typed blocks), ready for any exporter.

The Markdown and PDF exports render the same outline, so they always carry the same content:
title, date, overall score, the job a tailored interview was for, criteria, strengths and improvements with
quotes, recommendations, job terms (those of the job description and résumé apart from the questions' own
vocabulary), a model answer, CEFR and corrections for language tests, then the transcript with each answer's score.
A panel interview also says who asked what: a table of the questions and their askers, and each interviewer's
name on their lines of the transcript.
"""
from __future__ import annotations

import datetime as dt
import re

from core.coach import panel
from core.cues import strip_interrupted
from core.job import text as job_text
from core.job.requirements import requirements
from core.job_terms import extract, stem_key
from core.speech_summary import speech_lines
from core.spec import MODE_LABELS, PracticeSpec

CRITERION_LABELS = {
    "relevance": "Relevance & accuracy",
    "structure": "Structure",
    "clarity": "Clarity & conciseness",
    "confidence": "Confidence",
    "delivery": "Delivery",
    "fluency": "Fluency",
    "grammatical_accuracy": "Grammatical accuracy",
    "vocabulary_range": "Vocabulary range",
    "coherence": "Coherence",
    "pronunciation": "Pronunciation",
    "engagement": "Engagement",
    "fillers": "Filler words",
}

# Block kinds: ("text", str) ("bullets", [str]) ("numbered", [str]) ("quote", str) ("table", headers, rows)
# ("point", point, quote, example) ("turn", speaker, text, spoken, score) ("note", str); a turn's score is "" when
# it is not a scored answer



JOB_HEADING, QUESTION_HEADING = "Terms from your job description and résumé", "The questions' own vocabulary"


def split_terms(terms: dict, spec: dict | None) -> list[tuple[str, list[str], list[str]]]:
    """(heading, used, missed) per source: the terms of the pasted job description and résumé apart from the
    question bank's own vocabulary (the report lists them together). The page and both exports show these."""
    job_text = " \n".join(str((spec or {}).get(k) or "") for k in ("job_description", "resume"))
    job = {stem_key(t) for t in extract(job_text)} if job_text.strip() else set()
    used, missed = list(terms.get("used") or []), list(terms.get("missed") or [])
    groups = [(JOB_HEADING, [t for t in used if stem_key(t) in job], [t for t in missed if stem_key(t) in job]),
              (QUESTION_HEADING, [t for t in used if stem_key(t) not in job],
               [t for t in missed if stem_key(t) not in job])]
    return [group for group in groups if group[1] or group[2]]


JOB_SHOWN = 3  # requirements named in the report's short summary of the job
# A first line that names a section, not the post ("About us", "What you'll do").
_SECTION = re.compile(r"^(?:about\b|who we are|what (?:you|we)\b|why\b|the role\b|role\b|overview\b|"
                      r"job (?:description|summary|purpose)\b|summary\b|responsibilit|requirements?\b|introduction\b|"
                      r"our\b|the (?:team|company|opportunity|job|position)\b)", re.IGNORECASE)


def job_summary(spec: dict | None) -> dict | None:
    """A tailored interview's job in short: {"title": the posting's title line ("" when it opens otherwise),
    "count": how many requirements it states, "lead": a line saying so, "first": the first JOB_SHOWN of them};
    None for a session with no job description."""
    spec = spec or {}
    job = str(spec.get("job_description") or "")
    if spec.get("mode", "interview") != "interview" or not job.strip():
        return None
    first = next((job_text.strip_bullet(job[s:e]) for s, e in job_text.lines(job)), "")
    titled = len(first.split()) <= 14 and not re.search(r"[.!?:;,]$", first) and not _SECTION.match(first)
    found = [r.text for r in requirements(job)]
    if not found:
        lead = "No list of requirements could be read from the job description."
    elif len(found) <= JOB_SHOWN:
        lead = f"It states {len(found)} requirement{'s' if len(found) != 1 else ''}:"
    else:
        lead = f"It states {len(found)} requirements; the first {JOB_SHOWN}:"
    return {"title": first if titled else "", "count": len(found), "lead": lead, "first": found[:JOB_SHOWN]}


def _job_section(spec: dict | None) -> list[dict]:
    job = job_summary(spec)
    if job is None:
        return []
    blocks = [("text", job["title"])] if job["title"] else []
    blocks.append(("text", job["lead"]))
    if job["first"]:
        blocks.append(("bullets", job["first"]))
    return [{"heading": "The job you practised for", "blocks": blocks}]


def out_of_ten(score) -> str:
    """A score as shown: "7/10", "6.4/10" (the overall has one decimal), "–/10" when there is none."""
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        return "–/10"
    return f"{score:g}/10"

def criterion_label(name: str, spec: dict | None = None) -> str:
    """A readable criterion name; structure says STAR for behavioral interviews."""
    label = CRITERION_LABELS.get(name, name.replace("_", " ").capitalize())
    if name == "structure" and (spec or {}).get("interview_type") == "behavioral":
        label += " (STAR)"
    return label


def missed_label(report: dict) -> str:
    """Offline, terms are matched by their words (through inflections), not by meaning: say so."""
    return "Not said in these words" if report.get("source") == "offline" else "Missed"


def source_label(report: dict) -> str:
    """Who wrote the report, in a few words."""
    if report.get("source") == "llm":
        return "AI coach report"
    if report.get("fallback"):
        return "Offline estimate (the AI coach report failed)"
    return "Offline estimate"


def source_details(report: dict) -> str:
    """The service and model that wrote an AI coach report, for "Technical details" ('' for an offline one)."""
    return f"Written by {report['model']}" if report.get("source") == "llm" and report.get("model") else ""


def session_date(session: dict) -> str:
    return dt.datetime.fromtimestamp(session.get("created_at") or 0).strftime("%Y-%m-%d %H:%M")


def outline(session: dict, turns: list[dict], report: dict | None) -> dict:
    """{"title", "subtitle", "sections": [{"heading", "blocks"}]} for a session, its stored turns and report."""
    mode = session.get("mode", "chat")
    answers = sum(1 for t in turns if t.get("role") == "user")
    subtitle = f"{MODE_LABELS.get(mode, mode)} · {session_date(session)} · {answers} answer{'s' if answers != 1 else ''}"
    job = _job_section({"mode": mode, **(session.get("spec") or {})})
    sections = _report_sections(session, report) if report else [
        {"heading": "Report", "blocks": [("text", "No coaching report has been generated for this session yet.")]}]
    at = 1 if report else 0  # after the report's summary, or first
    sections[at:at] = job
    spec = panel_spec(session)
    if spec is not None:
        rows = who_asked_rows(spec, turns, (report or {}).get("answers"))
        sections.append({"heading": "Who asked what", "blocks": [("table", WHO_ASKED_HEADERS, rows)] if rows
                         else [("text", "No question was asked yet.")]})
    sections.append({"heading": "Transcript", "blocks": _transcript(turns, (report or {}).get("answers"), spec)})
    return {"title": session.get("title") or "Parley session", "subtitle": subtitle, "sections": sections}


def _report_sections(session: dict, report: dict) -> list[dict]:
    spec = session.get("spec") or {}
    head = [("text", f"Overall: {out_of_ten(report.get('overall'))}")]
    cefr = report.get("cefr") or {}
    if report.get("mode") == "language" and cefr:
        head.append(("text", f"Estimated CEFR level: {cefr.get('level') or 'too little to judge'} (an estimate)"))
    head.append(("text", f"Source: {source_label(report)}"))
    if source_details(report):
        head.append(("text", f"Technical details: {source_details(report)}"))
    if report.get("note"):
        head.append(("note", report["note"]))
    for line in report.get("checks") or []:
        head.append(("note", f"Checked against Parley's measurements: {line}"))
    if report.get("summary"):
        head.append(("text", report["summary"]))
    sections = [{"heading": "Summary", "blocks": head}]

    rows = [[criterion_label(name, spec) + (" (estimate)" if c.get("estimate") else ""), f"{c.get('score', '–')}/10",
             " ".join(c.get("evidence") or [])]
            for name, c in (report.get("criteria") or {}).items() if isinstance(c, dict)]
    if rows:
        sections.append({"heading": "Scores", "blocks": [("table", ["Criterion", "Score", "Evidence"], rows)]})
    if report.get("mode") == "language" and cefr.get("evidence"):
        sections.append({"heading": "CEFR level", "blocks": [("bullets", list(cefr["evidence"]))]})
    measured = speech_lines(report.get("speech"), band=report.get("mode") != "language")
    if measured:
        sections.append({"heading": "Delivery (measured)", "blocks": [("bullets", measured)]})
    sections.append({"heading": "Strengths", "blocks": [("point", s.get("point", ""), s.get("quote", ""), "")
                                                        for s in report.get("strengths") or []]
                     or [("text", "None the transcript could show yet.")]})
    sections.append({"heading": "To improve", "blocks": [("point", i.get("point", ""), i.get("quote", ""),
                                                          i.get("example", ""))
                                                         for i in report.get("improvements") or []]
                     or [("text", "Nothing specific.")]})
    if report.get("recommendations"):
        sections.append({"heading": "Recommendations", "blocks": [("numbered", list(report["recommendations"]))]})
    required = [r for r in report.get("requirements") or [] if isinstance(r, dict) and r.get("requirement")]
    if required:
        blocks = [("point", r["requirement"], r["quotes"][0], "") for r in required if r.get("quotes")]
        never = [r["requirement"] for r in required if not r.get("quotes")]
        if never:
            blocks += [("text", "Never shown in this session — prepare these next:"), ("bullets", never)]
        sections.append({"heading": "The job's requirements", "blocks": blocks})
    for heading, used, missed in split_terms(report.get("job_terms") or {}, spec):  # each source in its own section
        sections.append({"heading": heading, "blocks": [
            ("text", "Used: " + (", ".join(used) or "none")),
            ("text", f"{missed_label(report)}: " + (", ".join(missed) or "none"))]})
    model = report.get("model_answer")
    if isinstance(model, dict) and model.get("answer"):
        sections.append({"heading": "A stronger answer", "blocks": [
            ("text", f"Question: {model.get('question', '')}"), ("quote", model["answer"])]})
    fixes = [c for c in report.get("corrections") or [] if isinstance(c, dict)]
    if report.get("mode") == "language":
        sections.append({"heading": "Corrections", "blocks": [
            ("table", ["You said", "Better", "Why"], [[c.get("said", ""), c.get("fix", ""), c.get("note", "")]
                                                       for c in fixes])]
            if fixes else [("text", "No corrections were recorded in this session.")]})
    return sections


def panel_spec(session: dict) -> PracticeSpec | None:
    """The set-up of a panel interview (core.coach.panel), None for any other session."""
    try:
        spec = PracticeSpec.from_dict({"mode": session.get("mode", "chat"), **(session.get("spec") or {})})
    except (TypeError, ValueError):
        return None
    return spec if panel.is_panel(spec) else None


WHO_ASKED_HEADERS = ["#", "Question", "Asked by", "Score"]


def who_asked_rows(spec: PracticeSpec, turns: list[dict], answers: list | None) -> list[list[str]]:
    """[number, question, who asked it, its score ("" when not scored)] for each question of a panel interview."""
    scores = {a.get("question"): out_of_ten(a.get("score")) for a in answers or [] if isinstance(a, dict)}
    return [[str(n), question, panel.label(p), scores.get(question, "")]
            for n, (question, p) in enumerate(panel.who_asked(spec, turns), 1)]


def _transcript(turns: list[dict], answers: list | None = None, spec: PracticeSpec | None = None) -> list[tuple]:
    blocks, scores = [], answer_scores(turns, answers)
    speakers = panel.turn_speakers(spec, turns) if spec is not None else [[] for _ in turns]
    for i, (turn, said) in enumerate(zip(turns, speakers)):
        text, _ = strip_interrupted(turn.get("content") or "")
        spoken = (turn.get("meta") or {}).get("input") == "voice"
        who = "You" if turn.get("role") == "user" else ", then ".join(
            panel.label(p) for p in _runs(said)) or "Coach"
        blocks.append(("turn", who, text, spoken, scores.get(i, "")))
    return blocks or [("text", "This session has no turns yet.")]


def _runs(said: list) -> list:
    """Speakers in order, a repeat in a row once."""
    return [p for i, p in enumerate(said) if i == 0 or said[i - 1] is not p]


def _words(text) -> str:
    return " ".join(strip_interrupted(str(text or ""))[0].split())


def answer_scores(turns: list[dict], answers: list | None) -> dict[int, str]:
    """The report's score of each answer ("6/10"), keyed by the stored turn it ends with. Answers are matched to
    the user's turns by their words, in order; one answer may join two turns (a second answer to the same question),
    and requests ("repeat") match none."""
    scored = [a for a in answers or [] if isinstance(a, dict) and isinstance(a.get("score"), (int, float))
              and not isinstance(a.get("score"), bool)]
    ends: dict[int, int] = {}  # answer -> its last turn
    at = 0
    for i, turn in enumerate(turns):
        said = _words(turn.get("content")) if turn.get("role") == "user" else ""
        if not said:
            continue
        for k in range(at, len(scored)):
            whole = _words(scored[k].get("answer"))
            later = whole.endswith(" " + said)  # the later part of an answer that joins two turns
            if later or (k not in ends and (whole == said or whole.startswith(said + " "))):
                ends[k], at = i, k
                break
    return {i: out_of_ten(scored[k]["score"]) for k, i in ends.items()}
