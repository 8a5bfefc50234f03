"""Show a coaching report: score, what to do next, quoted gaps and strengths, criteria with evidence.

Rendering only; the report comes from services.report and is read from storage. User and model
text is escaped (core.md.inert), so an answer that contains "#" or "$" shows as written. How an
offline estimate was judged is kept under "How this was judged", folded.
"""
from __future__ import annotations

import streamlit as st

from core.coach import panel
from core.md import inert
from core.report.outline import (WHO_ASKED_HEADERS, criterion_label, job_summary, missed_label, out_of_ten, panel_spec,
                                 source_details, source_label, split_terms, who_asked_rows)
from core.speech_summary import pace_verdict

HOW_JUDGED = "How this was judged"
# services.report writes a failed AI report's note as "<why>. Showing Parley's offline report instead. <method>".
FALLBACK_MARK = "Showing Parley's offline report instead."


def render(report: dict, spec: dict | None = None, turns: list[dict] | None = None) -> None:
    """The whole report, in the order a coach would talk it through: the score, what to do next, then why.
    A panel interview's report says who asked what (a table of the questions, from the stored `turns`)."""
    language = report.get("mode") == "language"
    _header(report, language)
    _panel(report, spec, turns)
    _next_steps(report)
    _context(report, spec)
    _points(report)
    _criteria(report, spec)
    if report.get("speech"):
        _delivery(report["speech"], language)
    _requirements(report.get("requirements") or [])
    terms = report.get("job_terms") or {}
    if terms.get("used") or terms.get("missed"):
        for heading, used, missed in split_terms(terms, spec):
            st.markdown(f"#### {heading}")
            st.markdown("**Used:** " + (", ".join(inert(t) for t in used) or "none yet"))
            st.markdown(f"**{missed_label(report)}:** " + (", ".join(inert(t) for t in missed) or "none"))
    model = report.get("model_answer")
    if isinstance(model, dict) and model.get("answer"):
        st.markdown("#### A stronger answer")
        st.caption(f"To your weakest question: {inert(model.get('question', ''))}. Written from what you said; "
                   "fill in anything in [brackets].")
        st.markdown(f"> {inert(model['answer'])}")
    if language:
        _corrections(report.get("corrections") or [])
    _answers(report.get("answers") or [])


def _panel(report: dict, spec: dict | None, turns: list[dict] | None) -> None:
    """Who interviewed, and (with the session's turns) who asked each question."""
    found = panel_spec({"mode": report.get("mode", "interview"), "spec": spec or {}})
    if found is None:
        return
    st.caption(":material/groups: Interviewed by a panel: " + ", ".join(panel.label(p) for p in panel.members(found)))
    rows = who_asked_rows(found, turns or [], report.get("answers"))
    if rows:
        st.markdown("#### Who asked what")
        table = ["| " + " | ".join(WHO_ASKED_HEADERS) + " |", "|---" * len(WHO_ASKED_HEADERS) + "|"]
        table += ["| " + " | ".join(inert(cell) for cell in row) + " |" for row in rows]
        st.markdown("\n".join(table))


def _next_steps(report: dict) -> None:
    """What to do next, first: the report's recommendations, else its points to improve."""
    steps = [r for r in report.get("recommendations") or [] if isinstance(r, str) and r.strip()]
    if not steps:
        steps = [i["point"] for i in report.get("improvements") or [] if isinstance(i, dict) and i.get("point")]
    if steps:
        st.markdown("#### What to do next")
        st.markdown("\n".join(f"{i}. {inert(step)}" for i, step in enumerate(steps, 1)))


def _context(report: dict, spec: dict | None) -> None:
    """Why the report reads as it does: a failed AI report, corrections made to it, its summary, the job practised
    for, and how an offline estimate was judged (folded)."""
    method = report.get("note") or ""
    if report.get("fallback"):  # why the AI report failed stays in view; how the offline one judges is folded
        why, mark, method = method.partition(FALLBACK_MARK)
        st.warning(why + mark, icon=":material/warning:")
        method = method.strip()
    checks = report.get("checks") or []
    if checks:
        with st.expander(f"Checked against Parley's measurements: {len(checks)} correction{'s' if len(checks) != 1 else ''}",
                         icon=":material/fact_check:"):
            st.markdown("\n".join(f"- {inert(line)}" for line in checks))
    if report.get("summary"):
        st.markdown(inert(report["summary"]))
    _job(spec)
    terms = report.get("job_terms") or {}
    word_for_word = report.get("source") == "offline" and terms.get("missed")
    if method or word_for_word:
        with st.expander(HOW_JUDGED, icon=":material/info:"):
            if method:
                st.info(method, icon=":material/info:")
            if word_for_word:
                st.caption("Terms are matched word for word through inflections and plurals. A term you put in other "
                           "words may be listed as not said: the offline sentence model cannot match short terms by "
                           "meaning reliably.")


def _job(spec: dict | None) -> None:
    """A tailored interview's job in short: its title line and its first requirements."""
    job = job_summary(spec)
    if job is None:
        return
    head = "**The job you practised for:**" + (f" {inert(job['title'])}" if job["title"] else "")
    st.markdown(f"{head}\n\n{inert(job['lead'])}" + "".join(f"\n- {inert(r)}" for r in job["first"]))


def _requirements(items: list[dict]) -> None:
    """The job's requirements: which the answers showed (quoted), and which were never shown."""
    items = [i for i in items if isinstance(i, dict) and i.get("requirement")]
    if not items:
        return
    st.markdown("#### The job's requirements")
    shown = [i for i in items if i.get("quotes")]
    missing = [i for i in items if not i.get("quotes")]
    for item in shown:
        st.markdown(f"- **{inert(item['requirement'])}** — you showed it: “{inert(item['quotes'][0])}”")
    if missing:
        st.markdown("**Never shown in this session — prepare these next:**")
        st.markdown("\n".join(f"- {inert(i['requirement'])}" for i in missing))
    st.caption("Matched by meaning to the job description's own lines, strictly: an answer counts only when one "
               "of its sentences clearly shows the requirement, so something you said in other words may be "
               "listed as not shown.")


def _header(report: dict, language: bool) -> None:
    cols = st.columns(2 if language else 1)
    cols[0].metric("Overall", out_of_ten(report.get("overall")))
    if language:
        cefr = report.get("cefr") or {}
        level, likely = cefr.get("level"), cefr.get("range")
        cols[1].metric("Estimated CEFR level", level or "–",
                       delta=f"likely {likely}" if level and likely and likely != level else None, delta_color="off",
                       help="An estimate of the speaking shown in this session, not a certificate.")
        if cefr.get("evidence"):
            with st.expander("Why this level (estimate)"):
                st.markdown("\n".join(f"- {inert(line)}" for line in cefr["evidence"]))
    st.caption(source_label(report), help=f"Technical details: {source_details(report)}" if source_details(report)
               else None)


def _criteria(report: dict, spec: dict | None) -> None:
    criteria = {n: c for n, c in (report.get("criteria") or {}).items() if isinstance(c, dict)}
    if not criteria:
        return
    st.markdown("#### Scores")
    for name, item in criteria.items():
        score = item.get("score") or 0
        estimate = " · estimate" if item.get("estimate") else ""
        st.progress(max(0.0, min(1.0, score / 10)), text=f"**{criterion_label(name, spec)}**: {score}/10{estimate}")
        evidence = item.get("evidence") or []
        if evidence:
            st.caption("\n".join(f"- {inert(e)}" for e in evidence))


def _delivery(speech: dict, language: bool) -> None:
    st.markdown("#### Delivery (measured)")
    low, high = speech.get("wpm_band") or (140, 160)
    cols = st.columns(3)
    wpm = speech.get("wpm")
    verdict = pace_verdict(wpm)
    cols[0].metric("Pace", f"{wpm:.0f} wpm" if wpm else "–",
                   help=None if language else f"A comfortable interview pace is {low}–{high} words per minute.")
    per_minute = speech.get("fillers_per_minute")
    cols[1].metric("Fillers per minute", f"{per_minute:.1f}" if per_minute is not None else "–",
                   help=f"{speech.get('filler_total', 0)} filler words in total.")
    cols[2].metric("Long pauses", speech.get("long_pauses", 0), help="Silences of a second or more mid-answer.")
    count = speech.get("answers", 0)
    text = f"Measured on {count} spoken answer{'s' if count != 1 else ''} ({speech.get('minutes', 0):.1f} min)."
    if verdict and not language:
        text += f" Your pace is {verdict} the comfortable {low}–{high} wpm band."
    st.caption(text)


def _points(report: dict) -> None:
    st.markdown("#### To improve")
    improvements = report.get("improvements") or []
    if not improvements:
        st.caption("Nothing specific this time.")
    for item in improvements:
        text = _quoted(item.get("point", ""), item.get("quote", ""))
        listed = [i for i in item.get("items") or [] if isinstance(i, str) and i.strip()]
        if listed:
            text += "\n\n" + bullets("", listed).lstrip("\n")
        if item.get("example"):
            text += f"\n\n*Try:* {inert(item['example'])}"
        st.markdown(text)
    st.markdown("#### Strengths")
    strengths = report.get("strengths") or []
    if not strengths:
        st.caption("None the transcript could show yet: answer in more detail and they will appear here.")
    for item in strengths:
        st.markdown(_quoted(item.get("point", ""), item.get("quote", "")))


def _quoted(point: str, quote: str) -> str:
    text = f"**{inert(point)}**"
    return text + (f"\n\n> “{inert(quote)}”" if quote else "")


def _corrections(fixes: list[dict]) -> None:
    st.markdown("#### Corrections")
    fixes = [f for f in fixes if isinstance(f, dict) and f.get("said")]
    if not fixes:
        st.caption("No corrections were recorded in this session.")
        return
    rows = ["| You said | Better | Why |", "|---|---|---|"]
    rows += [f"| {inert(f.get('said'))} | {inert(f.get('fix'))} | {inert(f.get('note', ''))} |" for f in fixes]
    st.markdown("\n".join(rows))


def bullets(lead: str, items: list[str]) -> str:
    """A lead-in and one bullet per item (points run together with ";" read as one garbled line)."""
    return f"{lead}\n" + "\n".join(f"- {inert(str(item).rstrip(';'))}" for item in items)


def _answers(answers: list[dict]) -> None:
    scored = [a for a in answers if isinstance(a, dict) and a.get("question")]
    if not scored:
        return
    with st.expander("Score for each answer"):
        for i, item in enumerate(scored, 1):
            asker = panel.get(item.get("asked_by"))
            by = f" · asked by {inert(panel.label(asker))}" if asker else ""
            st.markdown(f"**{i}. {inert(item['question'])}** · {item.get('score', '–')}/10{by}")
            _listed("Made (confirmed)", item.get("covered"))
            _listed("Came close, but I couldn't confirm it", item.get("unconfirmed"))
            opposite = [f"{c.get('point', '')} — you said: “{c.get('quote', '')}”" for c in item.get("contradicted") or []
                        if isinstance(c, dict)]
            _listed("Said the opposite", opposite)
            _listed("Missing", [m for m in item.get("missing") or []
                                if m not in {c.get("point") for c in item.get("contradicted") or [] if isinstance(c, dict)}])
            if item.get("off_topic"):
                st.caption(f"This answer seems to be about another question: “{inert(item['off_topic'])}”.")


def _listed(title: str, items) -> None:
    """One bullet per item under its title, when there are any."""
    items = [i for i in items or [] if isinstance(i, str) and i.strip()]
    if items:
        st.markdown(bullets(f"{title}:", items))
