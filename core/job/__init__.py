"""Tailoring to one job: its requirements, the résumé's evidence for them, its materials as passages.

Pure: the only model is the bundled sentence model, through core.judge.meaning. `brief(job_description,
resume)` is the job brief shown before an interview; `core.coach.interview.question_plan` uses the same
pieces to choose and write questions for the job.
"""
from core.job.evidence import brief, coverage
from core.job.passages import Passage, chunk, retrieve
from core.job.requirements import Requirement, requirements

__all__ = ["Passage", "Requirement", "brief", "chunk", "coverage", "requirements", "retrieve"]
