"""Remake data/bank_vectors.npz: the embeddings of every question, key point and known wrong claim in
the banks (core.judge.shipped). Run after editing data/interview; tests/test_bank_vectors.py fails
until then. About two minutes on one core."""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from core.judge import meaning, shipped  # noqa: E402


def main() -> None:
    texts = shipped.bank_texts()
    started = time.perf_counter()
    model = meaning.model()
    vectors = np.zeros((len(texts), 384), dtype=np.float32)
    for kind in ("query", "passage"):
        rows = [i for i, (k, _) in enumerate(texts) if k == kind]
        encode = model.query if kind == "query" else model.passage
        for start in range(0, len(rows), 64):
            batch = rows[start:start + 64]
            vectors[batch] = np.asarray(encode([texts[i][1] for i in batch]), dtype=np.float32)
            print(f"{kind}: {min(start + 64, len(rows))}/{len(rows)}", end="\r", flush=True)
    shipped.save(vectors, texts)
    print(f"\n{len(texts)} vectors in {time.perf_counter() - started:.0f} s -> {shipped.PATH}")


if __name__ == "__main__":
    main()
