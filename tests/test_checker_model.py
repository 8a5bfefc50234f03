"""The shipped claim checker (models/checker/): the file is the one its manifest names, made from the data and
script in this repository, and it is what makes the judgement right: the same network with random weights (an
untrained checker) fails the same checks."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from core.judge import checked, checker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import checker_data  # noqa: E402

from tests.shipped_files import assert_recorded_readings, assert_shipped_files  # noqa: E402
from tests.untrained_model import untrained  # noqa: E402

pytestmark = pytest.mark.judge

SAMPLE = ("claims_fourth.json", "claims_spoken_dev.json")  # calibration sets: never trained on
PER_CATEGORY = 3


def test_the_shipped_file_is_the_one_its_manifest_names():
    manifest = json.loads((checker.MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert_shipped_files(checker.MODEL_DIR, manifest)
    assert manifest["unit"] == "answer" and manifest["labels"] == list(checker.LABELS)
    # made from the data and script in this repository: retrain (make checker) after changing any of them
    assert manifest["inputs"] == checker_data.inputs_digest()
    training = manifest["training"]
    assert manifest["pairs_sha256"] == checker_data.pairs_digest(training["seed"], tuple(training["sources"]))


def _untrained(where: Path) -> Path:
    return untrained(checker.MODEL_DIR, "checker.onnx", where)


def _points() -> list[tuple[str, str, str]]:
    """(key point, answer, label) from a few answers of each category of the calibration sets."""
    out = []
    for name in SAMPLE:
        taken: dict[str, int] = {}
        for item in json.loads((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))["answers"]:
            if taken.get(item["category"], 0) >= PER_CATEGORY:
                continue
            taken[item["category"]] = taken.get(item["category"], 0) + 1
            out += [(p["point"], item["answer"], p["label"]) for p in item["points"]]
    return out


def _reading(points) -> dict:
    probs = checker.probabilities([(point, answer) for point, answer, _ in points])
    made = np.array([label == "made" for _, _, label in points])
    shows = probs[:, 1]
    sure = shows >= checked.SHOWS
    return {"gap": float(shows[made].mean() - shows[~made].mean()),
            "credited": int(sure.sum()), "precision": float(made[sure].mean()) if sure.any() else 0.0}


@pytest.fixture
def restore_checker():
    yield
    checker.use(None)


def test_the_shipped_checker_tells_made_from_missed_and_an_untrained_one_cannot(tmp_path, restore_checker):
    points = _points()
    assert len(points) > 150 and {label for _, _, label in points} == {"made", "not_made", "contradicted"}
    shipped = _reading(points)
    good = lambda r: r["gap"] >= 0.3 and r["credited"] >= 25 and r["precision"] >= 0.85  # noqa: E731
    assert good(shipped), shipped  # measured: gap 0.37, 50 credited, precision 0.88
    checker.use(_untrained(tmp_path / "untrained"))
    untrained = _reading(points)
    assert not good(untrained), untrained  # measured: gap 0.005, nothing credited


READ_AGAIN = 400  # every 400th recorded reading is read again by the model (about 50)


def test_the_recorded_readings_are_what_the_shipped_checker_reads():
    """tests/data/labelled_checks.npz (the suite's labelled answers against their points, `make vectors`) holds the
    shipped model's own readings: a sample read again alone is identical, and the file covers the labelled sets."""
    from tests.conftest import LABELLED_CHECKS

    assert_recorded_readings(checker, checker.MODEL_DIR / "checker.onnx", LABELLED_CHECKS, 5000, READ_AGAIN,
                             checker.probabilities)


def test_recorded_readings_from_another_model_are_ignored(tmp_path):
    from core.judge import checks_file

    path = tmp_path / "checks.npz"
    model_file = checker.MODEL_DIR / "checker.onnx"
    checks_file.save({("a point", "an answer"): np.array([0.2, 0.7, 0.1], dtype=np.float32)}, path, model_file)
    assert list(checks_file.load(path, model_file)) == [checks_file.key("a point", "an answer")]
    other = tmp_path / "other.onnx"
    other.write_bytes(b"another model")
    assert checks_file.load(path, other) == {}
    assert checks_file.load(tmp_path / "missing.npz", model_file) == {}


def test_a_reading_is_the_same_alone_and_among_others():
    """One pair per run: int8 quantizes a run's activations together, so a batched pair read differently."""
    items = json.loads((ROOT / "tests" / "data" / "claims_fourth.json").read_text(encoding="utf-8"))["answers"][:6]
    pairs = [(p["point"], a["answer"]) for a in items for p in a["points"]]
    try:
        checker.use(None, recorded=False)
        together = checker.probabilities(pairs)
        checker.use(None, recorded=False)
        alone = np.stack([checker.probabilities([pair])[0] for pair in pairs])
    finally:
        checker.use(None)
    assert np.max(np.abs(together - alone)) < 1e-6
