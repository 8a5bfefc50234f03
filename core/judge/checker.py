"""Parley's claim checker: does a stretch of an answer show a statement, not show it, or contradict it?

A cross-encoder trained here (scripts/train_checker.py; model card docs/claim-checker.md) from
all-MiniLM-L6-v2, shipped as int8 ONNX in models/checker/ and run on onnxruntime: no torch at run time and
nothing downloaded. It reads (statement, text) pairs: a key point or a known wrong claim, and one window of
the answer (a sentence, or two in a row). Loaded once per process, thread-safe; results are cached by pair.
If the file or runtime is missing, `available()` is False and the similarity judge is used instead.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "checker"
LABELS = ("not", "shows", "contradicts")
BATCH = 32
CACHE_LIMIT = 50_000

_lock = threading.Lock()
_session = None
_tokenizer = None
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_model_dir = MODEL_DIR


def use(directory: Path | str | None) -> None:
    """Load the checker from another folder (tests: an untrained model); None: the shipped one."""
    global _session, _tokenizer, _model_dir
    with _lock:
        _model_dir = Path(directory) if directory else MODEL_DIR
        _session, _tokenizer = None, None
        _cache.clear()


def available() -> bool:
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except Exception:  # noqa: BLE001 - a broken wheel means "not available", never a crash
        return False
    return (_model_dir / "checker.onnx").exists() and (_model_dir / "tokenizer.json").exists()


def manifest() -> dict:
    path = _model_dir / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _load():
    global _session, _tokenizer
    if _session is None:
        with _lock:
            if _session is None:
                import onnxruntime
                from tokenizers import Tokenizer

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1  # a reply or report is one user's work: leave the other core free
                options.inter_op_num_threads = 1
                tok = Tokenizer.from_file(str(_model_dir / "tokenizer.json"))
                tok.enable_truncation(int(manifest().get("max_tokens", 256)), strategy="only_second")
                tok.no_padding()
                _tokenizer = tok
                _session = onnxruntime.InferenceSession(str(_model_dir / "checker.onnx"), options,
                                                        providers=["CPUExecutionProvider"])
    return _session, _tokenizer


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def probabilities(pairs: list[tuple[str, str]]) -> np.ndarray:
    """P(not, shows, contradicts) for each (statement, text) pair, one row each."""
    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    todo = []
    for i, pair in enumerate(pairs):
        hit = _cache.get(pair)
        if hit is not None:
            out[i] = hit
        else:
            todo.append(i)
    if not todo:
        return out
    session, tok = _load()
    encoded = tok.encode_batch([pairs[i] for i in todo])
    order = sorted(range(len(todo)), key=lambda k: len(encoded[k].ids))  # similar lengths batch with little padding
    for start in range(0, len(order), BATCH):
        chunk = order[start:start + BATCH]
        width = max(len(encoded[k].ids) for k in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros_like(ids)
        for row, k in enumerate(chunk):
            e = encoded[k]
            ids[row, :len(e.ids)] = e.ids
            types[row, :len(e.type_ids)] = e.type_ids
            mask[row, :len(e.ids)] = 1
        logits = session.run(["logits"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        probs = _softmax(logits.astype(np.float32))
        for row, k in enumerate(chunk):
            out[todo[k]] = probs[row]
    with _lock:
        for i in todo:
            _cache[pairs[i]] = out[i]
        while len(_cache) > CACHE_LIMIT:
            _cache.popitem(last=False)
    return out
