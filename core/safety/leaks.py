"""The coach's own reply, screened as it streams: it never shows or speaks its instructions or a key.

`ReplyGuard.feed(delta)` returns the text that is safe to release now. It holds back only what could still turn
into a leak: the trailing run of key characters, and trailing words that follow the instructions word for word.
A leak is a key the app holds, anything shaped like a provider key, or LEAK_WORDS words in a row from the
instructions (the system messages without their fenced documents, which a reply may quote, and without the
lines in quotes they give the model to say: "Thanks, Alex — I'm Priya, I lead the team you'd join.").
Once a leak is seen, nothing more is released; `leaked` says which kind.
"""
from __future__ import annotations

import re

LEAK_WORDS = 14  # words in a row from the instructions: longer than an opening that echoes the set-up
_FENCED = re.compile(r"<<<(\w+)\n.*?\n\1>>>", re.DOTALL)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
_WORD = re.compile(r"\w+", re.UNICODE)
_KEY_SHAPE = re.compile(r"\b(sk-(proj-|ant-)?[A-Za-z0-9_-]{16,}|gsk_[A-Za-z0-9]{16,}|xai-[A-Za-z0-9]{16,}|"
                        r"AIza[0-9A-Za-z_-]{30,})")
_KEY_TAIL = re.compile(r"[A-Za-z0-9_-]+$")


def _words(text: str) -> list[tuple[str, int, int]]:
    """(lower-cased word, start, end) of each word."""
    return [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


class ReplyGuard:
    def __init__(self, instructions: list[str], secrets: list[str]):
        runs = [_words(part) for text in instructions for part in _QUOTED.split(_FENCED.sub(" ", text or ""))]
        self._grams: set[tuple[str, ...]] = {tuple(w for w, _, _ in run[i:i + n]) for run in runs
                                             for n in range(2, LEAK_WORDS + 1) for i in range(len(run) - n + 1)}
        self._secrets = [s for s in {str(s or "").strip() for s in secrets} if len(s) >= 8]
        self._text = ""
        self._released = 0
        self.leaked: str | None = None  # "instructions" or "key" once seen

    def _leak(self) -> str | None:
        text = self._text
        if any(secret in text for secret in self._secrets) or _KEY_SHAPE.search(text):
            return "key"
        words = [w for w, _, _ in _words(text)]
        if any(tuple(words[i:i + LEAK_WORDS]) in self._grams for i in range(len(words) - LEAK_WORDS + 1)):
            return "instructions"
        return None

    def _hold_from(self) -> int:
        """Where the text that must wait begins."""
        text = self._text
        hold = len(text)
        tail = _KEY_TAIL.search(text)
        if tail:
            hold = tail.start()
        words = _words(text)
        if words and words[-1][2] == len(text):
            words = words[:-1]  # a word still arriving: held above, and not yet part of a run
        for n in range(min(LEAK_WORDS - 1, len(words)), 1, -1):  # the longest run that follows the instructions
            if tuple(w for w, _, _ in words[-n:]) in self._grams:
                hold = min(hold, words[-n][1])
                break
        return max(hold, self._released)

    def feed(self, delta: str) -> str:
        """Add streamed text; return what may be shown and spoken now ("" once a leak is seen)."""
        if self.leaked:
            return ""
        self._text += delta
        self.leaked = self._leak()
        if self.leaked:
            return ""
        upto = self._hold_from()
        out, self._released = self._text[self._released:upto], upto
        return out

    def flush(self) -> str:
        """The end of the reply: whatever was held, unless it leaks."""
        if self.leaked:
            return ""
        self.leaked = self._leak()
        if self.leaked:
            return ""
        out, self._released = self._text[self._released:], len(self._text)
        return out
