"""The job brief before and during an interview: the role's requirements, each with the résumé line that covers
it or a plain "no evidence in your résumé: expect a question here". Rendering only; core.job.brief decides."""
from __future__ import annotations

import streamlit as st

from core.job.evidence import brief_items, tenure
from core.judge import meaning
from core.md import inert
from core.report.outline import job_summary
from core.spec import PracticeSpec

DURING = "The job you're practising for"


def during(spec: PracticeSpec) -> None:
    """The brief kept at hand while a tailored interview runs: folded, above the transcript."""
    job = job_summary(spec.to_dict())
    if job is None:
        return
    with st.expander(DURING, icon=":material/work:"):
        if job["title"]:
            st.markdown(f"**{inert(job['title'])}**")
        render(spec.job_description, spec.resume, heading=False)


def render(job_description: str, resume: str, heading: bool = True) -> list[dict]:
    """Show the brief for these documents (nothing without a job description); returns it."""
    if not (job_description or "").strip():
        return []
    if not meaning.available():
        st.caption("The sentence model Parley uses to match your résumé to the job is not installed, so there is no "
                   "job brief this time.")
        return []
    found = brief_items(job_description, resume)
    items = [{"requirement": r.text, "evidence": evidence} for r, evidence in found]
    if heading:
        st.markdown("##### Your job brief")
    if not items:
        st.caption("I couldn't find a list of requirements in this job description. Paste the part that says what "
                   "you'll do and what they look for.")
        return items
    main = [_line(item, resume) for (r, _), item in zip(found, items) if not r.optional]
    extra = [_line(item, resume) for (r, _), item in zip(found, items) if r.optional]
    st.markdown("\n".join(main or extra))
    if main and extra:  # what the posting calls a plus, after what it needs
        st.markdown("Nice to have:\n" + "\n".join(extra))
    covered = sum(1 for i in items if i["evidence"])
    if resume.strip():
        st.caption(f"{covered} of {len(items)} requirements have evidence in your résumé, matched by meaning and "
                   "strictly: a line counts only when it clearly shows the requirement.")
    else:
        st.caption("Add your résumé to see which of these it already shows.")
    return items


def _line(item: dict, resume: str) -> str:
    """One requirement of the brief, with its evidence or what to expect."""
    if item["evidence"]:
        return f"- **{inert(item['requirement'])}** — covered by: “{inert(item['evidence'][0])}”"
    if resume.strip() and tenure(item["requirement"]):
        return (f"- **{inert(item['requirement'])}** — years of experience: check your dates against it and be ready "
                "to say how your roles add up")
    if resume.strip():
        return f"- **{inert(item['requirement'])}** — no clear evidence in your résumé: expect a question here"
    return f"- **{inert(item['requirement'])}**"
