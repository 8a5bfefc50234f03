"""A cross-encoder Parley trained (scripts/train_checker.py), run on onnxruntime: one (statement, text) pair per run.

Used by the claim checker (core.judge.checker); the résumé-evidence model (core.job.evidence_model) uses it too. One pair
per run because dynamic int8 quantizes a run's activations together: a pair read in a batch came out up to 0.09
different from the same pair alone (and one at a time was faster on one core: no padding). Loaded on first use,
thread-safe, one thread (a reply or report is one user's work: the other core stays free).
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np


class PairModel:
    def __init__(self, directory: Path, file: str):
        self.directory = Path(directory)
        self.file = self.directory / file
        self._lock = threading.Lock()
        self._session = None
        self._tokenizer = None

    def available(self) -> bool:
        try:
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401
        except Exception:  # noqa: BLE001 - a broken wheel means "not available", never a crash
            return False
        return self.file.exists() and (self.directory / "tokenizer.json").exists()

    def manifest(self) -> dict:
        path = self.directory / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def _load(self):
        if self._session is None:
            with self._lock:
                if self._session is None:
                    import onnxruntime
                    from tokenizers import Tokenizer

                    options = onnxruntime.SessionOptions()
                    options.intra_op_num_threads = 1
                    options.inter_op_num_threads = 1
                    tok = Tokenizer.from_file(str(self.directory / "tokenizer.json"))
                    tok.enable_truncation(int(self.manifest().get("max_tokens", 256)), strategy="only_second")
                    tok.no_padding()
                    self._tokenizer = tok
                    self._session = onnxruntime.InferenceSession(str(self.file), options,
                                                                 providers=["CPUExecutionProvider"])
        return self._session, self._tokenizer

    def read(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """Each pair's label probabilities, one row each (no cache: callers keep their own)."""
        if not pairs:
            return np.zeros((0, 0), dtype=np.float32)
        session, tok = self._load()
        rows = []
        for e in tok.encode_batch(list(pairs)):
            feed = {"input_ids": np.array([e.ids], dtype=np.int64),
                    "attention_mask": np.ones((1, len(e.ids)), dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids], dtype=np.int64)}
            logits = session.run(["logits"], feed)[0].astype(np.float32)[0]
            z = np.exp(logits - logits.max())
            rows.append(z / z.sum())
        return np.array(rows, dtype=np.float32)
