"""The offline coaching report: a deterministic, evidence-only review of a finished session.

`offline_report(turns, mode)` is what Parley shows when no LLM is configured, and what an LLM
report falls back to. Its shape is the schema in core.report.schema (REPORT_SCHEMAS[mode]).
Each mode has its own module (interview, language, chat; common holds what they share); this one only routes.
"""
from __future__ import annotations

from core.feedback import chat as feedback_chat, interview as feedback_interview, language as feedback_language
from core.feedback.common import prepare
from core.report.consistent import reconcile
from core.report.schema import MODES


def offline_report(turns: list[dict], mode: str, language: str | None = None, *,
                   job_terms: list[str] | None = None) -> dict:
    """A coaching report for `turns` ({"question", "answer", optional "seconds", "metrics", "question_id",
    and for language tests "corrections", "avg_logprob"}) in `mode` ("interview", "language" or "chat").

    `language` (a code such as "es") matters only for language tests; without it the language is
    read from the turns or the prompts. `job_terms` are terms from the job description and résumé
    (core.job_terms.requirement_terms), tracked in an interview report beside the bank questions' terms.
    """
    if mode not in MODES:
        raise ValueError(f"Unknown report mode {mode!r}; expected one of {MODES}")
    if mode == "interview":
        return reconcile(feedback_interview.report(prepare(turns), job_terms=job_terms))
    if mode == "language":
        return reconcile(feedback_language.report(turns, language))
    return reconcile(feedback_chat.report(prepare(turns, lookup=False)))
