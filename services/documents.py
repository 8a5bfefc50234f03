"""Read a résumé or job description from an uploaded PDF, DOCX or TXT file, safely.

Limits size and length, refuses what it cannot read with a message that says what to do.
Compressed formats are the danger: a 1 MB .docx or PDF can inflate to gigabytes. So a .docx is
read straight from its zip with every part's inflated size bounded while it inflates (only the
parts that hold text are opened, never embedded media), and a PDF is parsed with pypdf's
decompression and parsing budgets cut to what a résumé needs, a page limit and a time limit.
The text is later fenced as data in the prompt: it is never obeyed as instructions.
"""
from __future__ import annotations

import io
import re
import time
import zipfile
from xml.etree import ElementTree

from core.errors import StageError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 20_000
TYPES = ("pdf", "docx", "txt", "md")
# Budgets for compressed documents: generous for a real résumé, tiny next to a decompression bomb.
MAX_INFLATED_BYTES = 8 * 1024 * 1024  # all text parts of a .docx together, inflated
MAX_RATIO = 200  # inflated / compressed bytes of one part (real Word XML: ~5-20)
MAX_PARTS = 2_000  # entries in a .docx zip
MAX_PAGES = 20
MAX_SECONDS = 3.0
_DOCX_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fail(code: str, message: str) -> StageError:
    return StageError("upload", code, message)


def _too_big(filename: str) -> StageError:
    return _fail("document_bomb", f"{filename} unpacks to far more data than a résumé or job description holds, "
                 "so it was not opened. Save it again from your editor, or paste the text instead.")


def extract_text(filename: str, data: bytes) -> str:
    """Plain text of the document, cut to MAX_TEXT_CHARS; StageError('upload', …) when unreadable or unsafe."""
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
            text = _pdf(filename, data)
        elif ext == "docx":
            text = _docx(filename, data)
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


def _pdf(filename: str, data: bytes) -> str:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    budget = dict(zlib_maximum_output_length=MAX_INFLATED_BYTES, maximum_declared_stream_length=MAX_INFLATED_BYTES,
                  array_based_stream_maximum_output_length=MAX_INFLATED_BYTES,
                  lzw_maximum_output_length=MAX_INFLATED_BYTES, run_length_maximum_output_length=MAX_INFLATED_BYTES,
                  brotli_maximum_output_length=MAX_INFLATED_BYTES, jbig2_maximum_output_length=MAX_INFLATED_BYTES,
                  image_maximum_buffer_size=MAX_INFLATED_BYTES, stream_decoding_work_maximum_length=MAX_INFLATED_BYTES,
                  stream_parsing_work_maximum_count=300_000, xform_maximum_invocations_per_extraction=200)
    started = time.monotonic()
    try:
        with apply_configuration(**budget):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise _fail("encrypted_file", "This PDF is password-protected. Save an unprotected copy or paste the text.")
            pages, chars = [], 0
            for page in reader.pages[:MAX_PAGES]:
                if time.monotonic() - started > MAX_SECONDS:
                    break  # what was read so far is enough for a résumé
                _decode_contents(page)  # raises LimitReachedError on an inflating stream (extract_text hides it)
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > MAX_TEXT_CHARS:
                    break
    except LimitReachedError as exc:
        raise _too_big(filename) from exc
    return "\n".join(pages)


def _decode_contents(page) -> None:
    """Decode a page's content streams under the current budgets, so a bomb raises instead of reading blank."""
    contents = page.get("/Contents")
    if contents is None:
        return
    contents = contents.get_object()
    for stream in (contents if isinstance(contents, list) else [contents]):
        stream.get_object().get_data()


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, filename: str) -> bytes:
    """One part of the zip, inflated in small steps and stopped as soon as it passes its budget."""
    limit = min(budget, max(64 * 1024, info.compress_size * MAX_RATIO))
    out = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(64 * 1024):
            out += chunk
            if len(out) > limit:
                raise _too_big(filename)
    return bytes(out)


def _docx(filename: str, data: bytes) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _fail("unreadable_file", "This .docx file is damaged. Re-save it from your editor or paste the text.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _too_big(filename)
        parts = sorted((i for i in infos if _DOCX_TEXT_PARTS.fullmatch(i.filename)),
                       key=lambda i: i.filename != "word/document.xml")  # the body first
        if not parts:
            raise _fail("unreadable_file", f"{filename} has no document body. Re-save it from Word or paste the text.")
        budget, texts = MAX_INFLATED_BYTES, []
        for info in parts:
            xml = _inflate(archive, info, budget, filename)
            budget -= len(xml)
            texts.append(_wordml_text(xml))
    return "\n".join(t for t in texts if t)


def _wordml_text(xml: bytes) -> str:
    """Paragraph text of WordprocessingML, tables included (a cell's paragraphs in reading order)."""
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        raise _fail("unreadable_file", "This .docx contains markup Word never writes. Re-save it or paste the text.")
    lines: list[str] = []
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag == f"{_W}p":
            text = "".join(node.text or "" for node in element.iter() if node.tag in (f"{_W}t", f"{_W}tab"))
            if text.strip():
                lines.append(text)
            element.clear()
    return "\n".join(lines)


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
