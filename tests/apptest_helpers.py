"""Helpers to drive the real app with Streamlit's AppTest."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def new_app(page: str | None = "pages/interview.py") -> AppTest:
    """The app as a new visitor sees it, on `page` (None: the front door, where the app opens)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def chat_texts(at: AppTest) -> list[tuple[str, str]]:
    """(role, text) of every chat message on the page."""
    return [(m.name, " ".join(md.value for md in m.markdown)) for m in at.chat_message]


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; have {[b.label for b in at.button]}"
    return matches[0]


def say(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def all_text(at: AppTest) -> str:
    """Every string the app rendered, main area and sidebar (values, bodies and labels)."""
    parts = []
    for root in (at.main, at.sidebar):
        for element in root:
            for attr in ("value", "body", "label", "placeholder", "help"):
                try:
                    got = getattr(element, attr, None)
                except Exception:  # some elements compute values lazily and may refuse
                    continue
                if isinstance(got, str):
                    parts.append(got)
    return "\n".join(parts)
