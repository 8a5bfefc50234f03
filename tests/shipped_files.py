"""The files of a model Parley trains and ships are the ones its manifest names (the model tests share this)."""
from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_shipped_files(model_dir: Path, manifest: dict) -> None:
    """The model file and the tokenizer in `model_dir` have the hashes `manifest` records."""
    assert sha256(model_dir / manifest["model"]["file"]) == manifest["model"]["sha256"]
    assert sha256(model_dir / "tokenizer.json") == manifest["tokenizer_sha256"]


CROSS_MACHINE = 0.05  # the most a reading may move between machines (below)


def assert_recorded_readings(model, model_file: Path, recorded: Path, minimum: int, every: int, read,
                             column: int | None = None) -> None:
    """`recorded` (`make vectors`) holds `model`'s own readings of the suite's pairs, at least `minimum` of them: every
    `every`th pair read again by the model alone (`read(pairs)`, nothing recorded or cached) gives the same."""
    import numpy as np

    from core.judge import checks_file

    held = checks_file.load(recorded, model_file)
    pairs = checks_file.pairs_in(recorded)
    assert len(held) == len(pairs) > minimum, "re-record after retraining: make vectors"
    chosen = pairs[::every]
    model.use(None, recorded=False)
    try:
        fresh = read(chosen)
    finally:
        model.use(None)
    stored = np.stack([held[checks_file.key(*pair)] for pair in chosen])
    stored = stored if column is None else stored[:, column]
    # int8 kernels differ by processor: the topic model's readings recorded on one machine were read again on an AMD
    # EPYC with AVX2 only up to 0.030 apart (mean 0.0012); a pair read twice on one machine is identical.
    assert np.max(np.abs(fresh - stored)) < CROSS_MACHINE and np.mean(np.abs(fresh - stored)) < CROSS_MACHINE / 10
