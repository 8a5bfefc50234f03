"""Turn a reply written for the screen into text fit to be read aloud.

Models are told not to write markdown, but they still do: a voice must never say "asterisk",
"hash" or spell out a URL. Markup, code, links and emoji are removed or replaced by a short
phrase; every language's letters, marks and punctuation (CJK, Devanagari, Arabic, Cyrillic,
accents) pass through untouched. Pure string work, so it can run on every chunk.
"""
from __future__ import annotations

import re
import unicodedata

# Short phrases said instead of what cannot be read aloud. Only English has them: an English
# phrase inside, say, a Hindi sentence sounds worse than a silent gap.
_PHRASES = {"en": {"code": "(code shown on screen)", "link": "the link", "email": "the email address"}}

_INTERRUPTED = re.compile(r"\[\s*interrupted\s*\]", re.IGNORECASE)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
_INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_CODE_LIKE = re.compile(r"[=;{}<>\[\]\\|$&^\"]")  # inline code with these is code, not a word
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*<?[^)\s>]*>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", re.MULTILINE)
_BREAK_TAG = re.compile(r"<br\s*/?>|</p>|</li>|</h[1-6]>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_URL = re.compile(r"<?(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]{}\"']+>?", re.IGNORECASE)
_EMAIL = re.compile(r"<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")

_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•◦▪‣●]|\d{1,3}[.)])[ \t]+")
_RULE = re.compile(r"^[ \t]*(?:([-*_])(?:[ \t]*\1){2,}|=+)[ \t]*$")
_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")

_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_ITALIC = re.compile(r"(?<!\w)([*_])(?=\S)(.+?)(?<=\S)\1(?!\w)")
_STRIKE = re.compile(r"~~(.+?)~~", re.DOTALL)
_SHARP = re.compile(r"\b([CF])#(?!\w)")  # C#, F#: read as "C sharp"
_LEFTOVER = re.compile(r"[*_#`~|]+")

# Emoji and pictographs, with what glues them into one glyph (ZWJ, variation selectors, skin
# tones, keycaps, tags). A ZWJ elsewhere (Devanagari half forms) is kept.
_PICTO = ("\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF"
          "\u2190-\u21FF\u3030\u303D\u3297\u3299")
_EMOJI = re.compile(rf"\u200D?[{_PICTO}](?:[\u200D\uFE0E\uFE0F\u20E3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]|[{_PICTO}])*"
                    r"|[\uFE0E\uFE0F\u20E3\U000E0020-\U000E007F]")
_ARROW = re.compile(r"[ \t]*(?:->|=>|[→⇒⟶➜➔])[ \t]*")

_ENDS_SENTENCE = ".!?…:;。！？｡।॥؟۔,，、"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not NBSP / narrow NBSP: French puts them before "?!"
_ORPHAN_PUNCT = re.compile(r"(?:^|(?<=[.!?。！？]))[ ]*[,;:.]+(?=[ ]|$)")
_DOUBLE_STOP = re.compile(r"([,;:])[ ]*(?=[.!?。！？])")
_SPACE_BEFORE_STOP = re.compile(r"[ ]+(?=[.,](?:[ ]|$))")  # no language spaces before . or ,
_EMPTY_BRACKETS = re.compile(r"[(\[]\s*[)\]]")


def speakable(text: str, language: str = "en") -> str:
    """Text fit for a voice: no markup, code, URLs, emoji or [INTERRUPTED] tag; one line.

    `language` only picks the phrase said for removed code and links ("the link" in English,
    nothing elsewhere). Cleaning twice gives the same result as cleaning once.
    """
    phrases = _PHRASES.get((language or "en")[:2].lower(), {})
    text = "".join(" " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch
                   for ch in (text or "").replace("\r\n", "\n"))
    text = _INTERRUPTED.sub(" ", text)  # control characters above: no voice accepts a NUL or an escape
    text = _ARROW.sub(", ", text)
    text = _EMOJI.sub(" ", text)  # before code: "🎉 ```" must still open a fence
    text = _drop_code_blocks(text, phrases.get("code", ""))
    text = _INLINE_CODE.sub(_inline_code, text)
    text = _ESCAPE.sub(r"\1", text)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _BREAK_TAG.sub("\n", text)
    text = _HTML_TAG.sub(" ", text)
    text = _URL.sub(lambda m: _replace_address(m, phrases.get("link", "")), text)
    text = _EMAIL.sub(lambda m: _replace_address(m, phrases.get("email", "")), text)
    text = "\n".join(_clean_lines(text.split("\n")))
    text = _STRIKE.sub(r"\1", text)
    text = _BOLD.sub(r"\2", text)
    text = _ITALIC.sub(r"\2", text)
    if phrases:
        text = _SHARP.sub(r"\1 sharp", text)
    text = _LEFTOVER.sub(" ", text)
    return _tidy(text)


class CodeFenceTracker:
    """Clean consecutive chunks of one reply, remembering whether a code block is still open.

    A sentence chunker cuts a fenced block into many chunks, and a chunk from its middle looks
    like plain text ("x = compute(y)"); this keeps such chunks silent.
    """

    def __init__(self, language: str = "en"):
        self.language = language
        self.in_code = False

    def clean(self, chunk: str) -> str:
        """`speakable()` for the next chunk of the reply ("" while inside a code block)."""
        chunk = _EMOJI.sub(" ", chunk)
        if self.in_code:
            fence = _FENCE.search(chunk)
            if fence is None:
                return ""
            chunk = chunk[fence.end():].split("\n", 1)[1] if "\n" in chunk[fence.end():] else ""
            self.in_code = False
        self.in_code = len(_FENCE.findall(chunk)) % 2 == 1
        return speakable(chunk, self.language)


def _drop_code_blocks(text: str, phrase: str) -> str:
    """Replace each fenced block by the phrase; an unclosed fence hides everything after it."""
    out, pos = [], 0
    while (start := _FENCE.search(text, pos)) is not None:
        out.append(text[pos:start.start()])
        closing = re.compile(rf"^[ \t]*{re.escape(start.group(1)[0])}{{{len(start.group(1))},}}[ \t]*$", re.MULTILINE)
        body_start = text.find("\n", start.end())
        end = closing.search(text, body_start + 1) if body_start != -1 else None
        out.append(f"\n{phrase}\n" if phrase else "\n")
        if end is None:
            return "".join(out)
        pos = end.end()
    out.append(text[pos:])
    return "".join(out)


def _replace_address(match: re.Match, phrase: str) -> str:
    """A URL or email becomes the phrase; punctuation after it stays ("see x.com." ends a sentence)."""
    address = match.group(0)
    trail = len(address) - len(address.rstrip(".,;:!?"))
    return f" {phrase}" + address[len(address) - trail:] if trail else f" {phrase}"


def _inline_code(match: re.Match) -> str:
    """Keep inline code that reads as words (`Redis`, `git rebase`); drop real code."""
    body = match.group(2).strip()
    if len(body) <= 40 and len(body.split()) <= 4 and not _CODE_LIKE.search(body):
        return body
    return " "


def _clean_lines(lines: list[str]) -> list[str]:
    """Line markup (headings, quotes, bullets, tables, rules); end each such line as a sentence."""
    out = []
    for i, line in enumerate(lines):
        if _RULE.match(line) or _TABLE_SEPARATOR.match(line):
            out.append("")
            continue
        structural = False
        if heading := _HEADING.match(line):
            line, structural = heading.group(1), True
        line = _QUOTE.sub("", line)
        if _BULLET.match(line):
            line, structural = _BULLET.sub("", line), True
        if line.count("|") >= 2 or (line.count("|") == 1 and line.strip().startswith("|")):
            line, structural = ", ".join(c.strip() for c in line.strip().strip("|").split("|") if c.strip()), True
        paragraph_end = i + 1 < len(lines) and not lines[i + 1].strip()
        if structural or paragraph_end:
            line = _end_sentence(line)
        out.append(line)
    return out


def _end_sentence(line: str) -> str:
    """Add a full stop in the line's own script unless the line already ends a sentence."""
    stripped = line.rstrip()
    core = _EMOJI.sub("", _LEFTOVER.sub("", stripped)).rstrip()
    if not core or not any(ch.isalnum() for ch in core) or core[-1] in _ENDS_SENTENCE + ")]\"'”’»」』":
        return line
    if _CJK.match(core[-1]):
        return stripped + "。"
    if _DEVANAGARI.match(core[-1]):
        return stripped + "।"
    return stripped + "."


def _tidy(text: str) -> str:
    """One line, single spaces, no punctuation orphaned by what was removed."""
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    text = _DOUBLE_STOP.sub("", text)
    text = _SPACE_BEFORE_STOP.sub("", text)
    text = _ORPHAN_PUNCT.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return text
