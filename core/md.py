"""Make user or model text safe inside Markdown: nothing in it can fetch a resource or become a link.

`inert` shows text exactly as written (every Markdown character escaped, one line). `safe` keeps the
formatting a reply uses (paragraphs, lists, emphasis, code) but neutralises what reaches out of the
page: images, links, reference definitions, autolinks (URLs, www., e-mail addresses) and raw HTML.
"""
from __future__ import annotations

import re

_SPECIAL = "\\`*_[]<>#|$~"
_REACHING = "[]<>"  # images, links, reference definitions, autolinks in <>, raw HTML all need one of these
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|file|data|javascript|vbscript|ws|wss)(:)|\b(www)(\.)|(@)")
# Code that Markdown renders literally, matched conservatively: a fence at the start of a line up to its
# closing fence (or the end), and a code span whose backtick run is not escaped and closes on the same line.
# Whatever these miss is treated as prose and escaped, which is only ever safer.
_CODE = re.compile(r"((?:^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[`~]*[ \t]*$|\Z))"
                   r"|(?<![\\`])(`+)(?!`)[^\n]*?(?<!`)\3(?!`))", re.DOTALL | re.MULTILINE)


def _unlink(text: str) -> str:
    """Break autolink literals ("http:", "www.", "@") with a Markdown escape: shown the same, never linked."""
    return _AUTOLINK.sub(lambda m: "".join(
        ("\\" + part) if part in (":", ".", "@") else part for part in m.groups() if part), text)


def inert(text: str) -> str:
    """`text` with Markdown's special characters escaped and line breaks folded, shown exactly as written."""
    out = str(text or "")
    for ch in _SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return _unlink(out.replace("\r", "").replace("\n", " "))


def _defuse(prose: str) -> str:
    prose = prose.replace("\\", "\\\\")  # a user's own backslash cannot undo an escape below
    for ch in _REACHING:
        prose = prose.replace(ch, "\\" + ch)
    return _unlink(prose)


def safe(text: str) -> str:
    """Markdown of a chat message with its formatting kept and every way to fetch or link removed.

    Code spans and blocks are left alone (Markdown renders them literally, links and images included).
    """
    text, out, last = str(text or ""), [], 0
    for match in _CODE.finditer(text):
        out += [_defuse(text[last:match.start()]), match.group(0)]
        last = match.end()
    return "".join(out) + _defuse(text[last:])
