"""Make text from any provider safe to show, speak and save.

Model replies, transcripts and pasted answers can carry characters that break the page, the
voices or the database: lone UTF-16 surrogates (an emoji whose two halves arrived in separate
stream chunks raises UnicodeEncodeError when Streamlit encodes it), NUL and other control
characters, and carriage returns. `clean_text` fixes a whole string; `StreamCleaner` does the
same for a stream of chunks, holding back a high surrogate until its partner arrives so that
split pairs are joined into the real character instead of being dropped.

Pure and deterministic: no I/O, no state beyond the cleaner object itself.
"""
from __future__ import annotations

import re

_KEEP_CONTROLS = "\n\t"
# C0 and C1 controls and DEL, except newline and tab; noncharacters U+FFFE/U+FFFF.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_HIGH = range(0xD800, 0xDC00)


def _join_pairs(text: str) -> str:
    """Combine valid surrogate pairs ("\\ud83d\\ude00" → "😀"); lone halves stay for the next step."""
    if not _SURROGATE.search(text):
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        code = ord(ch)
        if 0xD800 <= code < 0xDC00 and i + 1 < len(text) and 0xDC00 <= ord(text[i + 1]) <= 0xDFFF:
            low = ord(text[i + 1])
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def clean_text(text: object) -> str:
    """`text` with surrogate pairs joined, lone surrogates and control characters removed.

    Newlines and tabs stay; "\\r\\n" and "\\r" become "\\n". Zero-width joiners and other format
    characters that scripts and emoji need are kept. Not a string (None, bytes): decoded or "".
    """
    if text is None:
        return ""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = str(text)
    text = _join_pairs(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("", text)
    return _CONTROLS.sub("", text)


class StreamCleaner:
    """Clean a stream chunk by chunk: `feed(chunk)` returns the clean text that is ready.

    A chunk ending in a high surrogate (or "\\r", which may be half of "\\r\\n") is held back until
    the next chunk; `flush()` returns whatever is still held (cleaned) at the end of the stream.
    The concatenation of all outputs equals `clean_text` of the concatenated input.
    """

    def __init__(self) -> None:
        self._held = ""

    def feed(self, chunk: object) -> str:
        text = self._held + (chunk if isinstance(chunk, str) else clean_text(chunk))
        self._held = ""
        if text and (ord(text[-1]) in _HIGH or text[-1] == "\r"):
            text, self._held = text[:-1], text[-1]
        return clean_text(text)

    def flush(self) -> str:
        held, self._held = self._held, ""
        return clean_text(held)
