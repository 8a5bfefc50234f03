"""The claim checker's readings of fixed (statement, text) pairs, computed once and kept in a file.

The suite judges the same few thousand labelled answers in every run; each answer is read against each of its
key points, and the checker's reading of a pair is deterministic (one pair per run, one thread). Like the
embeddings in core.judge.shipped, the readings are recorded by a run of the judge tests (`make vectors`) and
used only when the shipped model made them (`fingerprint`, the model file's SHA-256); a pair not in the file is
read by the model as before. tests/test_checker_model.py reads a sample again and finds them identical.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np


def key(statement: str, text: str) -> bytes:
    return hashlib.sha1(f"{statement}\n\0{text}".encode("utf-8")).digest()[:16]


@lru_cache(maxsize=4)
def fingerprint(model_file: Path) -> str:
    """The model file's SHA-256 ("" when it is missing)."""
    try:
        return hashlib.sha256(Path(model_file).read_bytes()).hexdigest()
    except OSError:
        return ""


def load(path: Path, model_file: Path) -> dict[bytes, np.ndarray]:
    """Readings by key, or {} when the file is missing, damaged or made by another model."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["fingerprint"]) != fingerprint(model_file):
                return {}
            keys, probs = data["keys"], data["probs"].astype(np.float32)
    except Exception:  # noqa: BLE001 - no file or a broken one: the model reads every pair
        return {}
    probs.setflags(write=False)
    return {k.tobytes(): p for k, p in zip(keys, probs)}


def save(readings: dict[tuple[str, str], np.ndarray], path: Path, model_file: Path) -> None:
    """Write readings with their keys, the model's fingerprint and the pairs (texts once each, so a test can read
    them again)."""
    pairs = list(readings)
    statements = list(dict.fromkeys(s for s, _ in pairs))
    texts = list(dict.fromkeys(t for _, t in pairs))
    at_s, at_t = {s: i for i, s in enumerate(statements)}, {t: i for i, t in enumerate(texts)}
    keys = np.frombuffer(b"".join(key(s, t) for s, t in pairs), dtype=np.uint8).reshape(-1, 16)
    index = np.array([[at_s[s], at_t[t]] for s, t in pairs], dtype=np.int32).reshape(-1, 2)
    blob = np.frombuffer(json.dumps([statements, texts], ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    np.savez_compressed(path, keys=keys, probs=np.stack([readings[p] for p in pairs]).astype(np.float32),
                        index=index, texts=blob, fingerprint=np.array(fingerprint(model_file)))


def pairs_in(path: Path) -> list[tuple[str, str]]:
    """The (statement, text) pairs a file holds, in the order of its readings."""
    with np.load(path, allow_pickle=False) as data:
        statements, texts = json.loads(data["texts"].tobytes().decode("utf-8"))
        return [(statements[i], texts[j]) for i, j in data["index"]]


class Recorded:
    """One model's readings kept in files (`add`), and, once `start`ed, every reading the model makes (to `save`).
    While recording, held readings are not used, so the new file is made by the model itself."""

    def __init__(self):
        self.paths: list[Path] = []
        self.held: dict[bytes, np.ndarray] = {}
        self.recording: dict[tuple[str, str], np.ndarray] | None = None

    def add(self, path: Path | str, model_file: Path) -> None:
        self.paths.append(Path(path))
        self.reload(model_file)

    def reload(self, model_file: Path, use: bool = True) -> None:
        held: dict[bytes, np.ndarray] = {}
        for path in self.paths if use else []:
            held.update(load(path, model_file))
        self.held = held

    def get(self, pair: tuple[str, str]) -> np.ndarray | None:
        return self.held.get(key(*pair)) if self.held and self.recording is None else None

    def start(self) -> None:
        self.recording = {}

    def keep(self, pair: tuple[str, str], reading: np.ndarray) -> None:
        if self.recording is not None:
            self.recording[pair] = reading
