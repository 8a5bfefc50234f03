"""The sentence model's vector cache: a bounded cache never loses a vector a batch is about to return."""
from __future__ import annotations

import numpy as np

from core.judge import meaning


class _Model:
    """Stands in for the model: one fixed unit vector per text, so no weights are loaded."""

    def passage(self, texts):
        return [np.eye(384, dtype=np.float32)[len(t) % 384] for t in texts]

    query = passage


def test_a_text_cached_long_ago_is_returned_though_the_batch_pushes_it_out(monkeypatch):
    monkeypatch.setattr(meaning, "_cached", {})
    monkeypatch.setattr(meaning, "CACHE_LIMIT", 3)
    monkeypatch.setattr(meaning, "model", lambda: _Model())
    meaning.remember("passage", ["cached long ago"], np.eye(384, dtype=np.float32)[:1])
    texts = ["cached long ago", "a", "bb", "ccc", "dddd"]
    vectors = meaning.passages(texts)
    assert vectors.shape == (5, 384)
    assert vectors[0][0] == 1.0  # the remembered vector, not a new one
    assert len(meaning._cached) <= 3
