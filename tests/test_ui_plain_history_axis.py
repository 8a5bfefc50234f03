"""History's progress charts: the date axis is labelled "26 Nov", one label per day with a session."""
from __future__ import annotations

import pandas as pd

from ui import history

HOUR, DAY = 3_600, 86_400
START = 1_795_000_000  # 2026-11-18 (UTC)


def _axis(seconds: list[int], band: bool = False) -> dict:
    frame = pd.DataFrame({"when": pd.to_datetime(seconds, unit="s"), "mode": ["Mock interview"] * len(seconds),
                          "title": ["s"] * len(seconds), "overall": [4.0, 6.0, 7.0][:len(seconds)],
                          "wpm": [120.0, 150.0, 170.0][:len(seconds)]})
    chart = history._line(frame, "wpm", "Pace", band=(140, 160)) if band else \
        history._line(frame, "overall", "Overall score", domain=(0, 10))
    spec = chart.to_dict()
    line = spec["layer"][-1] if band else spec
    return line["encoding"]["x"]["axis"]


def _day(value: dict) -> tuple[int, int, int]:
    return value["year"], value["month"], value["date"]


def test_the_date_axis_reads_day_then_month():
    axis = _axis([START, START + 2 * DAY])
    assert axis["format"] == "%-d %b"  # d3's day without padding, then the month: "26 Nov"


def test_one_label_per_day_with_a_session_under_its_first_session():
    """Three sessions in one afternoon had their date label where no session was; two days repeated a date."""
    one_day = _axis([START, START + HOUR, START + 2 * HOUR])
    assert [_day(v) for v in one_day["values"]] == [(2026, 11, 18)]
    first = pd.Timestamp(START, unit="s")
    assert (one_day["values"][0]["hours"], one_day["values"][0]["minutes"]) == (first.hour, first.minute)
    spread = _axis([START, START + 4 * DAY, START + 4 * DAY + HOUR], band=True)  # the pace chart is layered
    assert [_day(v) for v in spread["values"]] == [(2026, 11, 18), (2026, 11, 22)]
