"""The report page opens with what to do next, in plain words; how an offline estimate was judged (the embedding
model, STAR cues, key-point matching) is folded under "How this was judged", and named nowhere else."""
from __future__ import annotations

import re

from streamlit.testing.v1.element_tree import Expander

from services.storage import Store
from tests.apptest_helpers import button, goto, new_app
from tests.report_helpers import interview_session

HOW = "How this was judged"
# How the offline judge works, in its own terms: a user reading their report needs none of it.
METHOD = re.compile(r"embedding|sentence model|STAR cues|question bank|key points from|hedges, figures", re.I)


def _walk(node, inside: bool = False):
    """(text, inside "How this was judged") for every string the page shows under `node`, in page order."""
    inside = inside or (isinstance(node, Expander) and node.label == HOW)
    texts = [getattr(getattr(node, "proto", None), "text", None)]  # a progress bar's label
    for attr in ("label", "value", "body", "help"):
        try:
            texts.append(getattr(node, attr, None))
        except Exception:  # some elements compute values lazily and may refuse
            continue
    for text in dict.fromkeys(t for t in texts if isinstance(t, str) and t):  # a markdown's value is its body
        yield text, inside
    for child in getattr(node, "children", {}).values():
        yield from _walk(child, inside)


def _report(at) -> list[tuple[str, bool]]:
    shown = list(_walk(at.main))
    start = next(i for i, (text, _) in enumerate(shown) if text == "### Coaching report")
    end = next(i for i, (text, _) in enumerate(shown) if text == "Download Markdown")
    return shown[start:end]


def test_the_report_opens_with_what_to_do_next_and_folds_how_it_was_judged(tmp_path):
    interview_session(Store(tmp_path / "parley.db"))
    at = goto(new_app(), "pages/feedback.py")
    button(at, "Generate report").click().run()
    assert not at.exception, at.exception
    shown = _report(at)
    headings = [text for text, _ in shown if text.startswith("#### ")]
    assert headings[0] == "#### What to do next"
    assert headings.index("#### To improve") < headings.index("#### Strengths") < headings.index("#### Scores")
    texts = [text for text, _ in shown]
    after = texts[texts.index("#### What to do next") + 1]
    assert after.startswith("1. ") and "STAR stories (situation, task, action, result)" in after  # the report's advice

    [how] = [e for e in at.expander if e.label == HOW]
    assert not how.proto.expanded  # folded
    inside = " ".join(text for text, folded in shown if folded)
    assert "embedding model" in inside and "STAR cues" in inside and "word for word" in inside
    outside = [text for text, folded in shown if not folded and METHOD.search(text)]
    assert not outside, outside


def test_a_failed_ai_report_says_why_in_view_and_folds_the_offline_method():
    from streamlit.testing.v1 import AppTest

    def page():
        from ui import report_view

        report_view.render({"mode": "interview", "overall": 4, "source": "offline", "fallback": True,
                            "note": "The AI coach had a problem on its side. Showing Parley's offline report instead. "
                                    "Offline estimate. Key points from Parley's question bank are judged by meaning "
                                    "with a small embedding model.",
                            "recommendations": ["Lead with the result."]})

    at = AppTest.from_function(page).run()
    assert not at.exception, at.exception
    [warning] = [w.value for w in at.warning]
    assert warning == "The AI coach had a problem on its side. Showing Parley's offline report instead."
    [how] = [e for e in at.expander if e.label == HOW]
    assert "embedding model" in how.info[0].value
    assert at.markdown[0].value == "#### What to do next" and at.markdown[1].value == "1. Lead with the result."
