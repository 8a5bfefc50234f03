"""History: every saved session with its score, progress charts, and open / export / delete per session."""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from core.attempts import attempt_lines, short_judgement
from core.md import inert
from core.progress import progress_rows
from core.report.outline import out_of_ten
from core.spec import MODE_LABELS
from services import report as report_service
from ui import feedback, state
from ui.practise_again import asked

MAX_LISTED = 50  # sessions with their own controls; the table and charts cover all of them
DATE_FORMAT = "%-d %b"  # "26 Nov": the date axis's labels
# One fixed colour per mode, whatever is shown or deleted, so a mode keeps its colour across visits.
MODE_COLOURS = {"Mock interview": "#4F46E5", "Language test": "#D97706", "Chat": "#059669"}
POINT_SIZE = 70  # px²: a point per session, big enough to see and to hover
EDGE_PX = 14  # room at the chart's edges, so the first and last points are not cut in half


def render() -> None:
    mode = st.radio("Show", ["all", *MODE_LABELS], horizontal=True, key="hist_mode",
                    format_func=lambda m: "All" if m == "all" else MODE_LABELS[m])
    sessions = state.listed_sessions(None if mode == "all" else mode, limit=500)
    sessions.sort(key=lambda s: s["created_at"], reverse=True)  # a new report must not reorder the rows
    if not sessions:
        st.info("No sessions here yet. Practise on the Mock interview, Language test or Chat page, open the "
                "Feedback page for your report, and your progress will show up here.")
        st.page_link("pages/home.py", label="Start practising", icon=":material/play_arrow:")
        return
    rows = progress_rows(sessions)
    frame = pd.DataFrame(rows)
    counts = state.store().attempt_counts()
    frame["attempts"] = [counts.get(sid, 0) for sid in frame["id"]]
    frame["when"] = pd.to_datetime(frame["when"], unit="s")
    _table(frame)
    _charts(frame)
    st.markdown("#### Sessions")
    for session in sessions[:MAX_LISTED]:
        _session_row(session, counts.get(session["id"], 0))
    if len(sessions) > MAX_LISTED:
        st.caption(f"Showing the latest {MAX_LISTED} of {len(sessions)} sessions.")


def _cell(value, fmt: str = "{}") -> str:
    """A table cell: blank where there is nothing to show (never "None")."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return fmt.format(value)


def _table(frame: pd.DataFrame) -> None:
    shown = pd.DataFrame({
        "when": frame["when"],
        "title": frame["title"],
        "mode": frame["mode"],
        "overall": [_cell(v, "{:g}/10") for v in frame["overall"]],
        "cefr": [_cell(v) for v in frame["cefr"]],
        "wpm": [_cell(v, "{:.0f}") for v in frame["wpm"]],
        "fillers_per_minute": [_cell(v, "{:.1f}") for v in frame["fillers_per_minute"]],
        "turns": frame["turns"],
        "attempts": [str(n) if n else "" for n in frame["attempts"]],
    }).sort_values("when", ascending=False)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=table_columns())


PAGE_WIDTH_PX = 704  # the centered layout's content width: the table's columns must fit in it


def table_columns() -> dict:
    """The History table's columns, in pixel widths that add up to the page's width (the last one was cut off)."""
    return {
        "when": st.column_config.DatetimeColumn("Date", format="MMM D, HH:mm", width=92),
        "title": st.column_config.TextColumn("Session", width=170),
        "mode": st.column_config.TextColumn("Mode", width=100), "turns": st.column_config.NumberColumn("Turns", width=50),
        "overall": st.column_config.TextColumn("Score", width=55), "cefr": st.column_config.TextColumn("CEFR", width=45),
        "wpm": st.column_config.TextColumn("Pace", width=45, help="Words per minute"),
        "fillers_per_minute": st.column_config.TextColumn("Fillers", width=50, help="Filler words per minute"),
        "attempts": st.column_config.TextColumn("Again", width=50, help="Practised again: new attempts made from the report"),
    }


def day_ticks(when: pd.Series) -> list[alt.DateTime]:
    """One date label per day with a session, under that day's first session, so every label sits inside the axis
    however short the span (Vega's own ticks repeated a date over two days and lay between the sessions)."""
    firsts = when.groupby(when.dt.normalize()).min()
    return [alt.DateTime(year=t.year, month=t.month, date=t.day, hours=t.hour, minutes=t.minute, seconds=t.second,
                         milliseconds=t.microsecond // 1000) for t in firsts]


def _line(frame: pd.DataFrame, field: str, title: str, domain: tuple | None = None,
          band: tuple | None = None) -> alt.LayerChart | alt.Chart:
    """A line over time with a point per session; an optional shaded target band."""
    y = alt.Y(f"{field}:Q", title=title,
              scale=alt.Scale(domain=list(domain), padding=EDGE_PX) if domain else alt.Scale(padding=EDGE_PX))
    modes = [m for m in MODE_COLOURS]
    line = alt.Chart(frame).mark_line(point=alt.OverlayMarkDef(size=POINT_SIZE, filled=True)).encode(
        x=alt.X("when:T", title="Session date", scale=alt.Scale(padding=EDGE_PX),
                axis=alt.Axis(format=DATE_FORMAT, values=day_ticks(frame["when"]), labelOverlap=True)), y=y,
        # A line per mode (color also groups the line), each in its own fixed colour.
        color=alt.Color("mode:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=modes, range=[MODE_COLOURS[m] for m in modes])),
        tooltip=[alt.Tooltip("when:T", title="Date", format="%Y-%m-%d %H:%M"), alt.Tooltip("title:N", title="Session"),
                 alt.Tooltip(f"{field}:Q", title=title)])
    if not band:
        return line
    shade = alt.Chart(pd.DataFrame({"low": [band[0]], "high": [band[1]]})).mark_rect(opacity=0.15, color="green") \
        .encode(y="low:Q", y2="high:Q")
    return shade + line


def _charts(frame: pd.DataFrame) -> None:
    st.markdown("#### Progress")
    scored = frame.dropna(subset=["overall"])
    if scored.empty:
        st.caption("Scores appear here once a session has a report: open it on the Feedback page.")
    else:
        st.altair_chart(_line(scored, "overall", "Overall score", domain=(0, 10)), width="stretch")
    spoken = frame.dropna(subset=["wpm"])
    if spoken.empty:
        st.caption("Pace and filler charts appear once you answer by voice.")
        return
    left, right = st.columns(2)
    with left:
        st.altair_chart(_line(spoken, "wpm", "Pace (words per minute)", band=(140, 160)), width="stretch")
        st.caption("Shaded: the comfortable 140–160 wpm interview band.")
    with right:
        fillers = spoken.dropna(subset=["fillers_per_minute"])
        st.altair_chart(_line(fillers, "fillers_per_minute", "Fillers per minute"), width="stretch")


def _session_row(session: dict, attempts: int = 0) -> None:
    when = dt.datetime.fromtimestamp(session["created_at"]).strftime("%Y-%m-%d %H:%M")
    report = session.get("report")
    score = out_of_ten(report.get("overall")) if report else "no report yet"
    again = f" · practised again {attempts}×" if attempts else ""
    with st.expander(f"{when} · {session['title']} · {score}{again}"):
        sid = session["id"]
        if st.button("Open in Feedback", key=f"hist_open_{sid}"):
            state.open_in_feedback(sid)
        if attempts:
            _attempts(session)
        if session["turn_count"]:
            feedback.downloads(session, report, key="hist")
        if st.button("Delete", key=f"hist_delete_{sid}"):
            state.put(state.HISTORY_CONFIRM_DELETE, sid)
        if state.get(state.HISTORY_CONFIRM_DELETE) == sid:
            st.warning("Delete this session, its report and its transcript for good?")
            if st.button("Yes, delete it", type="primary", key=f"hist_yes_{sid}"):
                state.delete_session(sid)
                state.pop(state.HISTORY_CONFIRM_DELETE)
                st.toast("Session deleted.")
                st.rerun()


def _attempts(session: dict) -> None:
    """What the user said on each attempt at a practised-again answer, and how it was judged."""
    store = state.store()
    attempts = store.attempts(session["id"])
    mode, language = session["mode"], (session.get("spec") or {}).get("language")
    report_turns = report_service.session_turns(store.turns(session["id"]), mode, language)
    st.markdown("**Practised again**")
    for index in sorted({a["answer_index"] for a in attempts}):
        mine = [a for a in attempts if a["answer_index"] == index]
        original = report_turns[index] if index < len(report_turns) else {"question": mine[0]["question"]}
        lines = [f"- Attempt {row['n']}: “{inert(row['answer'] or '(skipped)')}” — {short_judgement(row['judgement'])}"
                 for row in attempt_lines(original, mine, mode, language)]
        st.markdown("\n".join([f"Question {index + 1}: {inert(asked(original))}", *lines]))
