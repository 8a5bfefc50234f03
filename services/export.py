"""Export a session's report and transcript as Markdown or PDF (fpdf2).

Both render core.report.outline, so they carry the same content. The PDF uses a Unicode TTF
font found on the machine (DejaVu Sans: Latin, Cyrillic, Greek, Arabic) plus any fallback font
present for other scripts; characters no font covers become "?" and the PDF says so, so a
CJK or Devanagari transcript degrades instead of crashing. Markdown always keeps every character.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from core.md import inert as _md
from core.report.outline import outline

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
             "/Library/Fonts", "C:/Windows/Fonts")
# Optional extra scripts, used when installed (e.g. fonts-noto-core / fonts-droid-fallback).
FALLBACK_FONTS = ("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
                  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                  "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf")
MISSING = "?"
_ASCII = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "•": "-", "–": "-", "—": "-", "…": "..."})
_UNCOVERED_NOTE = ("Some characters (for example Chinese, Japanese, Korean or Hindi script) could not be drawn "
                   "with the fonts on this server and show as \"?\". The Markdown export keeps every character.")


# ---- Markdown ---------------------------------------------------------------------------------------

def with_attempts(doc: dict, session: dict, turns: list[dict], attempts: list[dict] | None) -> dict:
    """The outline with a "Practised again" section: each new attempt under the examiner's question, with its
    score as it was judged (the original answers, with theirs, stay in the transcript)."""
    if not attempts:
        return doc
    from core.attempts import attempt_lines, short_judgement
    from services.pending_question import pending_question
    from services.report import session_turns

    mode, language = session.get("mode", "chat"), (session.get("spec") or {}).get("language")
    originals = session_turns(turns, mode, language)
    blocks: list[tuple] = []
    for index in sorted({a["answer_index"] for a in attempts}):
        mine = [a for a in attempts if a["answer_index"] == index]
        original = originals[index] if index < len(originals) else {"question": mine[0]["question"]}
        blocks.append(("text", f"Question {index + 1}: {pending_question(mine[0]['question'])}"))
        for row in attempt_lines(original, mine, mode, language)[1:]:  # the first is the original answer
            blocks.append(("text", f"Attempt {row['n']}: {short_judgement(row['judgement'])}"))
            blocks.append(("quote", row["answer"]))
    return {**doc, "sections": [*doc["sections"], {"heading": "Practised again", "blocks": blocks}]}


def report_markdown(session: dict, turns: list[dict], report: dict | None, attempts: list[dict] | None = None) -> str:
    """The report (if any), the transcript and any practise-again attempts as a Markdown document."""
    doc = with_attempts(outline(session, turns, report), session, turns, attempts)
    lines = [f"# {_md(doc['title'])}", "", f"*{_md(doc['subtitle'])}*", ""]
    for section in doc["sections"]:
        lines += [f"## {section['heading']}", ""]
        for block in section["blocks"]:
            lines += _md_block(block) + [""]
    return "\n".join(lines).rstrip() + "\n"


def _md_block(block: tuple) -> list[str]:
    kind = block[0]
    if kind == "text":
        return [_md(block[1])]
    if kind == "note":
        return [f"> **Note:** {_md(block[1])}"]
    if kind == "quote":
        return [f"> {_md(block[1])}"]
    if kind == "bullets":
        return [f"- {_md(item)}" for item in block[1]]
    if kind == "numbered":
        return [f"{i}. {_md(item)}" for i, item in enumerate(block[1], 1)]
    if kind == "point":
        _, point, quote, example = block
        lines = [f"- **{_md(point)}**"]
        if quote:
            lines.append(f"  > “{_md(quote)}”")
        if example:
            lines.append(f"  *Try:* {_md(example)}")
        return lines
    if kind == "table":
        _, headers, rows = block
        return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)] + [
            "| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    if kind == "turn":
        _, who, text, spoken, score = block
        return [f"**{who}{' (spoken)' if spoken else ''}:** {_md(text)}" + (f" — *scored {score}*" if score else "")]
    raise ValueError(f"Unknown outline block {kind!r}")


# ---- PDF ----------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _font_files() -> tuple[str | None, str | None, tuple[str, ...]]:
    """(regular, bold, fallbacks) TTF paths found on this machine."""
    def find(name: str) -> str | None:
        return next((str(Path(d) / name) for d in FONT_DIRS if (Path(d) / name).is_file()), None)

    regular = find("DejaVuSans.ttf")
    bold = find("DejaVuSans-Bold.ttf") if regular else None
    return regular, bold, tuple(p for p in FALLBACK_FONTS if Path(p).is_file())


class _Writer:
    """An FPDF document with a Unicode font when one exists, and text cleaned to what it can draw."""

    def __init__(self, title: str):
        from fpdf import FPDF

        logging.getLogger("fpdf").setLevel(logging.ERROR)  # missing glyphs are replaced, not worth a warning
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_title(title)
        self.pdf.set_creator("Parley")
        self.replaced = 0
        regular, bold, fallbacks = _font_files()
        if regular:
            self.family = "ParleySans"
            self.pdf.add_font(self.family, "", regular)
            self.pdf.add_font(self.family, "B", bold or regular)
            covered = set(self.pdf.fonts[self.family.lower()].cmap)
            names = []
            for i, path in enumerate(fallbacks):
                try:
                    name = f"ParleyFallback{i}"
                    self.pdf.add_font(name, "", path)
                    covered |= set(self.pdf.fonts[name.lower()].cmap)
                    names.append(name)
                except Exception:  # an unreadable or unsupported font file is simply not used
                    continue
            if names:
                self.pdf.set_fallback_fonts(names, exact_match=False)
            self.covered: set[int] | None = covered
        else:  # no TTF at all: the core font, Latin-1 only
            self.family, self.covered = "Helvetica", None
        self.pdf.add_page()

    def clean(self, text: str) -> str:
        """Text with every character the fonts can't draw replaced by MISSING."""
        text = str(text or "")
        if self.covered is None:  # the core font: typographic punctuation as plain ASCII first
            text = text.translate(_ASCII)
        out = []
        for ch in text:
            code = ord(ch)
            drawable = (code in self.covered) if self.covered is not None else code < 256
            if drawable or ch in "\n\t":
                out.append(ch)
            elif 0xFE00 <= code <= 0xFE0F or code in (0x200D, 0x200C, 0x200B) or 0x1F000 <= code <= 0x1FAFF:
                continue  # variation selectors, joiners and emoji: decoration, not content
            else:
                self.replaced += 1
                out.append(MISSING)
        return "".join(out)

    def line(self, text: str, size: float = 10.5, bold: bool = False, height: float = 5.5, indent: float = 0) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(self.pdf.epw - indent, height, self.clean(text), align="L", new_x="LMARGIN",
                            new_y="NEXT")

    def gap(self, mm: float = 2.0) -> None:
        self.pdf.ln(mm)

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        self.pdf.set_font(self.family, "", 9)
        widths = (38, 16, 136) if len(headers) == 3 and headers[1] == "Score" else None
        with self.pdf.table(col_widths=widths, text_align="LEFT", line_height=4.8,
                            headings_style=_heading_style(self.family)) as table:
            table.row([self.clean(h) for h in headers])
            for row in rows:
                table.row([self.clean(cell) for cell in row])


def _heading_style(family: str):
    from fpdf.fonts import FontFace

    return FontFace(family=family, emphasis="BOLD", fill_color=(235, 238, 245))


def report_pdf(session: dict, turns: list[dict], report: dict | None, attempts: list[dict] | None = None) -> bytes:
    """The report (if any), the transcript and any practise-again attempts as a PDF."""
    doc = with_attempts(outline(session, turns, report), session, turns, attempts)
    out = _Writer(doc["title"])
    out.line(doc["title"], size=18, bold=True, height=9)
    out.line(doc["subtitle"], size=10, height=6)
    out.gap(3)
    for section in doc["sections"]:
        out.gap(2)
        out.line(section["heading"], size=13.5, bold=True, height=7.5)
        out.gap(1)
        for block in section["blocks"]:
            _pdf_block(out, block)
    if out.replaced:
        out.gap(4)
        out.line(_UNCOVERED_NOTE, size=8.5, height=4.5)
    return bytes(out.pdf.output())


def _pdf_block(out: _Writer, block: tuple) -> None:
    kind = block[0]
    if kind == "text":
        out.line(block[1])
    elif kind == "note":
        out.line(f"Note: {block[1]}", size=9.5)
    elif kind == "quote":
        out.line(f"“{block[1]}”", indent=6)
    elif kind == "bullets":
        for item in block[1]:
            out.line(f"•  {item}", indent=2)
    elif kind == "numbered":
        for i, item in enumerate(block[1], 1):
            out.line(f"{i}.  {item}", indent=2)
    elif kind == "point":
        _, point, quote, example = block
        out.line(point, bold=True)
        if quote:
            out.line(f"“{quote}”", indent=6)
        if example:
            out.line(f"Try: {example}", indent=6)
        out.gap(1.5)
    elif kind == "table":
        _, headers, rows = block
        if rows:
            out.table(headers, rows)
    elif kind == "turn":
        _, who, text, spoken, score = block
        out.line(f"{who}{' (spoken)' if spoken else ''}{f' — scored {score}' if score else ''}:", bold=True, size=10)
        out.line(text)
        out.gap(1.5)
    else:
        raise ValueError(f"Unknown outline block {kind!r}")
    out.gap(0.8)
