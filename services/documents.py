"""Read a résumé or job description from an uploaded PDF, DOCX or TXT file, safely.

Limits size and length, refuses what it cannot read with a message that says what to do.
The text is later fenced as data in the prompt: it is never obeyed as instructions.
"""
from __future__ import annotations

import io
import zipfile

from core.errors import StageError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 20_000
TYPES = ("pdf", "docx", "txt", "md")


def _fail(code: str, message: str) -> StageError:
    return StageError("upload", code, message)


def extract_text(filename: str, data: bytes) -> str:
    """Plain text of the document, cut to MAX_TEXT_CHARS; StageError('upload', …) when unreadable."""
    name = (filename or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if not data:
        raise _fail("empty_file", f"{filename} is empty. Choose another file or paste the text instead.")
    if len(data) > MAX_FILE_BYTES:
        raise _fail("file_too_large", f"{filename} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. "
                    "Paste the relevant part as text instead.")
    if ext not in TYPES:
        raise _fail("unsupported_file", f"{filename} is not a PDF, DOCX or TXT file.")
    try:
        if ext == "pdf":
            text = _pdf(data)
        elif ext == "docx":
            text = _docx(data)
        else:
            text = _plain(data)
    except StageError:
        raise
    except Exception as exc:  # broken files raise many different parser errors
        raise _fail("unreadable_file", f"{filename} could not be read ({type(exc).__name__}). "
                    "Is it damaged or password-protected? Paste the text instead.") from exc
    text = "\n".join(line.rstrip() for line in text.replace("\x00", "").splitlines()).strip()
    if not text:
        raise _fail("no_text", f"No text found in {filename} (a scanned image?). Paste the text instead.")
    return text[:MAX_TEXT_CHARS]


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise _fail("encrypted_file", "This PDF is password-protected. Save an unprotected copy or paste the text.")
    return "\n".join((page.extract_text() or "") for page in reader.pages[:20])


def _docx(data: bytes) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _fail("unreadable_file", "This .docx file is damaged. Re-save it from your editor or paste the text.")
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data[:2] in (b"\xff\xfe", b"\xfe\xff"):
                continue
            return text
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")  # best effort for legacy Windows files
