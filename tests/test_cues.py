"""Cue detection: wait / skip / repeat / I don't know only when that is the whole message."""
from __future__ import annotations

import pytest

from core.cues import detect_cue, is_answer, is_empty_answer, strip_interrupted


@pytest.mark.parametrize("text,cue", [
    ("Wait", "wait"), ("hold on a sec", "wait"), ("Skip.", "skip"), ("next question please", "skip"),
    ("Can you repeat that?", "repeat"), ("Sorry, what was the question?", "repeat"), ("again?", "repeat"),
    ("I don't know", "dont_know"), ("Honestly, I don’t know.", "dont_know"), ("no idea", "dont_know"),
    ("[INTERRUPTED] wait", "wait"),
    ("I don't know if Redis is right here, but I would add a cache in front of the database", None),
    ("You pass the token to the next service", None),
    ("I would use a queue and try again with backoff", None),
    ("", None),
])
def test_detect_cue(text, cue):
    assert detect_cue(text) == cue


def test_language_specific_cues():
    extra = {"repeat": ["otra vez"], "dont_know": ["no sé"]}
    assert detect_cue("¿Otra vez, por favor?", extra) == "repeat"
    assert detect_cue("No sé.", extra) == "dont_know"
    assert detect_cue("Me gusta leer otra vez los libros de mi infancia cuando llueve", extra) is None


def test_strip_interrupted():
    assert strip_interrupted("[INTERRUPTED] sorry, one thing") == ("sorry, one thing", True)
    assert strip_interrupted("plain") == ("plain", False)


# ---- the one definition of an answer -------------------------------------------------------------------

@pytest.mark.parametrize("text, answer, empty", [
    ("I'd add an index on the user id column.", True, False),
    ("skip", True, True),  # closes the question, with nothing to judge
    ("I don't know", True, True),
    ("can you repeat that?", False, True),  # asks for something: the question stays open
    ("wait", False, True),
    ("   ", False, True),
])
def test_one_definition_of_an_answer(text, answer, empty):
    assert is_answer(text) is answer
    assert is_empty_answer(text) is empty
