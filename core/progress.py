"""Progress across sessions: one row per session, oldest first, from the reports stored with them.

Only stored reports count (History never writes one), so a chart shows exactly what the user
saw on the Feedback page.
"""
from __future__ import annotations

from core.spec import MODE_LABELS


def progress_rows(sessions: list[dict]) -> list[dict]:
    """{"id", "when", "mode", "title", "turns", "overall", "cefr", "wpm", "fillers_per_minute", "long_pauses",
    "source"} per session (None where there is no report or no voice), oldest first."""
    rows = []
    for session in sorted(sessions, key=lambda s: s.get("created_at") or 0):
        report = session.get("report") if isinstance(session.get("report"), dict) else {}
        speech = report.get("speech") if isinstance(report.get("speech"), dict) else {}
        overall = report.get("overall")
        rows.append({
            "id": session["id"],
            "when": session.get("created_at") or 0,
            "mode": MODE_LABELS.get(session.get("mode"), session.get("mode")),
            "title": session.get("title", ""),
            "turns": session.get("turn_count", 0),
            "overall": overall if isinstance(overall, (int, float)) and not isinstance(overall, bool) else None,
            "cefr": (report.get("cefr") or {}).get("level") if isinstance(report.get("cefr"), dict) else None,
            "wpm": speech.get("wpm"),
            "fillers_per_minute": speech.get("fillers_per_minute"),
            "long_pauses": speech.get("long_pauses"),
            "source": report.get("source"),
        })
    return rows
