"""Make user or model text inert inside Markdown: no accidental headings, emphasis, links, tables or maths."""
from __future__ import annotations

_SPECIAL = "\\`*_[]<>#|$~"


def inert(text: str) -> str:
    """`text` with Markdown's special characters escaped and line breaks folded, shown exactly as written."""
    out = str(text or "")
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out.replace("\r", "").replace("\n", " ")
