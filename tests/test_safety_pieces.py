"""Self-harm said in passing inside a long answer is read on its own: the screen reads a message's pieces (its
sentences, and windows across an unpunctuated spoken run-on) when the whole message leans that way at all."""
from __future__ import annotations

import numpy as np
import pytest

from core import safety
from core.safety import model


def test_pieces_are_the_sentences_of_a_longer_message():
    assert model.pieces("I led the migration. It shipped early!  We celebrated.") == [
        "I led the migration.", "It shipped early!", "We celebrated."]
    assert model.pieces("One sentence only, however long it runs.") == []


def test_an_unpunctuated_spoken_run_on_is_read_in_overlapping_windows():
    words = [f"w{i}" for i in range(40)]
    got = model.pieces(" ".join(words))
    assert got[0].split() == words[:model.PIECE_WORDS]
    assert got[1].split() == words[model.PIECE_STRIDE:model.PIECE_STRIDE + model.PIECE_WORDS]
    assert got[-1].split()[-1] == words[-1]  # the end of the run-on is read too
    assert all(len(p.split()) <= model.PIECE_WORDS for p in got)


def _fake(monkeypatch, whole_self_harm: float, piece_self_harm: float) -> list[list[str]]:
    """A model that reads every whole message as practice leaning `whole_self_harm` to self-harm, and every piece
    at `piece_self_harm`; returns the list of the batches it was asked about."""
    asked: list[list[str]] = []

    def probabilities(texts):
        asked.append(list(texts))
        harm = whole_self_harm if len(asked) == 1 else piece_self_harm
        return np.array([[1.0 - harm, 0, 0, 0, 0, 0, harm]] * len(texts))

    monkeypatch.setattr(model, "available", lambda: True)
    monkeypatch.setattr(model, "probabilities", probabilities)
    monkeypatch.setattr(model, "thresholds", lambda: (0.2, 0.8, 0.95))
    safety.screen.cache_clear()
    return asked


ANSWER = ("I handled the outage calmly and we restored service in an hour. Afterwards I wrote the review myself. "
          "The team adopted the checklist I drafted.")


@pytest.mark.parametrize(("whole", "piece", "supported", "pieces_read"),
                         [(0.02, 0.97, True, True),   # one sure piece in a message that leans that way
                          (0.02, 0.90, False, True),  # a piece below its threshold: practice
                          (0.005, 0.99, False, False)])  # the whole is clear: pieces are not even read
def test_a_sure_piece_of_a_message_that_leans_to_self_harm_gets_support(monkeypatch, whole, piece, supported,
                                                                         pieces_read):
    asked = _fake(monkeypatch, whole, piece)
    verdict = safety.screen(ANSWER, "interview")
    safety.screen.cache_clear()
    assert (verdict.category == "self_harm") is supported
    assert verdict.allowed is not supported
    assert (len(asked) == 2) is pieces_read
