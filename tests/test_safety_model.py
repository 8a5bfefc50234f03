"""The shipped safety model is the one its script and data made, from the training file only.

models/safety/manifest.json records the SHA-256 of the training data, the script, the feature code and the rules
it was trained with, and of the weights it wrote: change any of them without retraining
(.venv/bin/python scripts/train_safety.py) and this fails. `scripts/train_safety.py --check` retrains in memory
and compares the weights themselves (about a minute of embedding).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from core.safety import model

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "models" / "safety"


def _manifest() -> dict:
    return json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))


def test_the_shipped_weights_match_their_manifest():
    manifest = _manifest()
    assert hashlib.sha256((SHIPPED / manifest["model"]["file"]).read_bytes()).hexdigest() == manifest["model"]["sha256"]


def test_the_manifest_names_the_data_script_and_rules_as_they_are_now():
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_safety

    assert train_safety.inputs() == _manifest()["inputs"], "retrain: .venv/bin/python scripts/train_safety.py"


def test_the_blind_sets_are_never_trained_on():
    trained = set(_manifest()["inputs"])
    assert not trained & {"tests/data/safety_test10.jsonl", "tests/data/safety_test17.jsonl",
                           "tests/data/safety_test18.jsonl", "tests/data/safety_test19.jsonl",
                           "tests/data/safety_test20.jsonl", "tests/data/safety_test21.jsonl",
                           "tests/data/safety_test22.jsonl", "tests/data/safety_test23.jsonl",
                           "tests/data/safety_test24.jsonl", "tests/data/safety_test25.jsonl"}
    assert not any(name.startswith("tests/data/held/") for name in trained)  # written for scoring, still unread
    assert "safety_test10" not in (ROOT / "scripts" / "train_safety.py").read_text(encoding="utf-8").replace(
        "(tests/data/safety_test10.jsonl) is never read here", "")


def test_the_weights_are_a_trained_model_with_thresholds_chosen_by_cross_validation():
    weights = model.weights()
    assert weights is not None and tuple(str(c) for c in weights["classes"]) == model.CLASSES
    assert weights["w1"].shape[0] == 384 and weights["w2"].shape == (weights["w1"].shape[1], len(model.CLASSES))
    assert np.abs(weights["w2"]).max() > 0.01
    allow_at, self_harm_at, piece_at = model.thresholds()
    chosen = _manifest()["chosen"]
    assert (allow_at, self_harm_at, piece_at) == (chosen["allow_threshold"], chosen["self_harm_threshold"],
                                                  chosen["self_harm_piece_threshold"])
    assert 0 < allow_at < 0.5 < min(self_harm_at, piece_at) <= max(self_harm_at, piece_at) < 1
    assert chosen["allowed_passed"] >= 0.97  # real practice first, in cross-validation


def test_the_training_vector_cache_gives_the_vectors_the_sentence_model_gives_and_embeds_each_text_once(
        tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_safety
    from core.judge import meaning

    embedded = []

    def passages(texts):
        embedded.extend(texts)
        return np.array([[len(t), t.count("a"), 1.0] for t in texts])

    monkeypatch.setattr(meaning, "passages", passages)
    cache = tmp_path / "vectors.npz"
    texts = ["a cat", "banana", "a cat", "hello"]
    first = train_safety.embedder(cache)(texts)
    assert np.array_equal(first, passages(texts)) and cache.exists()
    embedded.clear()
    again = train_safety.embedder(cache)(["hello", "a cat", "new one"])  # a later run reads the file
    assert embedded == ["new one"]
    assert np.array_equal(again, np.array([[5, 0, 1.0], [5, 2, 1.0], [7, 0, 1.0]]))
