"""A report's parts must not contradict each other, whoever wrote them.

The criteria, the strengths and the corrections are written in different places (the offline report, an LLM,
Parley's measurements pinned on afterwards), so a report could say "No corrections were recorded" above three
corrections, or "Strengths: none" beside a criterion scored 10/10. `reconcile` removes such contradictions.
"""
from __future__ import annotations

STRONG_CRITERION = 9.5  # a criterion scored 10/10 is a strength the report names when it quotes none


def _label(name: str) -> str:
    return name.replace("_", " ")


def reconcile(report: dict) -> dict:
    """The report with no line denying what another part of it shows."""
    report = dict(report)
    fixes = [c for c in report.get("corrections") or [] if isinstance(c, dict)]
    criteria = {k: dict(v) for k, v in (report.get("criteria") or {}).items() if isinstance(v, dict)}
    if fixes:
        for criterion in criteria.values():
            criterion["evidence"] = [e for e in criterion.get("evidence") or []
                                     if not str(e).lower().startswith("no corrections")]
    report["criteria"] = criteria
    answered = any(str(a.get("answer") or "").strip() for a in report.get("answers") or [] if isinstance(a, dict))
    if not report.get("strengths") and answered:
        scored = [(float(c["score"]), name, c) for name, c in criteria.items()
                  if isinstance(c.get("score"), (int, float)) and c["score"] >= STRONG_CRITERION]
        if scored:
            score, name, criterion = max(scored, key=lambda s: (s[0], s[1]))
            evidence = " ".join(str(e) for e in (criterion.get("evidence") or [])[:1])
            report["strengths"] = [{"point": f"Your best-scored area was {_label(name)}: {score:g}/10."
                                    + (f" {evidence}" if evidence else ""), "quote": ""}]
    return report
