"""A job's materials embedded once: passage vectors this process does not hold are read from the database, and
only the ones nobody has embedded yet are computed (and then kept there for every later session, process and
replica). Retrieval (core.job.passages) then finds every vector in the process's cache.

The database is a cache here: when it cannot be read or written, the passages are embedded as before and the
session goes on.
"""
from __future__ import annotations

import logging

from core.errors import StageError
from core.job.passages import chunk_all
from core.judge import meaning, shipped
from services.storage import Store, passage_vectors

log = logging.getLogger(__name__)


def embed_materials(store: Store | None, materials) -> dict:
    """Make sure every passage of `materials` ((name, text) pairs) has its vector in this process.
    Returns {"passages", "held", "from_store", "embedded"}: how many distinct passage texts there are, and how
    many of them were already held, read from the database and computed now."""
    texts = list(dict.fromkeys(p.text for p in chunk_all(list(materials or ()))))
    counts = {"passages": len(texts), "held": 0, "from_store": 0, "embedded": 0}
    if not texts or not meaning.available():
        return counts
    todo = meaning.missing("passage", texts)
    counts["held"] = len(texts) - len(todo)
    if not todo:
        return counts
    model = shipped.fingerprint()
    writable = store is not None and store.problem is None
    if store is not None and (writable or store.read_only):
        try:
            found = passage_vectors.load(store, model, todo)
        except StageError as exc:
            log.warning("passage vectors could not be read: %s", exc.message)
            found, writable = {}, False
        if found:
            meaning.remember("passage", list(found), list(found.values()))
            counts["from_store"] = len(found)
        todo = [t for t in todo if t not in found]
    if todo:
        vectors = meaning.passages(todo)
        counts["embedded"] = len(todo)
        if writable:
            try:
                passage_vectors.save(store, model, todo, vectors)
            except StageError as exc:
                log.warning("passage vectors could not be kept: %s", exc.message)
    return counts
