"""One of the pair models Parley trains and ships (the claim checker, the résumé-evidence model), as the app uses it.

Loaded once per process from `models/<name>/` (core.judge.pair_model), thread-safe; each (statement, text) pair is
read once and cached, and readings recorded in a file (core.judge.checks_file) are taken from it when the loaded
model made them. Tests load another folder (`use`: an untrained model) and record what the model reads (`record`).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from core.judge.checks_file import Recorded
from core.judge.pair_model import PairModel


class ShippedModel:
    def __init__(self, directory: Path, file: str, cache_limit: int):
        self.shipped_dir = Path(directory)
        self.file_name = file
        self.cache_limit = cache_limit
        self.lock = threading.Lock()
        self.model = PairModel(self.shipped_dir, file)
        self.cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self.readings = Recorded()

    def use(self, directory: Path | str | None, recorded: bool = True) -> None:
        """Load the model from another folder (tests: an untrained model); None: the shipped one. With
        `recorded=False` the model reads every pair itself (a test of the recorded readings)."""
        with self.lock:
            self.model = PairModel(Path(directory) if directory else self.shipped_dir, self.file_name)
            self.cache.clear()
            self.readings.reload(self.model.file, recorded)

    def also_use(self, path: Path | str) -> None:
        """Take readings recorded in `path` (core.judge.checks_file) when the loaded model made them."""
        with self.lock:
            self.readings.add(path, self.model.file)

    def record(self) -> None:
        """From now on keep every pair the model reads (for `recorded()`, then checks_file.save)."""
        self.readings.start()

    def recorded(self) -> dict[tuple[str, str], np.ndarray]:
        return dict(self.readings.recording or {})

    def available(self) -> bool:
        return self.model.available()

    def manifest(self) -> dict:
        return self.model.manifest()

    def rows(self, pairs: list[tuple[str, str]], width: int) -> np.ndarray:
        """Each pair's label probabilities (`width` labels), one row each: cached, recorded, or read now."""
        out = np.zeros((len(pairs), width), dtype=np.float32)
        todo = []
        for i, pair in enumerate(pairs):
            hit = self.cache.get(pair)
            if hit is None:
                hit = self.readings.get(pair)
            if hit is not None:
                out[i] = hit
            else:
                todo.append(i)
        if not todo:
            return out
        model = self.model
        out[todo] = model.read([pairs[i] for i in todo])
        with self.lock:
            for i in todo:
                self.cache[pairs[i]] = out[i]
                if model.directory == self.shipped_dir:  # the shipped model's readings only
                    self.readings.keep(pairs[i], out[i])
            while len(self.cache) > self.cache_limit:
                self.cache.popitem(last=False)
        return out
