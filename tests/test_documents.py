"""Résumé / job-description files: PDF, DOCX, TXT read; broken, huge or odd files refused clearly."""
from __future__ import annotations

import io

import pytest

from core.errors import StageError
from services.documents import MAX_FILE_BYTES, MAX_TEXT_CHARS, extract_text


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name,make", [
    ("cv.pdf", _pdf), ("cv.docx", _docx), ("cv.txt", lambda t: t.encode("utf-8")),
    ("cv.txt", lambda t: t.encode("utf-16")), ("cv.md", lambda t: ("\ufeff" + t).encode("utf-8")),
])
def test_reads_supported_files(name, make):
    assert "Senior data engineer, Kafka and Spark" in extract_text(name, make("Senior data engineer, Kafka and Spark"))


def test_legacy_encoding_is_read_best_effort():
    assert "Résumé" in extract_text("cv.txt", "Résumé of Zoë".encode("cp1252"))


@pytest.mark.parametrize("name,data,code", [
    ("cv.pdf", b"", "empty_file"),
    ("cv.pdf", b"%PDF-1.4 this is not really a pdf", "unreadable_file"),
    ("cv.docx", b"PK\x03\x04 broken zip", "unreadable_file"),
    ("cv.docx", b"plain text pretending", "unreadable_file"),
    ("cv.exe", b"MZ\x90\x00", "unsupported_file"),
    ("cv", b"no extension", "unsupported_file"),
    ("cv.txt", b"x" * (MAX_FILE_BYTES + 1), "file_too_large"),
    ("cv.txt", b"   \n\n\t ", "no_text"),
])
def test_bad_files_are_refused_with_a_clear_message(name, data, code):
    with pytest.raises(StageError) as info:
        extract_text(name, data)
    assert info.value.stage == "upload" and info.value.code == code
    assert "paste" in info.value.message.lower() or "choose" in info.value.message.lower() or "not a pdf" in info.value.message.lower()


def test_long_text_is_cut():
    assert len(extract_text("cv.txt", b"word " * 10_000)) == MAX_TEXT_CHARS
