"""Sentence splitting and streaming chunking of model replies, so speech can start early.

One language-agnostic rule set (no language argument, so mixed replies work) covers the 13 app
languages. A split never loses a character: the pieces concatenate back to the input exactly.
When unsure (an abbreviation, a lowercase next word) it keeps text together: a long chunk
still sounds right, a sentence cut after "Dr." does not.
"""
from __future__ import annotations

import re

_TERMINATORS = ".!?…‼⁇⁈⁉。！？｡．।॥؟۔"  # Latin, CJK, Devanagari danda, Arabic ؟ and full stop
_WIDE = "。！？｡"  # end a sentence with no space after them
_CLOSERS = ")]}）」』】〕〉》”’"  # always belong to the sentence they follow
_QUOTES = "\"'“‘«»‹›"  # close a sentence only if a space (or the end) follows them
_OPENERS = "\"'“‘„‚«»‹›([{¿¡"
_WORD_STOPS = frozenset(_TERMINATORS + _CLOSERS + _QUOTES + _OPENERS) - {"."}
_T, _C, _Q = (re.escape(chars) for chars in (_TERMINATORS, _CLOSERS, _QUOTES))
_CANDIDATE = re.compile(  # a terminator run, its closing quotes/brackets, the space after
    rf"(?P<t>[{_T}]+)(?P<c>(?:[{_C}]|[{_Q}](?=\s|\Z)|[^\S\n]»(?=\s|\Z))*)\s*"
    r"|\s*\n\s*"  # a line break ends a line without punctuation (titles, bullets)
)
_INITIALISM = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")  # U.S, e.g, z.B, т.е, EE.UU
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# Never end a sentence (lowercase; compared case-insensitively).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr sra srta dra ud uds vs etc approx ca cf "  # en es pt
    "mme mlle mm env "  # fr
    "usw bzw ggf evtl hr fr str "  # de
    "sig sig.ra dott ecc avv "  # it
    "dhr mevr bijv enz drs ir "  # nl
    "им ул стр др "  # ru
    "डॉ د".split()  # hi ar: Dr.
)
# End a sentence unless a number follows ("No. 5", "Jan. 3"); "No. Thanks." is two sentences.
_NUMBER_ABBREVIATIONS = frozenset(
    "no nr núm nº p pp vol art fig ch jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _word_before(text: str, end: int) -> str:
    """The word ending at `end`: back to a space, quote, bracket or non-period terminator.

    It stops wherever a sentence can start, so a streamed tail sees the same word as the text.
    """
    start = end
    while start and not text[start - 1].isspace() and text[start - 1] not in _WORD_STOPS:
        start -= 1
    return text[start:end]


def _is_abbreviation(word: str, next_char: str) -> bool:
    """Whether the period after `word` belongs to the word rather than ending a sentence."""
    lower = word.lower()
    return (lower in _ABBREVIATIONS or bool(_INITIALISM.fullmatch(word))
            or (len(word) == 1 and word.isupper())  # an initial: "J. R. R. Tolkien", "M. Dupont"
            or (lower in _NUMBER_ABBREVIATIONS and next_char.isdigit()))


def _is_boundary(text: str, m: re.Match) -> bool:
    """Whether the candidate `m` certainly ends a sentence.

    The character after it must already be there: streamed "Dr." or "3." may continue.
    """
    end = m.end()
    if end >= len(text):
        return False
    if m["t"] is None:
        return True  # a line break
    nxt, last = text[end], m["t"][-1]
    if end == m.end("c") and last not in _WIDE and not (last in "!?" and _CJK.match(nxt)):
        return False  # "3.14", "example.com", "a@b.io", "Hi.There": no space, no split
    if nxt.islower() or (m["c"] and nxt in "とっ"):
        return False  # '"Why?" she asked', "usw. und", "т.е. пример", 「はい。」と言った
    return m["t"] != "." or not _is_abbreviation(_word_before(text, m.start()), nxt)


def split_sentences(text: str) -> list[str]:
    """Split `text` into sentences, each keeping the whitespace that follows it.

    "".join(split_sentences(text)) == text always; a piece is never whitespace only unless
    the whole text is.
    """
    pieces, start = [], 0
    for m in _CANDIDATE.finditer(text):
        if _is_boundary(text, m) and text[start:m.end()].strip():
            pieces.append(text[start:m.end()])
            start = m.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


_CLAUSE_BREAK = re.compile(r"[,;:—–](?:\s+)|[，、；：](?=\S)")  # Latin with a space after; CJK without


_OPENER_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def opener_end(text: str, max_words: int) -> int | None:
    """Where a short opener of `text` ends ("Oh, ", "Thank you, ", "Bien, "): at most `max_words` words
    before its first clause break, with more text after it; else None."""
    m = _CLAUSE_BREAK.search(text)
    if m is None or m.end() >= len(text):
        return None
    head = text[:m.start()]
    if ("\n" in head or any(c.isdigit() for c in head) or not 1 <= len(_OPENER_WORD.findall(head)) <= max_words
            or (_CJK.search(head) and len(head.strip()) > 4)):
        return None  # a line, a figure, a longer clause, or CJK text that is more than a word or two
    return m.end()


def first_clause_end(text: str, min_chars: int) -> int | None:
    """Where the first clause of `text` ends (after its comma, semicolon, colon or dash and the
    space after it), if it is at least `min_chars` long and more text follows; else None."""
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() + 1 >= min_chars and m.end() < len(text):
            return m.end()
    return None


class SentenceChunker:
    """Group streamed LLM text into chunks for TTS, each emitted once its sentences are complete.

    The first chunk is `first_max_sentences` sentence(s) alone, for fast first audio; with
    `first_clause_chars`, a long first sentence gives up its first clause (of at least that many
    characters) as the first chunk, so speech starts before the model finishes the sentence. Later
    chunks take `min_sentences` complete sentences, or wait for up to `max_sentences` while they
    are shorter than `min_chars` (short sentences alone sound choppy). The grouping depends only
    on the text, never on how it was split into deltas, and all chunks concatenate to the deltas.
    With `opener_words`, a first sentence that opens with a short opener ("Oh, ", "Thanks, ") gives
    it up alone, and what follows is treated as a first chunk again: the opener is heard a clause
    sooner, and while it plays the next clause is written and synthesized (a comma's pause is natural).
    """

    min_chars = 80

    def __init__(self, first_max_sentences: int = 1, max_sentences: int = 3, min_sentences: int = 2,
                 first_clause_chars: int | None = None, opener_words: int | None = None):
        if first_max_sentences < 1 or not 1 <= min_sentences <= max_sentences:
            raise ValueError("need first_max_sentences >= 1 and 1 <= min_sentences <= max_sentences")
        if first_clause_chars is not None and first_clause_chars < 1:
            raise ValueError("first_clause_chars must be >= 1")
        if opener_words is not None and opener_words < 1:
            raise ValueError("opener_words must be >= 1")
        self.first_clause_chars = first_clause_chars
        self.opener_words = opener_words
        self.first_max_sentences = first_max_sentences
        self.max_sentences = max_sentences
        self.min_sentences = min_sentences
        self.reset()

    def reset(self) -> None:
        """Forget any pending text and start a new reply (its first chunk is short again)."""
        self._tail = ""  # the last, not yet certain, sentence
        self._ready: list[str] = []  # complete sentences not yet emitted
        self._first = True
        self._opener_checked = False  # the reply's start was looked at for an opener

    def feed(self, delta: str) -> list[str]:
        """Add a token delta; return the chunks it completed (often none)."""
        *complete, self._tail = split_sentences(self._tail + delta) or [""]
        self._ready += complete
        opener = self._first and self._split_opener()
        if self._first and self.first_clause_chars:
            self._split_first_clause()
        chunks = []
        while (size := self._next_size()) and len(self._ready) >= size:
            chunks.append("".join(self._ready[:size]))
            del self._ready[:size]
            if opener:  # the opener went alone: the rest of its sentence is a first chunk too
                opener = False
                if self.first_clause_chars:
                    self._split_first_clause()
                continue
            self._first = False
        return chunks

    def _split_opener(self) -> bool:
        """Cut a short opener off the reply's first sentence, once, as soon as the text after it shows."""
        if not self.opener_words or self._opener_checked:
            return False
        text = self._ready[0] if self._ready else self._tail
        m = _CLAUSE_BREAK.search(text)
        if m is None or m.end() >= len(text):
            return False  # not decided yet: the clause break (or the text after it) has not arrived
        self._opener_checked = True
        cut = opener_end(text, self.opener_words)
        if cut is None:
            return False
        if self._ready:
            self._ready[0:1] = [text[:cut], text[cut:]]
        else:
            self._ready.append(text[:cut])
            self._tail = text[cut:]
        return True

    def _split_first_clause(self) -> None:
        """Cut the first sentence (complete or still streaming) after its first long-enough clause.

        The cut depends only on the text: a sentence that arrives whole is cut where the same
        sentence streamed token by token would have been."""
        text = self._ready[0] if self._ready else self._tail
        cut = first_clause_end(text, self.first_clause_chars)
        if cut is None:
            return
        if self._ready:
            self._ready[0:1] = [text[:cut], text[cut:]]
        else:
            self._ready.append(text[:cut])
            self._tail = text[cut:]

    def flush(self) -> list[str]:
        """End the reply: return what remains (maybe one fragment) and reset."""
        rest = "".join(self._ready) + self._tail
        self.reset()
        return [rest] if rest.strip() else []  # a whitespace-only reply has nothing to say

    def _next_size(self) -> int:
        """How many ready sentences the next chunk takes, or 0 if it must wait for more."""
        if self._first:
            return self.first_max_sentences
        for size in range(self.min_sentences, self.max_sentences):
            if len(self._ready) < size:
                return 0
            if len("".join(self._ready[:size])) >= self.min_chars:
                return size
        return self.max_sentences
