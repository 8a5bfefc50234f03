"""Job materials' passage vectors in the database, so a passage is embedded once for every session, process and
replica that meets it again.

A row is keyed by `key(model, text)`: a hash of the embedding model's fingerprint and the passage's text. It
holds the vector, not the text, so only someone who already has the passage can find its vector, and a vector
made by another model is never read. Two replicas saving the same passage at once keep one row.
"""
from __future__ import annotations

import hashlib
import time

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from services.storage.schema import job_passages
from services.storage.store import Store

BATCH = 400  # keys per query (SQLite allows 999 bound values in older builds)


def key(model: str, text: str) -> str:
    """The row key of one passage's vector under one model."""
    return hashlib.sha256(f"{model}\n{text}".encode("utf-8")).hexdigest()


def load(store: Store, model: str, texts: list[str]) -> dict[str, np.ndarray]:
    """The stored vectors of those texts that have one under `model`, by text."""
    by_key = {key(model, text): text for text in dict.fromkeys(texts)}
    found: dict[str, np.ndarray] = {}
    keys = list(by_key)
    for at in range(0, len(keys), BATCH):
        part = keys[at:at + BATCH]
        query = select(job_passages.c.key, job_passages.c.dims, job_passages.c.vector).where(
            job_passages.c.key.in_(part), job_passages.c.model == model)
        for row in store._do(lambda c, q=query: c.execute(q).all(), write=False):
            vector = np.frombuffer(bytes(row.vector), dtype="<f4")
            if vector.shape == (row.dims,):  # a damaged row is embedded again, never used
                found[by_key[row.key]] = vector.astype(np.float32)
    return found


def save(store: Store, model: str, texts: list[str], vectors: np.ndarray) -> None:
    """Keep the vectors of `texts` (one row each; a passage already kept is left as it is)."""
    now = time.time()
    rows = [{"key": key(model, text), "model": model, "dims": int(vector.shape[0]),
             "vector": np.asarray(vector, dtype="<f4").tobytes(), "created_at": now}
            for text, vector in zip(texts, vectors)]

    def work(conn: Connection) -> None:
        insert = (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(job_passages)
        for at in range(0, len(rows), BATCH):
            conn.execute(insert.on_conflict_do_nothing(index_elements=["key"]), rows[at:at + BATCH])

    if rows:
        store._do(work)


def count(store: Store, model: str | None = None) -> int:
    """How many passage vectors are kept (under `model`, when given)."""
    query = select(func.count()).select_from(job_passages)
    if model is not None:
        query = query.where(job_passages.c.model == model)
    return int(store._do(lambda c: c.execute(query).scalar(), write=False))
