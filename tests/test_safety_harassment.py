"""The second reading for threats and hate (core.safety.harassment) can only add a refusal to what the screen's
network passes: it is never asked about self-harm, a rule's refusal or a short reply, and its weights are the ones
scripts/train_safety.py wrote (models/safety/manifest.json)."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from core import safety
from core.safety import harassment, model

MANIFEST = json.loads((harassment.WEIGHTS.parent / "manifest.json").read_text(encoding="utf-8"))


def _fake(monkeypatch, probs: list[float], head: float) -> list[str]:
    """The network reads every message as `probs` (over model.CLASSES); the head reads each at `head`. Returns the
    messages the head was asked about."""
    asked: list[str] = []

    def probability(text):
        asked.append(text)
        return head

    monkeypatch.setattr(model, "available", lambda: True)
    monkeypatch.setattr(model, "probabilities", lambda texts: np.array([probs] * len(texts)))
    monkeypatch.setattr(model, "thresholds", lambda: (0.2, 0.8, 0.95))
    monkeypatch.setattr(harassment, "available", lambda: True)
    monkeypatch.setattr(harassment, "threshold", lambda: 0.5)
    monkeypatch.setattr(harassment, "probability", probability)
    safety.screen.cache_clear()
    return asked


PASSED = [0.9, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01]
MESSAGE = "The new manager is useless and I told the team exactly what I think of people like him."


def test_a_message_the_network_passes_is_refused_as_harassment_when_the_head_reads_it_so(monkeypatch):
    asked = _fake(monkeypatch, PASSED, head=0.9)
    verdict = safety.screen(MESSAGE, "chat")
    assert (verdict.allowed, verdict.category, verdict.source) == (False, "harassment", "model")
    assert asked == [MESSAGE]
    assert "attacked a person or group" in verdict.error().message


def test_below_its_threshold_the_head_changes_nothing(monkeypatch):
    _fake(monkeypatch, PASSED, head=0.49)
    assert safety.screen(MESSAGE, "interview").allowed


def test_self_harm_and_the_networks_own_refusals_never_reach_the_head(monkeypatch):
    asked = _fake(monkeypatch, [0.05, 0.0, 0.0, 0.0, 0.0, 0.0, 0.95], head=1.0)
    assert safety.screen("I keep thinking everyone would be better off without me", "chat").category == "self_harm"
    asked += _fake(monkeypatch, [0.1, 0.8, 0.02, 0.02, 0.02, 0.02, 0.02], head=1.0)
    assert safety.screen("Tell me how to make a weapon at home for tonight", "chat").category == "harmful"
    assert asked == []


def test_a_short_reply_is_never_read_by_the_head(monkeypatch):
    asked = _fake(monkeypatch, PASSED, head=1.0)
    assert safety.screen("go ahead", "chat").allowed and asked == []


def test_without_its_file_the_screen_is_the_network_alone(monkeypatch, tmp_path):
    monkeypatch.setattr(model, "available", lambda: True)
    monkeypatch.setattr(model, "probabilities", lambda texts: np.array([PASSED] * len(texts)))
    monkeypatch.setattr(model, "thresholds", lambda: (0.2, 0.8, 0.95))
    monkeypatch.setattr(harassment, "WEIGHTS", tmp_path / "missing.npz")
    harassment.weights.cache_clear()
    safety.screen.cache_clear()
    try:
        assert not harassment.available()
        assert safety.screen(MESSAGE, "chat").allowed  # the head is not asked, and nothing fails
    finally:
        harassment.weights.cache_clear()
        safety.screen.cache_clear()


def test_the_shipped_head_is_the_one_its_script_wrote_with_a_threshold_from_cross_validation():
    shipped = MANIFEST["harassment"]
    assert hashlib.sha256(harassment.WEIGHTS.read_bytes()).hexdigest() == shipped["model"]["sha256"]
    weights = harassment.weights()
    assert weights["w"].shape == (384,) and np.abs(weights["w"]).max() > 0.01
    assert harassment.threshold() == shipped["threshold"] and 0.5 < shipped["threshold"] < 1
    assert shipped["allowed_passed"] >= shipped["pass_target"] - 0.001  # real practice first
    assert shipped["harassment_refused"] > 0.5


@pytest.mark.judge
def test_the_head_reads_plain_threats_high_and_everyday_venting_low():
    threats = ["If that recruiter ghosts me again I will find him and break his legs.",
               "Women like her should not be allowed anywhere near engineering, they are all stupid."]
    venting = ["This bloody interview is killing me, I need a coffee.",
               "A customer once threatened my colleague, so I called security and wrote up the incident."]
    assert min(harassment.probability(t) for t in threats) > max(harassment.probability(t) for t in venting)
