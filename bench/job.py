"""Cost of tailoring to a job (core.job): ingesting and embedding 20 pages of company material (four .docx
uploads read by services.documents, split into passages, embedded once), keeping their vectors in the database
and reading them back as a new process would (services.job_materials), planning the interview for a job
description and résumé, and resident memory. Prints one JSON line.

The 20 pages are woven from the question banks' own sentences into new paragraphs, so no passage is in any
shipped or cached vector file: every one is embedded here, as a user's material would be.

    .venv/bin/python bench/job.py
"""
from __future__ import annotations

import io
import json
import pathlib
import random
import resource
import sys
import tempfile
import time
import zipfile
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import banks  # noqa: E402
from core.coach.interview import question_plan  # noqa: E402
from core.job import brief, passages  # noqa: E402
from core.judge import meaning, shipped  # noqa: E402
from core.spec import PracticeSpec  # noqa: E402
from services.documents import extract_text  # noqa: E402
from services.job_materials import embed_materials  # noqa: E402
from services.storage import Store, passage_vectors  # noqa: E402
from tests.job_documents import JOB, RESUME  # noqa: E402  (the page tests' job: one sample job, kept once)

PAGES = 20
WORDS_PER_PAGE = 500
DOCUMENTS = 4

def _pages() -> list[str]:
    """PAGES pages of prose in new combinations of the banks' sentences (seeded, so every run is the same)."""
    sentences = [s.strip() + "." for q in banks.all_questions().values()
                 for s in q["outline"].split(". ") + [p["point"] for p in q["key_points"]] if len(s.split()) > 4]
    rng = random.Random(30)
    pages = []
    for n in range(PAGES):
        words, paragraph, page = 0, [], []
        while words < WORDS_PER_PAGE:
            sentence = rng.choice(sentences)
            paragraph.append(sentence)
            words += len(sentence.split())
            if len(paragraph) == 4:
                page.append(" ".join(paragraph))
                paragraph = []
        page.append(" ".join(paragraph))
        pages.append(f"Page {n + 1} of our team handbook\n" + "\n".join(p for p in page if p))
    return pages


def _docx(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.splitlines())
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
           f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def main() -> None:
    pages = _pages()
    per = PAGES // DOCUMENTS
    files = [(f"handbook-{i + 1}.docx", _docx("\n".join(pages[i * per:(i + 1) * per]))) for i in range(DOCUMENTS)]
    start = time.perf_counter()
    meaning.model()
    meaning.queries(["warm-up"])
    load = time.perf_counter() - start

    start = time.perf_counter()
    materials = [(name, extract_text(name, data)) for name, data in files]
    read = time.perf_counter() - start
    words = sum(len(text.split()) for _, text in materials)
    start = time.perf_counter()
    found = passages.chunk_all(materials)
    passages.embed(found)
    embed = time.perf_counter() - start
    start = time.perf_counter()
    passages.embed(found)
    again = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:  # the next session of the job, as a new process reads it back
        store = Store(pathlib.Path(folder) / "parley.db")
        texts = list(dict.fromkeys(p.text for p in found))
        start = time.perf_counter()
        passage_vectors.save(store, shipped.fingerprint(), texts, meaning.passages(texts))
        keep = time.perf_counter() - start
        meaning.forget()
        start = time.perf_counter()
        reused = embed_materials(Store(pathlib.Path(folder) / "parley.db"), materials)
        reuse = time.perf_counter() - start
        store.dispose()
    start = time.perf_counter()
    hits = passages.retrieve("How do you present findings to senior leaders?", found)
    retrieve = time.perf_counter() - start

    spec = PracticeSpec(mode="interview", job_description=JOB, resume=RESUME, materials=tuple(materials), seed=3)
    start = time.perf_counter()
    plan = question_plan(spec)
    plan_s = time.perf_counter() - start
    start = time.perf_counter()
    question_plan(spec)
    plan_again = time.perf_counter() - start
    start = time.perf_counter()
    items = brief(JOB, RESUME)
    brief_s = time.perf_counter() - start
    print(json.dumps({
        "pages": PAGES, "documents": DOCUMENTS, "words": words, "passages": len(found),
        "model_load_s": round(load, 3), "read_documents_s": round(read, 3), "chunk_and_embed_s": round(embed, 2),
        "ingest_and_embed_20_pages_s": round(read + embed, 2), "ms_per_passage": round(1000 * embed / len(found), 1),
        "embed_again_s": round(again, 4), "keep_vectors_sqlite_s": round(keep, 3),
        "new_process_from_sqlite_s": round(reuse, 3), "read_from_store": reused["from_store"],
        "embedded_again": reused["embedded"], "retrieve_ms": round(1000 * retrieve, 1), "retrieved": len(hits),
        "plan_s": round(plan_s, 2), "plan_again_s": round(plan_again, 3), "planned": len(plan),
        "brief_again_s": round(brief_s, 3), "requirements": len(items),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
