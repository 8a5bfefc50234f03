"""Twins that differ in one specific, as claim-checker training pairs.

The checker credited answers that said a key point fluently, in its own words, with one specific wrong: a fee of
"10 to 20 percent of the portfolio", vasopressors "below a mean pressure of 90", an LTV-to-CAC benchmark of "one to
one" (blind claims test 22). Of the blind sentences it was trained on, few contradict a point by its value.
Helpers who saw only a bank and data/checker/values_brief.md wrote, for every key point, six texts
(data/checker/values/*.jsonl): the point made with its specific right and its twin with one specific wrong, typed
and spoken; the point reversed after a right sentence on another part of the question; and the point made right
after such a sentence. Each gives one pair against its key point, labelled as written: shows or contradicts.

Except one kind: a story's "states the outcome" point. Its wrong twins tell a bad outcome ("sales ran twelve percent
below forecast"), which still states an outcome; trained as contradicting the point, they would teach the checker
to accuse an honest story of a failure. Those twins are left out; the point's right texts stay.

Not a source of scripts/checker_data.py on main yet: that file's hash is in the shipped checker's manifest, so the
hook lands with a checker trained on it (r24, docs/claim-checker.md).
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VALUES = ROOT / "data" / "checker" / "values"
# A second round by seven other helpers with the same brief and banks, written blind to the first.
VALUES2 = ROOT / "data" / "checker" / "values2"
LABELS = ("shows", "contradicts")
OUTCOME = re.compile(r"^(states|shares|gives|quantifies|describes|shows)\b.*\b(results?|outcomes?)\b", re.IGNORECASE)


def outcome_point(question: dict, point: str) -> bool:
    """A behavioural question's point that asks only for the story's outcome (a bad one still states it)."""
    return question.get("type") == "behavioral" and bool(OUTCOME.search(point))


def rows(folder: Path = VALUES) -> list[dict]:
    """The helpers' lines that parse and carry a known label."""
    return checker_rows.rows(folder, LABELS)


def values_pairs(questions: dict[str, dict], folder: Path = VALUES, source: str = "values") -> list[dict]:
    """One pair per text, against the key point it was written for, but a story outcome's wrong twins."""
    return checker_rows.point_pairs(rows(folder), questions, source, skip=lambda row, q, point: (
        row["label"] == "contradicts" and outcome_point(q, point)))


def cross_pairs(questions: dict[str, dict], folder: Path = VALUES, source: str = "values", seed: int = 0) -> list[dict]:
    """Each one-point text (`exact`, `wrong_value`) against another key point of its question, drawn at random, as
    "not": on topic, in the point's own words, and still not that point (the twins alone are all shows and
    contradicts)."""
    rng = random.Random(seed)
    pairs = []
    for row in rows(folder):
        q = questions.get(row.get("qid"))
        if not q or row.get("kind") not in ("exact", "wrong_value") or len(q["key_points"]) < 2:
            continue
        others = [i for i in range(len(q["key_points"])) if str(i) != str(row.get("kp"))]
        point = q["key_points"][rng.choice(others)]["point"]
        pairs.append({"text": row["text"], "statement": point, "label": "not", "qid": row["qid"],
                      "style": row.get("style", "written"), "source": source, "kind": "not:cross_point"})
    return pairs


def files(folder: Path = VALUES) -> list[Path]:
    """What these pairs are read from (for the model's manifest)."""
    return sorted(folder.glob("*.jsonl")) + [Path(__file__).resolve()]
