"""A shipped cross-encoder with every weight matrix replaced by random values: a model that learnt nothing (the tests
that a shipped model is what makes a judgement right run the same checks on it and expect them to fail)."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np


def untrained(model_dir: Path, file: str, where: Path) -> Path:
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(model_dir / file))
    rng = np.random.default_rng(0)
    for init in model.graph.initializer:
        array = numpy_helper.to_array(init)
        if array.ndim < 2:
            continue
        if array.dtype in (np.int8, np.uint8):
            info = np.iinfo(array.dtype)
            fresh = rng.integers(info.min, info.max, size=array.shape, endpoint=True).astype(array.dtype)
        else:
            fresh = rng.normal(0.0, 0.02, size=array.shape).astype(array.dtype)
        init.CopyFrom(numpy_helper.from_array(fresh, init.name))
    where.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(where / file))
    for name in ("tokenizer.json", "manifest.json"):
        shutil.copy(model_dir / name, where / name)
    return where
