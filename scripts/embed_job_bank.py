"""Embed what the job plan compares with a job's requirements and the judge does not ship: each bank question's
outline (a passage). Writes data/job_vectors.npz (core.judge.shipped's format), read by core.job.plan.

    .venv/bin/python scripts/embed_job_bank.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.job.plan import VECTORS, shipped_texts  # noqa: E402
from core.judge import meaning, shipped  # noqa: E402

if __name__ == "__main__":
    texts = shipped_texts()
    vectors = meaning.model().passage([text for _, text in texts])
    shipped.save(vectors, texts, VECTORS)
    print(f"{len(texts)} vectors -> {VECTORS}")
