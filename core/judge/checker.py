"""Parley's claim checker: does a stretch of an answer show a statement, not show it, or contradict it?

A cross-encoder trained here (scripts/train_checker.py; model card docs/claim-checker.md) from
all-MiniLM-L6-v2, shipped as int8 ONNX in models/checker/ and run on onnxruntime: no torch at run time and
nothing downloaded. It reads (statement, text) pairs: a key point, and the whole answer, a part of it or one
sentence. One pair per run: dynamic int8 quantizes a run's activations together, so a pair batched with others
read up to 0.09 differently from the same pair alone (and one at a time was faster on one core: no padding).
Loaded once per process, thread-safe; results are cached by pair, and readings recorded in a file
(core.judge.checks_file, `also_use`) are taken from it. If the file or runtime is missing, `available()` is
False and the judge by meaning decides alone.
"""
from __future__ import annotations

import json
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "checker"
LABELS = ("not", "shows", "contradicts")
CACHE_LIMIT = 50_000

_lock = threading.Lock()
_session = None
_tokenizer = None
_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_model_dir = MODEL_DIR
_held: dict[bytes, np.ndarray] = {}  # recorded readings (also_use) of the loaded model
_held_from: list[Path] = []
_recording: dict[tuple[str, str], np.ndarray] | None = None


def use(directory: Path | str | None, recorded: bool = True) -> None:
    """Load the checker from another folder (tests: an untrained model); None: the shipped one. With
    `recorded=False` the model reads every pair itself (a test of the recorded readings)."""
    global _session, _tokenizer, _model_dir
    with _lock:
        _model_dir = Path(directory) if directory else MODEL_DIR
        _session, _tokenizer = None, None
        _cache.clear()
    _reload_held()
    if not recorded:
        with _lock:
            _held.clear()


def also_use(path: Path | str) -> None:
    """Take readings recorded in `path` (core.judge.checks_file) when the loaded model made them."""
    _held_from.append(Path(path))
    _reload_held()


def _reload_held() -> None:
    from core.judge import checks_file

    held: dict[bytes, np.ndarray] = {}
    for path in _held_from:
        held.update(checks_file.load(path, _model_dir / "checker.onnx"))
    with _lock:
        _held.clear()
        _held.update(held)


def record() -> None:
    """From now on keep every pair the model reads (for `recorded()`, then checks_file.save)."""
    global _recording
    _recording = {}


def recorded() -> dict[tuple[str, str], np.ndarray]:
    return dict(_recording or {})


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
    from core.judge.checks_file import key

    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    todo = []
    for i, pair in enumerate(pairs):
        hit = _cache.get(pair)
        if hit is None and _held and _recording is None:
            hit = _held.get(key(*pair))
        if hit is not None:
            out[i] = hit
        else:
            todo.append(i)
    if not todo:
        return out
    session, tok = _load()
    for i, e in zip(todo, tok.encode_batch([pairs[i] for i in todo])):
        feed = {"input_ids": np.array([e.ids], dtype=np.int64),
                "attention_mask": np.ones((1, len(e.ids)), dtype=np.int64),
                "token_type_ids": np.array([e.type_ids], dtype=np.int64)}
        out[i] = _softmax(session.run(["logits"], feed)[0].astype(np.float32))[0]
    with _lock:
        for i in todo:
            _cache[pairs[i]] = out[i]
            if _recording is not None and _model_dir == MODEL_DIR:  # the shipped model's readings only
                _recording[pairs[i]] = out[i]
        while len(_cache) > CACHE_LIMIT:
            _cache.popitem(last=False)
    return out
