"""The shipped résumé-evidence model (models/evidence/): the file is the one its manifest names, made from the job
sets and scripts in this repository, and it is what makes the brief's evidence right: the same network with random
weights fails the same checks."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from core.job import evidence, evidence_model

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import evidence_data  # noqa: E402

from tests import job_scoring as js  # noqa: E402
from tests.shipped_files import assert_recorded_readings, assert_shipped_files  # noqa: E402
from tests.untrained_model import untrained  # noqa: E402

CALIBRATION = "jobs_aa.json"  # never trained on (evidence_data.DEV_JOBS)


def test_the_shipped_file_is_the_one_its_manifest_names():
    manifest = evidence_model.manifest()
    assert_shipped_files(evidence_model.MODEL_DIR, manifest)
    assert manifest["unit"] == "resume line" and manifest["labels"] == list(evidence_data.LABELS)
    # made from the job sets and script in this repository: retrain (make evidence) after changing any of them
    assert manifest["inputs"] == evidence_data.inputs_digest()
    assert manifest["pairs_sha256"] == evidence_data.pairs_digest(evidence_data.training_pairs(
        manifest["training"]["seed"]))


def test_calibration_and_blind_jobs_are_never_trained_on():
    trained = set(evidence_data.TRAIN_JOBS)
    assert not trained & set(evidence_data.DEV_JOBS) and not trained & set(evidence_data.BLIND_JOBS)
    texts = {p["text"] for p in evidence_data.set_pairs(evidence_data.TRAIN_JOBS)}
    blind = evidence_data.BLIND_JOBS + ("unscored/jobs_ah.json", "unscored/jobs_ai.json")  # written after it shipped
    held_out = {p["text"] for p in evidence_data.set_pairs(evidence_data.DEV_JOBS + blind)}
    assert len(texts & held_out) <= 0.01 * len(held_out)  # a stray shared line ("Full UK driving licence") at most


def _brief_scores() -> dict:
    scores = js.Scores()
    for job in js.load(CALIBRATION)[:4]:
        js.score_requirements_and_evidence(job, scores)
    return scores.line()


@pytest.fixture
def restore_model():
    yield
    evidence_model.use(None)


def test_the_shipped_model_finds_evidence_and_an_untrained_one_cannot(tmp_path, restore_model):
    good = lambda s: s["evidence_precision"] >= 0.85 and s["evidence_recall"] >= 0.45  # noqa: E731
    shipped = _brief_scores()
    assert good(shipped), shipped
    evidence_model.use(untrained(evidence_model.MODEL_DIR, "evidence.onnx", tmp_path / "untrained"))
    assert not good(_brief_scores())


READ_AGAIN = 300


def test_the_recorded_readings_are_what_the_shipped_model_reads():
    """tests/data/jobs_checks.npz (`make vectors`) holds the shipped model's own readings of the job sets' résumé
    lines: a sample read again is identical."""
    from tests.conftest import JOB_CHECKS

    assert_recorded_readings(evidence_model, evidence_model.MODEL_DIR / "evidence.onnx", JOB_CHECKS, 20000, READ_AGAIN,
                             lambda pairs: evidence_model.shows([p[0] for p in pairs], [p[1] for p in pairs],
                                                                np.eye(len(pairs), dtype=bool)).diagonal(),  # once each
                             column=1)


def test_a_line_stands_for_one_requirement_and_a_title_or_years_show_nothing(monkeypatch):
    """The brief's own limits around the model's reading: a line counts for the requirement it most likely shows, at
    most two lines a requirement, never a job title, never a requirement of years, and a credential by its name."""
    lines = [evidence.Line("Staff Nurse, St Mary's Hospital, 2019 - present", True),
             evidence.Line("Gave IV antibiotics and fluids to 28 surgical patients a shift.", False),
             evidence.Line("Ran the ward's fluid balance audit each month.", False),
             evidence.Line("Level 2 Certificate in Spectator Safety (2017)", False),
             evidence.Line("Shadowed the tissue viability nurse on wound rounds.", False)]
    wanted = ["Administer IV medication safely", "Audit fluid balance charts", "3+ years post-registration experience",
              "Level 3 Certificate in Spectator Safety Management or higher", "Manage complex wounds"]
    reading = np.array([[0.99, 0.95, 0.80, 0.10, 0.10],
                        [0.10, 0.93, 0.92, 0.10, 0.10],
                        [0.99, 0.99, 0.99, 0.99, 0.99],
                        [0.10, 0.10, 0.10, 0.97, 0.10],
                        [0.10, 0.10, 0.10, 0.10, 0.96]])
    monkeypatch.setattr(evidence_model, "available", lambda: True)
    monkeypatch.setattr(evidence_model, "shows", lambda w, f, mask=None: reading[:len(w), :len(f)])
    picks = evidence.resume_match(wanted, lines)
    # the title never; line 1 is likelier IV than audit; years nothing; a lower level is not it;
    # shadowing a nurse is not managing wounds
    assert picks == [[1], [2], [], [], []]


def test_pairs_the_rules_rule_out_are_not_read(monkeypatch):
    """A brief reads only the pairs its rules allow (a job title, a requirement of years: never read), so a résumé
    against ten requirements costs a few hundred reads, not every pair."""
    from core.job import evidence_model

    read: list[tuple[str, str]] = []
    shipped = evidence_model._shipped
    monkeypatch.setattr(shipped, "cache", type(shipped.cache)())
    monkeypatch.setattr(shipped.readings, "get", lambda pair: None)
    monkeypatch.setattr(shipped.model, "read",
                        lambda pairs: read.extend(pairs) or np.tile([0.9, 0.1], (len(pairs), 1)).astype(np.float32))
    lines = [evidence.Line("Staff Nurse, St Mary's Hospital, 2019 - present", True),
             evidence.Line("Gave IV antibiotics and fluids to 28 surgical patients a shift.", False)]
    wanted = ["Administer IV medication safely", "3+ years post-registration experience"]
    evidence.resume_match(wanted, lines)
    assert read == [("Administer IV medication safely", "Gave IV antibiotics and fluids to 28 surgical patients a shift.")]
