"""The History chart: dated axis, one line and one fixed colour per mode, points not cut at the edges."""
from __future__ import annotations

import pandas as pd

from ui import history


def _frame(modes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"when": pd.to_datetime([1_700_000_000 + 86_400 * i for i in range(len(modes))], unit="s"),
                         "mode": modes, "title": ["s"] * len(modes), "overall": [10.0, 3.0, 7.0][:len(modes)]})


def _spec(modes: list[str]) -> dict:
    return history._line(_frame(modes), "overall", "Overall score", domain=(0, 10)).to_dict()


def test_each_mode_has_its_own_line_and_a_colour_that_never_changes():
    """Colours used to follow the modes present, so they changed after a delete; a chat score sat on the
    interview line's colour."""
    full, after_delete = _spec(["Mock interview", "Chat", "Language test"]), _spec(["Chat", "Language test"])
    for spec in (full, after_delete):
        color = spec["encoding"]["color"]
        assert color["field"] == "mode"  # a line per mode: the colour groups the line
        assert dict(zip(color["scale"]["domain"], color["scale"]["range"])) == history.MODE_COLOURS
    assert len(set(history.MODE_COLOURS.values())) == 3


def test_the_axis_is_dated_and_points_have_room_at_the_edges():
    spec = _spec(["Mock interview", "Chat"])
    x, y = spec["encoding"]["x"], spec["encoding"]["y"]
    assert x["type"] == "temporal" and x["axis"]["format"] == history.DATE_FORMAT == "%-d %b"
    assert x["scale"]["padding"] >= 10 and y["scale"]["padding"] >= 10  # a score of 10 is not cut in half
    assert spec["mark"]["point"]["size"] >= 60


def test_every_table_column_fits_the_page():
    """The last column ("Practised again") was cut off at the page's edge."""
    columns = history.table_columns()
    widths = [c["width"] for c in columns.values()]
    assert all(isinstance(w, int) for w in widths) and sum(widths) <= history.PAGE_WIDTH_PX
    assert "attempts" in columns  # attempts stay in the History table
